"""The `briefing` command, run as a user runs it: bad input is one clear line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.schema import Briefing
from service.verify import span_problems

from .conftest import SEED


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-c", "from service.cli import main; main()", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=120)


def test_extract_seed_prints_a_valid_grounded_briefing() -> None:
    result = run("extract", "--extractor", "rules", str(SEED))
    assert result.returncode == 0, result.stderr
    briefing = Briefing.model_validate_json(result.stdout)
    assert briefing.article.published_at.isoformat() == "2025-01-24"
    assert span_problems(briefing) == []


def test_extract_json_article_from_stdin() -> None:
    body = json.dumps({"text": "Russian President Vladimir Putin said on Monday that talks were possible.",
                       "title": "Putin on talks", "published_at": "2025-01-24", "source": "test"})
    result = run("extract", "--extractor", "rules", "-", stdin=body.encode())
    assert result.returncode == 0, result.stderr
    briefing = Briefing.model_validate_json(result.stdout)
    assert briefing.headline == "Putin on talks" and briefing.article.source == "test"
    assert briefing.who[0].name == "Vladimir Putin"
    assert briefing.when[0].date == "2025-01-20"


def _write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\t  \n", "empty"),
    ("header-only.txt", b"date 2025-01-24\n", "empty"),
    ("bad.json", b'{"text": "unterminated', "invalid JSON"),
    ("wrong-type.json", b'{"text": 42}', "field 'text'"),
    ("no-text.json", b'{"title": "x"}', "field 'text'"),
    ("latin1.txt", "Caf\u00e9 in Kyiv".encode("latin-1"), "not UTF-8"),
    ("huge.txt", b"word " * 1_000_000, "limit"),
    ("surrogate-title.json", b'{"text": "Kyiv said so.", "title": "a\\udc00"}', "field 'title'"),
    ("surrogate-text.json", b'{"text": "Kyiv \\ud800 said so."}', "field 'text'"),
    ("far-future.txt", b"date 9999-12-31\nKyiv said talks resume tomorrow.", "published_at"),
    ("year-one.json", b'{"text": "Talks on Friday.", "published_at": "0001-01-01"}', "published_at"),
    ("deep.json", b'{"text": "x", "n": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
    ("invisible.txt", "\u200b\u202e\u2060".encode(), "no visible characters"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    result = run("extract", _write(tmp_path, name, content))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert message in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1 and result.stdout == b""


@pytest.mark.parametrize("day", ["2025-02-30", "tomorrow", "20250101x"])
def test_digest_bad_date_is_one_line_and_exit_2(tmp_path: Path, day: str) -> None:
    result = run("digest", "--date", day, "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.decode().strip() == \
        f"error: --date: '{day}' is not a date (YYYY-MM-DD)"


def test_missing_file(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and b"no such file" in result.stderr


def test_unknown_extractor() -> None:
    result = run("extract", "--extractor", "magic", str(SEED))
    assert result.returncode == 2 and b"unknown extractor" in result.stderr


def test_llm_with_a_missing_model_fails_clearly(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "BRIEFING_MODEL": str(tmp_path / "missing"), "BRIEFING_CACHE_DIR": str(tmp_path)}
    cmd = [sys.executable, "-c", "from service.cli import main; main()", "extract", "--extractor", "llm", str(SEED)]
    result = subprocess.run(cmd, capture_output=True, timeout=120, env=env)
    assert result.returncode == 2, result.stderr
    assert b"does not exist" in result.stderr and b"Traceback" not in result.stderr
    env_auto = {**env}
    auto = subprocess.run(cmd[:-3] + ["--extractor", "auto", str(SEED)], capture_output=True, timeout=120, env=env_auto)
    assert auto.returncode == 0
    assert "does not exist" in " ".join(Briefing.model_validate_json(auto.stdout).provenance.warnings)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/news/1", "http://10.1.2.3/a?b=c"])
def test_a_url_is_fetched_not_read_as_a_missing_file(url: str) -> None:
    """A URL is a URL (not a path whose '//' collapsed): here an internal one, refused by name."""
    result = run("extract", url)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "refused" in stderr and "no such file" not in stderr and len(stderr.splitlines()) == 1


def test_digest_of_the_first_seed_day_counts_in_the_singular(tmp_path: Path) -> None:
    """`make digest DAY=2025-01-24`: one article, one story, and the line says so; --refresh
    briefs it again and keeps the first briefing as version 1."""
    import os

    from service.article import article_id, read_article_file
    from service.store import Store

    db = tmp_path / "db.sqlite"
    env = {**os.environ, "BRIEFING_DATABASE_URL": f"sqlite:///{db}", "BRIEFING_MODEL": "none"}
    cmd = [sys.executable, "-c", "from service.cli import main; main()", "digest", "--date", "2025-01-24",
           "--input", str(SEED), "--out", str(tmp_path / "out"), "--extractor", "rules"]
    first = subprocess.run(cmd, capture_output=True, timeout=300, env=env)
    assert first.returncode == 0, first.stderr
    assert b"1 article in 1 story; briefed 1, reused 0" in first.stdout
    assert "1 article in 1 story." in (tmp_path / "out" / "digest.md").read_text()
    assert "1 article · 1 story" in (tmp_path / "out" / "digest.html").read_text()
    again = subprocess.run(cmd + ["--refresh"], capture_output=True, timeout=300, env=env)
    assert again.returncode == 0 and b"briefed 1, reused 0" in again.stdout, again.stderr
    ident = article_id(read_article_file(SEED).text)
    assert [v.version for v in Store(f"sqlite:///{db}").versions(ident)] == [1, 2]
