"""`briefing` command line: a thin layer over the library. Errors are one line on stderr, exit 2."""

from __future__ import annotations

import json
from datetime import date as Date
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import library, schema_files
from .article import read_article_file
from .errors import BriefingError
from .offsets import to_utf16
from .schema import Briefing

if TYPE_CHECKING:
    from .extractors.base import Extractor

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into structured, verifiable briefings.")


def _extractor(name: str | None, mode: str | None) -> Extractor:
    """The extractor a command asked for, with the model's mode (narrow or full)."""
    from .extractors.registry import get_extractor

    return get_extractor(name, mode=mode)


@app.command()
def extract(
    article: Annotated[str, typer.Argument(
        help="an http(s) URL, a saved page (.html), an article file (.txt or .json), or - for stdin")],
    extractor: Annotated[str | None, typer.Option(
        help="auto (model if configured and healthy, else rules), llm or rules; "
             "default: BRIEFING_EXTRACTOR or auto")] = None,
    indent: Annotated[int, typer.Option(help="JSON indent; 0 for one line")] = 2,
    mode: Annotated[str | None, typer.Option(
        help="the model's job: narrow (prose) or full (every field, grounded); "
             "default: BRIEFING_LLM_MODE or narrow")] = None,
    offsets: Annotated[str, typer.Option(
        help="span offsets in code points (Python) or utf16 code units (JavaScript, Java, C#)")] = "codepoint",
) -> None:
    """Print one briefing as JSON on stdout."""
    from .ingest.sources import read_source  # trafilatura loads only for this command

    if offsets not in ("codepoint", "utf16"):
        raise BriefingError(f"--offsets: '{offsets}' is not codepoint or utf16")
    briefing = library.brief(read_source(article), extractor=_extractor(extractor, mode))
    data = briefing.model_dump(mode="json")
    if offsets == "utf16":
        data = to_utf16(data)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=indent or None,
                          separators=(",", ": ") if indent else (",", ":")))


@app.command()
def schema(
    check: Annotated[bool, typer.Option(help="exit 1 if schemas/ differs from the models")] = False,
) -> None:
    """(Re)write schemas/*.schema.json from the pydantic models."""
    if check:
        stale = schema_files.drifted()
        if stale:
            typer.echo(f"schemas out of date: {', '.join(stale)} (run: briefing schema)", err=True)
            raise typer.Exit(1)
        typer.echo("schemas up to date")
        return
    for path in schema_files.write_all():
        typer.echo(f"wrote {path}")


@app.command()
def digest(
    day: Annotated[str, typer.Option("--date", help="the day, YYYY-MM-DD")],
    out: Annotated[Path, typer.Option(help="folder for digest.json, digest.md, digest.html")],
    input: Annotated[Path | None, typer.Option(
        "--input", help="folder of .txt/.json articles or a JSONL file; they are stored too")] = None,
    extractor: Annotated[str | None, typer.Option(help="rules, llm or auto (default: setting)")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="articles briefed at once (default: BRIEFING_CONCURRENCY with an engine, else 1)")] = None,
    refresh: Annotated[bool, typer.Option(
        help="brief stored inputs again too (the earlier briefings stay readable as versions)")] = False,
) -> None:
    """Brief the day's articles not briefed yet and write its digest (resumable)."""
    from .digests.run import write_files
    from .pages import counted

    from .settings import get_settings
    from .store import Store

    store = Store(get_settings().database_url)
    try:
        when = Date.fromisoformat(day)
    except ValueError:
        raise BriefingError(f"--date: '{day}' is not a date (YYYY-MM-DD)") from None
    result = library.digest(when, input, extractor=extractor, store=store, refresh=refresh,
                            workers=workers, progress=True)
    written = write_files(result, out, (store.get(a.id) for a in result.articles))
    for path in written[:3]:
        typer.echo(f"wrote {path}")
    typer.echo(f"wrote {len(written) - 3} evidence views in {out / 'briefings'}")
    s = result.stats
    typer.echo(f"{counted(s.articles, 'article')} in {counted(len(result.stories), 'story')}; "
               f"briefed {s.briefed}, reused {s.reused}, failed {s.failed}, other dates "
               f"{s.other_dates}; {s.seconds:.2f} s")


@app.command()
def ingest(
    feeds: Annotated[Path, typer.Option(help="file of feed URLs (RSS or Atom), one a line")],
    extractor: Annotated[str | None, typer.Option(help="rules, llm or auto (default: setting)")] = None,
) -> None:
    """Fetch each feed, then each new item's page; brief and store them (resumable)."""
    from .ingest.feeds import read_feed_list
    from .ingest.run import Ingestor
    from .ingest.sources import shared_fetcher
    from .settings import get_settings
    from .store import Store

    urls = read_feed_list(feeds)
    settings = get_settings()
    ingestor = Ingestor(Store(settings.database_url), _extractor(extractor, None), shared_fetcher(),
                        settings.feed_max_items)
    report = ingestor.run(urls)
    for url, reason in report.failures:
        typer.echo(f"failed: {url}: {reason}", err=True)
    typer.echo(", ".join(f"{n} {outcome}" for outcome, n in sorted(report.counts.items()))
               or "nothing to do")


