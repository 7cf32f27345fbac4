"""The digest as Markdown and as one self-contained HTML page (Jinja2 templates).

Everything in a digest comes from articles anyone can post, so both outputs escape it: HTML by
Jinja's autoescape, Markdown by a `finalize` hook that escapes every value the template prints
(HTML tags and entities, link, image, emphasis, code and table syntax). Only http(s) URLs become
links: `javascript:` and `data:` URLs stay text."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .model import Digest

TEMPLATES = Path(__file__).resolve().parent / "templates"
STANCE_WORDS = {"open_to_talks": "open to talks"}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|!#])")
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"  # percent-encode the rest: spaces, parentheses, <, >


def is_web_url(url: object) -> bool:
    """True for an http(s) URL with a host: the only URLs a digest makes links of."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def markdown_text(value: object) -> object:
    """A value as inert Markdown text: no HTML, no links or images, no emphasis, one line."""
    if value is None or isinstance(value, Markup | int | float):
        return value
    text = " ".join(str(value).splitlines())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def markdown_url(url: str) -> Markup:
    """A link destination that cannot end the link early."""
    return Markup(quote(url.strip(), safe=_URL_SAFE))


@lru_cache(maxsize=2)
def _environment(markdown: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "html.j2"]), trim_blocks=True, lstrip_blocks=True,
                      finalize=markdown_text if markdown else None)
    env.filters["stance"] = lambda s: STANCE_WORDS.get(s, s)
    env.filters["md_url"] = markdown_url
    env.tests["web_url"] = is_web_url
    return env


def _context(digest: Digest) -> dict[str, object]:
    number = {a.id: n for n, a in enumerate(digest.articles, start=1)}
    return {"digest": digest, "number": number, "by_id": {a.id: a for a in digest.articles}}


def to_markdown(digest: Digest) -> str:
    return _environment(markdown=True).get_template("digest.md.j2").render(**_context(digest))


def to_html(digest: Digest) -> str:
    return _environment(markdown=False).get_template("digest.html.j2").render(**_context(digest))
