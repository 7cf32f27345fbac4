"""The digest as an editor reads it: order, top lines, disputes, whole phrases, timeline, credits, outlets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from service.digests.build import build_digest, outlet
from service.digests.conflicts import figure_reports, find_conflicts
from service.digests.merge import ActorIndex
from service.digests.model import Digest, DigestStats
from service.digests.phrases import tidy_statement, whole_phrase
from service.digests.render import to_html, to_markdown
from service.digests.run import run_digest
from service.digests.timeline import timeline
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput, Article, Briefing, Claim, Provenance, Span, TimeRef
from service.store import Store

from .conftest import ROOT

DAY = date(2025, 3, 14)


@pytest.fixture(scope="module")
def seed_digest(tmp_path_factory) -> Digest:
    folder = tmp_path_factory.mktemp("edit")
    return run_digest(DAY, Store(f"sqlite:///{folder / 'db.sqlite'}"), RuleExtractor(), ROOT / "seeds" / "articles")


def test_the_deadly_strike_leads_and_top_lines_say_why(seed_digest: Digest) -> None:
    first = seed_digest.stories[0]
    assert "odesa" in first.title.lower() and first.killed == [2, 3]
    assert [s.score for s in seed_digest.stories] == sorted((s.score for s in seed_digest.stories), reverse=True)
    markdown = to_markdown(seed_digest)
    top = markdown.split("**Top lines**")[1].split("## 1.")[0]
    assert f"1. {first.title}: 2-3 killed (reports differ)" in top and top.count("\n1. ") + top.count("\n2. ") == 2


def test_denial_is_shown_against_the_accusation(seed_digest: Digest) -> None:
    story = next(s for s in seed_digest.stories if "china" in s.title.lower())
    [dispute] = [d for d in story.disputes if d.kind == "denial"]
    stances = {(side.who, side.stance) for side in dispute.sides}
    assert ("China", "denies") in stances and ("United States", "accuses") in stances
    assert all(side.evidence.sentence and side.evidence.item for side in dispute.sides)
    assert "Accused and denied" in to_html(seed_digest)


@pytest.mark.parametrize(("phrase", "sentence", "expected"), [
    ("supplying drone engines and other components to Russia, rejecting a US accusation as",
     'China on Friday denied supplying drone engines and other components to Russia, rejecting a US accusation as "groundless".',
     'supplying drone engines and other components to Russia, rejecting a US accusation as "groundless"'),
    ("air defence systems to protect the Black", "She asked for air defence systems to protect the Black Sea coast.",
     "air defence systems to protect the Black Sea coast"),
    ("China to stop components from reaching factories, a",
     "Ukraine urged China to stop components from reaching factories, a day after the accusation.",
     "China to stop components from reaching factories"),
    ("the demand as interference in Armenia's internal affairs, but said Yerevan remained", "",
     "the demand as interference in Armenia's internal affairs"),
    ("called elimination of", "He called elimination of the militia a priority, officials said.",
     "called elimination of the militia a priority"),
    ("the measures", "The Kremlin said on Friday, calling the measures illegal.", "the measures"),
])
def test_topics_are_whole_phrases(phrase: str, sentence: str, expected: str) -> None:
    assert whole_phrase(phrase, sentence) == expected


@pytest.mark.parametrize(("statement", "expected"), [
    ("Moscow [Russia], March 14 - Russia will respond to the sanctions on its oil tankers, the",
     "Russia will respond to the sanctions on its oil tankers"),
    ("These illegal restrictions will hurt Europe more than they hurt Russia,",
     "These illegal restrictions will hurt Europe more than they hurt Russia"),
    ('Russian forces "strike only military targets', "Russian forces strike only military targets"),
    ('Moscow was preparing "mirror measures" but', 'Moscow was preparing "mirror measures"'),
])
def test_claims_lose_dangling_ends_and_stray_quotes(statement: str, expected: str) -> None:
    assert tidy_statement(statement) == expected


def test_seed_topics_never_end_on_a_function_word(seed_digest: Digest) -> None:
    topics = [t for s in seed_digest.stories for p in s.positions for t in p.topics]
    assert topics and all(t.split()[-1].lower() not in {"of", "the", "a", "as", "to", "and"} for t in topics)


def _briefing(text: str, when: list[TimeRef], source: str | None = "Wire", url: str | None = None,
              claims: list[Claim] | None = None) -> Briefing:
    return Briefing(article=Article(id=str(abs(hash(text)))[:16].rjust(16, "0"), source=source, url=url,
                                    published_at=DAY, text=text),
                    headline="h", summary="s", when=when, claims=claims or [],
                    provenance=Provenance(extractor="rules", extractor_version="t",
                                          created_at=datetime.now(UTC), duration_ms=1))


def _when(text: str, phrase: str, day: str) -> TimeRef:
    start = text.index(phrase)
    return TimeRef(text=phrase, date=day, mentions=[Span(start=start, end=start + len(phrase))])


def test_timeline_dates_the_event_clause_once() -> None:
    text = ("Three people were killed on Thursday night, the service said on Friday. "
            "The leader vowed on Friday to hold the line, in the worst attack since February 2022.")
    rows = timeline([_briefing(text, [_when(text, "Thursday night", "2025-03-13"), _when(text, "Friday.", "2025-03-14"),
                                      _when(text, "Friday to", "2025-03-14"), _when(text, "February 2022", "2022-02")])])
    assert [(r.date, r.text[:12]) for r in rows] == [("2025-03-13", "Three people"), ("2025-03-14", "The leader v")]


def test_figures_are_credited_to_who_the_sentence_names() -> None:
    from service.schema import Actor
    text = "Two people were killed in the strike, regional governor Ivan Petrenko said. Three people were killed."
    a = _briefing(text, [], source="Wire A")
    a = a.model_copy(update={"who": [Actor(name="Ivan Petrenko", kind="person",
                                           mentions=[Span(start=text.index("Ivan"), end=text.index(" said"))])]})
    b = _briefing("Officials said nothing. Five people were killed, the air force said.", [], source="Wire B",
                  claims=[Claim(source="the air force", statement="Five people were killed", kind="indirect",
                                evidence=Span(start=24, end=47))])
    reports = figure_reports([a, b], ActorIndex([a, b]), {a.article.id: "Wire A", b.article.id: "Wire B"})
    assert {(r.value, r.speaker) for r in reports["killed"]} == {(2, "Ivan Petrenko"), (3, None), (5, "the air force")}
    digest = build_digest(DAY, [a, b], [], DigestStats(articles=0, briefed=0, reused=0, failed=0, other_dates=0, seconds=0))
    story = digest.stories[0].model_copy(update={"conflicts": find_conflicts(reports)})
    assert "Wire A (own report)" in to_html(digest.model_copy(update={"stories": [story]}))


def test_outlet_comes_from_metadata_then_relay_then_url() -> None:
    relayed = _briefing("x", [], source=None, claims=[Claim(statement="x", kind="indirect", via="TASS",
                                                           evidence=Span(start=0, end=1))])
    assert outlet(_briefing("x", [], source="Wire")) == "Wire"
    assert outlet(relayed) == "TASS"
    assert outlet(_briefing("x", [], source=None, url="https://www.example.org/a")) == "example.org"
    assert outlet(_briefing("x", [], source=None)) is None


def test_footer_says_how_it_was_made(seed_digest: Digest) -> None:
    html = to_html(seed_digest)
    footer = html.split("How this was made")[1]
    assert "rules</strong> extractor (12 articles)" in footer and "no language model" in footer
    assert "9 inputs of other days left out" in footer and "claims: " in footer and "ranked by" in footer
    assert "unknown source" not in html and "unknown source" not in to_markdown(seed_digest)
