"""Typed dependencies: the app's services and the optional API-key check."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from ..settings import Settings
from ..store import Store
from .metrics import Metrics
from .runner import ExtractionRunner


@dataclass
class Services:
    settings: Settings
    store: Store
    metrics: Metrics
    runner: ExtractionRunner
    model_warm: bool = False


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def require_api_key(request: Request, services: ServicesDep) -> None:
    """When keys are configured, `X-API-Key: KEY` or `Authorization: Bearer KEY` is required."""
    keys = services.settings.keys
    if not keys:
        return
    given = _given_key(request)
    # compared as bytes: headers arrive as latin-1 text, and compare_digest refuses non-ASCII str
    if given is None or not any(secrets.compare_digest(given.encode("latin-1"), key.encode())
                                for key in keys):
        raise HTTPException(401, "missing or invalid API key: send X-API-Key: KEY or "
                                 "Authorization: Bearer KEY", headers={"WWW-Authenticate": "Bearer"})


def _given_key(request: Request) -> str | None:
    """The key from X-API-Key, or from Authorization with the Bearer scheme (any case); a bare
    Authorization value with no scheme is no key."""
    if "x-api-key" in request.headers:
        return request.headers["x-api-key"].strip()
    scheme, _, credentials = request.headers.get("authorization", "").strip().partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


def key_unless(exposed: Callable[[Settings], bool]) -> Callable[[Request, Services], None]:
    """A dependency that asks for a key unless a setting makes the route public (docs, metrics)."""

    def dependency(request: Request, services: ServicesDep) -> None:
        if not exposed(services.settings):
            require_api_key(request, services)

    return dependency
