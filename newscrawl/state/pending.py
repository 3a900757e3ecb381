"""The pending frontier: article requests waiting for room in Scrapy's scheduler, on disk.

A request is stored as a handful of columns (`PendingRequest`) in the crawl's scratch database
(`newscrawl.state.scratch`), grouped by host: `PendingQueue.pop` takes from the hosts in turn, so
a batch handed to the scheduler mixes sites and per-domain concurrency is not starved by the site
that was discovered first. Within a host the order is first in, first out.
"""

from __future__ import annotations

from typing import NamedTuple

from newscrawl.state.scratch import ScratchDB

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL,
    url TEXT NOT NULL,
    callback TEXT NOT NULL,
    priority INTEGER NOT NULL,
    dont_filter INTEGER NOT NULL,
    source TEXT,
    changed_at TEXT,
    depth INTEGER,
    referer TEXT
)
"""
_INDEX = "CREATE INDEX IF NOT EXISTS pending_host ON pending (host, id)"
_PUSH = (
    "INSERT INTO pending (host, url, callback, priority, dont_filter, source, changed_at, depth, referer) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_TAKE = (
    "SELECT id, url, callback, priority, dont_filter, source, changed_at, depth, referer "
    "FROM pending WHERE host = ? ORDER BY id LIMIT ?"
)
_DROP = "DELETE FROM pending WHERE host = ? AND id <= ?"


class PendingRequest(NamedTuple):
    """What is needed to rebuild an article request exactly."""

    url: str
    callback: str  # the spider method's name
    priority: int
    dont_filter: bool
    source: str | None
    changed_at: str | None
    depth: int | None
    referer: str | None


class PendingQueue:
    """Pending requests per host in the scratch database; only a count per host stays in memory."""

    def __init__(self, scratch: ScratchDB) -> None:
        self._db = scratch.table(_SCHEMA)
        self._db.execute(_INDEX)
        self._hosts: dict[str, int] = {}  # pending requests per host, in round-robin order
        self._size = 0

    def push(self, host: str, entry: PendingRequest) -> None:
        """Queue one request of ``host``."""
        self._db.execute(_PUSH, (host, *entry))
        self._hosts[host] = self._hosts.get(host, 0) + 1
        self._size += 1

    def pop(self, count: int) -> list[PendingRequest]:
        """Up to ``count`` requests, taken from the hosts in turn."""
        out: list[PendingRequest] = []
        while self._hosts and len(out) < count:
            share = max(1, (count - len(out)) // len(self._hosts))
            for host in list(self._hosts):
                take = min(share, count - len(out))
                if take <= 0:
                    break
                rows = self._db.execute(_TAKE, (host, take)).fetchall()
                self._db.execute(_DROP, (host, rows[-1][0]))
                out.extend(PendingRequest(url, cb, pr, bool(df), *rest) for _, url, cb, pr, df, *rest in rows)
                left = self._hosts.pop(host) - len(rows)
                if left > 0:
                    self._hosts[host] = left  # back at the end of the turn order
                self._size -= len(rows)
        return out

    def hosts(self) -> int:
        """How many hosts have pending requests."""
        return len(self._hosts)

    def __len__(self) -> int:
        return self._size
