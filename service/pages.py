"""HTML pages: one Jinja2 environment per template folder, and the Content-Security-Policy.

Every page is self-contained (its style and script inline) and carries a strict CSP that allows
exactly those inline blocks by their sha256, so nothing an article smuggles in can run. Article
text is untrusted: templates autoescape, and links are only ever http(s).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

STANCE_WORDS = {"open_to_talks": "open to talks"}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def markdown_text(value: object) -> object:
    """Untrusted text made inert in Markdown: specials backslash-escaped, one line (tables hold)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


@lru_cache(maxsize=4)
def environment(folder: Path, markdown: bool = False) -> Environment:
    """StrictUndefined environment over `folder` with the shared filters: HTML templates are
    autoescaped; with `markdown`, every printed value is Markdown-escaped (`|safe` opts out)."""
    env = Environment(loader=FileSystemLoader(folder), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "html.j2"]), trim_blocks=True,
                      lstrip_blocks=True, finalize=markdown_text if markdown else None)
    env.filters["stance"] = lambda s: STANCE_WORDS.get(s, s)
    env.filters["safe_url"] = safe_url
    env.filters["markdown_url"] = markdown_url
    env.filters["counted"] = counted
    return env


def counted(number: int, noun: str) -> str:
    """'1 article', '4 stories': the count with its noun in the right number."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) URL, else None (no javascript:, data: or relative tricks)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def markdown_url(url: str | None) -> Markup | None:
    """An http(s) URL for a Markdown `<...>` link: what could close or break it percent-encoded."""
    safe = safe_url(url)
    return Markup(safe.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")) if safe else None


def _digest(block: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"


class Assets:
    """A page's inline style and script, read once, and the CSP that admits only them."""

    def __init__(self, folder: Path, style: str, script: str | None = None) -> None:
        self.style = Markup((folder / style).read_text(encoding="utf-8"))
        self.script = Markup((folder / script).read_text(encoding="utf-8")) if script else None
        scripts = _digest(self.script) if self.script else "'none'"
        self.csp = (f"default-src 'none'; style-src {_digest(self.style)}; script-src {scripts}; "
                    "img-src 'none'; base-uri 'none'; form-action 'none'")

    @property
    def header_csp(self) -> str:
        """The policy as an HTTP header (frame-ancestors is ignored in a meta tag)."""
        return self.csp + "; frame-ancestors 'none'"
