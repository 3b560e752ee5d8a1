"""wirewatch: local-first news-event intelligence.

    import wirewatch
    summary = wirewatch.run(["examples/corpus"], db="news.duckdb")
    store = wirewatch.open("news.duckdb")
    store.events().head()
    wirewatch.process(["MOSCOW - Russia's foreign minister met ..."]).events

Names are imported lazily so that ``import wirewatch`` stays cheap (no model, no pandas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Frame", "Processed", "Store", "open", "process", "run", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from wirewatch.api import Frame, Processed, Store, open, process, run


def __getattr__(name: str) -> Any:
    if name in {"Frame", "Processed", "Store", "open", "process", "run"}:
        from wirewatch import api

        return getattr(api, name)
    raise AttributeError(f"module 'wirewatch' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Tab completion in notebooks lists the lazy names too."""
    return sorted(set(__all__) | {n for n in globals() if n.startswith("_")})
