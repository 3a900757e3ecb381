"""The seen-store: what earlier runs emitted, keyed by canonical URL (SQLite or Redis)."""

from __future__ import annotations

from pathlib import Path

from newscrawl.state.base import SeenRecord, SeenStore
from newscrawl.state.sqlite import STORE_FILENAME, SQLiteSeenStore

__all__ = ["SQLiteSeenStore", "SeenRecord", "SeenStore", "open_store"]


def open_store(state_dir: str | Path, *, durable: bool = False) -> SeenStore:
    """The default store: ``<state_dir>/seen.sqlite3``."""
    return SQLiteSeenStore(Path(state_dir or ".newscrawl") / STORE_FILENAME, durable=durable)
