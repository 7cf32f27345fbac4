"""The nightly digest: stories, merged actors, positions, conflicting figures, resume, bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from markupsafe import escape

from service.digests.conflicts import figures
from service.digests.model import Digest
from service.digests.render import to_html, to_markdown
from service.digests.run import run_digest, write_files
from service.errors import BriefingError
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput, Briefing
from service.store import Store

from .conftest import ROOT
from .resume import kill_after, stored_briefings

DAY = date(2025, 3, 14)
ARTICLES = ROOT / "seeds" / "articles"


@pytest.fixture()
def day_folder(tmp_path: Path) -> Path:
    """The twelve seed articles of 2025-03-14, alone in a folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in ARTICLES.glob("2025-03-14-*.json"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def seed_digest(tmp_path_factory) -> Digest:
    folder = tmp_path_factory.mktemp("seed-digest")
    return run_digest(DAY, Store(f"sqlite:///{folder / 'db.sqlite'}"), RuleExtractor(), ARTICLES)


def _story(digest: Digest, word: str):  # type: ignore[no-untyped-def]
    return next(s for s in digest.stories if word in s.title.lower() or word in s.summary.lower())


def _sources(digest: Digest, story) -> set[str]:  # type: ignore[no-untyped-def]
    by_id = {a.id: a for a in digest.articles}
    return {f"{by_id[i].source}|{by_id[i].title.split()[0]}" for i in story.articles}


def test_seed_day_groups_into_its_four_stories(seed_digest: Digest) -> None:
    assert seed_digest.stats.articles == 12 and seed_digest.stats.other_dates == 9
    assert len(seed_digest.stories) == 4 and all(len(s.articles) == 3 for s in seed_digest.stories)
    by_id = {a.id: a for a in seed_digest.articles}
    topics = {"odesa": "odesa", "sanctions": "sanctions", "geneva": "geneva", "drone parts": "drone"}
    for word, slug in topics.items():
        story = _story(seed_digest, word.split()[0] if word != "drone parts" else "china")
        names = {by_id[i].title for i in story.articles}
        files = {p.stem for p in ARTICLES.glob("2025-03-14-*.json")
                 if json.loads(p.read_text())["title"] in names}
        assert len(files) == 3 and all(slug in f for f in files), (word, files)


def test_actors_are_merged_across_articles(seed_digest: Digest) -> None:
    geneva = _story(seed_digest, "geneva")
    mammadli = [a for a in geneva.actors if "Mammadli" in a.name]
    assert len(mammadli) == 1 and mammadli[0].name == "Elnur Mammadli"
    assert len(mammadli[0].articles) == 3 and "Mammadli" in mammadli[0].aliases
    odesa = _story(seed_digest, "odesa")
    assert [a.name for a in odesa.actors if "Hrytsenko" in a.name] == ["Mykola Hrytsenko"]
    # a country is never merged into its own ministry
    assert {"Russia", "Russia's Defence Ministry"} <= {a.name for a in odesa.actors}


def test_positions_table_names_merged_holders(seed_digest: Digest) -> None:
    rows = {(p.holder, p.stance, p.target) for s in seed_digest.stories for p in s.positions}
    assert ("Kremlin", "condemns", None) in rows
    assert ("Claudia Brunner", "welcomes", None) in rows
    assert ("Ukraine", "accuses", "Russia") in rows
    assert ("Zhao Minghui", "accuses", "United States") in rows  # "Washington" is the United States


def test_conflicting_figures_are_flagged_side_by_side(seed_digest: Digest) -> None:
    odesa = _story(seed_digest, "odesa")
    conflicts = {c.quantity: c.values for c in odesa.conflicts}
    assert conflicts == {"drones": [47, 52], "killed": [2, 3]}
    drones = next(c for c in odesa.conflicts if c.quantity == "drones")
    assert {(r.value, r.source) for r in drones.reports} >= {(47, "Black Sea Wire"), (52, "Danube Herald")}
    assert all(not s.conflicts for s in seed_digest.stories if s is not odesa)


@pytest.mark.parametrize(("statement", "expected"), [
    ("Russia launched 47 drones at southern Ukraine overnight", [("drones", 47)]),
    ("killing two people and setting a grain warehouse on fire", [("killed", 2)]),
    ("Three people were killed when Russian drones hit port facilities", [("killed", 3)]),
    ("four port workers were wounded", [("wounded", 4)]),
    ("two banks in Kyrgyzstan", []),
])
def test_figures(statement: str, expected: list[tuple[str, int]]) -> None:
    assert figures(statement) == expected


def test_timeline_is_dated_and_linked(seed_digest: Digest) -> None:
    drone_parts = _story(seed_digest, "china")
    dates = [t.date for t in drone_parts.timeline]
    assert dates == sorted(dates) and {"2025-03-13", "2025-03-14"} <= set(dates)
    known = set(drone_parts.articles)
    assert all(set(t.articles) <= known for t in drone_parts.timeline)


class CountingExtractor:
    """The rule extractor, counting calls; can fail on one text or be 'killed' after N calls."""

    name = "rules"

    def __init__(self, fail_on: str | None = None, die_after: int | None = None) -> None:
        self.rules, self.calls, self.fail_on, self.die_after = RuleExtractor(), 0, fail_on, die_after

    def extract(self, source: ArticleInput) -> Briefing:
        if self.die_after is not None and self.calls >= self.die_after:
            raise KeyboardInterrupt  # what Ctrl-C does half-way through a run
        self.calls += 1
        if self.fail_on and self.fail_on in source.text:
            raise BriefingError("model timed out after 30 s")
        return self.rules.extract(source)


def test_an_interrupted_run_resumes_without_rebriefing(day_folder: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(KeyboardInterrupt):
        run_digest(DAY, store, CountingExtractor(die_after=5), day_folder)
    assert len(store.on_day(DAY)) == 5
    second = CountingExtractor()
    digest = run_digest(DAY, store, second, day_folder)
    assert second.calls == 7 and (digest.stats.briefed, digest.stats.reused) == (7, 5)
    ids = [a.id for a in digest.articles]
    assert len(ids) == 12 == len(set(ids))
    again = run_digest(DAY, store, CountingExtractor(), day_folder)
    assert again.stats.reused == 12 and again.stats.briefed == 0


def test_a_killed_cli_run_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    """SIGKILL the real `briefing digest` half-way through 400 articles, then run it again."""
    seeds = [json.loads(p.read_text()) for p in sorted(ARTICLES.glob("2025-03-14-*.json"))]
    lines = []
    for n in range(400):
        article = dict(seeds[n % len(seeds)])
        article["text"] += f"\nUpdate {n}: officials said more details would follow.\n"
        lines.append(json.dumps(article))
    (tmp_path / "day.jsonl").write_text("\n".join(lines) + "\n")
    db = tmp_path / "db.sqlite"
    cmd = [sys.executable, "-c", "from service.cli import main; main()", "digest", "--date", "2025-03-14",
           "--input", str(tmp_path / "day.jsonl"), "--out", str(tmp_path / "out"), "--extractor", "rules"]
    env = {"BRIEFING_DATABASE_URL": f"sqlite:///{db}", "BRIEFING_MODEL": "none", "PATH": "/usr/bin:/bin"}
    done = kill_after(cmd, env, db, briefings=40, timeout_s=60)
    assert 0 < done < 400, "the run should have been killed half-way"
    result = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    digest = Digest.model_validate_json((tmp_path / "out" / "digest.json").read_text())
    assert digest.stats.reused == done and digest.stats.briefed == 400 - done
    ids = [a.id for a in digest.articles]
    assert len(ids) == 400 == len(set(ids)) and stored_briefings(db) == 400
    assert b"400 articles" in result.stdout


def test_bad_articles_are_reported_and_skipped(day_folder: Path, tmp_path: Path) -> None:
    (day_folder / "empty.txt").write_text("")
    (day_folder / "latin1.txt").write_bytes("Caf\xe9 in Kyiv said talks".encode("latin-1"))
    (day_folder / "broken.json").write_text('{"text": "unterminated')
    digest = run_digest(DAY, Store(f"sqlite:///{tmp_path / 'db.sqlite'}"),
                        CountingExtractor(fail_on="Switzerland hosted a new round"), day_folder)
    errors = {e.item: e.reason for e in digest.errors}
    assert set(errors) == {"empty.txt", "latin1.txt", "broken.json",
                           "2025-03-14-geneva-talks-continental-times.json"}
    assert "empty" in errors["empty.txt"] and "not UTF-8" in errors["latin1.txt"]
    assert "invalid JSON" in errors["broken.json"] and "timed out" in errors[
        "2025-03-14-geneva-talks-continental-times.json"]
    assert digest.stats.articles == 11 and digest.stats.failed == 4


def test_jsonl_input_reports_bad_lines(tmp_path: Path) -> None:
    good = json.loads((ARTICLES / "2025-03-14-odesa-port-danube-herald.json").read_text())
    path = tmp_path / "day.jsonl"
    path.write_bytes(json.dumps(good).encode() + b"\n{oops\n" + b'{"text": "caf\xe9"}\n' + b'{"text": ""}\n')
    digest = run_digest(DAY, Store(f"sqlite:///{tmp_path / 'db.sqlite'}"), RuleExtractor(), path)
    assert digest.stats.articles == 1
    assert [e.item for e in digest.errors] == ["day.jsonl:2", "day.jsonl:3", "day.jsonl:4"]


def test_files_are_written_and_html_escapes_article_text(tmp_path: Path) -> None:
    hostile = {"text": "Kyiv, March 14 - The <script>alert(1)</script> ministry said on Friday that "
                       "talks would resume.", "title": "<b>bold</b> claim", "published_at": "2025-03-14"}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text(json.dumps(hostile))
    digest = run_digest(DAY, Store(f"sqlite:///{tmp_path / 'db.sqlite'}"), RuleExtractor(), tmp_path / "in")
    paths = write_files(digest, tmp_path / "out", Store(f"sqlite:///{tmp_path / 'db.sqlite'}").on_day(DAY))
    assert [p.name for p in paths] == ["digest.json", "digest.md", "digest.html", f"{digest.articles[0].id}.html"]
    html = (tmp_path / "out" / "digest.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "&lt;b&gt;bold" in html
    view = paths[-1].read_text()
    assert "<script>alert" not in view and "&lt;script&gt;alert(1)&lt;/script&gt;" in view
    assert "\\<b\\>bold\\</b\\> claim" in (tmp_path / "out" / "digest.md").read_text()
    assert Digest.model_validate_json((tmp_path / "out" / "digest.json").read_text()) == digest


def test_only_web_urls_are_links_and_markdown_is_inert(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    texts = ["Kyiv, March 14 - The <script>alert(1)</script> ministry said on Friday that talks "
             "would resume. [Click here](javascript:alert(2)) ![pixel](http://evil.test/p.gif)",
             "Kyiv, March 14 - Ukraine's foreign ministry said on Friday that talks would resume "
             "in Geneva, <img src=x onerror=alert(3)> officials said.",
             "Kyiv, March 14 - Ukraine said on Friday that talks with Russia would resume soon."]
    urls = ["javascript:alert(document.cookie)", "data:text/html,<script>alert(4)</script>",
            "https://news.example/a (b)"]
    (tmp_path / "in").mkdir()
    for n, (text, url) in enumerate(zip(texts, urls)):
        article = {"text": text, "url": url, "published_at": "2025-03-14",
                   "title": f"<script>x</script> [t{n}](javascript:alert(5)) *{n}*", "source": "a|b"}
        (tmp_path / "in" / f"{n}.json").write_text(json.dumps(article))
    digest = run_digest(DAY, Store(f"sqlite:///{tmp_path / 'db.sqlite'}"), RuleExtractor(), tmp_path / "in")
    assert digest.stats.articles == 3
    markdown, html = to_markdown(digest), to_html(digest)
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)  # as a Markdown viewer shows it
    for page in (html, rendered):
        assert "<script" not in page and "<img" not in page
        assert 'href="javascript:' not in page and 'href="data:' not in page
        assert page.count('href="http') == 1 and "news.example/a" in page
    assert "\\<script\\>" in markdown and "!\\[" in markdown  # escaped: shown as text, never run
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown) and "\\](javascript:" in markdown
    assert "https://news.example/a%20" in markdown  # the space encoded, the link one destination


def test_markdown_and_html_link_every_story_line_to_its_evidence(seed_digest: Digest) -> None:
    markdown, html = to_markdown(seed_digest), to_html(seed_digest)
    for number, story in enumerate(seed_digest.stories, start=1):
        assert f"## {number}. {story.title}" in markdown and str(escape(story.title)) in html
    assert "Conflicting figures" in markdown and "Conflicting figures" in html
    assert html.count('<li id="a') == len(seed_digest.articles)
    for article in seed_digest.articles:  # references lead to the evidence view, not to hash ids
        assert f"](briefings/{article.id}.html)" in markdown and f'href="briefings/{article.id}.html"' in html
        assert article.id not in markdown.replace(f"briefings/{article.id}.html", "")
    claims = [c for s in seed_digest.stories for c in s.claims]
    for claim in claims:  # every claim shows its sentence and links to its item
        link = f"briefings/{claim.article}.html#item-{claim.evidence.item}"
        assert f"({link})" in markdown and f'href="{link}"' in html
        assert claim.evidence.sentence and f"> {claim.evidence.sentence}" in markdown
    positions = [(p, e) for s in seed_digest.stories for p in s.positions for e in p.evidence]
    assert all(f'href="briefings/{e.article}.html#item-{e.item}"' in html for _, e in positions)


def test_nightly_schedule_and_build(tmp_path: Path) -> None:
    from service.api.deps import Services
    from service.api.metrics import Metrics
    from service.api.nightly import build_for, next_run
    from service.api.runner import ExtractionRunner
    from service.settings import Settings

    now = datetime(2025, 3, 15, 1, 30, tzinfo=UTC)
    assert next_run(now, "02:00") == datetime(2025, 3, 15, 2, 0, tzinfo=UTC)
    assert next_run(now, "01:00") == datetime(2025, 3, 16, 1, 0, tzinfo=UTC)
    settings = Settings(model="none", database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", digest_dir=tmp_path / "out")
    store = Store(settings.database_url)
    run_digest(DAY, store, RuleExtractor(), ARTICLES / "2025-03-14-odesa-port-danube-herald.json")
    services = Services(settings=settings, store=store, metrics=Metrics(), runner=ExtractionRunner(settings, ArticleInput(text="Kyiv said so.")))
    digest = build_for(DAY, services)
    assert digest.stats.articles == 1 and (tmp_path / "out" / "2025-03-14" / "digest.html").is_file()


def test_empty_digest_at_turns_the_schedule_off(tmp_path: Path) -> None:
    from service.settings import Settings

    from .server import Server

    server = Server(tmp_path, BRIEFING_DIGEST_AT="").start(ready=False)
    server.stop()  # it started: an empty value is 'off', not a pattern error
    assert Settings(digest_at="").digest_at is None and Settings(digest_at=" ").digest_at is None
    with pytest.raises(ValueError, match="digest_at"):
        Settings(digest_at="25:00")


def test_parallel_briefing_stores_every_article_once(day_folder: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    digest = run_digest(DAY, store, RuleExtractor(), day_folder, workers=4)
    ids = [a.id for a in digest.articles]
    assert digest.stats.briefed == 12 and len(ids) == 12 == len(set(ids)) and len(store.on_day(DAY)) == 12
