"""Briefing versions in the store: a refresh keeps the earlier briefing, and a database made
before versions existed (the schema of commit 3fa9e25) is used as it is, gaining the new table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from service.schema import Briefing
from service.store import Store

# The tables as every database made before versions has them (sqlite_master of commit 3fa9e25).
OLD_SCHEMA = """
CREATE TABLE articles (id VARCHAR(32) NOT NULL, text TEXT NOT NULL, title TEXT, source VARCHAR(200),
    url TEXT, published_at DATE, language VARCHAR(16) NOT NULL, received_at DATETIME NOT NULL,
    PRIMARY KEY (id));
CREATE INDEX ix_articles_source ON articles (source);
CREATE INDEX ix_articles_published_at ON articles (published_at);
CREATE TABLE digests (day DATE NOT NULL, body TEXT NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (day));
CREATE TABLE briefings (article_id VARCHAR(32) NOT NULL, extractor VARCHAR(32) NOT NULL,
    body TEXT NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (article_id),
    FOREIGN KEY(article_id) REFERENCES articles (id));
CREATE INDEX ix_briefings_created_at ON briefings (created_at);
"""


def _renamed(briefing: Briefing, headline: str, extractor: str) -> Briefing:
    provenance = briefing.provenance.model_copy(update={"extractor": extractor})
    return briefing.model_copy(update={"headline": headline, "provenance": provenance})


def test_an_old_database_gains_versions(tmp_path: Path, seed_briefing: Briefing) -> None:
    path = tmp_path / "old.db"
    a = seed_briefing.article
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        db.execute("INSERT INTO articles VALUES (?, ?, NULL, NULL, NULL, ?, 'en', '2025-01-24 10:00:00')",
                   (a.id, a.text, a.published_at.isoformat()))
        db.execute("INSERT INTO briefings VALUES (?, 'rules', ?, '2025-01-24 10:00:00')",
                   (a.id, seed_briefing.model_dump_json()))
    store = Store(f"sqlite:///{path}")
    assert [(v.version, v.extractor, v.current) for v in store.versions(a.id)] == [(1, "rules", True)]
    newer = _renamed(seed_briefing, "Second look", "llm")
    body, version = store.replace_json(a, "llm", newer.model_dump_json())
    assert version == 2 and store.get(a.id).headline == "Second look"
    assert [(v.version, v.extractor, v.current) for v in store.versions(a.id)] == [
        (1, "rules", False), (2, "llm", True)]
    assert Briefing.model_validate_json(store.get_version_json(a.id, 1)).headline == seed_briefing.headline
    assert store.get_version_json(a.id, 2) == body and store.get_version_json(a.id, 3) is None
    assert store.list().total == 1  # still one article, one current briefing


def test_replace_adds_an_article_not_stored_yet(tmp_path: Path, seed_briefing: Briefing) -> None:
    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    _, version = store.replace_json(seed_briefing.article, "rules", seed_briefing.model_dump_json())
    assert version == 1 and [v.version for v in store.versions(seed_briefing.article.id)] == [1]
    for n in (2, 3):
        _, version = store.replace_json(seed_briefing.article, "rules",
                                        _renamed(seed_briefing, f"Take {n}", "rules").model_dump_json())
        assert version == n
    assert [Briefing.model_validate_json(store.get_version_json(seed_briefing.article.id, n)).headline
            for n in (2, 3)] == ["Take 2", "Take 3"]
    assert store.versions("0000000000000000") == [] and store.get_version_json("0000000000000000", 1) is None


def test_two_stores_refreshing_at_once_lose_no_version(tmp_path: Path, seed_briefing: Briefing) -> None:
    """Two processes' stores on one file (each with its own lock): every refresh is kept, numbered
    without a gap or a duplicate."""
    from concurrent.futures import ThreadPoolExecutor

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    stores = [Store(url), Store(url)]
    stores[0].add(seed_briefing)
    body = seed_briefing.model_dump_json()
    with ThreadPoolExecutor(4) as pool:
        numbers = list(pool.map(lambda n: stores[n % 2].replace_json(seed_briefing.article, "rules", body)[1],
                                range(12)))
    assert sorted(numbers) == list(range(2, 14))
    assert [v.version for v in stores[1].versions(seed_briefing.article.id)] == list(range(1, 14))
