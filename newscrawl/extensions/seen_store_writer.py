"""Write the seen-store only after an article is in the feed, so store and feed always agree.

When the feed exporter reports an article written (`newscrawl.extensions.feed_export.item_written`:
its line is in every feed that takes it) the article's canonical URL is recorded with its
fingerprint, ``dateModified``, the sitemap / feed date that led to it and the time. An article whose
feed failed (`item_not_written`) is not recorded, so the next run fetches it again. (Without that
exporter, e.g. a crawl with no feeds, articles are recorded on ``item_scraped``.) An unchanged article
(dropped by `newscrawl.pipelines.seen.SeenPipeline`) only refreshes its record's dates.

Group commit: the records are buffered and written at sync points — every
``NEWSCRAWL_FEED_SYNC_INTERVAL`` seconds, every ``NEWSCRAWL_FEED_SYNC_ITEMS`` items and at spider
close. Each sync first fsyncs the open feed files (`newscrawl.extensions.feed_files.FeedFiles`), then
writes the batch to the store in one transaction: the store never claims an article the feed lacks,
even across a power loss, and the crawl pays one fsync per batch instead of one per line. Interval 0 =
a sync (and an fsync) per item. A sync that a full batch calls for is never run inside an
``item_scraped`` handler but just after the signal (a zero-delay call): by then every handler of the
item has run, the feed exporter's (which writes the line) included, whatever order they were
connected in.

In a crawl the store's writes run in one background thread (`_StoreWrites`), through their own
connection, one batch at a time: a store locked by another process never blocks the reactor. A write
that fails (``database is locked``) goes back to the queue and is tried again after a growing pause.
At spider close the last writes may wait ``NEWSCRAWL_STATE_WRITE_TIMEOUT`` seconds; what the store
has still not taken then is counted (``newscrawl/seen/sync_failed``, exit code 1), logged in one
line and journaled for the next run's reconciliation. (Without a running reactor, e.g. in unit
tests, writes happen in place.)

A hard kill leaves up to one batch of feed lines unrecorded. To close that gap, the feed files each
run opens (`FeedFiles.files`, journaled as each is opened, before anything is written to it) and its
batch bound are remembered (in ``JOBDIR``, or the state directory), and the next run first reads back
more than a batch of their last lines into the store and cuts off a half-written last line. A run
that ends with lines unrecorded for another reason (a failed fsync, a store that could not be
written: ``newscrawl/seen/sync_failed``, exit code 1) journals how many, so the next run reads back
at least that many.

Only what the crawl itself wrote as JSON lines is ever read back or cut: a run that closed normally
marks its journal ``clean`` (its store has every line: nothing to reconcile); a feed in another
format (``-O a.json`` is a JSON array, whose closing ``]`` has no newline), a file replaced since
(another inode) or shortened since is left alone, and in a file the crawl appended to (``-o``) nothing
before the offset its first line started at is read or cut.

The store and the source dates belong to the crawl's `CrawlState`, which closes them after this
writer's last sync (on ``engine_stopped``); the feed files belong to `FeedFiles`. Both are found at
``spider_opened`` (or given to the constructor).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Coroutine
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task
from twisted.internet.interfaces import IDelayedCall
from twisted.internet.threads import deferToThreadPool
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from newscrawl.clean.urls import strip_tracking
from newscrawl.dates import parse_date
from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.extensions.feed_export import CheckedFeedExporter, item_written
from newscrawl.extensions.feed_files import JSON_LINES_FORMATS, FeedFileInfo, FeedFiles, FeedSyncError
from newscrawl.items import Article
from newscrawl.pipelines.seen import UnchangedArticle
from newscrawl.requestmeta import META_CHANGED_AT
from newscrawl.state import SeenRecord, SeenStore

logger = logging.getLogger(__name__)

# The reconciliation reads back at least this many article lines (the bound of a per-line-fsync run,
# and of journals written before group commit) and at least twice the previous run's batch ...
TAIL_LINES = 64
# ... in growing chunks starting at this size, but no further back than this many bytes per line
# wanted (article lines are 5-30 KB; the cap only bounds a pathological file).
TAIL_CHUNK = 256 * 1024
TAIL_BYTES_PER_LINE = 1024 * 1024
_FINGERPRINT = b'"fingerprint"'
# Journals written before the format was journaled name bare paths: these suffixes are JSON lines.
_JSON_LINES_SUFFIXES = (".jsonl", ".jl", ".jsonlines")


def _read_tail(file: IO[bytes], size: int, lines: int, max_bytes: int, floor: int = 0) -> tuple[int, bytes]:
    """Read back from the end until ``lines`` complete article lines (or the cap, or ``floor``).

    Returns the offset the data starts at and the data; it starts at a line boundary (``floor`` is
    one: where the crawl's own lines began).
    """
    start, data, chunk = size, b"", TAIL_CHUNK
    while start > floor:
        step = min(chunk, start - floor)
        chunk *= 2  # doubling: the lines are counted again each round, in linear time overall
        start -= step
        file.seek(start)
        data = file.read(step) + data
        if size - start >= max_bytes and b"\n" in data:
            break
        # The first line is partial unless the data starts the file: count whole lines only.
        whole = data[data.find(b"\n") + 1 :]
        if sum(_FINGERPRINT in line for line in whole.split(b"\n")) > lines:
            break
    if start > floor:  # drop the partial first line
        cut = data.find(b"\n") + 1
        start, data = start + cut, data[cut:]
    return start, data


def repair_feed_tail(path: Path, lines: int = TAIL_LINES, *, start: int = 0) -> list[dict[str, Any]]:
    """Cut a half-written last line off a JSON-lines file; return the objects of its last lines.

    Reads back until more than ``lines`` article lines (objects with a ``fingerprint``) are
    covered, ``start`` (where the crawl's own lines begin; nothing before it is read or cut), or
    ``lines`` x ``TAIL_BYTES_PER_LINE`` bytes.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return []
    if size < start:
        return []
    with path.open("rb+") as file:
        start, tail = _read_tail(file, size, lines, max(1, lines) * TAIL_BYTES_PER_LINE, floor=start)
        if tail and not tail.endswith(b"\n"):
            cut = tail.rfind(b"\n") + 1
            file.truncate(start + cut)
            os.fsync(file.fileno())
            logger.warning("Cut a half-written line off the end of %s", path)
            tail = tail[:cut]
    objects = []
    for line in tail.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            objects.append(value)
    return objects


class SeenStoreWriter:
    """Records written articles in the seen-store (group commit, off the reactor thread); reconciles the
    last run's feed tail."""

    def __init__(
        self, crawler: Crawler, state: CrawlState | None = None, feed_files: FeedFiles | None = None
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self._state = state
        self.feed_files = feed_files
        settings = crawler.settings
        state_dir = Path(settings.get("NEWSCRAWL_STATE_DIR"))
        jobdir = settings.get("JOBDIR")
        self.journal = Path(jobdir) / "newscrawl-feeds.json" if jobdir else None
        self.state_dir = state_dir
        self.started = time.time()
        self.interval = settings.getfloat("NEWSCRAWL_FEED_SYNC_INTERVAL")
        # Interval 0: a sync per item (the feed files then fsync every line themselves).
        self.batch = max(1, settings.getint("NEWSCRAWL_FEED_SYNC_ITEMS"))
        if self.interval <= 0:
            self.batch = 1
        self.write_timeout = settings.getfloat("NEWSCRAWL_STATE_WRITE_TIMEOUT")
        self.pending: dict[str, SeenRecord] = {}  # records waiting for the next sync, by URL
        self.unsynced = 0  # items recorded in `pending` since the last sync
        self.clock: Any = None  # the clock of the timers (tests pass a twisted.internet.task.Clock)
        self.loop: task.LoopingCall | None = None
        self._due: IDelayedCall | None = None  # the sync a full batch asked for, right after its signal
        self._journal_file: Path | None = None
        self._clean = False  # closed with its last sync done: every feed line is in the store
        # Articles that may be in a feed without their record (a failed fsync, a store that could not
        # be written): the next run reads back at least this many lines.
        self.unrecorded = 0
        # None: decided at spider_opened (items are recorded when the feed exporter says they were
        # written; on item_scraped when there is no such exporter).
        self._exporter_reports: bool | None = None
        # Writes in the background (a crawl): None = when the reactor runs; tests write in place.
        self.threaded: bool | None = None
        self._writes: _StoreWrites | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenStoreWriter:
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured  # switched off: no warning
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_written, signal=item_written)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def state(self) -> CrawlState:
        """The crawl's state owner (found on first use: extensions cannot look each other up earlier)."""
        if self._state is None:
            self._state = CrawlState.of(self.crawler)
        return self._state

    @property
    def store(self) -> SeenStore:
        return self.state.seen_store

    def _clock(self) -> Any:
        if self.clock is None:
            from twisted.internet import reactor

            self.clock = reactor
        return self.clock

    def _journal_path(self, spider: Spider) -> Path:
        return self.journal or self.state_dir / f"last-feeds-{spider.name}.json"

    def spider_opened(self, spider: Spider) -> Coroutine[Any, Any, None] | None:
        self.started = time.time()
        if self.feed_files is None:
            self.feed_files = self.crawler.get_extension(FeedFiles)
        if self._exporter_reports is None:
            self._exporter_reports = self.crawler.get_extension(CheckedFeedExporter) is not None
        if self.threaded is None:
            from twisted.internet import reactor

            self.threaded = bool(getattr(reactor, "running", False))
        if self.threaded:
            self._writes = _StoreWrites(self)
        journal = self._journal_path(spider)
        self._reconcile(journal)
        self._journal_file = journal
        self._write_journal()
        if self.feed_files is not None:  # each feed file is journaled before its first line
            self.feed_files.when_opened(self._write_journal)
        if self.batch > 1:
            self.loop = task.LoopingCall(self._tick)
            self.loop.clock = self._clock()
            self.loop.start(self.interval, now=False)
            logger.info(
                "Group commit: feed fsync and seen-store writes every %g s or %d items",
                self.interval,
                self.batch,
            )
        if self._writes is not None and (self._writes.busy or self._writes.queued):
            return self._reconciled()  # Scrapy awaits it before the crawl starts
        return None

    async def _reconciled(self) -> None:
        """Let the crawl start only once the previous run's reconciled records are in the store (the
        incremental filter must see them), or ``NEWSCRAWL_STATE_WRITE_TIMEOUT`` has passed."""
        writes = self._writes
        assert writes is not None
        left = await writes.drain(self.write_timeout, closing=False)
        if left:
            logger.warning(
                "The seen-store did not take the %d records read back from the previous run's feed in "
                "%g s (%s): they are still tried, but articles among them may be emitted again",
                left,
                self.write_timeout,
                writes.last_error,
            )

    def _write_journal(self) -> None:
        """Remember this run's feed files, how many of their last lines the next run reads back, and
        whether the run closed with every line recorded (``clean``: nothing to reconcile)."""
        if self._journal_file is None:
            return
        feeds = self.feed_files.files() if self.feed_files is not None else []
        record = {
            "feeds": [feed.as_dict() for feed in feeds],
            "batch": max(self.batch, self.unrecorded),
            "clean": self._clean,
        }
        try:
            self._journal_file.parent.mkdir(parents=True, exist_ok=True)
            self._journal_file.write_text(json.dumps(record), encoding="utf-8")
        except OSError as exc:
            self.stats.inc_value("newscrawl/seen/journal_failed")
            logger.error(
                "Could not journal this run's feeds in %s (%s): a kill now may leave up to a batch of "
                "articles unrecorded, to be emitted again",
                self._journal_file,
                exc,
            )

    @staticmethod
    def _own_json_lines(entry: Any) -> tuple[Path, int] | None:
        """The path and start offset of a journaled feed the crawl wrote as JSON lines and which is still
        the file it wrote; None for any other (another format, replaced, shortened, unknown)."""
        if isinstance(entry, str):  # journals before formats were journaled: known by the suffix
            return (Path(entry), 0) if entry.endswith(_JSON_LINES_SUFFIXES) else None
        try:
            feed = FeedFileInfo(**entry)
        except TypeError:
            return None
        path = Path(feed.path)
        if feed.format not in JSON_LINES_FORMATS:
            logger.debug("Not reconciling %s: a %s feed, not JSON lines", path, feed.format or "unknown")
            return None
        try:
            status = path.stat()
        except OSError:
            return None
        if (status.st_dev, status.st_ino) != (feed.device, feed.inode) or status.st_size < feed.start:
            logger.info("Not reconciling %s: it was replaced or shortened after the previous run", path)
            return None
        return path, feed.start

    def _reconcile(self, journal: Path) -> None:
        """Record the previous run's last feed lines that its store lacks (killed mid-batch)."""
        try:
            previous = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(previous, dict):
            if previous.get("clean"):
                return  # it closed normally: its store has every line
            entries, batch = previous.get("feeds", []), int(previous.get("batch", 1))
        else:  # a journal written before group commit: one unrecorded line at most
            entries, batch = previous, 1
        records = []
        for entry in entries:
            own = self._own_json_lines(entry)
            if own is None:
                continue
            path, start = own
            for obj in repair_feed_tail(path, max(TAIL_LINES, 2 * batch), start=start):
                fingerprint, url = obj.get("fingerprint"), obj.get("canonicalUrl") or obj.get("url")
                if not (fingerprint and url):
                    continue
                record = self.store.get(url)
                if record is None or record.fingerprint != fingerprint:
                    records.append(SeenRecord(url, fingerprint, obj.get("dateModified"), None, time.time()))
                    self.stats.inc_value("newscrawl/incremental/reconciled")
                    logger.info("Recorded %s from the previous run's feed (killed before recording)", url)
        self._store_records(records)

    def _write(self, records: list[SeenRecord]) -> None:
        """Write records to the store, in one transaction when the store has ``put_many``."""
        if not records:
            return
        put_many = getattr(self.store, "put_many", None)
        if put_many is not None:
            put_many(records)
        else:
            for record in records:
                self.store.put(record)

    def _store_records(self, records: list[SeenRecord]) -> None:
        """Hand records whose feed lines are on disk to the store: in the background in a crawl."""
        if not records:
            return
        if self._writes is not None:
            self._writes.add(records)
            return
        self._write(records)
        self.stats.inc_value("newscrawl/seen/syncs")
        self.stats.inc_value("newscrawl/seen/synced_records", len(records))

    def _record(self, records: list[SeenRecord]) -> None:
        """Buffer an item's records until the next sync; a full batch syncs right after the signal."""
        for record in records:
            self.pending[record.url] = record
        self.unsynced += 1
        if self.unsynced >= self.batch and (self._due is None or not self._due.active()):
            self._due = self._clock().callLater(0, self._tick)

    def _get(self, url: str) -> SeenRecord | None:
        """The record of ``url``, as the next sync and the writes in progress will leave it."""
        found = self.pending.get(url)
        if found is None and self._writes is not None:
            found = self._writes.get(url)
        return found or self.store.get(url)

    def sync(self) -> None:
        """A sync point: fsync the open feed files, then write the buffered records in one go.

        When the fsync fails the feed has failed (`FeedFiles.fail`): the batch's records are dropped,
        not written, since their lines may not be on disk; the next run reads back those that are.
        """
        if self._due is not None and self._due.active():
            self._due.cancel()
        self._due = None
        try:
            fsynced = self.feed_files.sync() if self.feed_files is not None else 0
        except FeedSyncError:
            self.unrecorded += self.unsynced
            self.stats.inc_value("newscrawl/feed/write_failed", self.unsynced)
            self.pending.clear()
            self.unsynced = 0
            self._write_journal()
            return
        records = list(self.pending.values())
        if self._writes is None:
            self._write(records)  # may raise: the records stay pending for the next sync
        self.pending.clear()
        self.unsynced = 0
        if self._writes is not None:
            self._store_records(records)
        elif records:
            self.stats.inc_value("newscrawl/seen/syncs")
            self.stats.inc_value("newscrawl/seen/synced_records", len(records))
        if fsynced:
            self.stats.inc_value("newscrawl/seen/feed_fsyncs", fsynced)

    def _tick(self) -> None:
        """The timer's sync; a failure is logged, and the records wait for the next one."""
        try:
            self.sync()
        except Exception:
            self.stats.inc_value("newscrawl/seen/write_retried")
            logger.exception("Writing the seen-store failed (retrying at the next sync)")

    def _keys(self, item: Article, response: Response | None) -> list[str]:
        keys = [item.canonicalUrl or item.url, strip_tracking(item.url)]
        if response is not None and response.request is not None:
            keys.append(response.request.url)
        return list(dict.fromkeys(keys))

    def _source_date(self, keys: list[str], response: Response | None) -> str | None:
        """The newest sitemap/feed date this run saw for the article, under any of its keys."""
        dates = self.state.source_dates
        found = [dates[k] for k in keys if k in dates]
        if found:
            return max(found).isoformat()
        return response.meta.get(META_CHANGED_AT) if response is not None else None

    def item_scraped(self, item: Any, response: Response | None = None, spider: Spider | None = None) -> None:
        """Without the checked feed exporter (`item_written`), an exported item is recorded here."""
        if self._exporter_reports:
            return
        self.item_written(item, response)

    def item_written(self, item: Any, response: Response | None = None, spider: Spider | None = None) -> None:
        """The item's line is in every feed that takes it: record it at the next sync."""
        if not isinstance(item, Article) or not item.fingerprint:
            return
        keys = self._keys(item, response)
        source = self._source_date(keys, response)
        now = time.time()
        self._record([SeenRecord(key, item.fingerprint, item.dateModified, source, now) for key in keys])

    def item_dropped(
        self, item: Any, response: Response | None = None, exception: Exception | None = None, **_: Any
    ) -> None:
        if (
            not isinstance(exception, UnchangedArticle)
            or not isinstance(item, Article)
            or not item.fingerprint
        ):
            return
        keys = self._keys(item, response)
        source = self._source_date(keys, response)
        now = time.time()
        records = []
        for key in keys:
            record = self._get(key)
            if record is None:
                records.append(SeenRecord(key, item.fingerprint, item.dateModified, source, now))
            else:
                date_modified, source_lastmod = record.date_modified, source or record.source_lastmod
                records.append(SeenRecord(key, item.fingerprint, date_modified, source_lastmod, now))
        self._record(records)

    def spider_closed(self, spider: Spider) -> Coroutine[Any, Any, None] | None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        # The last batch (a failed fsync leaves it to the next run's reconciliation). The store stays
        # open: the crawl's state owner closes it once every spider_closed handler has run.
        try:
            self.sync()
        except Exception as exc:  # writing in place (no reactor): the records are not in the store
            self._give_up(len(self.pending), exc)
            self.pending.clear()
        self._store_records(self._late_source_dates())
        if self._writes is None:
            self._closed_journal()
            return None
        return self._finish_writes()  # Scrapy awaits it before engine_stopped closes the store

    def _closed_journal(self) -> None:
        """Journal the closed run: ``clean`` (nothing to reconcile) when every feed line is recorded."""
        self._clean = not self.unrecorded
        self._write_journal()

    async def _finish_writes(self) -> None:
        """Wait (without blocking the reactor) for the store to take the last records, within
        ``NEWSCRAWL_STATE_WRITE_TIMEOUT``; what it cannot take is counted, logged and journaled."""
        writes = self._writes
        assert writes is not None
        left = await writes.drain(self.write_timeout)
        if left:
            self._give_up(left, writes.last_error)
        writes.stop()
        self._closed_journal()

    def _give_up(self, count: int, error: object) -> None:
        """``count`` articles are in the feed but not in the store: one error line; the next run reads
        them back from the feed (the journal asks for enough lines)."""
        if not count:
            return
        self.unrecorded += count
        self.stats.inc_value("newscrawl/seen/sync_failed", count)
        logger.error(
            "The seen-store could not be written (%s): %d records of articles in the feed are not in it; "
            "the next run reads them back from the feed",
            error,
            count,
        )
        self._write_journal()

    def _late_source_dates(self) -> list[SeenRecord]:
        """Give articles fetched this run the sitemap/feed date that arrived after they were recorded.

        An article reached first through a link is recorded without a source date; when a sitemap
        read later in the run lists it, its date is stored now (if it is not newer than the fetch),
        so the next run compares the sitemap's ``lastmod`` against it.
        """
        records = []
        for url, when in self.state.source_dates.items():
            record = self._get(url)
            if record is None or record.last_seen < self.started or when.timestamp() > record.last_seen:
                continue
            recorded = parse_date(record.source_lastmod)
            if recorded is None or when > recorded:
                records.append(replace(record, source_lastmod=when.isoformat()))
        return records


class _StoreWrites:
    """The seen-store's writes, one batch at a time in one background thread, retried when they fail.

    A store locked by another process (SQLite's ``database is locked``) or briefly failing never
    blocks the crawl: the batch goes back to the queue and is tried again after a growing pause (at
    most `RETRY_MAX_S`), merged with what arrived meanwhile. The thread writes through its own
    connection when the store can open one (``store.writer()``), so that reads on the reactor thread
    never wait for it.
    """

    RETRY_FIRST_S = 0.25
    RETRY_MAX_S = 5.0

    def __init__(self, owner: SeenStoreWriter) -> None:
        self.owner = owner
        self.queued: dict[str, SeenRecord] = {}  # fsynced, waiting for the thread
        self.writing: dict[str, SeenRecord] = {}  # in the thread now
        self.busy = False
        self.failures = 0  # in a row
        self.last_error: object = None
        self._retry: IDelayedCall | None = None
        self._closing = False
        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="newscrawl-seen-store")
        self._pool.start()
        self._stopped = False
        from twisted.internet import reactor

        reactor.addSystemEventTrigger("during", "shutdown", self.stop)  # never left running
        self._target: Any = None  # the store the thread writes through (its own connection)
        self._own_target = False

    def get(self, url: str) -> SeenRecord | None:
        return self.queued.get(url) or self.writing.get(url)

    def add(self, records: list[SeenRecord]) -> None:
        for record in records:
            self.queued[record.url] = record
        self._next()

    def _next(self) -> None:
        if self.busy or not self.queued or self._stopped:
            return
        if self._retry is not None and self._retry.active():
            return
        self.writing, self.queued = self.queued, {}
        self.busy = True
        from twisted.internet import reactor

        done = deferToThreadPool(reactor, self._pool, self._write_in_thread, list(self.writing.values()))
        done.addCallbacks(self._written, self._failed)

    def _write_in_thread(self, records: list[SeenRecord]) -> None:
        if self._target is None:
            store = self.owner.store
            opener = getattr(store, "writer", None)
            self._target = opener() if opener is not None else store
            self._own_target = opener is not None
        put_many = getattr(self._target, "put_many", None)
        if put_many is not None:
            put_many(records)
        else:
            for record in records:
                self._target.put(record)

    def _written(self, _: object) -> None:
        stats = self.owner.stats
        stats.inc_value("newscrawl/seen/syncs")
        stats.inc_value("newscrawl/seen/synced_records", len(self.writing))
        if self.failures:
            logger.warning("The seen-store takes writes again (after %d failed tries)", self.failures)
        self.failures, self.writing, self.busy = 0, {}, False
        self._next()

    def _failed(self, failure: Failure) -> None:
        for url, record in self.writing.items():
            self.queued.setdefault(url, record)  # a newer record that arrived meanwhile wins
        self.writing, self.busy = {}, False
        self.failures += 1
        self.last_error = failure.value
        self.owner.stats.inc_value("newscrawl/seen/write_retried")
        pause = min(self.RETRY_FIRST_S * 2 ** (self.failures - 1), self.RETRY_MAX_S)
        if self._closing:
            pause = self.RETRY_FIRST_S
        if self.failures == 1:
            logger.warning(
                "The seen-store cannot be written now (%s): %d records wait and are tried again every few "
                "seconds; the crawl goes on",
                failure.value,
                len(self.queued),
            )
        self._retry = self.owner._clock().callLater(pause, self._next)

    async def drain(self, timeout: float, *, closing: bool = True) -> int:
        """Wait until every queued record is written or ``timeout`` seconds passed; returns how many
        records are left. ``closing``: from now on a failed write is tried again after the shortest
        pause."""
        self._closing = self._closing or closing
        if self._retry is not None and self._retry.active():
            self._retry.cancel()
            self._next()
        clock = self.owner._clock()
        deadline = time.monotonic() + timeout
        while (self.busy or self.queued) and time.monotonic() < deadline:
            await maybe_deferred_to_future(task.deferLater(clock, 0.05, lambda: None))
        return len(self.queued) + len(self.writing)

    def stop(self) -> None:
        """Stop the thread (after its current write) and close its connection."""
        if self._stopped:
            return
        self._stopped = True
        if self._retry is not None and self._retry.active():
            self._retry.cancel()
        self._pool.stop()
        target, self._target = self._target, None
        if target is not None and self._own_target:
            target.close()
