"""No input produces a 500: schemathesis fuzzes the live server from the app's OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from service.api.app import create_app
from service.settings import Settings

from .server import Server

schema = schemathesis.openapi.from_dict(
    create_app(Settings(model="none", database_url="sqlite:///:memory:")).openapi())


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("fuzz"), BRIEFING_MAX_BODY_BYTES="20000").start()
    yield server
    server.stop()


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, live: Server) -> None:
    case.call_and_validate(base_url=live.url, checks=[not_a_server_error], timeout=30)
