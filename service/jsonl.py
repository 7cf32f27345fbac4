"""JSON input: one decoder whose every failure is a clear message, and one JSON Lines reader for
the digest's articles and the evaluation's gold records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


class InvalidJSON(ValueError):
    """The text is not JSON we can decode; the message says why."""


def decode_json(raw: str) -> object:
    """`json.loads`, with the failures it raises besides JSONDecodeError (nesting past the
    recursion limit, an integer literal over Python's 4,300 digits) as InvalidJSON too."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidJSON(f"invalid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise InvalidJSON("invalid JSON (nested too deeply)") from None
    except ValueError:
        raise InvalidJSON("invalid JSON (a number literal is too long)") from None


def read_jsonl(path: Path) -> Iterator[tuple[str, object, str | None]]:
    """(origin 'FILE:LINE', decoded value, error) per non-blank line; a bad line has an error
    (not UTF-8, invalid JSON) and value None, so the caller decides whether to skip or stop."""
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        origin = f"{path.name}:{number}"
        if not raw.strip():
            continue
        try:
            yield origin, decode_json(raw.decode("utf-8")), None
        except UnicodeDecodeError as exc:
            yield origin, None, f"{origin}: not UTF-8 (byte {exc.start})"
        except InvalidJSON as exc:
            yield origin, None, f"{origin}: {exc}"
