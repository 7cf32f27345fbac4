"""Grounding: phrases are located exactly, then normalised, then fuzzily; prose that names what
the article does not is refused; model items that cannot be grounded are dropped and counted."""

from __future__ import annotations

import pytest

from service.extractors.llm import ground_output
from service.grounding import locate, prose_problems
from service.schema import Briefing

TEXT = "Moscow Mayor Sergei Sobyanin said the drones were intercepted.  Russian\nPresident Putin spoke."


@pytest.mark.parametrize("phrase,match,found", [
    ("Sergei Sobyanin", "exact", "Sergei Sobyanin"),
    ("russian president putin", "normalised", "Russian\nPresident Putin"),
    ("Sergei Sobyanyn", "fuzzy", "Sergei Sobyanin"),
    ("Angela Merkel", None, None),
    ("", None, None),
])
def test_locate(phrase: str, match: str | None, found: str | None) -> None:
    span = locate(TEXT, phrase)
    if match is None:
        assert span is None
    else:
        assert span.match == match and TEXT[span.start:span.end] == found


@pytest.mark.parametrize("prose,ok", [
    ("At least three people were killed in a Russian drone attack near Kyiv", True),
    ("Russia says 121 drones were shot down", True),
    ("Angela Merkel condemns drone attack near Kyiv", False),       # a name the article lacks
    ("A drone attack near Kyiv killed three and injured 12", False),  # a figure it lacks
    ("Russia has become an unstoppable superpower", False),          # wording it lacks
])
def test_prose_problems(seed_briefing: Briefing, prose: str, ok: bool) -> None:
    assert (prose_problems(seed_briefing.article.text, prose) == []) is ok


def test_hallucinated_model_output_is_dropped_and_counted(seed_briefing: Briefing) -> None:
    recorded = {  # what the 135M model really wrote for the seed article with a worked example
        "headline": "Kyiv, March 3: Germany's defence minister says Russia will send two more air defence units",
        "summary": "A Russian drone attack in Kyiv killed three people and injured 12.",
        "who": [{"name": "Vladimir Putin", "role": "Chancellor of Germany"},
                {"name": "Olaf Scholz", "role": "Chancellor"},
                {"name": "Dmitry Peskov", "role": "Spokesman"}],
    }
    names = [a.name for a in seed_briefing.who]
    update, dropped, notes = ground_output(seed_briefing, recorded, names)
    assert "headline" not in update and "summary" not in update
    assert dropped == {"headline": 1, "summary": 1, "who": 1, "role": 1}
    assert any("Germany" in n or "March" in n for n in notes)
    assert {a.name for a in update["who"]} == set(names), "no invented actor enters who"
    putin = next(a for a in update["who"] if a.name == "Vladimir Putin")
    assert putin.role == "President", "an ungrounded role never replaces a grounded one"


def test_grounded_model_output_is_kept(seed_briefing: Briefing) -> None:
    headline = "Russian drone attack near Kyiv kills three, Ukraine says"
    update, dropped, _ = ground_output(seed_briefing, {"headline": headline}, [])
    assert update == {"headline": headline} and dropped == {}
