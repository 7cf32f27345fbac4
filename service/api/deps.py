"""Typed dependencies: the app's services and the optional API-key check."""

from __future__ import annotations

import secrets
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
    rules_warm: bool = False


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def require_api_key(request: Request, services: ServicesDep) -> None:
    """When keys are configured, `X-API-Key: KEY` or `Authorization: Bearer KEY` is required."""
    keys = services.settings.keys
    if not keys:
        return
    given = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not any(secrets.compare_digest(given, key) for key in keys):
        raise HTTPException(401, "missing or invalid API key", headers={"WWW-Authenticate": "Bearer"})
