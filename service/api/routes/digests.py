"""Build a day's digest from the stored briefings; read it back as JSON, Markdown or HTML."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from ... import library
from ...digests.model import Digest
from ...digests.render import to_html, to_markdown
from ..deps import ServicesDep

router = APIRouter(prefix="/v1/digests", tags=["digests"])

MEDIA = {"json": "application/json", "md": "text/markdown; charset=utf-8",
         "html": "text/html; charset=utf-8"}


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
    chosen = format or _from_accept(request.headers.get("accept", ""))
    if chosen == "json":
        return Response(body, media_type=MEDIA["json"])
    digest = Digest.model_validate_json(body)
    return Response(to_html(digest) if chosen == "html" else to_markdown(digest), media_type=MEDIA[chosen])


def _from_accept(accept: str) -> str:
    accept = accept.lower()
    if "text/html" in accept:
        return "html"
    if "text/markdown" in accept:
        return "md"
    return "json"
