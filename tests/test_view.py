"""The evidence view as HTML: segments of overlapping spans, escaping, CSP (the browser tests drive it)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest

from service.pages import safe_url
from service.rules.extractor import RuleExtractor
from service.schema import Actor, Article, Briefing, Claim, Provenance, Span
from service.view.items import Item
from service.view.render import assets, to_html
from service.view.segments import segments


def _item(id: str, *spans: tuple[int, int]) -> Item:
    return Item(id, id.split("-")[0], id, "", spans)


@pytest.mark.parametrize(("spans", "expected"), [
    # nested: a name inside a claim splits the claim in three
    ({"claims-0": [(0, 10)], "who-0": [(2, 5)]},
     [("ab", ("claims-0",)), ("cde", ("who-0", "claims-0")), ("fghij", ("claims-0",)), ("klmn", ())]),
    # crossing: neither contains the other
    ({"who-0": [(0, 6)], "claims-0": [(3, 9)]},
     [("abc", ("who-0",)), ("def", ("who-0", "claims-0")), ("ghi", ("claims-0",)), ("jklmn", ())]),
    # the same item twice over one stretch, a span past the end, an empty one
    ({"who-0": [(0, 4), (2, 4), (12, 99)], "where-0": [(5, 5)]},
     [("abcd", ("who-0",)), ("efghijkl", ()), ("mn", ("who-0",))]),
])
def test_overlapping_spans_become_flat_segments(spans: dict[str, list[tuple[int, int]]],
                                                expected: list[tuple[str, tuple[str, ...]]]) -> None:
    text = "abcdefghijklmn"
    order = ["who", "where", "when", "claims", "positions"]
    items = sorted((_item(i, *s) for i, s in spans.items()), key=lambda i: order.index(i.field))
    got = segments(text, items)
    assert "".join(s.text for s in got) == text
    assert [(s.text, s.items) for s in got] == expected


def _briefing(text: str, title: str | None = None, url: str | None = None) -> Briefing:
    return Briefing(
        article=Article(id="0" * 16, title=title, source="<i>Wire</i>", url=url, text=text),
        headline="h", summary="s",
        who=[Actor(name=text[0:5], kind="person", mentions=[Span(start=0, end=5)])],
        claims=[Claim(speaker=text[0:5], statement=text[0:12], kind="indirect", evidence=Span(start=0, end=12))],
        provenance=Provenance(extractor="rules", extractor_version="t", created_at=datetime.now(UTC), duration_ms=1))


def test_hostile_article_is_escaped_and_links_are_http_only() -> None:
    text = '<scri"pt>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> שלום 👋🏽'
    html = to_html(_briefing(text, title="**bold** <b>t</b>", url="javascript:alert(1)"))
    assert "<scri" not in html.replace(f"<script>{str(assets().script)}</script>", "")
    assert "<img" not in html and "<b>t</b>" not in html and "<i>Wire" not in html
    assert 'href="javascript' not in html and "onerror=alert(1)&gt;" in html
    assert "שלום 👋🏽" in html and 'dir="auto"' in html
    assert len(re.findall(r"<script>", html)) == 1  # ours only
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert [safe_url(u) for u in ("javascript:alert(1)", "data:text/html,x", "//evil.org", "ftp://x", None)] == [None] * 5


def test_csp_admits_exactly_the_inline_style_and_script() -> None:
    html = to_html(_briefing("Alice said it was fine."))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#39;none&#39;" in csp and "script-src &#39;sha256-" in csp
    assert "unsafe-inline" not in csp and " on" not in html.split("<body>")[1].split("<script>")[0].lower().replace(
        "<button", "").replace(" on ", "")  # no inline handler attributes anywhere in the body


def test_every_item_has_a_button_and_its_marks(seed_briefing: Briefing) -> None:
    html = to_html(seed_briefing)
    for field in ("who", "where", "when", "claims", "positions"):
        for index in range(len(getattr(seed_briefing, field))):
            assert f'id="item-{field}-{index}"' in html
            assert re.search(rf'data-items="[^"]*\b{field}-{index}\b', html)


def test_a_200_kb_article_renders_fast() -> None:
    paragraph = ("Foreign Minister Oksana Demchuk said on Friday that Russia launched 47 drones at Odesa, "
                 "and the Kremlin denied that civilian targets had been hit. ")
    text = (paragraph * (200_000 // len(paragraph) + 1))[:200_000]
    briefing = RuleExtractor().extract(__import__("service.schema", fromlist=["ArticleInput"]).ArticleInput(text=text))
    started = time.perf_counter()
    html = to_html(briefing)
    assert time.perf_counter() - started < 5 and len(html) > 200_000
