"""Fetching pages against a real HTTP server on 127.0.0.1: every bad input of issue 14 gets a
clear error in bounded time, and internal addresses are refused by what they resolve to."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from service.errors import FetchError, InvalidArticleError, UrlRefusedError
from service.ingest.fetch import Fetcher, HostPacer
from service.ingest.guard import AddressPolicy
from service.ingest.sources import fetch_article
from service.settings import Settings

from .web_server import WebServer


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def fetcher(**settings: object) -> Fetcher:
    """Only 127.0.0.1 is allowed among internal addresses: a redirect to another is refused."""
    config = Settings(fetch_timeout_s=1, fetch_delay_s=0, **settings)
    return Fetcher(config, AddressPolicy(allowed=["127.0.0.1/32"]))


@pytest.fixture(scope="module")
def local() -> Fetcher:
    return fetcher()


@pytest.mark.parametrize(("path", "error", "words"), [
    ("/not-html", FetchError, "'application/pdf' is not an HTML page"),
    ("/huge", FetchError, "more than the 5000000-byte limit, abandoned"),
    ("/never", FetchError, "no answer within 1 s"),
    ("/drip", FetchError, "took longer than 3 s, abandoned"),
    ("/loop", FetchError, "more than 5 redirects"),
    ("/to-metadata", UrlRefusedError, "169.254.169.254, a link-local address: refused"),
    ("/to-ftp", UrlRefusedError, "only http and https URLs are fetched"),
    ("/empty-page", InvalidArticleError, "no article text found in the page (1 words"),
    ("/missing", FetchError, "HTTP 404 Not Found"),
])
def test_bad_pages_give_a_clear_error_in_bounded_time(web: WebServer, local: Fetcher, path: str,
                                                      error: type[Exception], words: str) -> None:
    started = time.monotonic()
    with pytest.raises(error) as caught:
        fetch_article(web.url + path, local)
    assert words in str(caught.value)
    assert time.monotonic() - started < 4.5


def test_a_page_behind_redirects_is_fetched_and_its_final_url_kept(web: WebServer, local: Fetcher) -> None:
    article = fetch_article(web.url + "/hop1", local)
    assert article.url == web.url + "/gv/index_3.html"
    assert article.text.startswith("One of the main topics during any Iranian presidential election")
    assert article.author == "Hamid Tehrani" and str(article.published_at) == "2009-06-10"
    assert article.language == "en"


@pytest.mark.parametrize(("path", "words", "language"), [
    ("/latin1-declared", "Le café de la gare à Genève", "fr"),  # <meta charset>, no HTTP charset
    ("/latin1-header", "The café owner in Zürich", "en"),       # HTTP charset=windows-1252
    ("/latin1-bare", "the façade would be rebuilt", "en"),      # Latin-1, declared nowhere
])
def test_pages_in_other_charsets_are_decoded(web: WebServer, local: Fetcher, path: str, words: str,
                                             language: str) -> None:
    article = fetch_article(web.url + path, local)
    assert words in article.text and "\ufffd" not in article.text
    assert article.language == language


def test_hostile_markup_leaves_no_script_in_the_text(web: WebServer, local: Fetcher) -> None:
    text = fetch_article(web.url + "/hostile", local).text
    assert "talks with the neighbours would resume in Geneva" in text
    for word in ("alert", "pwned", "cookie", "display:none", "javascript"):
        assert word not in text


def test_requests_name_the_product(web: WebServer, local: Fetcher) -> None:
    assert "The visitor's agent was news-briefing/" in fetch_article(web.url + "/ua", local).text


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "[::1]", "0.0.0.0"])
def test_internal_addresses_are_refused_by_what_they_resolve_to(web: WebServer, host: str) -> None:
    strict = Fetcher(Settings(fetch_timeout_s=1, fetch_delay_s=0))  # BRIEFING_ALLOW_PRIVATE_URLS off
    before = sum(web.hits.values())
    with pytest.raises(UrlRefusedError, match="address: refused"):
        strict.get(f"http://{host}:{web.server_address[1]}/gv/index_3.html")
    assert sum(web.hits.values()) == before, "nothing may reach the server"


def test_the_allow_setting_opens_private_addresses(web: WebServer) -> None:
    relaxed = Fetcher(Settings(fetch_timeout_s=1, fetch_delay_s=0, allow_private_urls=True))
    assert relaxed.get(web.url + "/gv/index_3.html").status == 200


def test_the_connection_goes_to_the_checked_address(web: WebServer, local: Fetcher,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A name is resolved once, checked, and connected to by address (the Host header keeps the
    name): a name with any internal address among its answers is refused outright."""
    real = socket.getaddrinfo

    def fake(host: str, port: int, *args: object, **kwargs: object) -> list:
        answers = {"news.test": ["127.0.0.1"], "rebind.test": ["93.184.216.34", "10.0.0.7"]}
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    article = fetch_article(f"http://news.test:{web.server_address[1]}/gv/index_3.html", local)
    assert article.url.startswith("http://news.test:")
    with pytest.raises(UrlRefusedError, match="10.0.0.7, a private address"):
        local.get("http://rebind.test/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "http://", "not a url"])
def test_only_http_urls_are_fetched(local: Fetcher, url: str) -> None:
    with pytest.raises(UrlRefusedError):
        local.get(url)


def test_the_host_pacer_spaces_fetches_from_one_host() -> None:
    pacer = HostPacer(0.2)
    started = time.monotonic()
    for _ in range(3):
        pacer.wait("http://a.test/x")
    pacer.wait("http://b.test/x")  # another host waits for nobody
    assert 0.4 <= time.monotonic() - started < 0.55
