"""JSON Lines input, one reader for the digest's articles and the evaluation's gold records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def read_jsonl(path: Path) -> Iterator[tuple[str, object, str | None]]:
    """(origin 'FILE:LINE', decoded value, error) per non-blank line; a bad line has an error
    (not UTF-8, invalid JSON) and value None, so the caller decides whether to skip or stop."""
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        origin = f"{path.name}:{number}"
        if not raw.strip():
            continue
        try:
            yield origin, json.loads(raw.decode("utf-8")), None
        except UnicodeDecodeError as exc:
            yield origin, None, f"{origin}: not UTF-8 (byte {exc.start})"
        except json.JSONDecodeError as exc:
            yield origin, None, f"{origin}: invalid JSON ({exc.msg})"
