"""Saved pages and URLs into briefings: the Global Voices pages, the CLI, the language rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.ingest.page import page_article
from service.rules.extractor import RuleExtractor
from service.verify import span_problems

from .web_server import DATA, LATIN1_TEXT, WebServer, page

PAGES = sorted(DATA.glob("globalvoices_article_*.html"))


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from service.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "BRIEFING_MODEL": "none", **env})


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_each_global_voices_page_gives_its_article_and_metadata(path: Path) -> None:
    article = page_article(path.read_bytes(), origin=path.name)
    assert len(article.text.split()) > 300
    assert "Global Voices Online" not in article.text[:200], "navigation leaked into the text"
    assert article.author and article.published_at and str(article.published_at).startswith("2009-06")
    assert article.language == "en"


def test_spans_point_into_the_extracted_text() -> None:
    briefing = RuleExtractor().extract(page_article(PAGES[2].read_bytes()))
    assert briefing.article.text.startswith("One of the main topics during any Iranian")
    assert span_problems(briefing) == [] and briefing.who
    assert briefing.article.author == "Hamid Tehrani"


def test_an_unsupported_language_keeps_metadata_and_says_why() -> None:
    french = page(LATIN1_TEXT, "<meta name='author' content='Claire Martin'>"
                               "<meta property='article:published_time' content='2025-03-14'>")
    briefing = RuleExtractor().extract(page_article(french.encode()))
    assert briefing.article.language == "fr"
    assert briefing.provenance.warnings == ["language not supported: fr"]
    assert (briefing.who, briefing.where, briefing.claims, briefing.positions) == ([], [], [], [])
    assert str(briefing.article.published_at) == "2025-03-14" and briefing.article.author == "Claire Martin"
    assert briefing.headline == "Test page" and briefing.summary.startswith("Test page")


def test_cli_extracts_a_saved_page() -> None:
    result = cli("extract", "--extractor", "rules", str(PAGES[2]))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["author"] == "Hamid Tehrani"


def test_cli_fetches_a_url_without_collapsing_its_slashes(web: WebServer) -> None:
    result = cli("extract", "--extractor", "rules", web.url + "/hop1", BRIEFING_ALLOW_PRIVATE_URLS="true")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["url"] == web.url + "/gv/index_3.html"


@pytest.mark.parametrize(("target", "words"), [
    ("/gv/index_3.html", "127.0.0.1, a loopback address: refused"),  # the allow setting is off
])
def test_cli_refuses_internal_urls_with_exit_2(web: WebServer, target: str, words: str) -> None:
    result = cli("extract", web.url + target, BRIEFING_ALLOW_PRIVATE_URLS="false")
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_cli_reports_a_failed_fetch_in_one_line(web: WebServer) -> None:
    result = cli("extract", web.url + "/not-html", BRIEFING_ALLOW_PRIVATE_URLS="true")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {web.url}/not-html: 'application/pdf' is not an HTML page"
