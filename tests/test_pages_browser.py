"""The evidence view and the digest in a real Chromium, served by a real uvicorn on 127.0.0.1.

Needs Debian's chromium and chromium-driver (make setup installs them); without them these
tests fail rather than skip, so a machine that cannot check the pages says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from service.schema import Briefing

from .browser import chromium
from .conftest import ROOT
from .server import Server

HOSTILE = {"text": ('Kyiv, March 14 - Foreign Minister Oksana Demchuk said "<script>document.title=\'pwned\'</script> '
                    '<img src=x onerror=document.title=\'pwned\'>" on Friday. שלום 👋🏽 [x](javascript:alert(1))'),
           "title": "**<b>bold</b>**", "url": "javascript:alert(1)", "published_at": "2025-03-14"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("pages")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


def _post(server: Server, body: bytes) -> Briefing:
    response = httpx.post(f"{server.url}/v1/briefings?extractor=rules", content=body,
                          headers={"content-type": "application/json"}, timeout=60)
    assert response.status_code in (200, 201), response.text
    return Briefing.model_validate_json(response.content)


def _marked(browser: WebDriver) -> list[str]:
    return [m.get_attribute("textContent") for m in browser.find_elements(By.CSS_SELECTOR, "mark.current")]


def _first_span_text(browser: WebDriver) -> str:
    """The text of the first run of consecutive marked segments (one span may be cut in several)."""
    return browser.execute_script("""
        const marks = [...document.querySelectorAll('mark.current')];
        let text = marks[0].textContent, node = marks[0];
        for (const m of marks.slice(1)) { if (node.nextSibling !== m) break; text += m.textContent; node = m; }
        return text;""")


def test_choosing_an_item_marks_its_span(server: Server, browser: WebDriver) -> None:
    path = ROOT / "seeds" / "articles" / "2025-03-14-odesa-port-danube-herald.json"
    briefing = _post(server, path.read_bytes())
    page = httpx.get(f"{server.url}/v1/briefings/{briefing.article.id}", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    assert httpx.get(f"{server.url}/v1/briefings/{briefing.article.id}").headers["content-type"] == "application/json"
    browser.get(f"{server.url}/v1/briefings/{briefing.article.id}?format=html")
    text = briefing.article.text
    for field, index, span in [("claims", 1, briefing.claims[1].evidence),
                               ("positions", 0, briefing.positions[0].evidence[0]),
                               ("who", 0, min(briefing.who[0].mentions, key=lambda m: m.start))]:
        browser.find_element(By.ID, f"item-{field}-{index}").click()
        assert _first_span_text(browser) == text[span.start:span.end]
        assert browser.find_element(By.ID, f"item-{field}-{index}").get_attribute("aria-pressed") == "true"
        assert urlsplit(browser.current_url).fragment == f"item-{field}-{index}"
    # keyboard: Tab reaches the items, Enter chooses one
    browser.find_element(By.ID, "item-when-0").send_keys(Keys.ENTER)
    when = briefing.when[0].mentions[0]
    assert _first_span_text(browser) == text[when.start:when.end]
    assert browser.switch_to.active_element.get_attribute("id") == "item-when-0"
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_a_digest_claim_leads_to_its_evidence(server: Server, browser: WebDriver) -> None:
    for path in sorted((ROOT / "seeds" / "articles").glob("2025-03-14-odesa-*.json")):
        _post(server, path.read_bytes())
    assert httpx.post(f"{server.url}/v1/digests", json={"date": "2025-03-14"}, timeout=60).status_code == 201
    browser.get(f"{server.url}/v1/digests/2025-03-14?format=html")
    link = browser.find_element(By.CSS_SELECTOR, "ul.claims li a.evidence")
    sentence = link.find_element(By.XPATH, "..").get_attribute("textContent")
    link.click()
    fragment = urlsplit(browser.current_url).fragment
    assert fragment.startswith("item-claims-") and "/v1/briefings/" in browser.current_url
    article = urlsplit(browser.current_url).path.rsplit("/", 1)[1]
    briefing = Briefing.model_validate_json(httpx.get(f"{server.url}/v1/briefings/{article}").content)
    claim = briefing.claims[int(fragment.removeprefix("item-claims-"))]
    marked = _first_span_text(browser)
    assert marked == briefing.article.text[claim.evidence.start:claim.evidence.end]
    assert " ".join(marked.split()) in " ".join(sentence.split())  # the digest showed that sentence
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_hostile_article_runs_nothing(server: Server, browser: WebDriver) -> None:
    briefing = _post(server, json.dumps(HOSTILE).encode())
    browser.get(f"{server.url}/v1/briefings/{briefing.article.id}?format=html")
    assert browser.title != "pwned" and "<b>bold</b>" in browser.title
    assert not browser.find_elements(By.CSS_SELECTOR, "article img, article script, header b")
    assert "שלום 👋🏽" in browser.find_element(By.ID, "text").text
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    assert briefing.who, "the rules should find the minister"
    browser.find_element(By.ID, "item-who-0").click()
    assert browser.title != "pwned" and _marked(browser)
