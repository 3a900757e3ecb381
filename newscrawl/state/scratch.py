"""Per-crawl scratch state on disk: what a run must remember per article, kept out of memory.

One temporary SQLite file per crawl (`ScratchDB`, opened and closed by the crawl's state owner,
`newscrawl.extensions.crawl_state.CrawlState`) holds the run's article bookkeeping: the pending
frontier (`newscrawl.state.pending`), the digests of URLs already scheduled or emitted (`KeySet`),
the sitemap/feed dates seen (`newscrawl.state.source_dates`). It is private to the process: no
journal, no fsync, and on POSIX systems the file is unlinked as soon as it is opened, so nothing is
left behind even when the process is killed. Memory stays at SQLite's page cache (``cache_size``)
however many articles the crawl sees; an operation costs a few microseconds. No Scrapy imports.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

# SQLite's page cache per crawl (KiB): the bound on what the scratch state keeps in memory.
CACHE_KIB = 2048


class ScratchDB:
    """A temporary SQLite database that disappears with the process (or at `close`)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix="newscrawl-scratch-", dir=directory or None))
        path = self.directory / "scratch.sqlite3"
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            "locking_mode=EXCLUSIVE",
            "temp_store=FILE",
            f"cache_size=-{CACHE_KIB}",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        with contextlib.suppress(OSError):  # Windows keeps open files: removed at close instead
            path.unlink()
            self.directory.rmdir()
        self.closed = False

    def table(self, schema: str) -> sqlite3.Connection:
        """Create a table (``CREATE TABLE IF NOT EXISTS ...``) and return the connection."""
        self.db.execute(schema)
        return self.db

    def key_set(self, name: str) -> KeySet:
        """A set of byte strings stored in table ``name``."""
        return KeySet(self, name)

    def size_bytes(self) -> int:
        """Bytes the database takes on disk (0 once closed)."""
        if self.closed:
            return 0
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        size = self.db.execute("PRAGMA page_size").fetchone()[0]
        return int(pages) * int(size)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.db.close()
        shutil.rmtree(self.directory, ignore_errors=True)


class KeySet:
    """A set of short byte strings (URL or body digests) in the scratch database."""

    def __init__(self, scratch: ScratchDB, name: str) -> None:
        if not name.isidentifier():
            raise ValueError(f"bad table name {name!r}")
        self._db = scratch.table(f"CREATE TABLE IF NOT EXISTS {name} (key BLOB PRIMARY KEY) WITHOUT ROWID")
        self._add = f"INSERT OR IGNORE INTO {name} (key) VALUES (?)"
        self._has = f"SELECT 1 FROM {name} WHERE key = ?"
        self._del = f"DELETE FROM {name} WHERE key = ?"
        self._count = f"SELECT count(*) FROM {name}"

    def add(self, key: bytes) -> bool:
        """Add ``key``; True when it was not in the set yet."""
        return self._db.execute(self._add, (key,)).rowcount == 1

    def discard(self, key: bytes) -> bool:
        """Remove ``key``; True when it was in the set."""
        return self._db.execute(self._del, (key,)).rowcount == 1

    def __contains__(self, key: object) -> bool:
        return self._db.execute(self._has, (key,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self._db.execute(self._count).fetchone()[0])
