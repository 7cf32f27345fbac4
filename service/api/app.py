"""The app factory: settings in, a FastAPI app out; the model loads in the background."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import BriefingError
from ..schema import ArticleInput
from ..settings import Settings, get_settings
from ..store import Store
from ..ingest.ledger import Ledger
from .deps import Services, require_api_key
from .metrics import IngestCollector, Metrics
from .nightly import nightly
from .poller import poll_feeds
from .routes import briefings, digests, docs, health
from .runner import ExtractionRunner


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    services = Services(settings=settings, store=Store(settings.database_url), metrics=Metrics(),
                        runner=ExtractionRunner(settings, WARM_UP_ARTICLE))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.model_enabled:  # readyz says 'loading' until this is done
            threading.Thread(target=_load_model, args=(services,), daemon=True).start()
        tasks = [asyncio.create_task(nightly(services)), asyncio.create_task(poll_feeds(services)),
                 asyncio.create_task(services.runner.warm_rules())]
        yield
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        services.runner.shutdown()

    app = FastAPI(title="News briefings", version=__version__, lifespan=lifespan,
                  description="Structured, verifiable briefings of news articles.",
                  openapi_url=None, docs_url=None, redoc_url=None)  # served by routes/docs.py
    app.state.services = services
    services.metrics.registry.register(IngestCollector(Ledger(services.store.engine)))
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(briefings.router, dependencies=[Depends(require_api_key)])
    app.include_router(digests.router, dependencies=[Depends(require_api_key)])

    app.add_middleware(ObserveMiddleware, metrics=services.metrics)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus `ArticleInput`, which the briefing route reads by hand (JSON or
    text/plain) and so names by reference: generated clients get an `ArticleInput` model."""
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
        schema = ArticleInput.model_json_schema(ref_template="#/components/schemas/{model}")
        document.setdefault("components", {}).setdefault("schemas", {})["ArticleInput"] = schema
        app.openapi_schema = document
    return app.openapi_schema


class ObserveMiddleware:
    """Request counts and latency per route: plain ASGI, because Starlette's `BaseHTTPMiddleware`
    costs a noticeable share of a 10 ms request (measured with bench/bench_service.py)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def observe_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observe_send)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.requests.labels(path, scope["method"], str(status)).inc()
            self.metrics.latency.labels(path).observe(time.perf_counter() - started)


WARM_UP_ARTICLE = ArticleInput(text="Kyiv, January 24 : Ukraine's foreign ministry said on Friday "
                                    "that talks with Russia would resume.", published_at="2025-01-24")


def _load_model(services: Services) -> None:
    """Load the model and run one briefing, so the first real request pays no set-up cost."""
    try:
        services.runner.extractor("llm").extract(WARM_UP_ARTICLE)
    except BriefingError:
        pass  # readyz reports a failed load; auto answers with rules
    services.model_warm = True
