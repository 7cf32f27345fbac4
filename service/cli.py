"""`briefing` command line: a thin layer over the library. Errors are one line on stderr, exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import schema_files
from .article import decode_utf8, parse_article, read_article_file
from .errors import BriefingError
from .extractors.registry import get_extractor
from .offsets import to_utf16
from .schema import ArticleInput

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into structured, verifiable briefings.")


def _read(path: str) -> ArticleInput:
    if path == "-":
        return parse_article(decode_utf8(sys.stdin.buffer.read(), "stdin"), "stdin")
    return read_article_file(Path(path))


@app.command()
def extract(
    article: Annotated[str, typer.Argument(help="article file (.txt or .json), or - for stdin")],
    extractor: Annotated[str | None, typer.Option(
        help="auto (model if configured and healthy, else rules), llm or rules; "
             "default: BRIEFING_EXTRACTOR or auto")] = None,
    indent: Annotated[int, typer.Option(help="JSON indent; 0 for one line")] = 2,
    offsets: Annotated[str, typer.Option(
        help="span offsets in code points (Python) or utf16 code units (JavaScript, Java, C#)")] = "codepoint",
) -> None:
    """Print one briefing as JSON on stdout."""
    if offsets not in ("codepoint", "utf16"):
        raise BriefingError(f"--offsets: '{offsets}' is not codepoint or utf16")
    data = get_extractor(extractor).extract(_read(article)).model_dump(mode="json")
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
) -> None:
    """Brief the day's articles not briefed yet and write its digest (resumable)."""
    from datetime import date as Date

    from .digest.run import run_digest, write_files
    from .settings import get_settings
    from .store import Store

    try:
        when = Date.fromisoformat(day)
    except ValueError:
        raise BriefingError(f"--date: '{day}' is not a date (YYYY-MM-DD)") from None
    settings = get_settings()
    parallel = workers or (settings.concurrency if settings.remote else 1)
    result = run_digest(when, Store(settings.database_url), get_extractor(extractor), input,
                        progress=True, workers=parallel)
    for path in write_files(result, out):
        typer.echo(f"wrote {path}")
    s = result.stats
    typer.echo(f"{s.articles} articles in {len(result.stories)} stories; briefed {s.briefed}, "
               f"reused {s.reused}, failed {s.failed}, other dates {s.other_dates}; {s.seconds:.2f} s")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="gold folder, gold .json file or .jsonl of {text, gold}")],
    extractor: Annotated[str | None, typer.Option(help="rules, llm or auto (default: setting)")] = None,
    out: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    baseline: Annotated[Path | None, typer.Option(
        help="earlier report: print deltas, exit 1 when a score drops by more than the tolerance")] = None,
) -> None:
    """Score an extractor against gold briefings: P/R/F1 per field, validity, grounding, speed."""
    from .evaluation.gold import load_gold
    from .evaluation.report import evaluate as run, load_report, regressions, render_table
    from .settings import get_settings

    previous = load_report(baseline) if baseline else None  # a bad baseline fails before the run
    report = run(load_gold(gold), get_extractor(extractor), str(gold))
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
