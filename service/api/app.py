"""The app factory: settings in, a FastAPI app out; the model loads in the background."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response

from .. import __version__
from ..errors import BriefingError
from ..schema import ArticleInput
from ..settings import Settings, get_settings
from ..store import Store
from .deps import Services, require_api_key
from .metrics import Metrics
from .nightly import nightly
from .routes import briefings, digests, health
from .runner import ExtractionRunner


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    services = Services(settings=settings, store=Store(settings.database_url), metrics=Metrics(),
                        runner=ExtractionRunner(settings))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.model_enabled:  # readyz says 'loading' until this is done
            threading.Thread(target=_load_model, args=(services,), daemon=True).start()
        schedule = asyncio.create_task(nightly(services))
        yield
        schedule.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await schedule
        services.runner.shutdown()

    app = FastAPI(title="News briefings", version=__version__, lifespan=lifespan,
                  description="Structured, verifiable briefings of news articles.")
    app.state.services = services
    app.include_router(health.router)
    app.include_router(briefings.router, dependencies=[Depends(require_api_key)])
    app.include_router(digests.router, dependencies=[Depends(require_api_key)])

    @app.middleware("http")
    async def observe(request: Request, call_next) -> Response:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        services.metrics.requests.labels(path, request.method, str(response.status_code)).inc()
        services.metrics.latency.labels(path).observe(time.perf_counter() - started)
        return response

    return app


WARM_UP_ARTICLE = ArticleInput(text="Kyiv, January 24 : Ukraine's foreign ministry said on Friday "
                                    "that talks with Russia would resume.", published_at="2025-01-24")


def _load_model(services: Services) -> None:
    """Load the model and run one briefing, so the first real request pays no set-up cost."""
    try:
        services.runner.extractor("llm").extract(WARM_UP_ARTICLE)
    except BriefingError:
        pass  # readyz reports a failed load; auto answers with rules
    services.model_warm = True
