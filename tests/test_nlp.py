"""The linguistic backbone's reading of long texts: in pieces, with nothing lost or moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.nlp import LONG_TEXT, PIECE, analyse, pieces, pipeline, text_of
from service.truecase import recase

WIKINEWS = Path(__file__).resolve().parents[2] / "shared" / "news" / "wikinews.jsonl"
PARAGRAPH = ("Ukraine's foreign minister said on Tuesday that talks with Russia would resume in "
             "Geneva next week, after both sides agreed on an agenda.")


def assert_tiles(text: str, cut: list[tuple[int, int]]) -> None:
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cut, cut[1:]))  # no gap, no overlap


def test_an_article_up_to_the_limit_is_read_whole() -> None:
    text = "\n\n".join([PARAGRAPH] * (LONG_TEXT // (len(PARAGRAPH) + 2)))
    assert len(text) <= LONG_TEXT and pieces(text) == [(0, len(text))]


def test_a_long_text_is_cut_at_blank_lines_first() -> None:
    text = "\n".join([PARAGRAPH] * 40) + "\n\n" + "\n".join([PARAGRAPH] * 200)
    cut = pieces(text)
    assert_tiles(text, cut)
    assert len(cut) > 1 and text[:cut[0][1]].endswith(PARAGRAPH + "\n\n")  # the blank line, not a line break


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
def test_real_text_read_in_pieces_is_read_as_whole() -> None:
    """60 KB of Wikinews stories: the pieces' entities, sentences and heads are the whole parse's."""
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()]
    text = "\n\n".join(row["text"] for row in rows)[:60_000]
    doc, whole = analyse(text), pipeline()(text)
    assert len(pieces(text)) > 5
    assert [(e.start_char, e.label_) for e in doc.ents] == [(e.start_char, e.label_) for e in whole.ents]
    assert [s.start_char for s in doc.sents] == [s.start_char for s in whole.sents]
    same_head = sum(a.head.i == b.head.i for a, b in zip(doc, whole))
    assert same_head / len(whole) > 0.999


@pytest.mark.parametrize("text, entities", [
    ("United States Senator from Vermont Bernie Sanders trailed him with a total of 815.",
     [("United States", "GPE"), ("Vermont", "GPE"), ("Bernie Sanders", "PERSON")]),
    ("He is a member of France Football Federation, which said it would appeal.",  # a body's name
     [("France Football Federation", "ORG")]),
])
def test_a_place_and_a_name_run_together_after_a_title_are_two_entities(text: str, entities: list) -> None:
    assert [(e.text, e.label_) for e in analyse(text).ents if e.label_ != "CARDINAL"] == entities
