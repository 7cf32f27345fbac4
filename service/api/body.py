"""Read an article from a request: size, content type and encoding checked before parsing."""

from __future__ import annotations

import asyncio

from fastapi import HTTPException, Request

from ..article import parse_article, parse_json_article, validate_input
from ..errors import InvalidArticleError
from ..schema import ArticleInput

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain",)


async def read_article(request: Request, limit: int, timeout_s: float) -> ArticleInput:
    """413 too big, 408 too slow, 415 wrong type, 400 not UTF-8, 422 not an article (the message
    names the field)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body of {declared} bytes is over the {limit}-byte limit")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in JSON_TYPES + TEXT_TYPES:
        raise HTTPException(415, f"unsupported content type '{media or 'none'}': "
                                 "send application/json or text/plain")
    body = await _read_body(request, limit, timeout_s)
    try:
        raw = bytes(body).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"body is not UTF-8 (byte {exc.start})") from None
    try:
        if media in TEXT_TYPES:
            return parse_article(raw, "body") if not raw.lstrip().startswith("{") else _text_only(raw)
        return parse_json_article(raw, "body")
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


def _text_only(raw: str) -> ArticleInput:
    """Plain text that happens to start with '{' is still plain text, not JSON."""
    return validate_input({"text": raw.strip()}, "body")
