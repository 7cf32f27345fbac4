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
    ("In 2004 the report was issued.", "2004", "year"),
    ("He was impeached in 1868.", "1868", "year"),
    ("The protests began in early October.", "2024-10", "month"),
    ("He suffered a stroke in late December.", "2024-12", "month"),
    ("Khashoggi was murdered last October.", "2024-10", "month"),
    ("The shutdown lasted several weeks this past December.", "2024-12", "month"),
    ("The trial is anticipated to begin in March.", "2025-03", "month"),
    ("Parliament will not reconvene until March 14.", "2025-03-14", "day"),
    ("Maryland rescheduled its primary races to June 2.", "2025-06-02", "day"),
    ("UNICEF reported they had delivered over 105 thousand doses by November 22.", "2024-11-22", "day"),
    ("Protesters have marched since October.", "2024-10", "month"),
    ("He was detained two days ago.", "2025-01-22", "day"),
    ("The mayor was stabbed last night whilst on stage.", "2025-01-23", "day"),
    ("The decision should be settled no later than Friday.", "2025-01-24", "day"),
    ("The decision should be settled no later than Monday.", "2025-01-27", "day"),
    ("Talks will go on until Tuesday.", "2025-01-28", "day"),
    ("The law passed 3 years ago.", "2022", "year"),
    ("It began six months ago.", "2024-07", "month"),
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


@pytest.mark.parametrize("text, entity, years", [
    ("He served as mayor from 2008 to 2016.", "from 2008 to 2016", ["2008", "2016"]),
    ("He is a candidate in the 2020 presidential election.", "2020", ["2020"]),
    ("About 2000 people marched.", None, []),
    ("The EU law Electronic Commerce Directive 2000 provides protections.", "2000", []),
    ("The Saudi Vision 2030 plan began in 2016.", "2030 plan began in 2016", ["2016"]),
    ("The crash happened around 8:30 p.m. BST (1930 UTC) on August 27.", "1930 UTC", ["2024-08-27"]),
])
def test_a_year_standing_alone_counts_where_ner_reads_a_date(text: str, entity: str | None,
                                                             years: list[str]) -> None:
    spans = [(text.index(entity), text.index(entity) + len(entity))] if entity else []
    assert [r.date for r in extract_dates(text, FRIDAY, spans)] == years


@pytest.mark.parametrize("text, entities, dates", [
    ("Jong was arrested in March, 2018, but the agency announcing the arrest in May, 2018 identified "
     "him.", ["March, 2018", "May, 2018"], ["2018-03", "2018-05"]),  # Wikinews #173
    ("In March, 2000 people marched.", ["March"], ["2025-03"]),  # a count, which NER does not date
])
def test_a_year_after_a_month_and_a_comma_is_its_year_where_ner_reads_one_date(
        text: str, entities: list[str], dates: list[str]) -> None:
    spans = [(text.index(e), text.index(e) + len(e)) for e in entities]
    assert [r.date for r in extract_dates(text, FRIDAY, spans)] == dates


def test_may_the_name_and_may_the_verb_are_no_month() -> None:
    assert extract_dates("Theresa May said Trump may declare an emergency.", FRIDAY) == []


def test_without_article_date_a_month_takes_the_year_the_story_names() -> None:
    text = "The war broke out in 1967. On May 28th the cabinet met, and on 5 June the army moved."
    assert [(r.text, r.date) for r in extract_dates(text, None)] == [
        ("1967", "1967"), ("May 28th", "1967-05-28"), ("5 June", "1967-06-05")]


def test_this_year_and_this_month_are_left_out() -> None:
    assert extract_dates("Prices rose this year and this month.", FRIDAY) == []


def test_the_second_of_two_months_is_a_month_too() -> None:
    refs = extract_dates("A shutdown lasted several weeks this past December and January.", FRIDAY)
    assert [(r.text, r.date) for r in refs] == [("this past December", "2024-12"), ("January", "2025-01")]
    assert extract_dates("Theresa May and Boris Johnson met.", FRIDAY) == []


def test_mid_month_is_that_month() -> None:
    refs = extract_dates("In mid-August, the government lowered the forecast.", FRIDAY)
    assert [(r.text, r.date, r.precision) for r in refs] == [("In mid-August", "2024-08", "month")]


def test_a_day_of_last_or_next_year() -> None:
    refs = extract_dates("The deal was signed on March 20 last year and opens on May 3 next year.",
                         date(2020, 1, 8))
    assert [(r.text, r.date) for r in refs] == [("March 20 last year", "2019-03-20"),
                                                ("May 3 next year", "2021-05-03")]


def test_a_relative_day_inside_a_quotation_is_the_speakers_not_the_articles() -> None:
    refs = extract_dates('The governor tweeted her reasoning on Wednesday, saying, "Today, I signed '
                         'into law the Alabama Human Life Protection Act." The law takes effect today.',
                         date(2019, 5, 18))
    assert [(r.text, r.date, len(r.mentions)) for r in refs] == [
        ("Wednesday", "2019-05-15", 1), ("today", "2019-05-18", 1)]


def test_by_a_month_behind_is_the_coming_one_only_in_a_clause_about_what_is_to_come() -> None:
    text = "Troops will leave by November 22."
    assert [t.date for t in extract_dates(text, FRIDAY, ahead=lambda start: True)] == ["2025-11-22"]
    assert [t.date for t in extract_dates(text, FRIDAY)] == ["2024-11-22"]  # read as done
