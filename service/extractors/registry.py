"""Name -> extractor. Adding an extractor means adding one entry here."""

from __future__ import annotations

from ..errors import BriefingError
from ..rules.extractor import RuleExtractor
from .base import Extractor

EXTRACTORS = ("rules",)


def get_extractor(name: str) -> Extractor:
    """The extractor called `name`; an unknown name is an error that lists the known ones."""
    if name == "rules":
        return RuleExtractor()
    raise BriefingError(f"unknown extractor '{name}' (choose from: {', '.join(EXTRACTORS)})")
