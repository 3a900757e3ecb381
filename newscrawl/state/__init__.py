"""A crawl's state, as plain storage (no Scrapy): the seen-store interface and its SQLite store, when to
fetch again, and the per-crawl scratch database (pending frontier, run digests, source dates).

The crawl opens and closes all of it through one owner, `newscrawl.extensions.crawl_state.CrawlState`.
The Redis seen-store of distributed crawls lives with them (`newscrawl.distributed.seen_store`).
"""

from __future__ import annotations

from pathlib import Path

from newscrawl.state.base import SeenRecord, SeenStore
from newscrawl.state.sqlite import STORE_FILENAME, SQLiteSeenStore

__all__ = ["SQLiteSeenStore", "SeenRecord", "SeenStore", "open_store"]


def open_store(state_dir: str | Path, *, durable: bool = False) -> SeenStore:
    """The default store: ``<state_dir>/seen.sqlite3``."""
    return SQLiteSeenStore(Path(state_dir or ".newscrawl") / STORE_FILENAME, durable=durable)
