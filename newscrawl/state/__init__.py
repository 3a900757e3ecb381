"""A crawl's state, as plain storage (no Scrapy): the seen-store interface and its SQLite store, when to
fetch again, and the per-crawl scratch database (pending frontier, run digests, source dates).

The crawl opens and closes all of it through one owner, `newscrawl.extensions.crawl_state.CrawlState`.
The Redis seen-store of distributed crawls lives with them (`newscrawl.distributed.seen_store`).
"""

from __future__ import annotations

from pathlib import Path

from newscrawl.state.base import SeenRecord, SeenStore
from newscrawl.state.sqlite import STORE_FILENAME, SQLiteSeenStore, StoreUnusableError, check_store

__all__ = [
    "SQLiteSeenStore",
    "SeenRecord",
    "SeenStore",
    "StoreUnusableError",
    "check_store",
    "open_store",
    "store_path",
]


def store_path(state_dir: str | Path) -> Path:
    """Where the default store of ``state_dir`` lives: ``<state_dir>/seen.sqlite3``."""
    return Path(state_dir or ".newscrawl") / STORE_FILENAME


def open_store(state_dir: str | Path, *, durable: bool = False) -> SeenStore:
    """The default store: ``<state_dir>/seen.sqlite3``."""
    return SQLiteSeenStore(store_path(state_dir), durable=durable)
