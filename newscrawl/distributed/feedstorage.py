"""A local-file feed storage that hands every exported line to the OS at once."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage


class UnbufferedFileFeedStorage(FileFeedStorage):
    """Like Scrapy's file storage, but unbuffered: a killed worker loses no line it exported.

    The JSON-lines exporter writes one ``write()`` per item, so every claimed article reaches the
    file (the OS page cache) before the next one is processed.
    """

    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, self.write_mode, buffering=0)
