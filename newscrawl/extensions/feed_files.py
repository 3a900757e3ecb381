"""The crawl's feed files have one owner: `FeedFiles` keeps them, fsyncs them and knows their paths.

Scrapy's file storage buffers the feed until the spider closes, so a killed crawl loses its last
items. `DurableFileFeedStorage` (``FEED_STORAGES["file"]``) hands each file it opens to the crawl's
`FeedFiles` extension, which wraps it so that every exported item is flushed at once: a killed
process loses nothing it exported (the OS page cache outlives the process).

Surviving a power loss needs an fsync. With ``NEWSCRAWL_FEED_SYNC_INTERVAL`` = 0 every line is
fsynced as it is written; otherwise the open feed files are fsynced together at each sync point of
the seen-store writer (`newscrawl.extensions.seen_store_writer.SeenStoreWriter`, group commit), which
calls `FeedFiles.sync` before it records the batch's articles, so the store never claims an item the
feed lacks. Every file is fsynced when it is closed (the only fsync when the writer is off,
``NEWSCRAWL_INCREMENTAL_ENABLED`` = False). ``NEWSCRAWL_FEED_FSYNC`` = False turns fsync off
altogether (flushes only).

`FeedFiles.paths` lists the local files the crawl opened and `FeedFiles.files` what the writer
journals about each (format, the offset this crawl's first line starts at, the file's identity), so
that the next run reconciles only the JSON-lines bytes this crawl wrote; listeners given to
`FeedFiles.when_opened` hear of each new file before anything is written to it. Each file remembers
the last line written to it, so that a distributed worker can take back an article it wrote after
another worker had emitted it (`FeedFiles.retract_last_line`).

A feed that cannot be written (a full disk, an I/O error, a file that cannot be created) fails for
good: the bytes of the line that failed are cut off again (no torn line is left behind), nothing more
is written to it, and `FeedFiles.fail` logs one error line, counts ``newscrawl/feed/failed`` and closes
the crawl with the finish reason ``feed_failed``. The feed exporter
(`newscrawl.extensions.feed_export.CheckedFeedExporter`) tells the seen-store writer which items were
written, so an item whose line is not in the feed is never recorded as emitted. A failed fsync fails
the feed the same way (`FeedSyncError`): the lines since the last sync may not be on disk, so the
writer records none of them (the next run reads back the lines that are there).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

# Feed formats whose files are JSON lines (one object per line): the only ones whose tail the next
# run may read back and cut (`newscrawl.extensions.seen_store_writer`).
JSON_LINES_FORMATS = frozenset(("jsonlines", "jsonl", "jl"))


@dataclass(frozen=True)
class FeedFileInfo:
    """A feed file as the crawl opened it: where, in which format, from which offset, which file."""

    path: str
    format: str
    start: int  # where this crawl's first byte went (the size of an appended-to file, else 0)
    device: int
    inode: int

    @property
    def json_lines(self) -> bool:
        return self.format in JSON_LINES_FORMATS

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# The finish reason of a crawl closed because a feed could not be written.
FEED_FAILED = "feed_failed"


class FeedFailedError(OSError):
    """A write to a feed file that failed earlier: nothing more is written to it."""


class FeedSyncError(OSError):
    """A feed file could not be fsynced: the lines written since its last sync may not be on disk."""


class _FlushingFile:
    """A binary file whose every write reaches the OS whole before returning, or not at all.

    ``fsync_each`` fsyncs every write too; otherwise `sync` fsyncs what was written since the last
    sync (and `close` does, when ``fsync_on_sync`` is on). ``on_close`` is called once it is closed.
    A write that fails (``ENOSPC``, ``EIO`` ...) cuts what it wrote of its data off again and leaves
    the file failed (`failure`): every later write raises `FeedFailedError`.
    """

    def __init__(
        self,
        file: IO[bytes],
        *,
        fsync_each: bool,
        fsync_on_sync: bool,
        on_close: Callable[[_FlushingFile], None] | None = None,
        name: str = "",
    ) -> None:
        self._file = file
        self._fsync_each = fsync_each
        self._fsync_on_sync = fsync_on_sync
        self._on_close = on_close
        self.name = name or str(getattr(file, "name", ""))
        self._dirty = False
        self._last: tuple[int, bytes] | None = None  # offset and bytes of the last write
        self.failure: OSError | None = None

    def write(self, data: bytes) -> int:
        if self.failure is not None:
            raise FeedFailedError(f"the feed {self.name} failed earlier ({self.failure})")
        start = self._file.tell()
        try:
            view = memoryview(data)
            while view:  # an unbuffered file may take part of the data per call
                written = self._file.write(view)
                if not written:
                    raise OSError(f"nothing written to {self.name}")
                view = view[written:]
            self._file.flush()
            self._synced()
        except OSError as exc:
            self._failed(exc, start)
            raise
        self._last = (start, bytes(data))
        return len(data)

    def _failed(self, exc: OSError, start: int) -> None:
        """Cut the failed write's bytes off again (no torn line) and refuse every later write."""
        self.failure = exc
        self._last = None
        try:
            os.ftruncate(self._file.fileno(), start)
            self._file.seek(start)
        except (OSError, ValueError) as cut:  # the next run's reconciliation cuts a torn last line
            logger.warning("Could not cut the failed write off %s: %s", self.name, cut)

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
        """fsync what was written since the last sync (if fsync is on); True if an fsync ran.

        A failed fsync fails the file (`failure`) and raises `FeedSyncError`.
        """
        if not self._dirty or self._file.closed:
            return False
        self._dirty = False
        if not self._fsync_on_sync:
            return False
        try:
            os.fsync(self._file.fileno())
        except OSError as exc:
            if self.failure is None:
                self.failure = exc
            raise FeedSyncError(exc.errno, f"fsync of {self.name} failed: {exc.strerror or exc}") from exc
        return True

    def close(self) -> None:
        try:
            if not self._file.closed:
                self.sync()
        finally:
            self._file.close()
            if self._on_close is not None:
                on_close, self._on_close = self._on_close, None
                on_close(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class FeedFiles:
    """Extension: the crawl's open durable feed files, their fsync, their paths and their failures.

    ``NEWSCRAWL_FEED_FSYNC`` (fsync at all) and ``NEWSCRAWL_FEED_SYNC_INTERVAL`` (0 = fsync every
    line, else group commit: fsync at `sync`, called by the seen-store writer) decide how each file
    is written.
    """

    def __init__(self, *, fsync: bool, sync_interval: float, crawler: Crawler | None = None) -> None:
        self.fsync = fsync
        self.group_commit = sync_interval > 0
        self.crawler = crawler
        self._open: list[_FlushingFile] = []
        self._paths: list[Path] = []
        self._files: list[FeedFileInfo] = []
        self._listeners: list[Callable[[], None]] = []
        self.failures: dict[str, str] = {}  # feed -> what went wrong, in the order they failed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedFiles:
        settings = crawler.settings
        return cls(
            fsync=settings.getbool("NEWSCRAWL_FEED_FSYNC"),
            sync_interval=settings.getfloat("NEWSCRAWL_FEED_SYNC_INTERVAL"),
            crawler=crawler,
        )

    def open(self, file: IO[bytes], path: str | Path, feed_format: str = "") -> IO[bytes]:
        """Take ``file`` (just opened at ``path``, written in ``feed_format``) into the crawl's care;
        returns the file to write to."""
        resolved = Path(path).resolve()
        flushing = _FlushingFile(
            file,
            fsync_each=self.fsync and not self.group_commit,
            fsync_on_sync=self.fsync,
            on_close=self._open.remove,
            name=str(resolved),
        )
        self._open.append(flushing)
        if resolved not in self._paths:
            self._paths.append(resolved)
            status = os.fstat(file.fileno())
            start = file.seek(0, os.SEEK_END)  # appended to: after what was there; else 0
            self._files.append(FeedFileInfo(str(resolved), feed_format, start, status.st_dev, status.st_ino))
        for listener in list(self._listeners):
            listener()
        return flushing  # type: ignore[return-value]

    def when_opened(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` each time a feed file is opened, before anything is written to it."""
        self._listeners.append(listener)

    def paths(self) -> list[Path]:
        """The local feed files this crawl opened, in the order they were opened."""
        return list(self._paths)

    def files(self) -> list[FeedFileInfo]:
        """What the crawl knows of each local feed file it opened (format, start offset, identity)."""
        return list(self._files)

    @property
    def failed(self) -> bool:
        """Whether a feed of this crawl could not be written."""
        return bool(self.failures)

    def sync(self) -> int:
        """fsync every open feed file written to since the last sync; returns how many were fsynced.

        Raises `FeedSyncError` (after trying every file) when one could not be fsynced; that feed has
        failed (`fail`).
        """
        synced, error = 0, None
        for file in list(self._open):
            try:
                synced += file.sync()
            except FeedSyncError as exc:
                self.fail(file.name, exc)
                error = error or exc
        if error is not None:
            raise error
        return synced

    def fail(self, feed: str, exc: BaseException) -> None:
        """A feed could not be written: one error line, ``newscrawl/feed/failed``, and the crawl closes.

        Its articles not written are not recorded as emitted (the seen-store writer hears only of the
        written ones), so the next run fetches them again.
        """
        if feed in self.failures:
            return
        self.failures[feed] = _describe(exc)
        crawler = self.crawler
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value("newscrawl/feed/failed")
        logger.error(
            "Feed %s cannot be written (%s): closing the crawl (%s); articles not written to it are not "
            "recorded as emitted, the next run fetches them again",
            feed,
            self.failures[feed],
            FEED_FAILED,
        )
        engine = crawler.engine if crawler is not None else None
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=FEED_FAILED))

    def retract_last_line(self, matches: Callable[[bytes], bool]) -> int:
        """Cut the line just exported off every open feed file whose last line it is.

        ``matches`` tells the line apart (a line of another item is left alone). Only whole lines written
        in one piece (JSON lines) can be cut. Returns the number of files cut.
        """
        return sum(file.retract_last(matches) for file in list(self._open))


def _describe(exc: BaseException) -> str:
    """``[Errno 28] No space left on device`` without the file name (the log line names the feed)."""
    if isinstance(exc, OSError) and exc.errno is not None and exc.strerror:
        return f"[Errno {exc.errno}] {exc.strerror}"
    return str(exc) or type(exc).__name__


class DurableFileFeedStorage(FileFeedStorage):
    """`FileFeedStorage` whose files are written through to the OS as items are exported.

    Files are opened unbuffered (each line goes to the OS in one piece, and a write that fails can be
    cut off again). Each file it opens is handed to the crawl's `FeedFiles` extension; without one (a
    storage built without a crawler, or the extension switched off) every line is fsynced as it is
    written.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler: Crawler | None = None
        self.feed_format = str((feed_options or {}).get("format") or "")

    @classmethod
    def from_crawler(cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None) -> Any:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def _open_file(self, path: Path, mode: str) -> IO[bytes]:
        """The feed file, opened unbuffered (tests put a file on a "full disk" here)."""
        return path.open(mode, buffering=0)  # type: ignore[call-overload,no-any-return]

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        file = self._open_file(path, self.write_mode)
        if "a" in self.write_mode:
            file.seek(0, os.SEEK_END)
        # Looked up here, not in from_crawler: Scrapy builds storages while it builds the extensions.
        owner = self.crawler.get_extension(FeedFiles) if self.crawler is not None else None
        if owner is not None:
            return owner.open(file, self.path, self.feed_format)
        fsync = self.crawler.settings.getbool("NEWSCRAWL_FEED_FSYNC") if self.crawler is not None else True
        return _FlushingFile(file, fsync_each=fsync, fsync_on_sync=fsync)  # type: ignore[return-value]
