"""Relative and partial dates resolve against the article date."""

from datetime import date

import pytest

from service.rules.dates import extract_dates

FRIDAY = date(2025, 1, 24)


@pytest.mark.parametrize("text,expected,precision", [
    ("It happened on Friday.", "2025-01-24", "day"),
    ("It happened on Tuesday.", "2025-01-21", "day"),
    ("Talks are set for next Monday.", "2025-01-27", "day"),
    ("It happened yesterday.", "2025-01-23", "day"),
    ("Drones struck overnight.", "2025-01-24", "day"),
    ("It was signed on December 30.", "2024-12-30", "day"),
    ("It was signed on 3 March 2021.", "2021-03-03", "day"),
    ("The war began in February 2022.", "2022-02", "month"),
    ("Sanctions imposed in 2014 remain.", "2014", "year"),
    ("Figures from last month.", "2024-12", "month"),
])
def test_resolution(text: str, expected: str, precision: str) -> None:
    refs = extract_dates(text, FRIDAY)
    assert [(r.date, r.precision) for r in refs] == [(expected, precision)]
    span = refs[0].mentions[0]
    assert text[span.start:span.end] == refs[0].text


def test_without_article_date_relative_dates_stay_unresolved() -> None:
    friday = extract_dates("It happened on Friday.", None)
    assert [(r.text, r.date) for r in friday] == [("Friday", None)]
    assert extract_dates("Signed on 3 March 2021.", None)[0].date == "2021-03-03"
