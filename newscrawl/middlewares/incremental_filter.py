"""Incremental crawls: article requests for pages already emitted are dropped before download.

An article request (``meta["newscrawl_article"]``) goes out when its canonical URL was never
emitted, when the date its sitemap/feed entry gives moved past the recorded one, or when the
re-check interval (``NEWSCRAWL_RECHECK_AFTER``) passed; otherwise it is counted as
``newscrawl/incremental/skipped``. Repeats of a URL already scheduled in this run are dropped too
(``newscrawl/discovery/duplicate``). ``-a full=1`` (``NEWSCRAWL_FULL``) ignores the store.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.dates import parse_date, parse_duration
from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.requestmeta import META_ARTICLE, META_CHANGED_AT
from newscrawl.state.freshness import SKIP, fetch_decision
from newscrawl.state.scratch import KeySet
from newscrawl.state.source_dates import SourceDates

logger = logging.getLogger(__name__)


def _url_key(url: str) -> bytes:
    """A 16-byte digest of a URL: what this run's schedule keeps per article (on disk, not the URL)."""
    return hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class IncrementalMiddleware:
    """Spider middleware: filters article requests against the seen-store and this run's schedule.

    The seen-store, this run's digests and source dates belong to the crawl's `CrawlState`.
    """

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.full = crawler.settings.getbool("NEWSCRAWL_FULL")
        self.recheck_after = parse_duration(str(crawler.settings.get("NEWSCRAWL_RECHECK_AFTER")))
        # Digests of the article URLs scheduled / skipped this run, on disk (the crawl's scratch file).
        self._scheduled: KeySet | None = None
        self._skipped: KeySet | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured  # switched off: no warning
        middleware = cls(crawler, CrawlState.of(crawler))
        if middleware.full:
            logger.info("Full crawl (-a full=1): the seen-store is not consulted")
        return middleware

    @property
    def scheduled(self) -> KeySet:
        if self._scheduled is None:
            self._scheduled = self.state.key_set("run_scheduled")
        return self._scheduled

    @property
    def skipped(self) -> KeySet:
        if self._skipped is None:
            self._skipped = self.state.key_set("run_skipped")
        return self._skipped

    @property
    def source_dates(self) -> SourceDates:
        return self.state.source_dates

    def _keep(self, request: Any) -> bool:
        if not isinstance(request, Request) or not request.meta.get(META_ARTICLE):
            return True
        url = request.url
        changed_at = parse_date(request.meta.get(META_CHANGED_AT))
        self.source_dates.note(url, changed_at)
        key = _url_key(url)
        if key in self.scheduled:
            self.stats.inc_value("newscrawl/discovery/duplicate")
            return False
        if not self.full:
            record = self.state.seen_store.get(url)
            decision = fetch_decision(record, changed_at, time.time(), self.recheck_after)
            if decision == SKIP:
                if self.skipped.add(key):
                    self.stats.inc_value("newscrawl/incremental/skipped")
                    logger.debug("Not fetched (already emitted, unchanged): %s", url)
                return False
            self.stats.inc_value(f"newscrawl/incremental/fetch_{decision}")
            # skipped from a link, then a sitemap/feed date said it changed
            if self._skipped is not None and self.skipped.discard(key):
                self.stats.inc_value("newscrawl/incremental/skipped", -1)
        self.scheduled.add(key)
        return True

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (r for r in result if self._keep(r))

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for r in result:
            if self._keep(r):
                yield r

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for r in start:
            if self._keep(r):
                yield r
