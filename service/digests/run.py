"""A digest run: read inputs, brief what is not stored yet, store each briefing at once, build.

Every briefing is committed to the store as soon as it is made, so a run that is killed
half-way loses nothing and a second run picks up where it stopped: stored articles are reused,
never briefed or stored twice (the article id is the store's key). An input that cannot be
briefed (empty, not UTF-8, extractor error) is listed in the digest's `errors`, as are the feed
items and feeds whose ingestion failed that day (`service/ingest/`); the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from ..article import article_id, read_article_file, validate_input
from ..errors import BriefingError
from ..extractors.base import Extractor
from ..jsonl import read_jsonl
from ..library import brief_input
from ..schema import ArticleInput, Briefing
from .build import build_digest
from .model import Digest, DigestError, DigestStats

if TYPE_CHECKING:  # the caller opens the store: this module loads no database code
    from ..store import Store

ARTICLE_SUFFIXES = (".txt", ".json")


@dataclass(frozen=True)
class Input:
    """One article to brief, or why it could not be read."""

    name: str
    article: ArticleInput | None
    error: str | None = None


def read_inputs(path: Path) -> Iterator[Input]:
    """Articles from a folder (*.txt, *.json), a JSONL file (one article object per line) or a file."""
    if path.is_dir():
        for file in sorted(p for p in path.iterdir() if p.suffix in ARTICLE_SUFFIXES):
            yield _read_file(file)
    elif path.suffix == ".jsonl":
        yield from _read_jsonl(path)
    elif path.is_file():
        yield _read_file(path)
    else:
        raise BriefingError(f"{path}: no such input folder or file")


def _read_file(path: Path) -> Input:
    try:
        return Input(path.name, read_article_file(path))
    except BriefingError as exc:
        return Input(path.name, None, str(exc))


def _read_jsonl(path: Path) -> Iterator[Input]:
    for name, value, error in read_jsonl(path):
        if error is not None:
            yield Input(name, None, error)
            continue
        try:
            yield Input(name, validate_input(value, name))
        except BriefingError as exc:
            yield Input(name, None, str(exc))


def run_digest(day: date, store: Store, extractor: Extractor, inputs: Path | None = None,
               progress: bool = False, workers: int = 1, refresh: bool = False) -> Digest:
    """Brief the inputs not stored yet, then build, store and return the digest of `day`.

    With `refresh`, stored inputs are briefed again too: the new briefing becomes the current
    one and the earlier stays readable as a version (`Store.replace_json`).

    Inputs without a date are taken to be of `day`; inputs of another day are stored, counted
    in `stats.other_dates` and left out of this digest. `workers` articles are briefed at once
    (an engine serves several requests; the embedded model takes them one by one); each is
    stored by this thread as soon as it is done, and no more than `workers` are ever pending.
    """
    started = time.perf_counter()
    items = list(read_inputs(inputs)) if inputs else []
    errors: list[DigestError] = []
    counts = {"briefed": 0, "reused": 0, "other": 0}
    pending: dict[Future[Briefing], str] = {}

    def settle(done: set[Future[Briefing]]) -> None:
        for future in done:
            name = pending.pop(future)
            try:
                briefing = future.result()
                if refresh:
                    store.replace_json(briefing.article, briefing.provenance.extractor,
                                       briefing.model_dump_json())
                else:
                    store.add(briefing)
                counts["briefed"] += 1
            except BriefingError as exc:
                errors.append(DigestError(item=name, reason=str(exc)))
            except Exception as exc:  # an extractor bug costs one article, not the night's digest
                errors.append(DigestError(item=name, reason=f"{type(exc).__name__}: {exc}"))
            bar.update()

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="digest") as pool, \
            tqdm(total=len(items), desc=f"digest {day}", unit="article", disable=not progress) as bar:
        for item in items:
            if item.article is None:
                errors.append(DigestError(item=item.name, reason=item.error or "unreadable"))
                bar.update()
                continue
            article = item.article if item.article.published_at else item.article.model_copy(
                update={"published_at": day})
            counts["other"] += article.published_at != day
            if not refresh and store.get_json(article_id(article.text)) is not None:
                counts["reused"] += 1
                bar.update()
                continue
            pending[pool.submit(brief_input, article, extractor, time.monotonic())] = item.name
            if len(pending) >= workers:
                settle(wait(pending, return_when=FIRST_COMPLETED).done)
        settle(set(pending))
    errors += [DigestError(item=url, reason=why) for url, why in store.fetch_failures(day)]
    stats = DigestStats(articles=0, briefed=counts["briefed"], reused=counts["reused"],
                        failed=len(errors), other_dates=counts["other"], seconds=0.0)
    digest = build_digest(day, store.on_day(day), errors, stats)
    digest.stats.seconds = round(time.perf_counter() - started, 3)
    store.save_digest(day, digest.model_dump_json())
    return digest


def write_files(digest: Digest, out: Path, briefings: Iterable[Briefing | None] = ()) -> list[Path]:
    """digest.json, digest.md and digest.html in `out`, and the evidence view of each of
    `briefings` in out/briefings/ID.html (where the digest's claims and references link)."""
    from ..view.render import to_html as view_html
    from .render import FILE_VIEW, to_html, to_markdown

    out.mkdir(parents=True, exist_ok=True)
    files = {"digest.json": digest.model_dump_json(indent=2) + "\n",
             "digest.md": to_markdown(digest), "digest.html": to_html(digest)}
    files |= {FILE_VIEW.format(article=b.article.id): view_html(b) for b in briefings if b is not None}
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, encoding="utf-8")
    return [out / name for name in files]
