"""The Python API (`from service import brief, digest, evaluate`): the forms it accepts, the errors
it raises (the CLI's), what importing it loads, and the whole-time `duration_ms`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import service
from service import ArticleInput, Briefing, BriefingError, brief, digest, evaluate
from service.errors import InvalidArticleError
from service.extractors.llm import AutoExtractor, LLMExtractor
from service.settings import Settings
from service.store import Store

from .conftest import ROOT, SEED
from .fakes import FakeBackend

TEXT = ("Kyiv, January 24 : Ukraine's foreign ministry said on Friday that talks with Russia "
        "would resume in Geneva.")


@pytest.mark.parametrize("form", [
    TEXT,
    "date 2025-01-24\n" + TEXT,
    {"text": TEXT, "published_at": "2025-01-24"},
    ArticleInput(text=TEXT, published_at=date(2025, 1, 24)),
])
def test_brief_takes_text_a_mapping_or_an_article_input(form: object) -> None:
    briefing = brief(form, extractor="rules")  # type: ignore[arg-type]
    assert isinstance(briefing, Briefing) and briefing.article.text == TEXT
    assert "Ukraine's foreign ministry" in {a.name for a in briefing.who}
    assert briefing.provenance.extractor == "rules"


def test_brief_takes_a_path_like_the_cli(seed_article: ArticleInput) -> None:
    briefing = brief(SEED, extractor="rules")
    assert briefing.article.published_at == date(2025, 1, 24) and briefing.article.text == seed_article.text


@pytest.mark.parametrize("form,message", [
    ("", "article text is empty"),
    ("   \n ", "article text is empty"),
    ({"title": "no text"}, "field 'text'"),
    ({"text": 42}, "field 'text'"),
    ({"text": "x", "published_at": "yesterday"}, "field 'published_at'"),
    ("http://127.0.0.1:9/news/1", "refused"),
    (42, "expected text, a mapping"),
    (ROOT / "nope.txt", "no such file"),
])
def test_bad_input_raises_the_clis_errors(form: object, message: str) -> None:
    with pytest.raises(BriefingError, match=message):
        brief(form, extractor="rules")  # type: ignore[arg-type]


def test_unknown_extractor_is_a_briefing_error() -> None:
    with pytest.raises(BriefingError, match="unknown extractor 'magic'"):
        brief(TEXT, extractor="magic")


def test_text_that_starts_with_a_brace_is_text_not_json() -> None:
    assert brief('{"text": "Ukraine said on Friday that talks would resume."}', extractor="rules") \
        .article.text.startswith('{"text"')


HEAVY = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "transformers", "outlines")


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env={"BRIEFING_MODEL": "none", "PATH": ""})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_importing_and_briefing_loads_no_web_database_or_model_code() -> None:
    assert _loaded_after("import service; service.__version__") == []
    assert _loaded_after("from service import brief, digest, evaluate") == []
    # (spaCy itself imports torch, through thinc, and httpx, through weasel: not checked here)
    assert _loaded_after(f"from service import brief; brief({TEXT!r}, extractor='rules')") == []


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        service.nope  # noqa: B018


def test_duration_counts_a_model_timeout_before_the_fallback(seed_article: ArticleInput) -> None:
    """The model answers after 0.6 s, past its limit: auto falls back to the rules, whose own
    clock saw a few ms. The briefing took the whole 0.6 s and more, and says so."""
    llm = LLMExtractor(FakeBackend(("slow", 0.6, "{}")), Settings(model="fake", timeout_s=5))
    briefing = brief(seed_article, extractor=AutoExtractor(llm))
    assert briefing.provenance.extractor == "rules"
    assert any("timed out" in w for w in briefing.provenance.warnings)
    assert briefing.provenance.duration_ms >= 600


def test_digest_and_refresh_keep_versions(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted((ROOT / "seeds" / "articles").glob("2025-03-14-odesa-*.json")):
        (inputs / path.name).write_bytes(path.read_bytes())
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    first = digest("2025-03-14", inputs, extractor="rules", store=store)
    assert first.stats.briefed == 3 and len(first.stories) == 1
    again = digest(date(2025, 3, 14), inputs, extractor="rules", store=store)
    assert again.stats.briefed == 0 and again.stats.reused == 3
    refreshed = digest("2025-03-14", inputs, extractor="rules", store=store, refresh=True)
    assert refreshed.stats.briefed == 3 and refreshed.stats.reused == 0
    ids = [a.id for a in refreshed.articles]
    assert all([v.version for v in store.versions(i)] == [1, 2] for i in ids)
    with pytest.raises(BriefingError, match="'14 March' is not a date"):
        digest("14 March", inputs, store=store)


def test_evaluate_scores_a_gold_file() -> None:
    report = evaluate(ROOT / "seeds" / "gold" / "2025-02-03-kharkiv-missile.json", extractor="rules")
    assert report.articles == 1 and report.failed == []
    assert report.fields["who"].f1 > 0.5


def test_digest_stays_the_function_once_the_digest_code_is_loaded() -> None:
    """A subpackage named like a function would replace it on import (the digest code was
    `service.digest` and made `from service import digest` a module): it is `service.digests`."""
    import service.digests.run  # noqa: F401

    from service import digest as again

    assert callable(again) and again is digest
