"""The repeat guard reads JSON as it is written and spots an array element written twice."""

from __future__ import annotations

import torch

from service.backends.repeats import ListCloser, RepeatGuard


def fed(text: str) -> RepeatGuard:
    guard = RepeatGuard()
    for start in range(0, len(text), 3):  # tokens split anywhere, even inside strings
        guard.feed(text[start:start + 3])
    return guard


def test_an_element_written_again_is_a_repeat_and_a_new_one_is_not() -> None:
    assert fed('{"w":[{"n":"Kyiv","k":"city"},{"n":"Kyiv","k":"city"}').repeating()
    assert not fed('{"w":[{"n":"Kyiv","k":"city"},{"n":"Odesa","k":"city"}').repeating()
    assert fed('{"q":["a, b", "c", "a, b"').repeating()  # commas inside strings are text
    assert not fed('{"q":["a, b", "c", "a, ').repeating()  # still inside the string
    assert not fed('{"w":[{"n":"Kyiv"},{"n":"Kyiv"').repeating()  # the object is not finished


def test_arrays_are_compared_apart_and_a_closed_array_is_forgotten() -> None:
    assert not fed('{"a":["x"],"b":["x"').repeating()
    assert fed('{"a":[["x"],["y"],["x"]').repeating()  # nested: elements of the outer array


def test_after_a_repeat_only_closing_tokens_remain_where_the_grammar_allows_one() -> None:
    closer = ListCloser([",", "]", "]}", "x"])
    guard = fed('{"q":["a","a"')
    logits = torch.tensor([5.0, 1.0, 2.0, 9.0])
    assert int(closer.restrict(logits, guard).argmax()) == 2
    masked = torch.tensor([5.0, float("-inf"), float("-inf"), 9.0])  # grammar forbids closing
    assert torch.equal(closer.restrict(masked, guard), masked)
    assert torch.equal(closer.restrict(logits, fed('{"q":["a","b"')), logits)


def test_a_token_that_would_end_a_repeat_with_its_comma_is_passed_over() -> None:
    """'"},' is one token: written, the list could not be closed after the copy."""
    closer = ListCloser(['"},', '"}', "]", "x"])
    guard = fed('{"w":[{"n":"Kyiv"},{"n":"Kyiv')
    logits = torch.tensor([9.0, 5.0, 1.0, 2.0])
    assert int(closer.restrict(logits, guard).argmax()) == 1
    guard.feed('"}')
    assert int(closer.restrict(logits, guard).argmax()) == 2
    fresh = fed('{"w":[{"n":"Kyiv"},{"n":"Odesa')
    assert int(closer.restrict(logits, fresh).argmax()) == 0
