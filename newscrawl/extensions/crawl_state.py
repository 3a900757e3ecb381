"""The crawl's state has one owner: the scratch database, the seen-store and this run's source dates.

`CrawlState` is an extension, so it exists before any middleware or pipeline is built: those find it
in their ``from_crawler`` with ``CrawlState.of(crawler)`` (``crawler.get_extension``), extensions at
``spider_opened``. What it owns is opened on first use:

- ``scratch``: the per-crawl temporary SQLite file (`newscrawl.state.scratch.ScratchDB`, in
  ``NEWSCRAWL_SCRATCH_DIR``), shared by the lazy frontier (pending requests), the incremental filter
  (URLs scheduled and skipped this run) and the dedup pipeline (digests);
- ``seen_store``: what earlier runs emitted (`newscrawl.state.SeenStore`): the SQLite store in
  ``NEWSCRAWL_STATE_DIR``, or the class ``NEWSCRAWL_SEEN_STORE`` names, built with
  ``from_crawler(crawler)`` (the distributed add-on names the Redis one);
- ``source_dates``: this run's newest sitemap/feed date per article URL
  (`newscrawl.state.source_dates.SourceDates`, in the scratch database).

Before the crawl starts (``from_crawler``), the default SQLite store is checked: a corrupted or
read-only store stops the crawl from starting (`newscrawl.state.StoreUnusableError`, one error line
saying what is wrong and what to do; exit code 2), instead of a run that emits nothing, or
everything again, without a word.

When a crawl starts with a local seen-store (no ``NEWSCRAWL_SEEN_STORE``), it takes the state
directory's lock (`newscrawl.state.lock`): a second crawl on the same ``NEWSCRAWL_STATE_DIR`` refuses
to start with `StateDirLocked` (``scrapy crawl`` turns it into one line and exit code 75), or waits
up to ``NEWSCRAWL_STATE_LOCK_WAIT`` seconds for the first to finish. A crawler made without a crawl
(tests, the shell: no spider yet) takes no lock.

It closes them, and releases the lock, on ``engine_stopped``. Scrapy sends that signal once the
spider is closed: after every item pipeline's ``close_spider`` and every ``spider_closed`` handler —
the seen-store writer's last sync among them — has finished, so nothing writes to the state after it
is closed, whatever order the components were built or connected in.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object

from newscrawl.state import SeenStore, StoreUnusableError, check_store, open_store, store_path
from newscrawl.state.lock import StateLock
from newscrawl.state.scratch import KeySet, ScratchDB
from newscrawl.state.source_dates import SourceDates

logger = logging.getLogger(__name__)


class CrawlState:
    """Owns the crawl's scratch database, seen-store and source dates: opens them on first use and
    closes them when the engine has stopped."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._scratch: ScratchDB | None = None
        self._seen_store: SeenStore | None = None
        self._source_dates: SourceDates | None = None
        self.lock: StateLock | None = None
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        settings = crawler.settings
        if settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED") and not settings.get("NEWSCRAWL_SEEN_STORE"):
            try:
                check_store(store_path(settings.get("NEWSCRAWL_STATE_DIR")))
            except StoreUnusableError as exc:
                logger.error("%s. The crawl did not start.", exc)
                raise
        state = cls(crawler)
        crawler.signals.connect(state.engine_stopped, signal=signals.engine_stopped)
        local_store = not settings.get("NEWSCRAWL_SEEN_STORE")
        if crawler.spider is not None and local_store and settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            state.take_lock()
        return state

    def take_lock(self) -> None:
        """Hold the state directory's lock for this crawl (`StateDirLocked` if another crawl has it)."""
        settings = self.crawler.settings
        lock = StateLock(settings.get("NEWSCRAWL_STATE_DIR"))

        def waiting(holder: str) -> None:
            logger.info("Waiting for the crawl holding %s (%s)", lock.path, holder or "unknown")

        lock.acquire(settings.getfloat("NEWSCRAWL_STATE_LOCK_WAIT"), on_wait=waiting)
        self.lock = lock

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlState:
        """The crawl's `CrawlState` extension (for other components' ``from_crawler``)."""
        state = crawler.get_extension(cls)
        if state is None:
            raise RuntimeError(
                f"the {cls.__module__}.{cls.__name__} extension is not enabled: the components that keep "
                "crawl state need it (NewscrawlAddon installs it)"
            )
        return state

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("the crawl's state is closed: the crawl is over")

    @property
    def scratch(self) -> ScratchDB:
        """The crawl's scratch database, created on first use."""
        if self._scratch is None:
            self._check_open()
            self._scratch = ScratchDB(self.crawler.settings.get("NEWSCRAWL_SCRATCH_DIR") or None)
        return self._scratch

    def key_set(self, name: str) -> KeySet:
        """A set of short byte strings in the scratch database (table ``name``)."""
        return self.scratch.key_set(name)

    @property
    def seen_store(self) -> SeenStore:
        """The crawl's seen-store, opened on first use."""
        if self._seen_store is None:
            self._check_open()
            settings = self.crawler.settings
            custom = settings.get("NEWSCRAWL_SEEN_STORE")
            if custom:  # another implementation (e.g. Redis), built from the crawler
                self._seen_store = load_object(custom).from_crawler(self.crawler)
            else:
                self._seen_store = open_store(
                    settings.get("NEWSCRAWL_STATE_DIR"), durable=settings.getbool("NEWSCRAWL_STATE_DURABLE")
                )
        return self._seen_store

    @property
    def source_dates(self) -> SourceDates:
        """This run's newest sitemap/feed date per article URL, whichever route scheduled the article."""
        if self._source_dates is None:
            self._source_dates = SourceDates(self.scratch)
        return self._source_dates

    def scratch_bytes(self) -> int:
        """Bytes the scratch database takes on disk (0 when it was never opened)."""
        return self._scratch.size_bytes() if self._scratch is not None else 0

    def engine_stopped(self) -> None:
        self.close()

    def close(self) -> None:
        """Close the seen-store and the scratch database (each only if it was opened); using them
        afterwards is an error, not a silent reopening."""
        self.closed = True
        store, self._seen_store = self._seen_store, None
        scratch, self._scratch = self._scratch, None
        self._source_dates = None
        try:
            if store is not None:
                store.close()
        finally:
            if scratch is not None:
                scratch.close()
            if self.lock is not None:
                self.lock.release()
