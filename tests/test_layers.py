"""The layering is a checked contract (import-linter, contracts in pyproject.toml): the library
core imports no web, database or HTTP-client code, and the API and CLI sit on the library."""

from __future__ import annotations

import os

from importlinter.cli import lint_imports

from .conftest import ROOT


def test_import_contracts_are_kept() -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        os.chdir(cwd)
