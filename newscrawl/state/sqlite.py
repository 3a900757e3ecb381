"""The default seen-store: one SQLite file (WAL mode), keyed by canonical URL."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from newscrawl.state.base import SeenRecord

logger = logging.getLogger(__name__)

STORE_FILENAME = "seen.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    date_modified TEXT,
    source_lastmod TEXT,
    last_seen REAL NOT NULL
) WITHOUT ROWID
"""
_GET = "SELECT url, fingerprint, date_modified, source_lastmod, last_seen FROM seen WHERE url = ?"
_PUT = (
    "INSERT OR REPLACE INTO seen (url, fingerprint, date_modified, source_lastmod, last_seen) "
    "VALUES (?, ?, ?, ?, ?)"
)


class SQLiteSeenStore:
    """`SeenStore` in a local SQLite file: embedded, nothing to install.

    The table is clustered on the URL (``WITHOUT ROWID``), so a lookup is one B-tree search.
    WAL journaling with ``synchronous=NORMAL`` makes every committed `put` survive the process
    being killed (the OS has the write); ``durable=True`` uses ``synchronous=FULL`` to survive a
    power loss too.
    """

    def __init__(self, path: str | Path, *, durable: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.execute(_SCHEMA)

    def get(self, url: str) -> SeenRecord | None:
        row = self._db.execute(_GET, (url,)).fetchone()
        return SeenRecord(*row) if row else None

    def put(self, record: SeenRecord) -> None:
        self._db.execute(
            _PUT,
            (record.url, record.fingerprint, record.date_modified, record.source_lastmod, record.last_seen),
        )

    def put_many(self, records: list[SeenRecord]) -> None:
        """Insert or replace many records in one transaction (group commit, bulk loads, benchmarks)."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                _PUT,
                [(r.url, r.fingerprint, r.date_modified, r.source_lastmod, r.last_seen) for r in records],
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM seen").fetchone()[0])

    def close(self) -> None:
        self._db.close()
