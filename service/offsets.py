"""Span offsets for JavaScript, Java and C#: their strings index UTF-16 code units, ours index
code points, and the two differ after every character outside the Basic Multilingual Plane
(most emoji, some CJK): in UTF-16 each takes two units."""

from __future__ import annotations

import json
from itertools import accumulate
from typing import Literal

Offsets = Literal["codepoint", "utf16"]


def utf16_index(text: str) -> list[int] | None:
    """UTF-16 offset of each code point offset 0..len(text), or None when they are all equal."""
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
        return None
    return [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]


def to_utf16(briefing: dict) -> dict:
    """A briefing (as JSON data) with every span's start and end in UTF-16 code units."""
    index = utf16_index(briefing["article"]["text"])
    if index is not None:
        _convert(briefing, index)
    return briefing


def json_with_offsets(body: str, offsets: Offsets) -> str:
    """A stored briefing's JSON text as sent: unchanged for code points, converted for utf16."""
    return body if offsets == "codepoint" else json.dumps(to_utf16(json.loads(body)), ensure_ascii=False)


def _convert(node: object, index: list[int]) -> None:
    if isinstance(node, list):
        for item in node:
            _convert(item, index)
    elif isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "match" in node:
            node["start"], node["end"] = index[node["start"]], index[node["end"]]
            return
        for value in node.values():
            _convert(value, index)
