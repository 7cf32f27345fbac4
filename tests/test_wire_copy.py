"""Wire copy as agencies file it: an ALL-CAPS headline, a dateline line with the filing date,
paragraphs on their own lines, and no `published_at` beside the text. The texts are written for
these tests in that layout."""

from __future__ import annotations

from datetime import date

import pytest

from service.article import find_dateline
from service.rules.dates import extract_dates
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput, Briefing
from service.truecase import recase

WIRE = (
    "PORTUGAL REJECTS SPANISH CALL TO CLOSE TAGUS DAM\n"
    "LISBON 2026-11-20\n\n"
    "Portugal on Friday rejected a Spanish request to close a dam on the Tagus river, the "
    "environment ministry said.\n"
    '"We will not close it," Environment Minister Rui Fonseca told reporters in Porto.\n'
    "Fonseca said he will meet his Spanish counterpart Ana Llorente in Madrid on Monday.\n")


def brief(text: str, published_at: str | None = None) -> Briefing:
    return RuleExtractor().extract(ArticleInput(text=text, published_at=published_at))


def test_a_shouted_headline_is_read_in_the_case_the_story_writes_its_words() -> None:
    recased = recase(WIRE)
    assert len(recased) == len(WIRE)
    assert recased.startswith("Portugal rejects Spanish call to close Tagus dam\nLisbon 2026-11-20")
    assert recased[60:] == WIRE[60:]  # the story's own lines are untouched


def test_a_shouted_quote_is_read_like_a_shouted_line_and_acronyms_stay() -> None:
    text = ('President Trump has yet to concede, saying "I WON THIS ELECTION, BY A LOT!" on '
            'Twitter. The US, UK, EU and NATO said nothing.')
    recased = recase(text)
    assert len(recased) == len(text)
    assert '"I won this election, by a lot!"' in recased
    assert recased.endswith("The US, UK, EU and NATO said nothing.")


def test_a_headline_names_the_same_actor_as_the_story() -> None:
    briefing = brief(WIRE)
    portugal = [a for a in briefing.who if a.name == "Portugal"]
    assert len(portugal) == 1
    assert portugal[0].mentions[0].start == 0  # the headline's 'PORTUGAL'
    assert "PORTUGAL" in portugal[0].aliases
    assert not [a for a in briefing.who if a.name.isupper() and len(a.name) > 4]


def test_a_headline_and_a_dateline_are_not_part_of_the_first_sentence() -> None:
    briefing = brief(WIRE)
    statements = [c.statement for c in briefing.claims]
    assert statements[0].startswith("Portugal on Friday rejected")
    assert all("LISBON" not in s and "DAM" not in s for s in statements)


def test_the_dateline_place_and_date_anchor_the_story() -> None:
    briefing = brief(WIRE)
    lisbon = next(p for p in briefing.where if p.name == "Lisbon")
    assert WIRE[lisbon.mentions[0].start:lisbon.mentions[0].end] == "LISBON"
    dates = {r.text: r.date for r in briefing.when}
    assert dates["2026-11-20"] == "2026-11-20"
    assert dates["Monday"] == "2026-11-23"  # 'will meet ... on Monday': the coming one
    assert "Friday" not in dates  # the same day as the dateline date: one entry


@pytest.mark.parametrize("text, place, filed, body", [
    ("Kyiv [Ukraine], January 24 : Russia said", "Kyiv", None, "Russia"),
    ("WASHINGTON (Reuters) - The Senate voted", "WASHINGTON", None, "The Senate"),
    ("LONDON, March 3, 2026 (AP) \u2014 The government", "LONDON", date(2026, 3, 3), "The government"),
    ("MINISTERS MEET\nOSLO 2025-06-02\n\nMinisters met", "OSLO", date(2025, 6, 2), "Ministers met"),
    ("BRAS\u00cdLIA, Brazil \u2013 Mr. Luiz In\u00e1cio Lula da Silva met", "BRAS\u00cdLIA", None, "Mr. Luiz"),
])
def test_wire_datelines(text: str, place: str, filed: date | None, body: str) -> None:
    dateline = find_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.filed) == (place, filed)
    assert text[dateline.start:dateline.end] == place
    assert text[dateline.story_start:].startswith(body)


@pytest.mark.parametrize("text", [
    "Boris Johnson (the prime minister) - who resigned - spoke.",
    "Germany, France and Italy - the founders - agreed.",
    "Russia said on Monday it would respond.",
    "WASHINGTON, Boris - no dateline names a person after the comma.",
])
def test_sentences_that_only_look_like_datelines(text: str) -> None:
    assert find_dateline(text) is None


def test_a_line_wrapped_mid_sentence_stays_one_sentence() -> None:
    text = ("The foreign minister of Norway said the talks in Oslo had been\n"
            "constructive and that both sides would return next month.")
    briefing = brief(text, "2026-11-20")
    assert [c.statement for c in briefing.claims] == [
        "the talks in Oslo had been\nconstructive and that both sides would return next month"]


@pytest.mark.parametrize("text, expected", [
    ("The ministers will meet on Friday in Paris.", "2026-11-20"),  # the article's own Friday
    ("The ministers will meet on Monday in Paris.", "2026-11-23"),
    ("A summit is scheduled for Thursday.", "2026-11-26"),
    ("Putin is to visit Berlin on Tuesday.", "2026-11-24"),
    ("On Sunday, the president will travel to Rome.", "2026-11-22"),
    ("Russia said on Monday it will send troops.", "2026-11-16"),  # the saying's Monday
    # 'would' is as often the past's future: 'it was agreed a lockdown would start on Saturday'
    ("It was agreed a partial lockdown would be instated on Saturday.", "2026-11-14"),
    ("Officials met on Wednesday.", "2026-11-18"),
    ("The vote is set for Wednesday.", "2026-11-25"),
    # 'set' that is done, not planned (Wikinews #93)
    ("At around 12:20 p.m. local time on Wednesday (1620 UTC), a man set himself on fire in a "
     "publicly accessible area called the Ellipse.", "2026-11-18"),
])
def test_a_weekday_in_a_clause_about_what_is_to_come_is_the_coming_one(text: str, expected: str) -> None:
    briefing = brief(text, "2026-11-20")  # a Friday
    assert [r.date for r in briefing.when] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("This past Friday, she announced her candidacy.", "2026-11-13"),
    ("They must rule by this coming Friday.", "2026-11-20"),
    ("It was filed as 2026-10-02 in the register.", "2026-10-02"),
])
def test_shifted_weekdays_and_iso_dates(text: str, expected: str) -> None:
    assert [r.date for r in extract_dates(text, date(2026, 11, 20))] == [expected]
