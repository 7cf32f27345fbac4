"""The generation schemas the model is constrained by, and the checks its output must pass.

Narrow mode: the model writes only what it can do well and what can be checked: a headline, a
summary and, optionally, roles for names the rules found (names are an enum of those
candidates, so it cannot invent one). Full mode: it also extracts who, where, when, claims and
positions in a terse schema (one-letter item keys, no whitespace: full mode writes many tokens),
every string copied from the article so grounding can find it. Every string and list is
bounded, so a looping model stops instead of running on.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema

from .errors import ModelError
from .schema import STANCES

HEADLINE_MAX = 90
SUMMARY_MAX = 280
ROLE_MAX = 40
MAX_WHO = 6
NAME_MAX = 60
COPY_MAX = 300
#: full mode, per chunk: key -> (item schema, most items)
ACTOR_KINDS = ("person", "organisation", "government", "country", "group", "other")
_LOOP = re.compile(r"(.)\1{5,}|(\b\w+\b)(?:\W+\2\b){3,}", re.IGNORECASE)


def generation_schema(fields: tuple[str, ...], candidates: list[str]) -> dict[str, Any]:
    """A JSON Schema for the model's answer; compact whitespace so the model cannot pad."""
    properties: dict[str, Any] = {}
    if "headline" in fields:
        properties["headline"] = {"type": "string", "minLength": 10, "maxLength": HEADLINE_MAX}
    if "summary" in fields:
        properties["summary"] = {"type": "string", "minLength": 20, "maxLength": SUMMARY_MAX}
    if "who" in fields and candidates:
        properties["who"] = {
            "type": "array", "maxItems": min(MAX_WHO, len(candidates)),
            "items": {
                "type": "object",
                "properties": {
                    "name": {"enum": candidates},
                    "role": {"anyOf": [{"type": "string", "minLength": 2, "maxLength": ROLE_MAX},
                                       {"type": "null"}]},
                },
                "required": ["name", "role"], "additionalProperties": False,
            },
        }
    return {
        "type": "object", "properties": properties, "required": list(properties),
        "additionalProperties": False, "x-guidance": {"whitespace_flexible": False},
    }


def _text(most: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 2, "maxLength": most}


def _either(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _record(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


#: What full mode asks for, in the order the model writes it; item keys are one letter.
FULL_PROPERTIES: dict[str, dict[str, Any]] = {
    "who": {"type": "array", "maxItems": 10, "items": _record(
        n=_text(NAME_MAX), k={"enum": list(ACTOR_KINDS)}, r=_either(_text(ROLE_MAX)))},
    "where": {"type": "array", "maxItems": 8, "items": _text(NAME_MAX)},
    "when": {"type": "array", "maxItems": 6, "items": _text(NAME_MAX)},
    "claims": {"type": "array", "maxItems": 6, "items": _record(
        s=_either(_text(NAME_MAX)), v=_either(_text(30)), x=_text(COPY_MAX))},
    "positions": {"type": "array", "maxItems": 6, "items": _record(
        h=_text(NAME_MAX), s={"enum": list(STANCES)}, t=_either(_text(NAME_MAX)), e=_text(COPY_MAX))},
}


def full_schema(headline: bool) -> dict[str, Any]:
    """Full mode's compact schema: the headline (first chunk only) and every extracted field."""
    properties = ({"headline": {"type": "string", "minLength": 10, "maxLength": HEADLINE_MAX}}
                  if headline else {})
    return {**_record(**properties, **FULL_PROPERTIES),
            "x-guidance": {"whitespace_flexible": False}}


def parse_output(raw: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Parse and validate the model's answer; a truncated, invalid or looping one is an error."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ModelError(f"model output is not valid JSON ({exc.msg} at {exc.pos}; "
                         f"truncated at max_new_tokens?)") from None
    try:
        jsonschema.validate(data, {k: v for k, v in schema.items() if k != "x-guidance"})
    except jsonschema.ValidationError as exc:
        raise ModelError(f"model output does not match the schema: {exc.message}") from None
    for key in ("headline", "summary"):
        if key in data and _LOOP.search(data[key]):
            raise ModelError(f"model output loops in '{key}': {data[key][:40]!r}")
    return data
