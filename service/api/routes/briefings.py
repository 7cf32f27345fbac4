"""POST an article, get its briefing; read stored briefings back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ...article import article_id
from ...errors import BriefingError, ModelError, StorageError
from ...offsets import Offsets, json_with_offsets, to_utf16
from ...schema import ArticleInput, Briefing
from ...view import render as view
from ..body import read_article
from ..deps import ServicesDep
from ..formats import MEDIA, chosen, html_page
from ..made import Made
from ..rules_pool import RulesTimeout, RulesUnavailable
from ..runner import QueueFull

router = APIRouter(prefix="/v1/briefings", tags=["briefings"])
VERSION_HEADER = "X-Briefing-Version"

URL_INPUT = {"type": "object", "title": "UrlInput", "required": ["url"], "additionalProperties": False,
             "properties": {"url": {"type": "string", "format": "uri",
                                    "description": "an http(s) page to fetch and extract"}}}
OffsetsQuery = Annotated[Offsets, Query(
    description="span offsets in code points (Python) or utf16 code units (JavaScript, Java, C#); "
                "the response header X-Briefing-Offsets says which")]
ARTICLE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"anyOf": [{"$ref": "#/components/schemas/ArticleInput"},
                                                  URL_INPUT]}},
        "text/plain": {"schema": {"type": "string", "minLength": 1}},
        "text/html": {"schema": {"type": "string", "minLength": 1}},
    },
}


class Counts(BaseModel):
    who: int
    where: int
    when: int
    claims: int
    positions: int


class BriefingItem(BaseModel):
    """A list entry: enough to choose a briefing, not the article text (GET /v1/briefings/{id})."""

    id: str
    headline: str
    title: str | None
    source: str | None
    url: str | None
    published_at: date | None
    created_at: datetime
    extractor: str
    counts: Counts

    @classmethod
    def of(cls, b: Briefing) -> BriefingItem:
        a = b.article
        return cls(id=a.id, headline=b.headline, title=a.title, source=a.source, url=a.url,
                   published_at=a.published_at, created_at=b.provenance.created_at,
                   extractor=b.provenance.extractor,
                   counts=Counts(who=len(b.who), where=len(b.where), when=len(b.when),
                                 claims=len(b.claims), positions=len(b.positions)))


class BriefingPage(BaseModel):
    items: list[BriefingItem] | list[Briefing] = Field(
        description="compact items, or whole briefings (article text included) with full=true")
    total: int
    limit: int
    offset: int


class BriefingVersion(BaseModel):
    version: int = Field(description="1 is the first briefing of the article")
    extractor: str
    created_at: datetime
    current: bool = Field(description="what GET /v1/briefings/{id} answers without ?version")


class BriefingVersions(BaseModel):
    id: str
    versions: list[BriefingVersion]


@router.post("", status_code=201, response_model=Briefing, openapi_extra={"requestBody": ARTICLE_BODY},
             operation_id="briefings-create",
             responses={201: {"description": "briefed; with refresh=true, stored as the article's next "
                                             "version, whose number is in X-Briefing-Version",
                              "headers": {VERSION_HEADER: {"schema": {"type": "integer"}}}},
                        200: {"model": Briefing, "description": "already briefed: the stored briefing"},
                        400: {}, 408: {}, 413: {}, 415: {}, 422: {}, 503: {}})
async def create_briefing(
        request: Request, services: ServicesDep,
        extractor: Literal["auto", "llm", "rules"] | None = None,
        mode: Annotated[Literal["narrow", "full"] | None, Query(
            description="what the model does: narrow (prose) or full (every field, grounded); "
                        "default: BRIEFING_LLM_MODE")] = None,
        refresh: Annotated[bool, Query(description="brief a stored text again; the earlier briefing "
                                                   "stays readable with ?version=")] = False,
        offsets: OffsetsQuery = "codepoint") -> Response:
    """Brief an article (JSON, text/plain, a text/html page or `{"url"}` to fetch). The same text
    again returns the stored briefing (200), unless `refresh=true`: then it is briefed again and
    stored as its next version (201)."""
    settings = services.settings
    article = await read_article(request, settings.max_body_bytes, settings.fetch_max_bytes,
                                 settings.body_timeout_s)
    stored = services.store.get_json(article_id(article.text))
    if stored is not None and not refresh:  # sent as stored: it was validated when it was made
        return _send(stored, 200, offsets)
    name = extractor or services.settings.extractor
    try:
        made = await services.runner.run(name, article, mode)
    except QueueFull:
        services.metrics.rejected.inc()
        raise HTTPException(503, "model queue is full, retry later or use extractor=rules",
                            headers={"Retry-After": str(services.settings.retry_after_s)}) from None
    except (RulesTimeout, RulesUnavailable) as exc:
        raise HTTPException(503, str(exc),
                            headers={"Retry-After": str(services.settings.retry_after_s)}) from None
    except ModelError as exc:  # llm only: auto answers with the rules instead
        raise HTTPException(503, f"model unavailable: {exc}",
                            headers={"Retry-After": str(services.settings.retry_after_s)}) from None
    except BriefingError as exc:  # e.g. extractor=llm on a server with no model configured
        raise HTTPException(422, str(exc)) from None
    _record(services, made)
    try:
        if refresh:
            body, version = await run_in_threadpool(
                services.store.replace_json, made.article, made.extractor, made.body)
            return _send(body, 201, offsets, {VERSION_HEADER: str(version)})
        body, created = await run_in_threadpool(  # a commit waits on fsync: not on the event loop
            services.store.add_json, made.article, made.extractor, made.body)
    except StorageError as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": str(services.settings.retry_after_s)}) from None
    return _send(body, 201 if created else 200, offsets)


def _send(body: str, status: int, offsets: Offsets, headers: dict[str, str] | None = None) -> Response:
    return Response(json_with_offsets(body, offsets), status_code=status, media_type="application/json",
                    headers={"X-Briefing-Offsets": offsets, "Vary": "Accept", **(headers or {})})


def _record(services: ServicesDep, made: Made) -> None:
    services.metrics.briefings.labels(made.extractor).inc()
    if any(w.startswith("model failed") for w in made.warnings):
        services.metrics.fallbacks.inc()
    generation = getattr(services.runner.extractor("llm") if services.runner.uses_model("llm") else None,
                         "last_generation", None)
    if made.extractor == "llm" and generation is not None:
        services.metrics.tokens_per_s.observe(generation.tokens_per_s)


@router.get("/{briefing_id}", response_model=Briefing,
            responses={200: {"content": {MEDIA["html"]: {}}}, 404: {}}, operation_id="briefings-get")
def get_briefing(briefing_id: str, request: Request, services: ServicesDep,
                 format: Literal["json", "html"] | None = None,
                 version: Annotated[int | None, Query(ge=1, le=1_000_000, description=(
                     "an earlier briefing (1 is the first); default: the current one"))] = None,
                 offsets: OffsetsQuery = "codepoint") -> Response:
    """A stored briefing, the current one or `version` N (see /versions), as JSON or as its
    evidence view (`format=html` or `Accept: text/html`)."""
    if version is None:
        body = services.store.get_json(briefing_id)
    else:
        body = services.store.get_version_json(briefing_id, version)
    if body is None:
        if version is not None and services.store.get_json(briefing_id) is not None:
            known = len(services.store.versions(briefing_id))
            raise HTTPException(404, f"briefing {briefing_id} has no version {version} (versions 1-{known})")
        raise HTTPException(404, f"no briefing {briefing_id}")
    if chosen(request, format) == "html":
        return html_page(view.to_html(Briefing.model_validate_json(body)), view.assets().header_csp)
    return _send(body, 200, offsets)


@router.get("/{briefing_id}/versions", response_model=BriefingVersions, responses={404: {}},
            operation_id="briefings-versions")
def list_versions(briefing_id: str, services: ServicesDep) -> BriefingVersions:
    """Every briefing of the article, oldest first (more than one after `refresh=true`)."""
    versions = services.store.versions(briefing_id)
    if not versions:
        raise HTTPException(404, f"no briefing {briefing_id}")
    return BriefingVersions(id=briefing_id, versions=[BriefingVersion(**vars(v)) for v in versions])


@router.get("", response_model=BriefingPage, operation_id="briefings-list")
def list_briefings(services: ServicesDep,
                   since: Annotated[date | None, Query(description="published on or after")] = None,
                   until: Annotated[date | None, Query(description="published on or before")] = None,
                   source: Annotated[str | None, Query(max_length=200)] = None,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                   full: Annotated[bool, Query(description="whole briefings, article text "
                                                           "included, instead of compact items")] = False,
                   offsets: OffsetsQuery = "codepoint") -> BriefingPage | Response:
    """Stored briefings, newest first: compact items unless `full=true` (a page of whole
    briefings carries every article's text)."""
    page = services.store.list(since, until, source, limit, offset)
    if not full:
        items = [BriefingItem.of(b) for b in page.items]
        return BriefingPage(items=items, total=page.total, limit=limit, offset=offset)
    dumped = [to_utf16(b.model_dump(mode="json")) if offsets == "utf16" else b.model_dump(mode="json")
              for b in page.items]
    return JSONResponse({"items": dumped, "total": page.total, "limit": limit, "offset": offset},
                        headers={"X-Briefing-Offsets": offsets})
