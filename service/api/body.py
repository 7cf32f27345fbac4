"""Read an article from a request: size, content type and encoding checked before parsing.

Three shapes: an article (`application/json` or `text/plain`), a page (`text/html`, extracted
with trafilatura) and `{"url": ...}` alone, which is fetched (`service/ingest/`)."""

from __future__ import annotations

import asyncio

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from ..article import parse_text, validate_input
from ..errors import FetchError, InvalidArticleError
from ..jsonl import InvalidJSON, decode_json
from ..schema import ArticleInput

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html",)


async def read_article(request: Request, limit: int, html_limit: int, timeout_s: float) -> ArticleInput:
    """413 too big, 408 too slow, 415 wrong type, 400 not UTF-8, 422 not an article (the message
    names the field); for `{"url"}`: 422 with the reason when it is refused or cannot be fetched."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in HTML_TYPES:
        limit = html_limit
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body of {declared} bytes is over the {limit}-byte limit")
    if media not in JSON_TYPES + TEXT_TYPES + HTML_TYPES:
        raise HTTPException(415, f"unsupported content type '{media or 'none'}': "
                                 "send application/json, text/plain or text/html")
    body = await _read_body(request, limit, timeout_s)
    try:
        if media in HTML_TYPES:
            return await run_in_threadpool(_page, bytes(body), request.headers.get("content-type"))
        try:
            raw = bytes(body).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPException(400, f"body is not UTF-8 (byte {exc.start})") from None
        if media in TEXT_TYPES:
            return parse_text(raw, "body")
        try:
            data = decode_json(raw)
        except InvalidJSON as exc:
            raise InvalidArticleError(f"body: {exc}") from None
        if isinstance(data, dict) and "url" in data and "text" not in data:
            return await run_in_threadpool(_fetch, data)
        return validate_input(data, "body")
    except FetchError as exc:  # refused, unreachable, too big, not HTML: what the caller sent
        raise HTTPException(422, f"body: field 'url': {exc}") from None
    except InvalidArticleError as exc:
        raise HTTPException(422, str(exc)) from None


async def _read_body(request: Request, limit: int, timeout_s: float) -> bytes:
    """The body, or 408 when it is not all there within `timeout_s`: a client that announces
    1,000 bytes and sends 10 would otherwise hold its connection for good."""
    body = bytearray()
    try:
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                body.extend(chunk)
                if len(body) > limit:
                    raise HTTPException(413, f"body is over the {limit}-byte limit")
    except TimeoutError:
        raise HTTPException(408, f"request body not received within {timeout_s:g} s",
                            headers={"Connection": "close"}) from None
    return bytes(body)



def _page(raw: bytes, content_type: str | None) -> ArticleInput:
    from ..ingest.page import page_article

    return page_article(raw, content_type=content_type, origin="body")


def _fetch(data: dict[str, object]) -> ArticleInput:
    from ..ingest.sources import fetch_article

    url = data["url"]
    if not isinstance(url, str) or set(data) - {"url"}:
        raise InvalidArticleError("body: field 'url': send {\"url\": \"https://...\"} alone, "
                                  "or an article with its 'text'")
    try:
        return fetch_article(url)
    except InvalidArticleError as exc:  # fetched, but no article in it
        raise InvalidArticleError(f"body: field 'url': {exc}") from None
