"""The evaluation harness: matcher, report numbers, regression gate, gold loading errors."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.errors import BriefingError
from service.evaluation.gold import GoldBriefing, GoldError, load_gold
from service.evaluation.report import evaluate
from service.evaluation.scoring import score_case
from service.evaluation.matching import greedy_pairs
from service.names import NAME_THRESHOLD, name_similarity
from service.schema import (Actor, Article, ArticleInput, Briefing, Claim, Place, Position,
                            Provenance, Span)

from .test_cli import run

GOLD_DIR = Path(__file__).resolve().parent.parent / "seeds" / "gold"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Vladimir Putin", "Vladimir Putin", True),                 # exact
    ("Putin", "Vladimir Putin", True),                          # surname alias
    ("Russian Presiden Vladimir Putin", "Vladimir Putin", True),  # title and typo around the name
    ("Mykola Hritsenko", "Mykola Hrytsenko", True),             # near-miss spelling
    ("US", "United States", True),                              # abbreviation
    ("the Kremlin", "Kremlin", True),
    ("Russia's Defence Ministry", "Russian Defence Ministry", True),
    ("Russia", "Russia's Defence Ministry", False),             # a country is not its ministry
    ("Russian Defence Ministry", "Russian Foreign Ministry", False),
    ("United States", "United Nations", False),
    ("Oksana Demchuk", "Oksana Melnyk", False),                 # same first name, other person
])
def test_name_matching(a: str, b: str, same: bool) -> None:
    assert (name_similarity(a, b) >= NAME_THRESHOLD) is same


def test_an_identical_name_pairs_before_a_longer_one_that_contains_it() -> None:
    """Gold lists 'Saudi consulate in Istanbul' and 'Istanbul': a prediction 'Istanbul' is the
    second, whichever the gold lists first."""
    assert name_similarity("Istanbul", "Istanbul") > name_similarity("Istanbul", "Saudi consulate in Istanbul")
    pairs = greedy_pairs(["Istanbul"], ["Saudi consulate in Istanbul", "Istanbul"],
                         lambda p, g: name_similarity(p, g))
    assert pairs == [(0, 1)]


TEXT = "Vladimir Putin met Donald Trump in Moscow. Putin said the talks were useful."


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start=start, end=start + len(words))


def _briefing(text: str, who: list[str], where: list[str], claims: list[tuple[str | None, str]],
              positions: list[tuple[str, str, str | None]], ungrounded_place: bool = False) -> Briefing:
    """A hand-made prediction whose items are grounded in `text` (except where asked)."""
    places = [Place(name=p, kind="city", mentions=[_span(text, p)]) for p in where]
    if ungrounded_place:
        places.append(Place(name="Atlantis", kind="city", mentions=[Span(start=0, end=len(text) + 5)]))
    return Briefing(
        article=Article(id="x", text=text), headline="h", summary="s",
        who=[Actor(name=n, kind="person", mentions=[_span(text, n)]) for n in who],
        where=places,
        claims=[Claim(speaker=s, statement=st, kind="indirect", evidence=_span(text, st)) for s, st in claims],
        positions=[Position(holder=h, stance=st, target=t, evidence=[_span(text, h)]) for h, st, t in positions],
        provenance=Provenance(extractor="hand", extractor_version="0", created_at=datetime.now(UTC), duration_ms=0))


GOLD = GoldBriefing.model_validate({
    "who": [{"name": "Vladimir Putin", "aliases": ["Putin"]}, {"name": "Donald Trump"}],
    "where": [{"name": "Moscow"}],
    "claims": [{"speaker": "Vladimir Putin", "statement": "the talks were useful"}],
})


def test_wrong_speaker_does_not_match_a_claim() -> None:
    right = _briefing(TEXT, ["Vladimir Putin", "Donald Trump"], [], [("Vladimir Putin", "the talks were useful")], [])
    wrong = _briefing(TEXT, ["Vladimir Putin", "Donald Trump"], [], [("Donald Trump", "the talks were useful")], [])
    assert score_case(right, GOLD).counts["claims"].tp == 1
    counts = score_case(wrong, GOLD).counts["claims"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)


def test_each_gold_item_matches_at_most_one_prediction() -> None:
    twice = _briefing(TEXT, ["Vladimir Putin", "Putin"], [], [], [])
    counts = score_case(twice, GOLD).counts["who"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)


class HandExtractor:
    """Answers a fixed briefing for the first article and fails on any other."""

    name = "hand"

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing

    def extract(self, source: ArticleInput) -> Briefing:
        if source.text != TEXT:
            raise BriefingError("model timed out")
        return self.briefing


def test_report_on_a_tiny_gold_set_has_the_known_numbers() -> None:
    from service.evaluation.gold import GoldCase

    predicted = _briefing(TEXT, ["Vladimir Putin", "Moscow"], ["Moscow"],
                          [("Vladimir Putin", "the talks were useful")],
                          [("Vladimir Putin", "supports", "Donald Trump")], ungrounded_place=True)
    cases = [GoldCase("a", ArticleInput(text=TEXT), GOLD),
             GoldCase("b", ArticleInput(text="Another story."), GOLD)]
    report = evaluate(cases, HandExtractor(predicted), "tiny")
    who = report.fields["who"]
    assert (who.tp, who.fp, who.fn) == (1, 1, 3)                       # b failed: its 2 actors missed
    assert (who.precision, who.recall, who.f1) == (0.5, 0.25, 0.3333)
    assert who.macro_f1 == 0.25                                       # mean of 0.5 (a) and 0.0 (b)
    where = report.fields["where"]
    assert (where.tp, where.fp, where.fn) == (1, 1, 1)
    assert report.fields["positions"].precision == 0.0 and report.fields["positions"].fn == 0
    assert report.valid_share == 0.5 and report.failed == ["b: model timed out"]
    # ungrounded: the place past the end of the text, and the position whose target is not in `who`
    assert report.items_emitted == 6 and report.grounding_rate == round(4 / 6, 4)
    assert report.per_article[0].spurious["where"] == ["Atlantis"]


def _tiny_gold_dir(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    (tmp_path / "articles").mkdir()
    for name in ("2025-03-06-israel-lebanon.json", "2025-03-11-poland-belarus-border.json"):
        shutil.copy(GOLD_DIR / name, gold / name)
        shutil.copy(GOLD_DIR.parent / "articles" / name, tmp_path / "articles" / name)
    return gold


def test_regression_gate_exits_1_when_an_f1_drops(tmp_path: Path) -> None:
    gold, report = _tiny_gold_dir(tmp_path), tmp_path / "report.json"
    first = run("eval", "--gold", str(gold), "--extractor", "rules", "--out", str(report))
    assert first.returncode == 0, first.stderr
    assert b"who" in first.stdout and b"grounding rate" in first.stdout
    same = run("eval", "--gold", str(gold), "--extractor", "rules", "--baseline", str(report))
    assert same.returncode == 0, same.stderr
    better = json.loads(report.read_text())
    better["fields"]["claims"]["f1"] = min(1.0, better["fields"]["claims"]["f1"] + 0.2)
    (tmp_path / "better.json").write_text(json.dumps(better))
    worse = run("eval", "--gold", str(gold), "--extractor", "rules", "--baseline", str(tmp_path / "better.json"))
    assert worse.returncode == 1
    assert b"REGRESSION" in worse.stderr and b"claims F1" in worse.stderr


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not a JSON gold file"),
    ('{"article": {"text": "x"}}', "field 'gold'"),
    ('{"article": {"text": "x"}, "gold": {"positions": [{"holder": "A", "stance": "likes"}]}}',
     "field 'gold.positions.0.stance'"),
    ('{"article": "../nowhere.json", "gold": {}}', "article '../nowhere.json'"),
])
def test_malformed_gold_file_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(GoldError, match="bad.json") as error:
        load_gold(tmp_path)
    assert message in str(error.value)


def test_jsonl_gold_loads_and_a_bad_line_is_named(tmp_path: Path) -> None:
    good = json.dumps({"text": TEXT, "published_at": "2025-01-24", "gold": GOLD.model_dump()})
    path = tmp_path / "gold.jsonl"
    path.write_text(good + "\n\n" + good + "\n")
    cases = load_gold(path)
    assert [c.name for c in cases] == ["gold.jsonl:1", "gold.jsonl:3"]
    assert cases[0].article.published_at.isoformat() == "2025-01-24" and cases[0].gold == GOLD
    path.write_text(good + "\n" + json.dumps({"text": TEXT}) + "\n")
    with pytest.raises(GoldError, match=r"gold.jsonl:2: expected an object with 'text' and 'gold'"):
        load_gold(path)
    path.write_bytes(good.encode() + b"\n" + '{"text": "caf\xe9"}'.encode("latin-1") + b"\n")
    with pytest.raises(GoldError, match=r"gold.jsonl:2: not UTF-8"):
        load_gold(path)


def test_cli_reports_a_malformed_gold_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("[]")
    result = run("eval", "--gold", str(tmp_path), "--extractor", "rules")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: ") and b"broken.json" in result.stderr


def test_seed_gold_set_is_large_enough_and_rich() -> None:
    cases = load_gold(GOLD_DIR)
    assert len(cases) >= 20
    assert sum(len(c.gold.claims) for c in cases) >= 50 and sum(len(c.gold.positions) for c in cases) >= 40
    for case in cases:  # every gold statement and quote is the article's own words
        assert all(c.statement in case.article.text for c in case.gold.claims), case.name

