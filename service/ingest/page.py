"""An HTML page to an article: main text and metadata from trafilatura, nothing hand-written.

The bytes are decoded as a browser would (byte-order mark, the HTTP charset, the page's own
`<meta charset>`, then detection; w3lib), so a Latin-1 page reads 'café', not 'cafÃ©'. The
extracted text is what the briefing's spans point into and what is stored; scripts, styles,
navigation and comments are not part of it.
"""

from __future__ import annotations

from datetime import date

import charset_normalizer
from trafilatura import bare_extraction
from w3lib.encoding import html_to_unicode

from ..errors import InvalidArticleError
from ..language import detect
from ..schema import ArticleInput

HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_TEXT = 1_000_000
MIN_WORDS = 10  # a page whose main text is a menu item ('Home') is no article


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Unicode text of an HTML page, by its declared charset where it has one."""
    return html_to_unicode(content_type, raw, auto_detect_fun=_guess_encoding)[1]


def _guess_encoding(raw: bytes) -> str | None:
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(raw[:20_000]).best()
        return best.encoding if best else None


def page_article(html: bytes | str, url: str | None = None, content_type: str | None = None,
                 origin: str = "page") -> ArticleInput:
    """The article in `html`: text, title, author, date, site name, canonical URL, language."""
    markup = decode_html(html, content_type) if isinstance(html, bytes) else html
    document = bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                               include_images=False, include_links=False)
    text = (getattr(document, "text", None) or "").strip()
    if len(text.split()) < MIN_WORDS:
        raise InvalidArticleError(f"{origin}: no article text found in the page "
                                  f"({len(text.split())} words of main text)")
    if len(text) > _MAX_TEXT:
        raise InvalidArticleError(f"{origin}: extracted text of {len(text)} characters is over "
                                  f"the {_MAX_TEXT}-character limit for one article")
    meta = document.as_dict()
    return ArticleInput(
        text=text, title=_clean(meta.get("title")), author=_clean(meta.get("author")),
        source=_clean(meta.get("sitename")), url=_clean(meta.get("url")) or url,
        published_at=_date(meta.get("date")),
        language=_language(meta.get("language")) or detect(text) or "en")


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _language(value: object) -> str | None:
    """'en-GB' -> 'en'; trafilatura reports the page's declared language when it finds one."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().split("-")[0].split("_")[0].lower()[:8] or None
