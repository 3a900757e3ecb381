"""Failing machines for fault tests: a feed storage on a "disk" that fills up.

Small pieces on purpose, so they can move into the shared mock server: each takes plain data (sizes,
names) and knows nothing of the tests that use it.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler

from newscrawl.extensions.feed_files import DurableFileFeedStorage

# --- a disk that fills up ---------------------------------------------------------------------------

# The setting that gives a test feed file its free space in bytes (per file; unset = unlimited).
SPACE_SETTING = "FAULT_FEED_SPACE_BYTES"


class _FillingFile(io.FileIO):
    """An unbuffered file on a disk with ``space`` bytes free: the write that crosses it writes what
    fits (as a real disk does), the next one raises ``ENOSPC``."""

    def __init__(self, path: Path, mode: str, space: int) -> None:
        super().__init__(str(path), mode.replace("b", ""))
        self.space = space

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.space <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        part = data[: self.space]
        written = super().write(part) or 0
        self.space -= written
        return written


class FullDiskFeedStorage(DurableFileFeedStorage):
    """The project's local feed storage, its files on a disk with ``FAULT_FEED_SPACE_BYTES`` free."""

    crawler: Crawler | None

    def _open_file(self, path: Path, mode: str) -> IO[bytes]:
        space = self.crawler.settings.getint(SPACE_SETTING, 0) if self.crawler is not None else 0
        if space <= 0:
            return super()._open_file(path, mode)
        return _FillingFile(path, mode, space)  # type: ignore[return-value]
