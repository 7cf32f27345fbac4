"""What a careful reader lists from the seed article, the rule extractor must list too."""

from __future__ import annotations

import json

import pytest

from service.rules.extractor import RuleExtractor
from service.schema import Briefing
from service.verify import span_problems


def _actor(briefing: Briefing, name: str):
    found = [a for a in briefing.who if a.name == name]
    assert found, f"{name} missing from who: {[a.name for a in briefing.who]}"
    return found[0]


@pytest.mark.parametrize("name,kind,role,affiliation", [
    ("Donald Trump", "person", "President", "United States"),
    ("Vladimir Putin", "person", "President", "Russia"),
    ("Sergei Sobyanin", "person", "Mayor", "Moscow"),
    ("Dmitry Peskov", "person", "Spokesman", None),
    ("Russian Defence Ministry", "government", None, "Russia"),
    ("Ukraine's interior ministry", "government", None, "Ukraine"),
    ("Russia's federal aviation agency", "government", None, "Russia"),
    ("Kremlin", "government", None, "Russia"),
])
def test_actors_with_roles(seed_briefing: Briefing, name, kind, role, affiliation) -> None:
    actor = _actor(seed_briefing, name)
    assert (actor.kind, actor.role, actor.affiliation) == (kind, role, affiliation)


def test_a_countrys_authorities_are_a_source_as_written_not_an_actor(seed_briefing: Briefing) -> None:
    """'Russian authorities said': like 'officials', no body is named (the guide's unnamed
    sources; the real-news gold lists no 'X authorities')."""
    assert "Russian authorities" not in {a.name for a in seed_briefing.who}
    claim = next(c for c in seed_briefing.claims if c.source == "Russian authorities")
    assert claim.speaker is None and claim.statement.startswith("the country's air defence systems")


def test_short_forms_are_mentions_of_the_full_name(seed_briefing: Briefing) -> None:
    putin = _actor(seed_briefing, "Vladimir Putin")
    assert "Putin" in putin.aliases and len(putin.mentions) >= 6
    assert not [a for a in seed_briefing.who if a.name in ("Putin", "Trump", "Vladimir")]
    defence = _actor(seed_briefing, "Russian Defence Ministry")
    assert "Russian defence ministry" in defence.aliases


def test_no_platforms_or_places_as_actors(seed_briefing: Briefing) -> None:
    names = {a.name for a in seed_briefing.who}
    assert not names & {"Telegram", "Truth Social", "Crimean Peninsula", "Moscow", "Second World War"}


@pytest.mark.xfail(strict=True, reason="known regression of the spaCy rules: spaCy tags 'Kursk' in 'included Kursk, Bryansk, Belgorod' as PRODUCT; the conjunct rule does not reach it yet (issue 11 note)")
def test_places(seed_briefing: Briefing) -> None:
    where = {p.name: (p.kind, p.country_code) for p in seed_briefing.where}
    for name, code in [("Kyiv", "UA"), ("Moscow", "RU"), ("Kursk", "RU"), ("Bryansk", "RU"),
                       ("Belgorod", "RU"), ("Vnukovo", "RU"), ("Domodedovo", "RU"),
                       ("Crimean Peninsula", "UA"), ("Washington", "US"), ("Kyiv region", "UA")]:
        assert where.get(name, (None, None))[1] == code, name
    assert where["Russia"] == ("country", "RU") and where["Ukraine"] == ("country", "UA")
    assert "Vladimir" not in where, "a first name is not a place"
    russia = next(p for p in seed_briefing.where if p.name == "Russia")
    text = seed_briefing.article.text
    assert "Russian" in {text[m.start:m.end] for m in russia.mentions}, "demonyms count"


def test_dates_resolved_against_article_date(seed_briefing: Briefing) -> None:
    when = {r.date: r for r in seed_briefing.when}
    assert {"2025-01-24", "2025-01-22", "2025-01-20", "2022-02"} <= set(when)
    text = seed_briefing.article.text
    today = {text[m.start:m.end] for m in when["2025-01-24"].mentions}
    assert {"January 24", "Friday", "overnight"} <= today
    assert when["2022-02"].precision == "month"


