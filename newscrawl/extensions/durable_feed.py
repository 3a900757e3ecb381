"""A local-file feed storage that hands every line to the OS as soon as it is written.

Scrapy's file storage buffers the feed until the spider closes, so a killed crawl loses its last
items. With this storage (``FEED_STORAGES["file"]``) each exported item is flushed at once: a killed
process loses nothing it exported (the OS page cache outlives the process).

Surviving a power loss needs an fsync. With ``NEWSCRAWL_FEED_SYNC_INTERVAL`` = 0 every line is
fsynced as it is written; otherwise the open feed files are fsynced together at each sync point of
the seen-store writer (`newscrawl.extensions.seen.SeenStoreWriter`, group commit), which calls
`sync_feed_files` before it records the batch's articles, so the store never claims an item the feed
lacks. Every file is fsynced when it is closed (the only fsync when the writer is off,
``NEWSCRAWL_INCREMENTAL_ENABLED`` = False). ``NEWSCRAWL_FEED_FSYNC`` = False turns fsync off
altogether (flushes only).

Each file remembers the last line written to it, so that a distributed worker can take back an
article it wrote after another worker had emitted it (`retract_last_line`).
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Callable
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)

# Defaults of NEWSCRAWL_FEED_SYNC_INTERVAL (seconds; 0 = fsync every line) and NEWSCRAWL_FEED_SYNC_ITEMS.
DEFAULT_SYNC_INTERVAL = 0.5
DEFAULT_SYNC_ITEMS = 32

# The durable feed files each crawl has open (fsynced together at every sync point, searched by
# retract_last_line).
_OPEN_FILES: weakref.WeakKeyDictionary[Crawler, list[_FlushingFile]] = weakref.WeakKeyDictionary()


class _FlushingFile:
    """A binary file whose every write is flushed before returning.

    ``fsync_each`` fsyncs every write too; otherwise `sync` fsyncs what was written since the last
    sync (and `close` does, when ``fsync_on_sync`` is on).
    """

    def __init__(self, file: IO[bytes], *, fsync_each: bool, fsync_on_sync: bool) -> None:
        self._file = file
        self._fsync_each = fsync_each
        self._fsync_on_sync = fsync_on_sync
        self._dirty = False
        self._last: tuple[int, bytes] | None = None  # offset and bytes of the last write
        self.registry: list[_FlushingFile] | None = None  # the crawl's open files, while open

    def write(self, data: bytes) -> int:
        start = self._file.tell()
        written = self._file.write(data)
        self._file.flush()
        self._last = (start, data)
        self._synced()
        return written

    def _synced(self) -> None:
        """After a change: fsync now (``fsync_each``) or at the next sync."""
        if self._fsync_each:
            os.fsync(self._file.fileno())
        else:
            self._dirty = True

    def retract_last(self, matches: Callable[[bytes], bool]) -> bool:
        """Cut the last write off the file if it is one whole line, still at the end, and ``matches``."""
        if self._last is None or self._file.closed:
            return False
        start, data = self._last
        if not data.endswith(b"\n") or data.count(b"\n") != 1 or not matches(data):
            return False
        if self._file.seek(0, os.SEEK_END) != start + len(data):
            return False
        self._file.seek(start)
        self._file.truncate()
        self._last = None
        self._synced()
        return True

    def sync(self) -> bool:
        """fsync what was written since the last sync (if fsync is on); True if an fsync ran."""
        if not self._dirty or self._file.closed:
            return False
        self._dirty = False
        if not self._fsync_on_sync:
            return False
        os.fsync(self._file.fileno())
        return True

    def close(self) -> None:
        if not self._file.closed:
            self.sync()
        self._file.close()
        if self.registry is not None and self in self.registry:
            self.registry.remove(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def sync_feed_files(crawler: Crawler) -> int:
    """fsync every durable feed file the crawl has open and wrote to since the last sync.

    Returns how many files were fsynced.
    """
    return sum(file.sync() for file in list(_OPEN_FILES.get(crawler, ())))


def retract_last_line(crawler: Crawler, matches: Callable[[bytes], bool]) -> int:
    """Cut the line just exported off every open durable feed file of the crawl whose last line it is.

    ``matches`` tells the line apart (a line of another item is left alone). Only whole lines written
    in one piece (JSON lines) can be cut. Returns the number of files cut.
    """
    return sum(file.retract_last(matches) for file in list(_OPEN_FILES.get(crawler, ())))


class DurableFileFeedStorage(FileFeedStorage):
    """`FileFeedStorage` that writes each item through to the OS as it is exported."""

    fsync = True
    sync_interval = DEFAULT_SYNC_INTERVAL

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None) -> Any:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        storage.fsync = crawler.settings.getbool("NEWSCRAWL_FEED_FSYNC", True)
        storage.sync_interval = crawler.settings.getfloat(
            "NEWSCRAWL_FEED_SYNC_INTERVAL", DEFAULT_SYNC_INTERVAL
        )
        return storage

    def open(self, spider: Spider) -> IO[bytes]:
        group_commit = self.crawler is not None and self.sync_interval > 0
        file = _FlushingFile(
            super().open(spider), fsync_each=self.fsync and not group_commit, fsync_on_sync=self.fsync
        )
        if self.crawler is not None:  # group commit: fsynced by the seen-store writer's sync points
            file.registry = _OPEN_FILES.setdefault(self.crawler, [])
            file.registry.append(file)
        return file  # type: ignore[return-value]
