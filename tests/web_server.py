"""A real HTTP server on 127.0.0.1 for the ingestion tests: the Global Voices pages and feed,
and one route for each kind of bad input (not HTML, 50 MB, never answers, redirect loop,
redirect to the metadata address, charsets, hostile markup, broken and huge feeds)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: The real Global Voices pages and feed of `../shared/news/` (CC BY 3.0, third-party quotes and
#: images inside: read from there, not copied into the repository)
NEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "news"
DATA = NEWS / "html"
FEED = NEWS / "feeds" / "globalvoices_feature_2009.rss"
FEED_ETAG = '"gv-feature-2009"'
LATIN1_TEXT = ("Le café de la gare à Genève a rouvert lundi, a déclaré le maire, qui a salué "
               "« une très bonne nouvelle » pour le quartier. " * 3)
ENGLISH_LATIN1 = ("The café owner in Zürich said on Monday that the façade would be rebuilt "
                  "before the winter, according to the city council. " * 3)


def page(body: str, head: str = "") -> str:
    return (f"<html><head>{head}<title>Test page</title></head><body><article><h1>Test page</h1>"
            f"<p>{body}</p></article></body></html>")


HOSTILE = page(
    "The minister said on Monday that talks with the neighbours would resume in Geneva next week, "
    "officials in the capital confirmed to reporters after the meeting ended late in the evening."
    "<script>document.title='pwned'; alert('script ran')</script>"
    "<img src=x onerror=\"alert('onerror ran')\"><style>body{display:none}</style>"
    "<iframe src='javascript:alert(1)'></iframe>",
    head="<script>window.stolen = document.cookie</script>")


class Handler(BaseHTTPRequestHandler):
    server: "WebServer"  # type: ignore[assignment]

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        self.server.hits[path] += 1
        route = self.server.routes.get(path)
        if route is not None:
            route(self)
        elif path.startswith("/item/"):
            _numbered_item(self)
        elif path.startswith("/gv/index_") and path.endswith(".html"):
            n = int(path.removeprefix("/gv/index_").removesuffix(".html"))
            self.send(200, (DATA / f"globalvoices_article_{n:02d}.html").read_bytes(),
                      "text/html; charset=utf-8")
        else:
            self.send(404, b"not found", "text/plain")

    def send(self, status: int, body: bytes, media: str | None, **headers: str) -> None:
        self.send_response(status)
        if media:
            self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send(302, b"", None, Location=location)


def _feed(handler: Handler) -> None:
    if handler.headers.get("If-None-Match") == FEED_ETAG:
        handler.send(304, b"", None, ETag=FEED_ETAG)
        return
    rss = FEED.read_text(encoding="utf-8")
    rss = rss.replace("<BASE_WEBSITE_URL/>", handler.server.url + "/")
    handler.send(200, rss.encode(), "application/rss+xml; charset=utf-8", ETag=FEED_ETAG)


def rss(items: list[str]) -> bytes:
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Test feed</title>"
            "<link>http://example.org/</link><description>test</description>"
            + "".join(items) + "</channel></rss>").encode()


def _item(handler: Handler, n: int) -> str:
    return (f"<item><title>Item {n}</title><link>{handler.server.url}/item/{n}</link>"
            f"<pubDate>Thu, 11 Jun 2009 10:57:00 +0000</pubDate></item>")


def _never_answers(handler: Handler) -> None:
    handler.server.stop_event.wait(60)


def _huge(handler: Handler) -> None:
    """50 MB of HTML, streamed with no Content-Length (the cap must cut the stream itself)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"news " * 20_000 + b"</p>\n"
    try:
        handler.wfile.write(b"<html><body>")
        for _ in range(50_000_000 // len(chunk)):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


def _drip(handler: Handler) -> None:
    """A byte every 0.2 s: never idle long enough for a read timeout."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(300):
            handler.wfile.write(b"<")
            handler.wfile.flush()
            if handler.server.stop_event.wait(0.2):
                break
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


def _numbered_item(handler: Handler) -> None:
    n = handler.path.rsplit("/", 1)[1]
    if n in handler.server.failing:
        handler.send(503, b"try later", "text/plain")
        return
    text = (f"Officials in Geneva said on Thursday that round {n} of the talks had ended, and the "
            f"delegations would meet again next month, according to a statement from the hosts.")
    handler.send(200, page(text).encode(), "text/html; charset=utf-8")


ROUTES = {
    "/feed.rss": _feed,
    "/not-html": lambda h: h.send(200, b"%PDF-1.4 binary", "application/pdf"),
    "/huge": _huge,
    "/drip": _drip,
    "/never": _never_answers,
    "/loop": lambda h: h.redirect("/loop"),
    "/to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-ftp": lambda h: h.redirect("ftp://example.org/file"),
    "/hop1": lambda h: h.redirect("/hop2"),
    "/hop2": lambda h: h.redirect("/gv/index_3.html"),
    "/latin1-declared": lambda h: h.send(200, page(LATIN1_TEXT, "<meta charset='iso-8859-1'>").encode("latin-1"),
                                         "text/html"),
    "/latin1-header": lambda h: h.send(200, page(ENGLISH_LATIN1).encode("cp1252"),
                                       "text/html; charset=windows-1252"),
    "/latin1-bare": lambda h: h.send(200, page(ENGLISH_LATIN1).encode("latin-1"), "text/html"),
    "/ua": lambda h: h.send(200, page("The visitor's agent was " + h.headers.get("User-Agent", "")
                                      + ", said the server, which records every visit for a month.").encode(),
                            "text/html"),
    "/french-copy": lambda h: h.send(200, page(LATIN1_TEXT).encode(), "text/html; charset=utf-8"),
    "/hostile": lambda h: h.send(200, HOSTILE.encode(), "text/html; charset=utf-8"),
    "/empty-page": lambda h: h.send(200, b"<html><body><nav>Home</nav></body></html>", "text/html"),
    "/french": lambda h: h.send(200, page(LATIN1_TEXT).encode(), "text/html; charset=utf-8"),
    "/not-xml.rss": lambda h: h.send(200, b"this is { not a feed", "application/rss+xml"),
    "/big.rss": lambda h: h.send(200, rss([_item(h, n) for n in range(10_000)]), "application/rss+xml"),
    "/no-link.rss": lambda h: h.send(200, rss(["<item><title>No link here</title></item>",
                                               _item(h, 1)]), "application/rss+xml"),
    "/numbered.rss": lambda h: h.send(200, rss([_item(h, n) for n in range(h.server.numbered)]),
                                      "application/rss+xml"),
}


class WebServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.hits: Counter[str] = Counter()
        self.routes = dict(ROUTES)
        self.failing: set[str] = set()
        self.numbered = 3
        self.stop_event = threading.Event()

    def __enter__(self) -> "WebServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.shutdown()
        self.server_close()
        time.sleep(0)
