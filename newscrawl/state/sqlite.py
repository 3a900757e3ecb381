"""The default seen-store: one SQLite file (WAL mode), keyed by canonical URL.

`check_store` tells, before a crawl starts, whether the file can be used at all: a file that is not a
database (corrupted, overwritten), or one that cannot be written (read-only file or directory), raises
`StoreUnusableError` with what is wrong and what to do, instead of a crawl that silently emits nothing.
A store locked by another process is usable: writes wait for it (`SQLiteSeenStore.writer` gives a
background writer its own connection, so reads never wait behind a write).
"""

from __future__ import annotations

import logging
import os
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


# How long a background writer's statement waits for another process's lock before it fails (and is
# tried again later): short, so that a crawl's last writes can give up in time.
WRITER_BUSY_TIMEOUT_MS = 1000
# SQLite's result codes of a store another connection holds locked: usable, just busy.
_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY"})


class StoreUnusableError(RuntimeError):
    """The seen-store's file cannot be used (not a database, read-only): the crawl must not start."""


class SQLiteSeenStore:
    """`SeenStore` in a local SQLite file: embedded, nothing to install.

    The table is clustered on the URL (``WITHOUT ROWID``), so a lookup is one B-tree search.
    WAL journaling with ``synchronous=NORMAL`` makes every committed `put` survive the process
    being killed (the OS has the write); ``durable=True`` uses ``synchronous=FULL`` to survive a
    power loss too.
    """

    def __init__(self, path: str | Path, *, durable: bool = False, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self.durable = durable
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        try:
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self._db.execute(_SCHEMA)
        except sqlite3.Error:
            self._db.close()
            raise

    def writer(self) -> SQLiteSeenStore:
        """Another connection to the same file, for writes in a background thread: reads on this one
        never wait behind them, and a lock held by another process fails its write within
        `WRITER_BUSY_TIMEOUT_MS` (to be tried again) instead of holding a thread for long."""
        return SQLiteSeenStore(self.path, durable=self.durable, busy_timeout_ms=WRITER_BUSY_TIMEOUT_MS)

    def check_writable(self) -> None:
        """Raise `sqlite3.Error` unless a write transaction could start (busy = another process holds
        the lock: fine). Waits for no lock."""
        self._db.execute("PRAGMA busy_timeout=0")
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorname", "") not in _BUSY:
                raise
            logger.warning("The seen-store %s is locked by another process: its writes will wait", self.path)
        finally:
            self._db.execute("PRAGMA busy_timeout=5000")

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


def check_store(path: str | Path) -> None:
    """Whether the store at ``path`` can be used, without making anything: an existing file is read and
    a write is tried; for a missing one, its directory must be one this user can make and write. Raises
    `StoreUnusableError` with what is wrong and what to do."""
    path = Path(path)
    if not path.exists():
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not os.access(parent, os.W_OK | os.X_OK):
            raise StoreUnusableError(
                f"The seen-store {path} cannot be made: {parent} is not writable by this user"
            )
        return
    try:
        store = SQLiteSeenStore(path)
        try:
            store._db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            store.check_writable()
        finally:
            store.close()
    except (sqlite3.Error, OSError) as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            advice = (
                f"it is corrupted. Move it aside to start an empty store (every article will be emitted "
                f"again): mv {path} {path}.bad; or restore a copy"
            )
        else:
            advice = f"check that {path} and its directory are writable by this user"
        raise StoreUnusableError(f"The seen-store {path} cannot be used ({exc}): {advice}") from exc
