"""News briefings: structured, verifiable summaries of news articles.

    from service import brief
    b = brief("Kyiv, January 24 : Ukraine's foreign ministry said on Friday ...")

`brief`, `digest` and `evaluate` live in `service.library`; they (and the types below) are loaded
on first access (PEP 562), so `import service` alone loads no web, database or model code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {"brief": "library", "digest": "library", "evaluate": "library",
         "ArticleInput": "schema", "Briefing": "schema", "BriefingError": "errors"}
__all__ = sorted(_LAZY)

if TYPE_CHECKING:
    from .errors import BriefingError
    from .library import brief, digest, evaluate
    from .schema import ArticleInput, Briefing


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'service' has no attribute '{name}'")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