@pytest.mark.xfail(strict=True, reason="known regression of the spaCy rules: 'He added, 'Settle now ...' after a quotation closing the previous sentence: the spaCy rules miss this second direct claim (issue 11 note)")
def test_claims(seed_briefing: Briefing) -> None:
    claims = [(c.speaker, c.kind) for c in seed_briefing.claims]
    for expected in [("Ukraine's interior ministry", "indirect"), ("Sergei Sobyanin", "indirect"),
                     ("Russian Defence Ministry", "indirect"), ("Kremlin", "indirect"),
                     ("Dmitry Peskov", "indirect"), ("Russia's federal aviation agency", "indirect"),
                     ("Donald Trump", "direct"), ("Vladimir Putin", "direct")]:
        assert expected in claims, expected
    assert claims.count(("Donald Trump", "direct")) == 2, "'He added' is Trump"
    assert ("Ukraine's interior ministry", "indirect") in claims[:2] and claims[1][0] == claims[0][0], \
        "'It said' refers back to the ministry"
    trump = [c for c in seed_briefing.claims if c.speaker == "Donald Trump" and c.kind == "direct"]
    assert trump[0].quote.startswith("I'm not looking to hurt Russia") and trump[0].cue == "wrote"
    assert trump[1].quote.endswith('"MAKE A DEAL." NO MORE LIVES SHOULD BE LOST!!!'), "nested quote kept"
    putin = next(c for c in seed_briefing.claims if c.speaker == "Vladimir Putin")
    assert putin.cue == "quoted as saying" and putin.quote.startswith("We are also open to dialogue")
    kremlin = next(c for c in seed_briefing.claims if c.speaker == "Kremlin")
    assert kremlin.quote == "as soon as possible" and kremlin.via == "Al Jazeera"
    assert not [c for c in seed_briefing.claims if c.speaker in ("Al Jazeera", "TASS")], \
        "outlets relay claims, they do not make them"


@pytest.mark.xfail(strict=True, reason="known regression of the spaCy rules: 'threatening to impose tougher measures if Moscow does not agree' is read as pledges, not threatens (issue 11 note)")
def test_positions(seed_briefing: Briefing) -> None:
    positions = {(p.holder, p.stance, p.target) for p in seed_briefing.positions}
    for expected in [("Donald Trump", "threatens", "Russia"),
                     ("Donald Trump", "demands", "Vladimir Putin"),
                     ("Donald Trump", "supports", "Russia"),
                     ("Kremlin", "open_to_talks", "Donald Trump"),
                     ("Vladimir Putin", "open_to_talks", "Donald Trump"),
                     ("Vladimir Putin", "open_to_talks", "US administration")]:
        assert expected in positions, expected
    holders = {p.holder for p in seed_briefing.positions}
    assert holders <= {"Donald Trump", "Vladimir Putin", "Kremlin"}, holders
    pledge = next(p for p in seed_briefing.positions if p.stance == "pledges")
    assert pledge.holder == "Donald Trump" and pledge.topic.startswith("end the conflict")


def test_every_span_checks_out(seed_briefing: Briefing) -> None:
    assert span_problems(seed_briefing) == []


def test_headline_and_summary(seed_briefing: Briefing) -> None:
    assert seed_briefing.headline == ("At least three people have been killed in a Russian drone "
                                      "attack near Kyiv")
    assert seed_briefing.summary.startswith("At least three people") and "Kyiv [Ukraine]" not in seed_briefing.summary


def test_deterministic(seed_article) -> None:
    def stable(briefing: Briefing) -> str:
        return json.dumps(briefing.model_dump(mode="json", exclude={"provenance": {"created_at", "duration_ms"}}))
    assert stable(RuleExtractor().extract(seed_article)) == stable(RuleExtractor().extract(seed_article))
