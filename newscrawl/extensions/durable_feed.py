"""A local-file feed storage that hands every line to the OS as soon as it is written.

Scrapy's file storage buffers the feed until the spider closes, so a killed crawl loses its last
items. With this storage (``FEED_STORAGES["file"]``) each exported item is flushed, and fsynced
when ``NEWSCRAWL_FEED_FSYNC`` is on, before the seen-store records it
(`newscrawl.extensions.seen.SeenStoreWriter`), so the store never claims an item the feed lacks.
"""

from __future__ import annotations

import os
from typing import IO, Any

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage


class _FlushingFile:
    """A binary file whose every write is flushed (and optionally fsynced) before returning."""

    def __init__(self, file: IO[bytes], fsync: bool) -> None:
        self._file = file
        self._fsync = fsync

    def write(self, data: bytes) -> int:
        written = self._file.write(data)
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class DurableFileFeedStorage(FileFeedStorage):
    """`FileFeedStorage` that writes each item through to the OS as it is exported."""

    fsync = True

    @classmethod
    def from_crawler(cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None) -> Any:
        storage = cls(uri, feed_options=feed_options)
        storage.fsync = crawler.settings.getbool("NEWSCRAWL_FEED_FSYNC", True)
        return storage

    def open(self, spider: Spider) -> IO[bytes]:
        return _FlushingFile(super().open(spider), self.fsync)  # type: ignore[return-value]
