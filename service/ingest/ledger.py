"""What ingestion has seen and done, in the service's database beside the articles.

- `feeds`: each feed's ETag and Last-Modified, for conditional requests.
- `feed_items`: every item a feed listed, keyed by its link: pending until its page is briefed
  and stored (done), or failed with the reason (retried on the next poll, up to MAX_ATTEMPTS).
  An item is written here before its page is fetched, so a run killed at any point loses none.
- `ingested_urls`: item links and canonical URLs already stored, for dedup before fetching.
- `fetch_log`: one row per fetch outcome (new, unchanged, duplicate, failed: why).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import DateTime, Integer, String, Text, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from ..migrations import schema_lock
from ..store import Base

MAX_ATTEMPTS = 5
Outcome = str  # new | unchanged | duplicate | failed


class FeedRow(Base):
    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FeedItemRow(Base):
    __tablename__ = "feed_items"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    feed: Mapped[str] = mapped_column(String(2000), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    day: Mapped[date] = mapped_column(index=True)  # the item's date, else the day it was first seen
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending | done | failed
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    article_id: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IngestedUrlRow(Base):
    __tablename__ = "ingested_urls"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(32))


class FetchLogRow(Base):
    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # feed | page
    url: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)


TABLES = [FeedRow.__table__, FeedItemRow.__table__, IngestedUrlRow.__table__, FetchLogRow.__table__]


@dataclass(frozen=True)
class Item:
    """A feed item to fetch: its link, its feed, what the feed says of it."""

    url: str
    feed: str
    title: str | None
    day: date
    attempts: int = 0


class Ledger:
    """Ingestion state on the store's engine; each method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        with schema_lock(engine) as connection:  # two services starting on one new database
            Base.metadata.create_all(connection, tables=TABLES)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.Lock()

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) remembered from the feed's last 200."""
        with self._sessions() as session:
            row = session.get(FeedRow, feed)
            return (row.etag, row.last_modified) if row else (None, None)

    def record_feed(self, feed: str, items: Iterable[Item], unlinked: Iterable[tuple[Item, str]],
                    etag: str | None, last_modified: str | None) -> tuple[int, int]:
        """Remember the feed's validators and its items not seen before: pending, or failed for
        good when they cannot be fetched (no link). (new pending, new failed)."""
        now = datetime.now(UTC)
        added = [0, 0]
        with self._lock, self._sessions.begin() as session:
            session.merge(FeedRow(url=feed, etag=etag, last_modified=last_modified, polled_at=now))
            rows = [(item, None) for item in items] + list(unlinked)
            for item, reason in rows:
                if session.get(FeedItemRow, item.url) is not None:
                    continue
                session.add(FeedItemRow(url=item.url, feed=feed, title=item.title, day=item.day,
                                        state="failed" if reason else "pending", reason=reason,
                                        attempts=MAX_ATTEMPTS if reason else 0, updated_at=now))
                if reason:
                    session.add(FetchLogRow(at=now, kind="page", url=item.url, outcome="failed", reason=reason))
                session.flush()
                added[bool(reason)] += 1
        return added[0], added[1]

    def due(self, feed: str) -> list[Item]:
        """The feed's items still to brief: pending, or failed fewer than MAX_ATTEMPTS times."""
        query = (select(FeedItemRow).where(FeedItemRow.feed == feed)
                 .where(FeedItemRow.state != "done").where(FeedItemRow.attempts < MAX_ATTEMPTS)
                 .order_by(FeedItemRow.day, FeedItemRow.url))
        with self._sessions() as session:
            return [Item(r.url, r.feed, r.title, r.day, r.attempts) for r in session.scalars(query)]

    def stored_as(self, url: str | None) -> str | None:
        """The article id a link or canonical URL was stored as, if it was."""
        if not url:
            return None
        with self._sessions() as session:
            return session.scalar(select(IngestedUrlRow.article_id).where(IngestedUrlRow.url == url))

    def done(self, item: Item, article_id: str, urls: Iterable[str | None], outcome: Outcome,
             reason: str | None = None) -> None:
        """The item's page is stored (or was already): mark it and remember its URLs."""
        now = datetime.now(UTC)
        with self._lock, self._sessions.begin() as session:
            row = session.get(FeedItemRow, item.url)
            if row is not None:
                row.state, row.article_id, row.reason, row.updated_at = "done", article_id, None, now
                row.attempts += 1
            for url in {u for u in urls if u}:
                session.merge(IngestedUrlRow(url=url, article_id=article_id))
            session.add(FetchLogRow(at=now, kind="page", url=item.url, outcome=outcome, reason=reason))

    def failed(self, item: Item, reason: str) -> None:
        now = datetime.now(UTC)
        with self._lock, self._sessions.begin() as session:
            row = session.get(FeedItemRow, item.url)
            if row is not None:
                row.state, row.reason, row.updated_at = "failed", reason, now
                row.attempts += 1
            session.add(FetchLogRow(at=now, kind="page", url=item.url, outcome="failed", reason=reason))

    def log(self, kind: str, url: str, outcome: Outcome, reason: str | None = None) -> None:
        with self._lock, self._sessions.begin() as session:
            session.add(FetchLogRow(at=datetime.now(UTC), kind=kind, url=url, outcome=outcome,
                                    reason=reason))

    def failures(self, day: date) -> list[tuple[str, str]]:
        """(url, why) of the day's items that failed, and of feeds whose last fetch that day failed."""
        items = (select(FeedItemRow.url, FeedItemRow.reason).where(FeedItemRow.day == day)
                 .where(FeedItemRow.state == "failed").order_by(FeedItemRow.url))
        last = (select(FetchLogRow.url, func.max(FetchLogRow.id).label("id"))
                .where(FetchLogRow.kind == "feed").group_by(FetchLogRow.url).subquery())
        feeds = (select(FetchLogRow.url, FetchLogRow.reason, FetchLogRow.at)
                 .join(last, last.c.id == FetchLogRow.id).where(FetchLogRow.outcome == "failed"))
        with self._sessions() as session:
            rows = [(url, reason or "failed") for url, reason in session.execute(items)]
            rows += [(url, reason or "failed") for url, reason, at in session.execute(feeds)
                     if _day(at) == day]
        return rows

    def counts(self) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
        """Items by state, and fetch outcomes by (kind, outcome): what /metrics shows."""
        with self._sessions() as session:
            states = dict(session.execute(select(FeedItemRow.state, func.count()).group_by(FeedItemRow.state)).all())
            outcomes = {(k, o): n for k, o, n in session.execute(
                select(FetchLogRow.kind, FetchLogRow.outcome, func.count())
                .group_by(FetchLogRow.kind, FetchLogRow.outcome))}
        return states, outcomes


def _day(moment: datetime) -> date:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()
