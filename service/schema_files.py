"""Write and check the published JSON Schemas in `schemas/` (generated, never hand-edited)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .digests.model import Digest
from .evaluation.gold import GoldFile
from .schema import PUBLISHED as BRIEFING_SCHEMAS

#: Every published schema: file stem -> model.
PUBLISHED: dict[str, type[BaseModel]] = {**BRIEFING_SCHEMAS, "digest": Digest, "gold": GoldFile}

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def render(name: str) -> str:
    """The schema file's exact content: stable key order, trailing newline."""
    schema = PUBLISHED[name].model_json_schema()
    schema["$id"] = f"{name}.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PUBLISHED:
        path = directory / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


def drifted(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of schemas whose file differs from what the models generate now."""
    stale = []
    for name in PUBLISHED:
        path = directory / f"{name}.schema.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != render(name):
            stale.append(name)
    return stale
