"""Schema changes as numbered Alembic migrations (versions/NNNN_*.py), applied when a Store opens,
for SQLite and PostgreSQL alike. A database made before migrations existed (tables, no
alembic_version) is adopted as revision 0001 and brought forward from there."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
FIRST = "0001"


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision; one process at a time (several service
    processes may start on one database together)."""
    with schema_lock(engine) as connection:
        config = _config(connection)
        tables = set(inspect(connection).get_table_names())
        if "articles" in tables and "alembic_version" not in tables:
            command.stamp(config, FIRST)
        command.upgrade(config, "head")


@contextmanager
def schema_lock(engine: Engine) -> Iterator[Connection]:
    """A transaction in which this process alone changes the schema: PostgreSQL's advisory lock,
    held until the transaction ends, or SQLite's lock file. Whatever makes tables at start takes
    it, or two processes starting on one fresh database both try to make them."""
    with _exclusive(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(7431250917)"))
        yield connection


def head() -> str:
    """The newest revision, e.g. '0002'."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(None)).get_current_head() or ""


def _config(connection: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _exclusive(engine: Engine) -> Iterator[None]:
    """SQLite has no advisory locks: a lock file beside the database serialises migrations."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock = Path(database.removeprefix("file:").split("?")[0] + ".migrate.lock")
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
