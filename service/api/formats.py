"""Which representation a GET answers with: `format=` wins, else the Accept header, else JSON."""

from __future__ import annotations

from fastapi import Request, Response

MEDIA = {"json": "application/json", "md": "text/markdown; charset=utf-8",
         "html": "text/html; charset=utf-8"}


def chosen(request: Request, format: str | None) -> str:
    """'json', 'md' or 'html' (a browser's navigation asks for text/html and gets the page)."""
    if format:
        return format
    accept = request.headers.get("accept", "").lower()
    if "text/html" in accept:
        return "html"
    if "text/markdown" in accept:
        return "md"
    return "json"


def html_page(body: str, csp: str) -> Response:
    """An HTML page with its Content-Security-Policy as a header too (the meta tag cannot frame-protect)."""
    return Response(body, media_type=MEDIA["html"],
                    headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                             "Referrer-Policy": "no-referrer", "Vary": "Accept"})
