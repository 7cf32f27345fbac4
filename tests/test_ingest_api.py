"""The service takes URLs and pages, refuses internal addresses, polls feeds and counts in /metrics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .server import Server
from .web_server import DATA, WebServer


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """BRIEFING_ALLOW_PRIVATE_URLS unset: the default."""
    server = Server(tmp_path_factory.mktemp("strict")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory, web: WebServer) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("open"), BRIEFING_ALLOW_PRIVATE_URLS="true",
                    BRIEFING_FETCH_DELAY_S="0", BRIEFING_FETCH_TIMEOUT_S="1", BRIEFING_EXTRACTOR="rules",
                    BRIEFING_FEEDS=f"{web.url}/feed.rss,{web.url}/not-xml.rss",
                    BRIEFING_POLL_MINUTES="60").start()
    yield server
    server.stop()


def post(server: Server, **kwargs: object) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/briefings?extractor=rules", timeout=60, **kwargs)


def test_a_url_is_fetched_extracted_and_stored(open_server: Server, web: WebServer) -> None:
    answer = post(open_server, json={"url": web.url + "/hop1"})
    assert answer.status_code in (200, 201), answer.text
    article = answer.json()["article"]
    assert article["url"] == web.url + "/gv/index_3.html" and article["author"] == "Hamid Tehrani"
    again = post(open_server, json={"url": web.url + "/gv/index_3.html"})
    assert again.status_code == 200 and again.json()["article"]["id"] == article["id"]


def test_an_html_body_is_extracted(open_server: Server) -> None:
    html = (DATA / "globalvoices_article_05.html").read_bytes()
    answer = post(open_server, content=html, headers={"content-type": "text/html"})
    # 200 when the server's own feed poll (feed.rss lists this page) stored it first: a race
    assert answer.status_code in (200, 201), answer.text
    article = answer.json()["article"]
    assert article["published_at"].startswith("2009-06") and article["author"] == "Bhumika Ghimire"


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/not-html", 422, "'application/pdf' is not an HTML page"),
    ("/never", 422, "no answer within 1 s"),
    ("/empty-page", 422, "no article text found"),
])
def test_bad_urls_get_a_clear_error(open_server: Server, web: WebServer, path: str, status: int,
                                    words: str) -> None:
    answer = post(open_server, json={"url": web.url + path})
    assert answer.status_code == status and words in answer.json()["detail"]
    assert answer.json()["detail"].startswith("body: field 'url': ")


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/gv/index_3.html", "http://localhost:{port}/",
                                 "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"])
def test_internal_urls_are_refused_with_422(strict: Server, web: WebServer, url: str) -> None:
    answer = post(strict, json={"url": url.format(port=web.server_address[1])})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("body: field 'url': ")


def test_a_url_with_other_fields_but_no_text_is_a_clear_422(strict: Server) -> None:
    answer = post(strict, json={"url": "https://example.org/x", "title": "t"})
    assert answer.status_code == 422 and "alone" in answer.json()["detail"]


def test_the_service_polls_its_feeds_and_counts_them(open_server: Server) -> None:
    deadline = time.monotonic() + 120
    total = 0
    while time.monotonic() < deadline:
        total = httpx.get(f"{open_server.url}/v1/briefings?since=2009-06-01&until=2009-06-30").json()["total"]
        if total >= 15:
            break
        time.sleep(0.5)
    assert total >= 15
    metrics = httpx.get(f"{open_server.url}/metrics").text
    assert 'briefing_ingest_items{state="done"} 15.0' in metrics
    assert 'briefing_ingest_fetches_total{kind="feed",outcome="failed"} 1.0' in metrics
