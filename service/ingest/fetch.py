"""Fetch a page or a feed: one pooled httpx client, bounded in time, size and redirects.

Redirects are followed here, hop by hop (at most five), so each hop's scheme is checked and its
address passes the guard (`guard.py`); the body is streamed and abandoned past the size cap; a
server that answers slowly, byte by byte, is cut off at three times the read timeout.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..errors import FetchError, UrlRefusedError
from ..settings import Settings
from .guard import AddressPolicy, GuardedTransport

USER_AGENT = f"news-briefing/{__version__} (article and feed reader)"
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    """One answer: the final URL after redirects, and the body (empty for 304 Not Modified)."""

    url: str
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def media_type(self) -> str:
        return (self.content_type or "").split(";")[0].strip().lower()


def check_url(url: str) -> str:
    """The URL, if it is an absolute http(s) URL; else why not."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise UrlRefusedError(f"'{url[:200]}' is not a URL ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise UrlRefusedError(f"'{url[:200]}': only http and https URLs are fetched")
    if not parts.hostname:
        raise UrlRefusedError(f"'{url[:200]}' names no host")
    return url.strip()


class HostPacer:
    """At most one fetch per `delay` seconds from each host (thread-safe)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.delay
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """One pooled client for every fetch of this process (pages, feeds, API `{"url"}` posts)."""

    def __init__(self, settings: Settings, policy: AddressPolicy | None = None) -> None:
        self.timeout = settings.fetch_timeout_s
        self.max_bytes = settings.fetch_max_bytes
        self.pacer = HostPacer(settings.fetch_delay_s)
        limits = httpx.Limits(max_connections=16, max_keepalive_connections=8)
        transport = GuardedTransport(policy or AddressPolicy(settings.allow_private_urls), limits)
        self._client = httpx.Client(
            transport=transport, follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.timeout), headers={"User-Agent": USER_AGENT})

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5") -> Fetched:
        """GET `url` (conditionally, with an ETag or Last-Modified from an earlier fetch)."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + 3 * self.timeout
        current = check_url(url)
        for _ in range(MAX_REDIRECTS + 1):
            self.pacer.wait(current)
            request = self._client.build_request("GET", current, headers=headers)
            try:
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchError(f"{current}: no answer within {self.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {_reason(exc)}") from None
            try:
                if not response.has_redirect_location:
                    return self._read(current, response, deadline)
                target = response.headers.get("location", "")
            finally:
                response.close()
            current = check_url(str(response.url.join(target)))
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _read(self, url: str, response: httpx.Response, deadline: float) -> Fetched:
        if response.status_code not in (200, 203, 304):
            raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: {declared} bytes is over the {self.max_bytes}-byte limit")
        body = bytearray()
        try:
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > self.max_bytes:
                    raise FetchError(f"{url}: more than the {self.max_bytes}-byte limit, abandoned")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: took longer than {3 * self.timeout:g} s, abandoned")
        except httpx.TimeoutException:
            raise FetchError(f"{url}: stopped answering for {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {_reason(exc)}") from None
        return Fetched(url=url, status=response.status_code, content=bytes(body),
                       content_type=response.headers.get("content-type"), etag=response.headers.get("etag"),
                       last_modified=response.headers.get("last-modified"))

    def close(self) -> None:
        self._client.close()


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text
