"""Prompt templates from `prompts/`, rendered with Jinja2 StrictUndefined and versioned.

The version in `prompts/manifest.json` is recorded in each briefing's provenance, so a briefing
can always be traced to the exact prompt that produced it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from .errors import ModelError

Message = dict[str, str]


@dataclass(frozen=True)
class PromptSet:
    """The templates and the worked example of one prompt version."""

    version: str
    system: Template
    user: Template
    full_system: Template
    example_article: str
    example_output: dict


@lru_cache(maxsize=4)
def load_prompts(directory: Path) -> PromptSet:
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        env = Environment(loader=FileSystemLoader(directory), undefined=StrictUndefined,
                          keep_trailing_newline=False, autoescape=False)
        return PromptSet(
            version=manifest["version"],
            system=env.get_template(manifest["system"]),
            user=env.get_template(manifest["user"]),
            full_system=env.get_template(manifest["full_system"]),
            example_article=(directory / manifest["example_article"]).read_text(encoding="utf-8").strip(),
            example_output=json.loads((directory / manifest["example_output"]).read_text(encoding="utf-8")),
        )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"prompts in {directory} are unusable: {exc}") from None


def build_messages(prompts: PromptSet, text: str, candidates: list[str],
                   fields: tuple[str, ...], worked_example: bool) -> list[Message]:
    """System, optionally one worked example (user + assistant), then the article as data.

    The example is optional because the embedded 135M model copies its facts into the answer
    (measured: "Germany's defence minister" in a Kyiv briefing); larger models use it well.
    """
    task = _task(fields)
    messages = [{"role": "system", "content": prompts.system.render(task=task).strip()}]
    if worked_example:
        example = {k: v for k, v in prompts.example_output.items() if k in fields}
        example_names = [w["name"] for w in prompts.example_output.get("who", [])]
        messages += [
            {"role": "user", "content": _user(prompts, prompts.example_article, example_names, fields)},
            {"role": "assistant", "content": json.dumps(example, ensure_ascii=False, separators=(",", ":"))},
        ]
    messages.append({"role": "user", "content": _user(prompts, text, candidates, fields)})
    return messages


def build_full_messages(prompts: PromptSet, text: str, headline: bool) -> list[Message]:
    """Full mode: the keys explained in the system message, then the article (or one chunk)."""
    from .schema import STANCES

    system = prompts.full_system.render(headline=headline, stances=STANCES).strip()
    return [{"role": "system", "content": system},
            {"role": "user", "content": _user(prompts, text, [], ("full",))}]


def _task(fields: tuple[str, ...]) -> str:
    parts = {"headline": "the headline", "summary": "a one-sentence summary",
             "who": "the role of each named actor", "full": "the JSON extraction"}
    wanted = [parts[f] for f in fields if f in parts]
    return ", ".join(wanted[:-1]) + (" and " if len(wanted) > 1 else "") + wanted[-1]


def _user(prompts: PromptSet, text: str, candidates: list[str], fields: tuple[str, ...]) -> str:
    # The article cannot close its own data block: a literal tag inside it is defused.
    safe = text.replace("</article>", "</ article>").replace("<article>", "< article>")
    return prompts.user.render(text=safe, candidates=candidates, fields=fields,
                               task=_task(fields)).strip()
