"""Kill a real CLI run half-way (SIGKILL) for the resume tests of `briefing digest` and
`briefing ingest`: nothing acknowledged may be lost, and a second run finishes the work."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path


def stored_briefings(db: Path) -> int:
    """Briefings in the SQLite file so far (0 before the table exists)."""
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM briefings").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def kill_after(cmd: list[str], env: dict[str, str], db: Path, briefings: int, timeout_s: float) -> int:
    """Start `cmd`, SIGKILL it once `db` holds `briefings` briefings (or it ends, or time is up)
    and return how many it had stored."""
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout_s
    while stored_briefings(db) < briefings and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return stored_briefings(db)
