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
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)

# Defaults of NEWSCRAWL_FEED_SYNC_INTERVAL (seconds; 0 = fsync every line) and NEWSCRAWL_FEED_SYNC_ITEMS.
DEFAULT_SYNC_INTERVAL = 0.5
DEFAULT_SYNC_ITEMS = 32

# The durable feed files each crawl has open (fsynced together at every sync point).
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
        self.registry: list[_FlushingFile] | None = None  # the crawl's open files, while open

    def write(self, data: bytes) -> int:
        written = self._file.write(data)
        self._file.flush()
        if self._fsync_each:
            os.fsync(self._file.fileno())
        else:
            self._dirty = True
        return written

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
        crawler = self.crawler if self.sync_interval > 0 else None
        file = _FlushingFile(
            super().open(spider), fsync_each=self.fsync and crawler is None, fsync_on_sync=self.fsync
        )
        if crawler is not None:  # group commit: fsynced by the seen-store writer's sync points
            file.registry = _OPEN_FILES.setdefault(crawler, [])
            file.registry.append(file)
        return file  # type: ignore[return-value]
