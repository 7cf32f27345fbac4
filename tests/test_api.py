"""The HTTP service, driven over HTTP against a real uvicorn server and a real SQLite file."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.schema import Briefing
from service.verify import span_problems

from .conftest import SEED
from .server import Server

LIMIT = 20_000


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("api"), BRIEFING_MAX_BODY_BYTES=str(LIMIT)).start()
    yield server
    server.stop()


def article(n: int, source: str = "wire", day: str = "2025-01-24") -> dict:
    return {"text": f"Kyiv, January 24 : Ukraine's foreign ministry said on Friday that talks number {n} "
                    "with Russia would resume in Geneva.", "source": source, "published_at": day,
            "title": f"Talks {n}"}


def test_create_fetch_and_idempotency(server: Server) -> None:
    body = SEED.read_bytes()
    first = httpx.post(f"{server.url}/v1/briefings", content=body, headers={"content-type": "text/plain"})
    assert first.status_code == 201, first.text
    briefing = Briefing.model_validate_json(first.content)
    assert span_problems(briefing) == [] and briefing.article.published_at.isoformat() == "2025-01-24"
    again = httpx.post(f"{server.url}/v1/briefings", content=body, headers={"content-type": "text/plain"})
    assert again.status_code == 200 and again.json()["article"]["id"] == briefing.article.id
    fetched = httpx.get(f"{server.url}/v1/briefings/{briefing.article.id}")
    assert fetched.status_code == 200 and fetched.json() == first.json()
    assert httpx.get(f"{server.url}/v1/briefings/nope").status_code == 404


def test_list_filters_and_pages(server: Server) -> None:
    for n, (source, day) in enumerate([("a", "2025-01-20"), ("a", "2025-01-21"), ("b", "2025-01-21")]):
        assert httpx.post(f"{server.url}/v1/briefings", json=article(100 + n, source, day)).status_code == 201
    page = httpx.get(f"{server.url}/v1/briefings", params={"source": "a"}).json()
    assert page["total"] == 2 and {b["source"] for b in page["items"]} == {"a"}
    item = page["items"][0]
    assert "text" not in json.dumps(page) and item["published_at"] == "2025-01-21"
    assert item["headline"] and item["counts"]["who"] >= 1 and set(item["counts"]) == {
        "who", "where", "when", "claims", "positions"}
    full = httpx.get(f"{server.url}/v1/briefings", params={"source": "a", "full": "true"}).json()
    assert [b["article"]["id"] for b in full["items"]] == [i["id"] for i in page["items"]]
    assert full["items"][0]["article"]["text"].startswith("Kyiv")
    ranged = httpx.get(f"{server.url}/v1/briefings", params={"since": "2025-01-21", "until": "2025-01-21"}).json()
    assert ranged["total"] == 2
    one = httpx.get(f"{server.url}/v1/briefings", params={"since": "2025-01-20", "limit": 1, "offset": 1}).json()
    assert len(one["items"]) == 1 and one["total"] >= 3


@pytest.mark.parametrize("content,content_type,status,message", [
    (b'{"text": ""}', "application/json", 422, "empty"),
    (b'{"text": "   "}', "application/json", 422, "empty"),
    (b'{"text": "unterminated', "application/json", 422, "invalid JSON"),
    (b'{"text": 42}', "application/json", 422, "'text'"),
    (b'{"text": "ok text here", "published_at": "yesterday"}', "application/json", 422, "'published_at'"),
    (b'["not", "an", "object"]', "application/json", 422, "JSON object"),
    (b"<xml/>", "application/xml", 415, "content type"),
    (b"Caf\xe9 in Kyiv", "text/plain", 400, "UTF-8"),
    (b"x" * (LIMIT + 1), "text/plain", 413, "limit"),
    (b'{"text": "x", "n": ' + b"[" * 5000 + b"]" * 5000 + b"}", "application/json", 422, "nested too deeply"),
    (b'{"text": "x", "n": ' + b"7" * 5000 + b"}", "application/json", 422, "number literal is too long"),
    (b'{"text": "Kyiv said so.", "title": "a\\ud800b"}', "application/json", 422, "'title'"),
    (b'{"text": "Kyiv said so.", "source": "\\udfff"}', "application/json", 422, "'source'"),
    (b'{"text": "Kyiv \\ud83d said so."}', "application/json", 422, "'text'"),
    (b'{"text": "Talks on Friday.", "published_at": "0001-01-01"}', "application/json", 422, "'published_at'"),
    (b'{"text": "Talks tomorrow.", "published_at": "9999-12-31"}', "application/json", 422, "'published_at'"),
    ("\u200b\u200c\u200d\u2060\u202e\ufeff".encode(), "text/plain", 422, "no visible characters"),
    (b'{"text": "\\u200b\\u202e \\u200b"}', "application/json", 422, "no visible characters"),
])
def test_bad_input(server: Server, content: bytes, content_type: str, status: int, message: str) -> None:
    response = httpx.post(f"{server.url}/v1/briefings", content=content, headers={"content-type": content_type})
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


@pytest.mark.parametrize("day,text", [
    ("0002-01-01", "Talks resumed last Friday, on December 30 and tomorrow, said Kyiv last year."),
    ("9998-12-31", "Talks resume next Friday and tomorrow, on January 2, next month, said Kyiv."),
])
def test_relative_dates_at_the_edges_of_the_date_range(server: Server, day: str, text: str) -> None:
    response = httpx.post(f"{server.url}/v1/briefings", json={"text": text, "published_at": day})
    assert response.status_code == 201, response.text
    assert response.json()["when"]


def test_generated_prose_has_no_control_or_format_characters(server: Server) -> None:
    posted = [{"text": "Kyiv\u202e said\u200b talks would resume\u0007 on Friday.\u2066 Geneva hosts."},
              {"text": "Kyiv said on Friday that talks would resume.", "title": "\u202eevil\u200b\ttitle\u0007"}]
    for body in posted:
        briefing = httpx.post(f"{server.url}/v1/briefings", json=body).json()
        for prose in (briefing["headline"], briefing["summary"]):
            assert prose and all(unicodedata.category(c) not in ("Cc", "Cf") for c in prose), prose
    assert briefing["headline"] == "evil title"


def test_unknown_extractor_is_422(server: Server) -> None:
    response = httpx.post(f"{server.url}/v1/briefings", params={"extractor": "magic"}, json=article(1))
    assert response.status_code == 422 and "extractor" in response.text


def test_50_concurrent_posts_are_stored_exactly_once(server: Server) -> None:
    bodies = [article(1000 + n % 25) for n in range(50)]  # 25 articles, each posted twice at once

    async def post_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            return await asyncio.gather(*(client.post("/v1/briefings", json=b) for b in bodies))

    responses = asyncio.run(post_all())
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 25 + [201] * 25
    ids = {r.json()["article"]["id"] for r in responses}
    assert len(ids) == 25
    for briefing_id in ids:
        assert httpx.get(f"{server.url}/v1/briefings/{briefing_id}").status_code == 200


def test_health_ready_metrics(server: Server) -> None:
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{server.url}/readyz")
    assert ready.status_code == 200 and ready.json() == {"ready": True, "database": "ok", "rules": "ok", "model": "disabled"}
    metrics = httpx.get(f"{server.url}/metrics").text
    assert 'briefing_http_requests_total{method="POST",route="/v1/briefings",status="201"}' in metrics
    assert 'briefing_briefings_total{extractor="rules"}' in metrics
    assert "briefing_http_request_seconds_bucket" in metrics


def test_restart_on_the_same_database_reads_back(tmp_path: Path) -> None:
    server = Server(tmp_path).start()
    try:
        created = httpx.post(f"{server.url}/v1/briefings", json=article(7)).json()
    finally:
        server.stop()
    server.start()
    try:
        again = httpx.get(f"{server.url}/v1/briefings/{created['article']['id']}")
        assert again.status_code == 200 and again.json() == created
        assert httpx.post(f"{server.url}/v1/briefings", json=article(7)).status_code == 200
    finally:
        server.stop()


def test_api_keys(tmp_path: Path) -> None:
    server = Server(tmp_path, BRIEFING_API_KEYS="k1,k2").start()
    try:
        assert httpx.post(f"{server.url}/v1/briefings", json=article(9)).status_code == 401
        assert httpx.get(f"{server.url}/v1/briefings", headers={"x-api-key": "wrong"}).status_code == 401
        ok = httpx.post(f"{server.url}/v1/briefings", json=article(9), headers={"x-api-key": "k2"})
        assert ok.status_code == 201
        for scheme in ("Bearer", "bearer", "BEARER"):
            bearer = httpx.get(f"{server.url}/v1/briefings", headers={"authorization": f"{scheme} k1"})
            assert bearer.status_code == 200, scheme
        for refused in (b"k1", b"Basic k1", b"Bearer", b"Bearer k1\xe9", b"\xff\xfe"):
            response = httpx.get(f"{server.url}/v1/briefings", headers=[(b"authorization", refused)])
            assert response.status_code == 401, refused
        non_ascii = httpx.get(f"{server.url}/v1/briefings", headers=[(b"x-api-key", b"k\xc3\xa9")])
        assert non_ascii.status_code == 401 and "API key" in non_ascii.json()["detail"]
        for path in ("/docs", "/redoc", "/openapi.json", "/metrics"):
            assert httpx.get(f"{server.url}{path}").status_code == 401, path
            assert httpx.get(f"{server.url}{path}", headers={"x-api-key": "k1"}).status_code == 200, path
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        assert httpx.get(f"{server.url}/readyz").status_code in (200, 503)  # open: no 401
    finally:
        server.stop()


def test_docs_and_metrics_can_be_exposed(tmp_path: Path) -> None:
    server = Server(tmp_path, BRIEFING_API_KEYS="k1", BRIEFING_EXPOSE_DOCS="true",
                    BRIEFING_EXPOSE_METRICS="true").start()
    try:
        for path in ("/docs", "/redoc", "/openapi.json", "/metrics"):
            assert httpx.get(f"{server.url}{path}").status_code == 200, path
        assert httpx.get(f"{server.url}/v1/briefings").status_code == 401
    finally:
        server.stop()


def test_openapi_documents_every_body_type(server: Server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    content = spec["paths"]["/v1/briefings"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "text/plain", "text/html"}
    assert json.dumps(spec).count("Briefing") > 0
