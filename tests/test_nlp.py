"""The linguistic backbone's reading of long texts: in pieces, with nothing lost or moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.nlp import PIECE, SHORTEST_PIECE, analyse, pieces, pipeline, sentence_breaks, text_of
from service.truecase import recase

WIKINEWS = Path(__file__).resolve().parents[2] / "shared" / "news" / "wikinews.jsonl"
PARAGRAPH = ("Ukraine's foreign minister said on Tuesday that talks with Russia would resume in "
             "Geneva next week, after both sides agreed on an agenda.")


def assert_tiles(text: str, cut: list[tuple[int, int]]) -> None:
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cut, cut[1:]))  # no gap, no overlap


@pytest.mark.parametrize("text, breaks", [
    ("First paragraph ends here.\n\nSecond one", ["Second one"]),  # a blank line
    ("He said it.\nShe agreed", ["She agreed"]),  # a line ending as a sentence does
    ("KYIV REJECTS MOSCOW TALKS OFFER\nUkraine said", ["Ukraine said"]),  # a headline
    ('He said "no."\nThen', ["Then"]),
    ("The talks in Oslo had been\nconstructive.", []),  # a line wrapped mid-sentence
    ("Ends with a line break.\n\n", []),  # nothing after it
    ("\n\nStarts with a blank line.", []),
    ("Written on Windows.\r\n\r\nNext", ["Next"]),
    ("A line of spaces follows.\n   \n\t\nNext", ["Next"]),  # no piece of white space alone
])
def test_sentence_breaks(text: str, breaks: list[str]) -> None:
    assert [text[at:] for at in sentence_breaks(text)] == breaks


def test_an_article_is_cut_at_sentence_breaks_into_pieces_of_a_few_paragraphs() -> None:
    text = "HEADLINE\n" + "\n".join([PARAGRAPH] * 8) + "\n\n" + "\n\n".join([PARAGRAPH] * 30)
    cut = pieces(text)
    assert_tiles(text, cut)
    assert len(cut) > 5 and {end for _, end in cut[:-1]} <= set(sentence_breaks(text))
    assert all(end - start >= SHORTEST_PIECE for start, end in cut[:-1])
    assert all(end - start < SHORTEST_PIECE + len(PARAGRAPH) + 2 for start, end in cut)


def test_a_headline_ends_its_sentence_inside_a_piece() -> None:
    text = "KYIV REJECTS MOSCOW TALKS OFFER\nUkraine's foreign minister said talks would resume."
    assert len(pieces(text)) == 1
    assert [text[s.start_char:s.end_char] for s in analyse(text).sents] == [
        "KYIV REJECTS MOSCOW TALKS OFFER\n", "Ukraine's foreign minister said talks would resume."]


def test_without_line_breaks_a_piece_ends_after_a_sentence() -> None:
    text = " ".join([PARAGRAPH] * 300)
    cut = pieces(text)
    assert_tiles(text, cut)
    assert len(cut) > 2 and all(text[:end].endswith("agenda. ") for _, end in cut[:-1])
    assert all(end - start >= PIECE for start, end in cut[:-1])


def test_pieces_give_the_tokens_and_offsets_of_the_whole_text() -> None:
    text = "\n\n".join([PARAGRAPH, "KYIV REJECTS MOSCOW TALKS OFFER", PARAGRAPH] * 60)
    doc = analyse(text)
    whole = pipeline().make_doc(recase(text))  # the shouted lines are read recased
    assert len(pieces(text)) > 1
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]
    assert text_of(doc) == text and len(doc.text) == len(text)


@pytest.mark.skipif(not WIKINEWS.is_file(), reason="../shared/news/wikinews.jsonl not beside the repo")
def test_real_text_read_in_pieces_is_read_almost_as_whole() -> None:
    """60 KB of Wikinews stories in ~100 pieces: the words beside each cut are read without the
    other side, which changes a few readings there, no more."""
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()]
    text = "\n\n".join(row["text"] for row in rows)[:60_000]
    doc, whole = analyse(text), pipeline()(text)
    assert len(pieces(text)) > 50
    ours, theirs = ({(e.start_char, e.end_char, e.label_) for e in d.ents} for d in (doc, whole))
    assert len(ours ^ theirs) / len(theirs) < 0.03
    assert len({s.start_char for s in doc.sents} ^ {s.start_char for s in whole.sents}) / len(list(whole.sents)) < 0.03
    same_head = sum(a.head.i == b.head.i for a, b in zip(doc, whole))
    assert same_head / len(whole) > 0.99


@pytest.mark.parametrize("text, entities", [
    ("United States Senator from Vermont Bernie Sanders trailed him with a total of 815.",
     [("United States", "GPE"), ("Vermont", "GPE"), ("Bernie Sanders", "PERSON")]),
    ("He is a member of France Football Federation, which said it would appeal.",  # a body's name
     [("France Football Federation", "ORG")]),
])
def test_a_place_and_a_name_run_together_after_a_title_are_two_entities(text: str, entities: list) -> None:
    assert [(e.text, e.label_) for e in analyse(text).ents if e.label_ != "CARDINAL"] == entities
