"""Close a JSON list the model has started to repeat.

A small model under a schema loops: having written an actor or a claim, it writes the same item
again and again until the list's `maxItems` is reached (the 135M embedded model wrote the same
actor ten times, then six identical claims: most of a full answer's tokens). Grounding drops the
copies anyway, so the tokens are pure cost. This guard reads the answer as it is written and,
right after an array element that repeats an earlier element of the same array, lets the decoder
choose only tokens that close the array (where the grammar allows that).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import torch


@dataclass
class _Frame:
    """One open container: an array keeps its finished elements' texts."""

    is_array: bool
    start: int  # where the current element began (arrays) in the answer text
    elements: list[str] = field(default_factory=list)


class RepeatGuard:
    """Tracks the answer's JSON structure, character by character, as tokens are chosen."""

    def __init__(self) -> None:
        self._text: list[str] = []
        self._stack: list[_Frame] = []
        self._in_string = False
        self._escaped = False
        self._repeated = False  # a comma just ended an element written before

    def feed(self, piece: str) -> None:
        for char in piece:
            self._step(char)
            self._text.append(char)

    def would_repeat(self, piece: str) -> bool:
        """Would writing `piece` end an element written before with a comma ('"},' as one
        token), so that the list can no longer be closed right after it?"""
        if "," not in piece:
            return False
        trial = copy.deepcopy(self)
        trial.feed(piece)
        return trial._repeated

    def repeating(self) -> bool:
        """Has the array being written just finished an element it had written before?"""
        if self._in_string or not self._stack or not self._stack[-1].is_array:
            return False
        frame = self._stack[-1]
        current = "".join(self._text[frame.start:]).strip()
        if not current or current[-1] not in '}"]':
            return False
        return current in frame.elements

    def _step(self, char: str) -> None:
        if self._in_string:
            if self._escaped:
                self._escaped = False
            elif char == "\\":
                self._escaped = True
            elif char == '"':
                self._in_string = False
            return
        if char == '"':
            self._in_string = True
        elif char in "[{":
            self._stack.append(_Frame(is_array=char == "[", start=len(self._text) + 1))
        elif char in "]}":
            if self._stack:
                self._stack.pop()
        elif char == "," and self._stack and self._stack[-1].is_array:
            frame = self._stack[-1]
            element = "".join(self._text[frame.start:]).strip()
            self._repeated = self._repeated or element in frame.elements
            frame.elements.append(element)
            frame.start = len(self._text) + 1


class ListCloser:
    """The vocabulary's closing tokens, and the guard's verdict applied to a step's logits."""

    def __init__(self, token_texts: list[str]) -> None:
        self.texts = token_texts
        self._not_closing = torch.tensor([not t.lstrip().startswith("]") for t in token_texts])
        self._commas = torch.tensor(["," in t for t in token_texts])

    def restrict(self, logits: torch.Tensor, guard: RepeatGuard) -> torch.Tensor:
        """After a repeated element only closing tokens; before one, no token that would end it
        with a comma (so the next step can close); unless the grammar allows nothing else."""
        if guard.repeating():
            return _without(logits, self._not_closing)
        best = int(logits.argmax())
        if best < len(self.texts) and guard.would_repeat(self.texts[best]):
            return _without(logits, self._commas)
        return logits


def _without(logits: torch.Tensor, banned: torch.Tensor) -> torch.Tensor:
    """`logits` with the `banned` ids out, or as they were if nothing allowed would be left."""
    banned = banned[:logits.shape[0]]
    if banned.shape[0] < logits.shape[0]:  # ids past the tokenizer's (padding rows)
        banned = torch.cat([banned, torch.ones(logits.shape[0] - banned.shape[0], dtype=torch.bool)])
    kept = logits.masked_fill(banned, float("-inf"))
    return kept if bool(torch.isfinite(kept).any()) else logits
