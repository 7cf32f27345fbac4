"""Feeds end to end against a real HTTP server on 127.0.0.1: feed -> pages -> stored briefings ->
digest, twice (the second run is a 304 and fetches nothing); bad feeds recorded, failed items
retried, duplicates skipped, and a run killed with SIGKILL resumed with nothing lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from service.digests.run import run_digest
from service.ingest.fetch import Fetcher
from service.ingest.guard import AddressPolicy
from service.ingest.ledger import FeedItemRow, FetchLogRow
from service.ingest.run import Ingestor
from service.rules.extractor import RuleExtractor
from service.settings import Settings
from service.store import Store

from .resume import kill_after, stored_briefings
from .web_server import WebServer


@pytest.fixture()
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def ingestor(tmp_path: Path, max_items: int = 50) -> Ingestor:
    fetcher = Fetcher(Settings(fetch_timeout_s=2, fetch_delay_s=0), AddressPolicy(allowed=["127.0.0.1/32"]))
    return Ingestor(Store(f"sqlite:///{tmp_path / 'db.sqlite'}"), RuleExtractor(), fetcher, max_items)


def rows(ingest: Ingestor, model: type) -> list:
    with ingest.ledger._sessions() as session:
        return list(session.scalars(select(model)))


def test_feed_to_briefings_to_digest_and_a_second_run_fetches_nothing(web: WebServer, tmp_path: Path) -> None:
    ingest = ingestor(tmp_path)
    feed = web.url + "/feed.rss"
    first = ingest.run([feed])
    assert first.counts == {"feed new": 1, "new": 15} and first.failures == []
    assert sum(n for path, n in web.hits.items() if path.startswith("/gv/")) == 15
    stored = ingest.store.list(limit=200)
    assert stored.total == 15
    titles = {b.article.title for b in stored.items}
    assert "Iran: To Vote or not to Vote" in titles  # the feed's title, not the page's site name
    assert all(b.article.url and b.article.url.startswith(web.url + "/gv/") for b in stored.items)

    web.hits.clear()
    second = ingest.run([feed])
    assert second.counts == {"feed unchanged": 1}
    assert dict(web.hits) == {"/feed.rss": 1}, "a 304, and no page fetched again"
    outcomes = [(r.kind, r.outcome) for r in rows(ingest, FetchLogRow)]
    assert outcomes.count(("page", "new")) == 15 and outcomes[-1] == ("feed", "unchanged")

    day = date(2009, 6, 10)
    digest = run_digest(day, ingest.store, RuleExtractor())
    on_day = [b for b in stored.items if b.article.published_at == day]
    assert digest.stats.articles == len(on_day) > 0 and digest.errors == []


def test_bad_feeds_are_recorded_and_the_run_goes_on(web: WebServer, tmp_path: Path) -> None:
    ingest = ingestor(tmp_path, max_items=5)
    report = ingest.run([web.url + "/not-xml.rss", web.url + "/big.rss", web.url + "/no-link.rss",
                         "http://169.254.169.254/latest/meta-data/"])
    reasons = dict(report.failures)
    assert "not an RSS or Atom feed" in reasons[web.url + "/not-xml.rss"]
    assert "169.254.169.254, a link-local address: refused" in reasons["http://169.254.169.254/latest/meta-data/"]
    assert reasons[web.url + "/no-link.rss"] == "1 new feed items without a link"
    big = [r for r in rows(ingest, FetchLogRow) if r.url == web.url + "/big.rss"]
    assert big[0].reason == "5 new items; 10000 items, took the first 5"
    assert web.hits["/item/4"] == 1 and web.hits["/item/5"] == 0  # the cap
    assert report.counts["new"] == 5 and web.hits["/item/1"] == 1  # no-link.rss lists /item/1 too: known
    # failures are in the digest's "not briefed" list: feeds by the day they failed, items by
    # their date (none given here: the day they were seen)
    today = datetime.now(UTC).date()
    listed = {e.item: e.reason for e in run_digest(today, ingest.store, RuleExtractor()).errors}
    assert "not an RSS or Atom feed" in listed[web.url + "/not-xml.rss"]
    assert "feed item 'No link here' has no link" in listed.values()
    assert run_digest(date(2009, 6, 11), ingest.store, RuleExtractor()).errors == []


def test_a_failed_item_is_retried_on_the_next_poll(web: WebServer, tmp_path: Path) -> None:
    ingest = ingestor(tmp_path)
    web.failing.add("1")
    feed = web.url + "/numbered.rss"
    first = ingest.run([feed])
    assert first.counts["new"] == 2 and first.failures == [(web.url + "/item/1",
                                                            f"{web.url}/item/1: HTTP 503 Service Unavailable")]
    web.failing.clear()
    second = ingest.run([feed])
    assert second.counts["new"] == 1 and web.hits["/item/1"] == 2 and web.hits["/item/0"] == 1
    assert {r.state for r in rows(ingest, FeedItemRow)} == {"done"}
    assert ingest.store.list().total == 3


def test_duplicates_by_canonical_url_and_by_text_are_skipped(web: WebServer, tmp_path: Path) -> None:
    ingest = ingestor(tmp_path)
    web.routes["/dupes.rss"] = lambda h: h.send(200, (
        "<rss version='2.0'><channel><title>d</title>"
        + "".join(f"<item><title>{p}</title><link>{web.url}{p}</link></item>"
                  for p in ("/gv/index_3.html", "/hop1", "/french", "/french-copy"))
        + "</channel></rss>").encode(), "application/rss+xml")
    report = ingest.run([web.url + "/dupes.rss"])
    assert report.counts["new"] == 2 and report.counts["duplicate"] == 2
    assert ingest.store.list().total == 2
    assert web.hits["/french-copy"] == 1  # fetched, found to be the same text: not briefed twice


def test_a_killed_ingest_run_loses_and_duplicates_nothing(web: WebServer, tmp_path: Path) -> None:
    """SIGKILL the real `briefing ingest` half-way through a 60-item feed, then run it again."""
    web.numbered = 60
    (tmp_path / "feeds.txt").write_text(f"# test feed\n{web.url}/numbered.rss\n")
    db = tmp_path / "db.sqlite"
    cmd = [sys.executable, "-c", "from service.cli import main; main()", "ingest",
           "--feeds", str(tmp_path / "feeds.txt"), "--extractor", "rules"]
    env = {"BRIEFING_DATABASE_URL": f"sqlite:///{db}", "BRIEFING_MODEL": "none", "PATH": "/usr/bin:/bin",
           "BRIEFING_ALLOW_PRIVATE_URLS": "true", "BRIEFING_FETCH_DELAY_S": "0",
           "BRIEFING_FEED_MAX_ITEMS": "100", "HOME": os.environ.get("HOME", "/tmp")}
    done = kill_after(cmd, env, db, briefings=10, timeout_s=120)
    assert 0 < done < 60, "the run should have been killed half-way"
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert stored_briefings(db) == 60
    with sqlite3.connect(db) as connection:
        states = dict(connection.execute("SELECT state, count(*) FROM feed_items GROUP BY state").fetchall())
        articles = connection.execute("SELECT count(*), count(DISTINCT text) FROM articles").fetchone()
    assert states == {"done": 60} and articles == (60, 60)
    assert sum(n for path, n in web.hits.items() if path.startswith("/item/")) <= 60 + 1
