"""Liveness, readiness and metrics: what an orchestrator and a dashboard need."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from ..deps import ServicesDep, key_unless

router = APIRouter(tags=["health"])


class Live(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    ready: bool
    database: str
    model: str
    rules: Literal["ready", "warming"]


@router.get("/healthz", operation_id="health-live")
def healthz() -> Live:
    return Live()


@router.get("/readyz", operation_id="health-ready", response_model=Readiness,
            responses={503: {"model": Readiness, "description": "not ready (yet)"}})
def readyz(services: ServicesDep) -> JSONResponse:
    """Ready when the database answers and can write, the rules workers are whole and have
    loaded spaCy (a first request would otherwise wait seconds for it) and the model is loaded (or
    the service is rules-only).

    With an engine, `model` says `reachable` or `unreachable: why` after a short probe, never a hang."""
    model = "disabled"
    if services.settings.model_enabled:
        backend = services.runner.extractor("llm").backend  # type: ignore[attr-defined]
        model = backend.status()  # failed/unreachable: still ready, auto answers with the rules
        if model == "loaded" and not services.model_warm:
            model = "loading"
    database = ("ok" if services.store.writable() else "read-only") if services.store.ping() else "unreachable"
    rules = services.runner.rules.status
    ready = database == "ok" and rules == "ok" and model != "loading"
    body = {"ready": ready, "database": database, "rules": rules, "model": model}
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", operation_id="health-metrics",
            dependencies=[Depends(key_unless(lambda s: s.expose_metrics))])
def metrics(services: ServicesDep) -> Response:
    return Response(services.metrics.render(), media_type=CONTENT_TYPE_LATEST)
