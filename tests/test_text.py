"""Quotations and sentences keep true offsets, nested quotes and abbreviations included."""

from service.text import find_quotes, split_sentences


def test_nested_straight_quote_stays_inside_its_outer_quote() -> None:
    text = 'He added, "Stop now. It\'s time to "MAKE A DEAL." No more!" Then he left.'
    quotes = find_quotes(text)
    assert [text[s:e] for s, e in quotes] == ['Stop now. It\'s time to "MAKE A DEAL." No more!']


def test_curly_quotes() -> None:
    text = "She said \u201cwe will never give in\u201d and left."
    assert [text[s:e] for s, e in find_quotes(text)] == ["we will never give in"]


def test_sentences_do_not_break_in_quotes_or_after_titles() -> None:
    text = 'Mr. Smith arrived. He said, "We are ready. We will talk." Talks began.\n\nNew paragraph'
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["Mr. Smith arrived.", 'He said, "We are ready. We will talk."',
                         "Talks began.", "New paragraph"]
