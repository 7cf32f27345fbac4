"""The store and the service on a real PostgreSQL server (tests/postgres.py), and the numbered
migrations on PostgreSQL and SQLite."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import make_url

from service import migrations
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput
from service.store import Store

from .postgres import Postgres
from .server import Server

_names = (f"t{n}" for n in itertools.count())


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    server = Postgres().start()
    yield server
    server.stop()


def rows(url: str, sql: str) -> list[tuple]:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as connection:
        return connection.execute(sql).fetchall()


def article(n: int, **extra: str) -> dict:
    return {"text": f"Kyiv, January 24 : Ukraine's foreign ministry said on Friday that talks number {n} "
                    "with Russia would resume in Geneva.", "published_at": "2025-01-24", **extra}


def test_store_create_fetch_list_and_idempotency(postgres: Postgres) -> None:
    url = postgres.database(next(_names))
    store = Store(url)
    briefing = RuleExtractor().extract(ArticleInput.model_validate(article(1, source="wire")))
    stored, created = store.add(briefing)
    assert created and store.get(briefing.article.id) == briefing
    again, created = Store(url).add(briefing)  # a second Store: migrations already at head
    assert not created and again == briefing
    page = store.list(since=date(2025, 1, 24), source="wire")
    assert page.total == 1 and page.items[0] == briefing
    assert store.writable() and rows(url, "SELECT version_num FROM alembic_version") == [(migrations.head(),)]


def test_service_on_postgres_nul_bytes_and_long_fields(postgres: Postgres, tmp_path: Path) -> None:
    url = postgres.database(next(_names))
    server = Server(tmp_path, BRIEFING_DATABASE_URL=url).start()
    try:
        for field in ("text", "title", "source"):
            body = article(2, **{field: "Kyiv\x00 said so."})
            refused = httpx.post(f"{server.url}/v1/briefings", json=body)
            assert refused.status_code == 422 and f"'{field}'" in refused.json()["detail"], refused.text
        long = article(3, source="S" * 5_000, title="T" * 20_000, url="https://x.example/" + "u" * 4_000,
                       language="en-" + "x" * 200)
        created = httpx.post(f"{server.url}/v1/briefings", json=long)
        assert created.status_code == 201, created.text
        fetched = httpx.get(f"{server.url}/v1/briefings/{created.json()['article']['id']}").json()
        assert fetched == created.json() and fetched["article"]["source"] == "S" * 5_000
        listed = httpx.get(f"{server.url}/v1/briefings", params={"source": "S" * 200}).json()
        assert listed["total"] == 0  # the filter is exact, and a 200-character query is no error
        assert rows(url, "SELECT count(*) FROM articles") == [(1,)]
    finally:
        server.stop()


def test_two_services_on_one_database_store_200_concurrent_posts_once(postgres: Postgres,
                                                                       tmp_path: Path) -> None:
    url = postgres.database(next(_names))
    servers = [Server(tmp_path, BRIEFING_DATABASE_URL=url) for _ in range(2)]
    for server in servers:  # started one after the other: both run the migrations
        server.start()
    try:
        bodies = [article(1000 + n % 100) for n in range(200)]  # 100 articles, each posted twice

        async def post_all() -> list[httpx.Response]:
            async with httpx.AsyncClient(timeout=120) as client:
                return await asyncio.gather(*(client.post(f"{servers[n % 2].url}/v1/briefings", json=b)
                                              for n, b in enumerate(bodies)))

        responses = asyncio.run(post_all())
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 100 + [201] * 100, [r.text for r in responses if r.status_code >= 300][:3]
        ids = {r.json()["article"]["id"] for r in responses}
        assert len(ids) == 100
        assert rows(url, "SELECT count(*), count(DISTINCT id) FROM articles") == [(100, 100)]
        assert rows(url, "SELECT count(*) FROM briefings") == [(100,)]
        for server in servers:
            assert httpx.get(f"{server.url}/v1/briefings").json()["total"] == 100
    finally:
        for server in servers:
            server.stop()


def test_two_processes_migrate_one_fresh_database_together(postgres: Postgres, tmp_path: Path) -> None:
    url = postgres.database(next(_names))
    servers = [Server(tmp_path, BRIEFING_DATABASE_URL=url, BRIEFING_RULES_PROCESSES="1") for _ in range(2)]
    try:
        with ThreadPoolExecutor(2) as pool:  # both start, and so migrate, at once (before /healthz answers)
            list(pool.map(lambda server: server.start(ready=False), servers))
        assert rows(url, "SELECT version_num FROM alembic_version") == [(migrations.head(),)]
    finally:
        for server in servers:
            server.stop()


def test_a_database_from_before_migrations_is_adopted_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:  # the schema create_all made before migrations
        connection.executescript("""
            CREATE TABLE articles (id VARCHAR(32) PRIMARY KEY, text TEXT NOT NULL, title TEXT,
                source VARCHAR(200), url TEXT, published_at DATE, language VARCHAR(16) NOT NULL,
                received_at DATETIME NOT NULL);
            CREATE INDEX ix_articles_source ON articles (source);
            CREATE INDEX ix_articles_published_at ON articles (published_at);
            CREATE TABLE briefings (article_id VARCHAR(32) PRIMARY KEY REFERENCES articles (id),
                extractor VARCHAR(32) NOT NULL, body TEXT NOT NULL, created_at DATETIME NOT NULL);
            CREATE INDEX ix_briefings_created_at ON briefings (created_at);
            CREATE TABLE digests (day DATE PRIMARY KEY, body TEXT NOT NULL, created_at DATETIME NOT NULL);
        """)
    old = RuleExtractor().extract(ArticleInput.model_validate(article(5)))
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO articles VALUES (?, ?, NULL, NULL, NULL, '2025-01-24', 'en', "
                           "'2025-01-24 10:00:00')", (old.article.id, old.article.text))
        connection.execute("INSERT INTO briefings VALUES (?, 'rules', ?, '2025-01-24 10:00:00')",
                           (old.article.id, old.model_dump_json()))
    store = Store(f"sqlite:///{path}")
    assert store.get(old.article.id) == old
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrations.head(),)]
