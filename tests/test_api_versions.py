"""Re-briefing over HTTP (`?refresh=true`) keeps the earlier briefing readable by version; and a
client generated from /openapi.json by openapi-python-client posts, fetches and lists. Both
against a real uvicorn server on 127.0.0.1 with a real SQLite file."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .server import Server

TEXT = ("Kyiv, January 24 : Ukraine's foreign ministry said on Friday that talks with Russia "
        "would resume in Geneva, officials told reporters.")
OPERATIONS = {("post", "/v1/briefings"): "briefings-create", ("get", "/v1/briefings"): "briefings-list",
              ("get", "/v1/briefings/{briefing_id}"): "briefings-get",
              ("get", "/v1/briefings/{briefing_id}/versions"): "briefings-versions",
              ("post", "/v1/digests"): "digests-create", ("get", "/v1/digests/{day}"): "digests-get",
              ("get", "/healthz"): "health-live", ("get", "/readyz"): "health-ready",
              ("get", "/metrics"): "health-metrics"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("versions")).start()
    yield server
    server.stop()


def _post(server: Server, text: str, **params: str) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/briefings", params=params, json={"text": text}, timeout=60)


def test_refresh_briefs_again_and_keeps_the_earlier_version(server: Server) -> None:
    first = _post(server, TEXT)
    assert first.status_code == 201, first.text
    ident = first.json()["article"]["id"]
    assert _post(server, TEXT).status_code == 200  # without refresh: the stored one, as before
    second = _post(server, TEXT, refresh="true", extractor="rules")
    assert second.status_code == 201 and second.headers["x-briefing-version"] == "2"
    assert second.json()["provenance"]["created_at"] != first.json()["provenance"]["created_at"]
    url = f"{server.url}/v1/briefings/{ident}"
    assert httpx.get(url).json() == second.json()
    assert httpx.get(url, params={"version": 1}).json() == first.json()
    assert httpx.get(url, params={"version": 2}).json() == second.json()
    versions = httpx.get(f"{url}/versions").json()
    assert versions["id"] == ident
    assert [(v["version"], v["extractor"], v["current"]) for v in versions["versions"]] == [
        (1, "rules", False), (2, "rules", True)]
    missing = httpx.get(url, params={"version": 3})
    assert missing.status_code == 404 and "has no version 3 (versions 1-2)" in missing.json()["detail"]
    assert httpx.get(url, params={"version": 0}).status_code == 422
    assert httpx.get(f"{server.url}/v1/briefings/nope/versions").status_code == 404
    assert httpx.get(f"{server.url}/v1/briefings/nope", params={"version": 1}).status_code == 404
    assert httpx.get(f"{server.url}/v1/briefings", params={"limit": 200}).json()["total"] == 1


def test_refresh_of_a_new_text_is_its_first_version(server: Server) -> None:
    response = _post(server, TEXT + " A new paragraph.", refresh="true")
    assert response.status_code == 201 and response.headers["x-briefing-version"] == "1"


def test_every_route_has_its_stable_operation_id(server: Server) -> None:
    document = httpx.get(f"{server.url}/openapi.json").json()
    found = {(method, path): op["operationId"] for path, ops in document["paths"].items()
             for method, op in ops.items()}
    assert found == OPERATIONS


def test_a_generated_client_posts_fetches_and_lists(server: Server, tmp_path: Path) -> None:
    """openapi-python-client, as a new user would run it (offline: it reads the live document)."""
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")  # no ruff run over the output
    generated = subprocess.run(
        [str(Path(sys.executable).parent / "openapi-python-client"), "generate",
         "--url", f"{server.url}/openapi.json", "--meta", "none", "--config", str(tmp_path / "config.yaml"),
         "--output-path", str(tmp_path / "briefing_client")],
        capture_output=True, text=True, timeout=120)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("briefing_client")
        create = importlib.import_module("briefing_client.api.briefings.briefings_create")
        fetch = importlib.import_module("briefing_client.api.briefings.briefings_get")
        listing = importlib.import_module("briefing_client.api.briefings.briefings_list")
        versions = importlib.import_module("briefing_client.api.briefings.briefings_versions")
        models = importlib.import_module("briefing_client.models")
    finally:
        sys.path.remove(str(tmp_path))
    client = client_module.Client(base_url=server.url, timeout=httpx.Timeout(60))
    body = models.ArticleInput(text=TEXT.replace("Geneva", "Vienna"), source="client-test")
    made = create.sync_detailed(client=client, body=body)
    assert made.status_code == 201 and isinstance(made.parsed, models.Briefing)
    briefing = made.parsed
    assert briefing.article.source == "client-test" and briefing.provenance.extractor == "rules"
    again = create.sync_detailed(client=client, body=body)
    assert again.status_code == 200 and again.parsed.article.id == briefing.article.id
    fetched = fetch.sync(client=client, briefing_id=briefing.article.id)
    assert isinstance(fetched, models.Briefing) and fetched.headline == briefing.headline
    page = listing.sync(client=client, source="client-test")
    assert isinstance(page, models.BriefingPage) and page.total == 1
    assert [b.id for b in page.items] == [briefing.article.id]  # compact items (issue 13)
    refreshed = create.sync_detailed(client=client, body=body, refresh=True)
    assert refreshed.status_code == 201
    history = versions.sync(client=client, briefing_id=briefing.article.id)
    assert [v.version for v in history.versions] == [1, 2]
