"""Liveness, readiness and metrics: what an orchestrator and a dashboard need."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from ..deps import ServicesDep

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
    """Ready when the database answers, the rules processes are started (a first request would
    otherwise wait seconds for spaCy to load) and the model is loaded (or the service is rules-only).

    With an engine, `model` says `reachable` or `unreachable: why` after a short probe, never a hang."""
    database = services.store.ping()
    model = "disabled"
    if services.settings.model_enabled:
        backend = services.runner.extractor("llm").backend  # type: ignore[attr-defined]
        model = backend.status()  # failed/unreachable: still ready, auto answers with the rules
        if model == "loaded" and not services.model_warm:
            model = "loading"
    rules = "ready" if services.rules_warm else "warming"
    ready = database and model != "loading" and services.rules_warm
    body = {"ready": bool(ready), "database": "ok" if database else "unreachable", "model": model,
            "rules": rules}
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", operation_id="health-metrics")
def metrics(services: ServicesDep) -> Response:
    return Response(services.metrics.render(), media_type=CONTENT_TYPE_LATEST)
