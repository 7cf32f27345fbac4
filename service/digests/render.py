"""The digest as Markdown and as one self-contained HTML page (Jinja2 templates, autoescaped)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .model import Digest

TEMPLATES = Path(__file__).resolve().parent / "templates"
STANCE_WORDS = {"open_to_talks": "open to talks"}


def counted(number: int, noun: str) -> str:
    """'1 article', '4 stories': the count with its noun in the right number."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "html.j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["stance"] = lambda s: STANCE_WORDS.get(s, s)
    env.filters["counted"] = counted
    return env


def _context(digest: Digest) -> dict[str, object]:
    number = {a.id: n for n, a in enumerate(digest.articles, start=1)}
    return {"digest": digest, "number": number, "by_id": {a.id: a for a in digest.articles}}


def to_markdown(digest: Digest) -> str:
    return _environment().get_template("digest.md.j2").render(**_context(digest))


def to_html(digest: Digest) -> str:
    return _environment().get_template("digest.html.j2").render(**_context(digest))
