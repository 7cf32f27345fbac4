"""UTF-16 offsets: what JavaScript's `text.slice(start, end)` selects must be what Python's
`text[start:end]` selects with the default offsets, emoji and all."""

from __future__ import annotations

import json

import httpx

from service.offsets import to_utf16
from service.rules.extractor import RuleExtractor
from service.schema import ArticleInput

from .server import Server
from .test_cli import run

TEXT = ("Kyiv 🇺🇦, January 24 : Ukraine's foreign minister 👤 Andrii Sybiha said on Friday 📅 that "
        "talks with Russia 🇷🇺 would resume in Geneva 🏔️, and \"we are ready\" 🤝, he said.")


def js_slice(text: str, start: int, end: int) -> str:
    """JavaScript's String.prototype.slice: indexes are UTF-16 code units."""
    return text.encode("utf-16-le")[start * 2:end * 2].decode("utf-16-le")


def spans(node: object) -> list[dict]:
    if isinstance(node, list):
        return [s for item in node for s in spans(item)]
    if isinstance(node, dict):
        if "start" in node and "match" in node:
            return [node]
        return [s for value in node.values() for s in spans(value)]
    return []


def test_utf16_offsets_select_the_same_text_in_javascript() -> None:
    briefing = RuleExtractor().extract(ArticleInput(text=TEXT, published_at="2025-01-24"))
    points = spans(briefing.model_dump(mode="json"))
    units = spans(to_utf16(briefing.model_dump(mode="json")))
    assert len(points) == len(units) >= 6
    moved = 0
    for p, u in zip(points, units):
        assert js_slice(TEXT, u["start"], u["end"]) == TEXT[p["start"]:p["end"]]
        moved += (p["start"], p["end"]) != (u["start"], u["end"])
    assert moved >= 5  # most spans sit after an emoji: the code point offsets would miss in JS


def test_ascii_text_is_unchanged() -> None:
    data = RuleExtractor().extract(ArticleInput(text="Kyiv said talks would resume.")).model_dump(mode="json")
    assert to_utf16(json.loads(json.dumps(data))) == data


def test_service_and_cli_offer_utf16(tmp_path) -> None:
    server = Server(tmp_path).start()
    try:
        posted = httpx.post(f"{server.url}/v1/briefings", params={"offsets": "utf16"}, json={"text": TEXT})
        assert posted.status_code == 201 and posted.headers["x-briefing-offsets"] == "utf16"
        briefing_id = posted.json()["article"]["id"]
        plain = httpx.get(f"{server.url}/v1/briefings/{briefing_id}")
        assert plain.headers["x-briefing-offsets"] == "codepoint"
        assert to_utf16(plain.json()) == posted.json()
        fetched = httpx.get(f"{server.url}/v1/briefings/{briefing_id}", params={"offsets": "utf16"})
        listed = httpx.get(f"{server.url}/v1/briefings", params={"offsets": "utf16", "full": "true"})
        assert fetched.json() == posted.json() == listed.json()["items"][0]
        assert httpx.get(f"{server.url}/v1/briefings/{briefing_id}", params={"offsets": "utf8"}).status_code == 422
    finally:
        server.stop()
    result = run("extract", "--extractor", "rules", "--offsets", "utf16", "-",
                 stdin=json.dumps({"text": TEXT}).encode())
    assert result.returncode == 0, result.stderr
    cli = json.loads(result.stdout)
    assert [s["start"] for s in spans(cli)] == [s["start"] for s in spans(posted.json())]
    assert run("extract", "--offsets", "bytes", "-", stdin=b"Kyiv said so.").returncode == 2
