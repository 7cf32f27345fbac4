"""Build a day's digest from the stored briefings; read it back as JSON, Markdown or HTML."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from ... import library
from ...digests.model import Digest
from ...digests.render import assets, to_html, to_markdown
from ..deps import ServicesDep
from ..formats import MEDIA, chosen, html_page

router = APIRouter(prefix="/v1/digests", tags=["digests"])


class DigestRequest(BaseModel):
    date: date


@router.post("", status_code=201, response_model=Digest, operation_id="digests-create")
async def create_digest(body: DigestRequest, services: ServicesDep) -> Digest:
    """Build (or rebuild) the digest of a day from the briefings stored for it."""
    # nothing to brief (no inputs): the API stores briefings as they come
    return await run_in_threadpool(library.digest, body.date, store=services.store, extractor="rules")


@router.get("/{day}", response_model=Digest, operation_id="digests-get",
            responses={200: {"content": {MEDIA["md"]: {}, MEDIA["html"]: {}}}, 404: {}})
async def read_digest(day: date, request: Request, services: ServicesDep,
                      format: Literal["json", "md", "html"] | None = None) -> Response:
    """The stored digest: `format=` wins, else the Accept header (text/html, text/markdown), else JSON."""
    body = services.store.digest(day)
    if body is None:
        raise HTTPException(404, f"no digest for {day}: POST /v1/digests {{\"date\": \"{day}\"}} builds it")
    kind = chosen(request, format)
    if kind == "json":
        return Response(body, media_type=MEDIA["json"], headers={"Vary": "Accept"})
    digest = Digest.model_validate_json(body)
    if kind == "html":  # claims and positions link to each briefing's evidence view on this server
        return html_page(to_html(digest, view_link=API_VIEW), assets().header_csp)
    return Response(to_markdown(digest), media_type=MEDIA["md"], headers={"Vary": "Accept"})


#: From /v1/digests/DAY to a briefing's evidence view (relative, so a proxy prefix keeps working).
API_VIEW = "../briefings/{article}?format=html"
