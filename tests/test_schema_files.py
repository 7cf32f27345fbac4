"""The published JSON Schemas are generated from the models; drift fails the build."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from service import schema_files
from service.schema import Briefing


def test_committed_schemas_match_the_models() -> None:
    assert schema_files.drifted() == [], "run `briefing schema` and commit schemas/"


def test_drift_is_detected(tmp_path: Path) -> None:
    schema_files.write_all(tmp_path)
    path = tmp_path / "briefing.schema.json"
    path.write_text(path.read_text().replace('"headline"', '"title_line"'))
    assert schema_files.drifted(tmp_path) == ["briefing"]


def test_a_briefing_validates_against_the_published_schema(seed_briefing: Briefing) -> None:
    schema = json.loads((schema_files.SCHEMA_DIR / "briefing.schema.json").read_text())
    jsonschema.validate(seed_briefing.model_dump(mode="json"), schema)
