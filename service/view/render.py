"""Render a briefing's evidence view (Jinja2, autoescaped, strict CSP)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..pages import Assets, environment
from ..schema import Briefing
from .items import FIELDS, items_of
from .segments import segments

TEMPLATES = Path(__file__).resolve().parent / "templates"
FIELD_NAMES = {"who": "Who", "where": "Where", "when": "When", "claims": "Claims", "positions": "Positions"}


@lru_cache(maxsize=1)
def assets() -> Assets:
    """The view's inline style and script, and the CSP admitting only them."""
    return Assets(TEMPLATES, "view.css", "view.js")


def to_html(briefing: Briefing) -> str:
    """The self-contained evidence page of `briefing`."""
    items = items_of(briefing)
    groups = [(field, FIELD_NAMES[field], [i for i in items if i.field == field]) for field in FIELDS]
    return environment(TEMPLATES).get_template("briefing.html.j2").render(
        briefing=briefing, groups=groups, segments=segments(briefing.article.text, items),
        assets=assets())
