"""The digest as Markdown and as one self-contained HTML page (Jinja2; HTML autoescaped and under a
strict CSP, Markdown escaped). Claims, positions and references link to the evidence view."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..pages import Assets, environment
from .model import Digest
from .rank import FORMULA

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Where the evidence view of an article lives, relative to the digest written by `write_files`.
FILE_VIEW = "briefings/{article}.html"


@lru_cache(maxsize=1)
def assets() -> Assets:
    """The digest page's inline style (it has no script) and the CSP admitting only it."""
    return Assets(TEMPLATES, "digest.css")


def _context(digest: Digest, view_link: str) -> dict[str, object]:
    number = {a.id: n for n, a in enumerate(digest.articles, start=1)}

    def view(article: str, item: str | None = None) -> Markup:
        """The evidence view's URL: built from our own ids only, so it is safe as it is."""
        return Markup(view_link.format(article=article) + (f"#item-{item}" if item else ""))

    extractors: dict[str, int] = {}
    for a in digest.articles:
        extractors[a.extractor] = extractors.get(a.extractor, 0) + 1
    return {"digest": digest, "number": number, "by_id": {a.id: a for a in digest.articles},
            "view": view, "ordered": lambda ids: sorted(ids, key=number.__getitem__), "extractors": extractors, "assets": assets(),
            "models": sorted({a.model for a in digest.articles if a.model}),
            "ranking": FORMULA,
            "count": lambda field: sum(len(getattr(s, field)) for s in digest.stories)}


def to_markdown(digest: Digest, view_link: str = FILE_VIEW) -> str:
    return environment(TEMPLATES, markdown=True).get_template("digest.md.j2").render(
        **_context(digest, view_link))


def to_html(digest: Digest, view_link: str = FILE_VIEW) -> str:
    return environment(TEMPLATES).get_template("digest.html.j2").render(**_context(digest, view_link))
