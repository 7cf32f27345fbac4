"""Persistence: articles stored verbatim with their briefings (SQLAlchemy 2; SQLite by default).

The article id is the primary key, so the same text posted twice, even by 50 clients at once,
is stored exactly once: the losers of the race read back the winner's briefing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import (Date, DateTime, ForeignKey, Integer, String, Text, create_engine, delete, event,
                        func, insert, make_url, select, text, update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from . import migrations
from .errors import StorageError
from .schema import Article, Briefing


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BriefingRow(Base):
    __tablename__ = "briefings"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    extractor: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class BriefingVersionRow(Base):
    """Earlier briefings of an article, kept when it is briefed again (`refresh`). The current
    briefing stays in `briefings` (the read path is unchanged); its version is one more than the
    number kept here. Made by migration 0003; no change to the other tables."""

    __tablename__ = "briefing_versions"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    extractor: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DigestRow(Base):
    __tablename__ = "digests"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Version:
    """One briefing of an article: its number (1 is the first), extractor and time."""

    version: int
    extractor: str
    created_at: datetime
    current: bool


@dataclass(frozen=True)
class Page:
    items: list[Briefing]
    total: int


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its folder created, WAL mode and a busy timeout.

    SQL parameters are never put in errors or logs: they hold the article text."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":  # SQLAlchemy's default would be psycopg2: use psycopg 3
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        # a URI filename (sqlite:///file:PATH?mode=ro&uri=true) names its file after 'file:'
        Path(parsed.database.removeprefix("file:")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, pool_pre_ping=not url.startswith("sqlite"),  # a file needs no ping
                           hide_parameters=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    return engine


def _reason(exc: DBAPIError) -> str:
    """The driver's own message, first line only (no SQL, no parameters)."""
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__