@app.command()
def view(
    briefing: Annotated[str, typer.Argument(
        help="a briefing JSON file (from `briefing extract`), an article file (.txt/.json, briefed now), "
             "or a briefing id in the store")],
    out: Annotated[Path, typer.Option(help="the HTML page to write")],
    extractor: Annotated[str | None, typer.Option(help="for an article file: rules, llm or auto")] = None,
) -> None:
    """Write a briefing's evidence view: the article with every span marked, its items beside it."""
    from .view.render import to_html

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_html(_briefing(briefing, extractor)), encoding="utf-8")
    typer.echo(f"wrote {out}")


def _briefing(ref: str, extractor: str | None) -> Briefing:
    """A briefing from a file (briefing JSON, else an article to brief) or from the store by id."""
    from pydantic import ValidationError

    from .settings import get_settings
    from .store import Store

    path = Path(ref)
    if path.is_file():
        try:
            return Briefing.model_validate_json(path.read_bytes())
        except ValidationError:
            return library.brief(read_article_file(path), extractor=extractor)
    stored = Store(get_settings().database_url).get(ref)
    if stored is None:
        raise BriefingError(f"{ref}: no such file, and no briefing with that id in the store")
    return stored


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="gold folder, gold .json file or .jsonl of {text, gold}")],
    extractor: Annotated[str | None, typer.Option(help="rules, llm or auto (default: setting)")] = None,
    out: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    baseline: Annotated[Path | None, typer.Option(
        help="earlier report: print deltas, exit 1 when a score drops by more than the tolerance")] = None,
    compare: Annotated[str | None, typer.Option(
        help="extractors to score on the same gold in one run, e.g. rules,llm: prints per field "
             "which wins and by how much")] = None,
    mode: Annotated[str | None, typer.Option(
        help="the model's job: narrow (prose) or full (every field, grounded); "
             "default: BRIEFING_LLM_MODE or narrow")] = None,
) -> None:
    """Score an extractor against gold briefings: P/R/F1 per field, validity, grounding, speed."""
    from .evaluation.gold import load_gold
    from .evaluation.report import evaluate as run, load_report, regressions, render_comparison, render_table
    from .settings import get_settings

    if compare:
        names = [n.strip() for n in compare.split(",") if n.strip()]
        if len(names) < 2:
            raise BriefingError(f"--compare: '{compare}' names fewer than two extractors (e.g. rules,llm)")
        cases = load_gold(gold)
        reports = [run(cases, _extractor(name, mode), str(gold)) for name in names]
        for report in reports:
            typer.echo(render_table(report) + "\n")
        typer.echo(render_comparison(reports))
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("[" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "]\n",
                           encoding="utf-8")
        return
    previous = load_report(baseline) if baseline else None  # a bad baseline fails before the run
    report = library.evaluate(gold, extractor=_extractor(extractor, mode))
    typer.echo(render_table(report))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if previous:
        tolerance = get_settings().eval_tolerance
        deltas, dropped = regressions(report, previous, tolerance)
        typer.echo(f"\nagainst {baseline} (tolerance {tolerance}):\n" + "\n".join(deltas))
        if dropped:
            typer.echo("REGRESSION:\n" + "\n".join(dropped), err=True)
            raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to bind")] = 8000,
    workers: Annotated[int, typer.Option(help="processes; each loads its own model copy")] = 1,
    access_log: Annotated[bool, typer.Option(
        help="a log line per request (off by default: /metrics counts requests, and the line "
             "costs a measurable share of a rules request)")] = False,
) -> None:
    """Run the HTTP service (OpenAPI docs at /docs)."""
    import uvicorn

    from .settings import get_settings

    settings = get_settings()
    uvicorn.run("service.api.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="info", access_log=access_log,
                limit_concurrency=settings.max_connections,
                timeout_graceful_shutdown=settings.shutdown_grace_s)


def main() -> None:
    """Entry point: map our errors to a clear line and exit code 2, never a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns an Exit code here instead of raising
        sys.exit(code if isinstance(code, int) else 0)
    except BriefingError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors and the unexpected: still one line
        code = getattr(exc, "exit_code", 1)
        show = getattr(exc, "format_message", None)
        typer.echo(f"error: {show() if show else exc}", err=True)
        sys.exit(code if isinstance(code, int) else 1)
