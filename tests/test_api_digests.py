"""Digest endpoints on a real uvicorn server with a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from service.digests.model import Digest

from .conftest import ROOT
from .server import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("digests")).start()
    yield server
    server.stop()


def test_build_and_read_a_digest_in_every_format(server: Server) -> None:
    for path in sorted((ROOT / "seeds" / "articles").glob("2025-03-14-odesa-*.json")):
        response = httpx.post(f"{server.url}/v1/briefings?extractor=rules", content=path.read_bytes(),
                              headers={"content-type": "application/json"})
        assert response.status_code == 201, response.text
    built = httpx.post(f"{server.url}/v1/digests", json={"date": "2025-03-14"}, timeout=30)
    assert built.status_code == 201, built.text
    digest = Digest.model_validate_json(built.content)
    assert digest.stats.articles == 3 and len(digest.stories) == 1
    assert {c.quantity for c in digest.stories[0].conflicts} == {"drones", "killed"}

    as_json = httpx.get(f"{server.url}/v1/digests/2025-03-14")
    assert as_json.headers["content-type"] == "application/json"
    assert Digest.model_validate_json(as_json.content) == digest
    html = httpx.get(f"{server.url}/v1/digests/2025-03-14", headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "Conflicting figures" in html.text
    markdown = httpx.get(f"{server.url}/v1/digests/2025-03-14?format=md", headers={"accept": "text/html"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Digest for 2025-03-14")


def test_missing_and_malformed_dates(server: Server) -> None:
    missing = httpx.get(f"{server.url}/v1/digests/2024-01-01")
    assert missing.status_code == 404 and "POST /v1/digests" in missing.json()["detail"]
    assert httpx.get(f"{server.url}/v1/digests/yesterday").status_code == 422
    assert httpx.post(f"{server.url}/v1/digests", json={"date": "2025-13-40"}).status_code == 422
    assert httpx.post(f"{server.url}/v1/digests", content=b"{", headers={"content-type": "application/json"}).status_code == 422
    assert httpx.get(f"{server.url}/v1/digests/2025-03-14?format=pdf").status_code == 422


def test_an_empty_day_gives_an_empty_digest(server: Server) -> None:
    built = httpx.post(f"{server.url}/v1/digests", json={"date": "2030-01-01"})
    assert built.status_code == 201 and built.json()["stories"] == [] and built.json()["stats"]["articles"] == 0