class Store:
    """Articles and briefings; every method opens and closes its own session (thread-safe)."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        migrations.upgrade(self.engine)  # the tables above, as service/migrations/ makes them
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # One writer at a time in this process: SQLite allows one anyway, and waiting on a lock
        # beats waiting in SQLite's busy handler, which sleeps in steps of up to 100 ms.
        self._write_lock = threading.Lock()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def writable(self) -> bool:
        """Whether a write would succeed: a delete of no rows, rolled back, still needs write
        access (a read-only file, folder, connection or transaction refuses it)."""
        try:
            with self._write_lock, self.engine.connect() as connection:
                connection.execute(delete(DigestRow).where(text("1 = 0")))
                connection.rollback()
            return True
        except DBAPIError:
            return False

    def get(self, article_id: str) -> Briefing | None:
        body = self.get_json(article_id)
        return Briefing.model_validate_json(body) if body is not None else None

    def get_json(self, article_id: str) -> str | None:
        """The stored briefing as its JSON text, unparsed (what the API sends)."""
        with self._sessions() as session:
            return session.scalar(select(BriefingRow.body).where(BriefingRow.article_id == article_id))

    def add(self, briefing: Briefing) -> tuple[Briefing, bool]:
        """Store the article and its briefing; (stored briefing, created?) - never a duplicate."""
        body, created = self.add_json(briefing.article, briefing.provenance.extractor,
                                      briefing.model_dump_json())
        return (briefing if created else Briefing.model_validate_json(body)), created

    def add_json(self, article: Article, extractor: str, body: str) -> tuple[str, bool]:
        """`add` for a briefing already serialised (the service's path): (stored JSON, created?)."""
        now = datetime.now(timezone.utc)
        try:
            # Core inserts, not ORM objects: this is the service's hot path (~0.3 ms, not ~1 ms)
            with self._write_lock, self.engine.begin() as connection:
                connection.execute(insert(ArticleRow), [dict(
                    id=article.id, text=article.text, title=article.title, source=article.source,
                    url=article.url, published_at=article.published_at, language=article.language,
                    received_at=now)])
                connection.execute(insert(BriefingRow), [dict(
                    article_id=article.id, extractor=extractor, body=body, created_at=now)])
            return body, True
        except IntegrityError:
            existing = self.get_json(article.id)
            if existing is None:  # the winner has not committed its briefing yet: cannot happen
                raise                 # in one transaction, but never hide it if it does
            return existing, False
        except DBAPIError as exc:  # read-only, disk full, unreachable: the message has no parameters
            raise StorageError(f"the database cannot store briefings now ({_reason(exc)})") from None

    def replace_json(self, article: Article, extractor: str, body: str) -> tuple[str, int]:
        """Store a new briefing of an article as its current one, keeping the earlier briefing
        as a version: (stored JSON, its version). An article not stored yet is added (version 1)."""
        for _ in range(5):
            try:
                version = self._supersede(article.id, extractor, body)
            except IntegrityError:  # another process took that version number first: read again
                continue
            if version is not None:
                return body, version
            stored, created = self.add_json(article, extractor, body)
            if created:
                return stored, 1
        raise RuntimeError(f"could not store a new briefing of {article.id}: raced five times")

    def _supersede(self, article_id: str, extractor: str, body: str) -> int | None:
        """Move the current briefing to `briefing_versions` and put `body` in its place, in one
        transaction: the new version number, or None when the article has no briefing yet."""
        with self._write_lock, self.engine.begin() as connection:
            current = connection.execute(select(BriefingRow).where(
                BriefingRow.article_id == article_id)).first()
            if current is None:
                return None
            kept = connection.scalar(select(func.count()).where(
                BriefingVersionRow.article_id == article_id)) or 0
            connection.execute(insert(BriefingVersionRow), [dict(
                article_id=article_id, version=kept + 1, extractor=current.extractor,
                body=current.body, created_at=current.created_at)])
            connection.execute(update(BriefingRow).where(BriefingRow.article_id == article_id)
                               .values(extractor=extractor, body=body,
                                       created_at=datetime.now(timezone.utc)))
            return kept + 2

    def versions(self, article_id: str) -> list[Version]:
        """Every briefing of an article, oldest first; empty when it was never briefed."""
        with self._sessions() as session:
            current = session.get(BriefingRow, article_id)
            if current is None:
                return []
            kept = session.execute(select(BriefingVersionRow.version, BriefingVersionRow.extractor,
                                          BriefingVersionRow.created_at)
                                   .where(BriefingVersionRow.article_id == article_id)
                                   .order_by(BriefingVersionRow.version)).all()
        return [*(Version(v, e, c, False) for v, e, c in kept),
                Version(len(kept) + 1, current.extractor, current.created_at, True)]

    def get_version_json(self, article_id: str, version: int) -> str | None:
        """Version `version` of an article's briefing as stored (the current one included)."""
        with self._sessions() as session:
            body = session.scalar(select(BriefingVersionRow.body).where(
                BriefingVersionRow.article_id == article_id, BriefingVersionRow.version == version))
            if body is not None:
                return body
            kept = session.scalar(select(func.count()).where(BriefingVersionRow.article_id == article_id))
            return self.get_json(article_id) if version == (kept or 0) + 1 else None

    def list(self, since: date | None = None, until: date | None = None, source: str | None = None,
             limit: int = 50, offset: int = 0) -> Page:
        """Briefings by article date range and source, newest first."""
        query = select(BriefingRow.body).join(ArticleRow, ArticleRow.id == BriefingRow.article_id)
        count = select(func.count()).select_from(BriefingRow).join(ArticleRow, ArticleRow.id == BriefingRow.article_id)
        filters = []
        if since is not None:
            filters.append(ArticleRow.published_at >= since)
        if until is not None:
            filters.append(ArticleRow.published_at <= until)
        if source is not None:
            filters.append(ArticleRow.source == source)
        for condition in filters:
            query, count = query.where(condition), count.where(condition)
        query = query.order_by(ArticleRow.published_at.desc(), BriefingRow.created_at.desc(),
                               BriefingRow.article_id).limit(limit).offset(offset)
        with self._sessions() as session:
            bodies = session.scalars(query).all()
            total = session.scalar(count) or 0
        return Page(items=[Briefing.model_validate_json(b) for b in bodies], total=total)

    def on_day(self, day: date) -> list[Briefing]:
        """Every briefing of an article published on `day`, in id order."""
        query = (select(BriefingRow.body).join(ArticleRow, ArticleRow.id == BriefingRow.article_id)
                 .where(ArticleRow.published_at == day).order_by(ArticleRow.id))
        with self._sessions() as session:
            return [Briefing.model_validate_json(body) for body in session.scalars(query)]

    def fetch_failures(self, day: date) -> list[tuple[str, str]]:
        """(url, why) of the day's feed items and feeds that could not be fetched (the ingestion
        ledger's), for the digest's 'not briefed' list."""
        from .ingest.ledger import Ledger

        return Ledger(self.engine).failures(day)

    def save_digest(self, day: date, body: str) -> None:
        """Store (or replace) the digest of `day`; `body` is its JSON."""
        with self._write_lock, self._sessions.begin() as session:
            session.merge(DigestRow(day=day, body=body, created_at=datetime.now(timezone.utc)))

    def digest(self, day: date) -> str | None:
        """The stored digest JSON of `day`, if one was built."""
        with self._sessions() as session:
            row = session.get(DigestRow, day)
            return row.body if row else None
