"""Lint a gold file's content beyond its schema: what an annotator most often gets wrong.

The schema (pydantic, `gold.py`) checks shapes; this checks the annotation against its own
article: statements and quotes copied verbatim, speakers, holders and targets listed in `who`,
dates in ISO form. Standard library only, so an annotator can run it before anything is
installed: `python3 -m service.evaluation.gold_lint seeds/gold/real/*.json`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

STANCES = {"supports", "opposes", "demands", "threatens", "offers", "open_to_talks", "pledges",
           "condemns", "denies", "warns", "accuses", "welcomes"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _squash(text: str) -> str:
    """Whitespace and typographic quotes/apostrophes normalised, for verbatim checks."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def problems(record: dict, text: str) -> list[str]:
    """Everything wrong with one gold briefing (`record` = the `gold` object) for `text`."""
    found: list[str] = []
    flat = _squash(text)
    names = set()
    for actor in record.get("who", []):
        names.add(actor["name"])
        names.update(actor.get("aliases", []))
    for claim in record.get("claims", []):
        for field in ("statement", "quote"):
            value = claim.get(field)
            if value and _squash(value) not in flat:
                found.append(f"claim {field} not verbatim in the text: {value[:70]!r}")
        speaker = claim.get("speaker")
        if speaker is not None and speaker not in names:
            found.append(f"claim speaker not in who: {speaker!r}")
        if speaker is None and not claim.get("source"):
            found.append(f"unattributed claim without a source: {claim['statement'][:60]!r}")
    for position in record.get("positions", []):
        if position.get("stance") not in STANCES:
            found.append(f"unknown stance {position.get('stance')!r}")
        for field in ("holder", "target"):
            name = position.get(field)
            if name is not None and name not in names:
                found.append(f"position {field} not in who: {name!r}")
    for time in record.get("when", []):
        if time.get("date") and not _DATE.match(time["date"]):
            found.append(f"date not ISO: {time['date']!r}")
    return found


def lint_file(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    article = data["article"]
    if isinstance(article, str):
        article = json.loads((path.parent / article).read_text(encoding="utf-8"))
    return [f"{path.name}: {problem}" for problem in problems(data["gold"], article["text"])]


def main(argv: list[str]) -> int:
    failures = [problem for arg in argv for problem in lint_file(Path(arg))]
    print("\n".join(failures) or f"{len(argv)} gold files: no problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
