"""Lazy frontier: article requests wait on disk and reach Scrapy's scheduler in bounded batches.

A sitemap or listing page can name 50,000 articles at once; Scrapy would queue 50,000 `Request`
objects in memory (about 1.4 KB each with their meta and headers). This spider middleware sits on
the engine side of every other spider middleware, so the requests it sees are final (filtered by
the incremental middleware, with ``Referer`` and ``depth`` set). It stores each article request as
a few columns in the crawl's scratch database (`newscrawl.state.pending`, owned by the crawl's
`newscrawl.extensions.crawl_state.CrawlState`) and rebuilds requests
only when the scheduler runs low: when it holds fewer than ``NEWSCRAWL_FRONTIER_LOW`` requests, it
is topped up to ``NEWSCRAWL_FRONTIER_HIGH`` (newly held requests go on at once while the scheduler
holds fewer than that). Checks run as requests reach the downloader, when the scheduler is empty,
and when the spider goes idle (which also keeps the crawl open while requests are pending).

Requests it cannot rebuild exactly (cookies, a body, ``cb_kwargs``, an errback, unknown meta keys)
and all non-article requests go straight through. Pending requests never go to ``JOBDIR``: a
resumed crawl reads its discovery documents again and the seen-store skips what was emitted. In
distributed mode (``NEWSCRAWL_REDIS_URL``) the frontier is the shared Redis queue: this is off.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.requestmeta import META_ARTICLE, META_CHANGED_AT, META_SOURCE
from newscrawl.state.pending import PendingQueue, PendingRequest

logger = logging.getLogger(__name__)

META_DEPTH = "depth"
_STORED_META = frozenset({META_ARTICLE, META_SOURCE, META_CHANGED_AT, META_DEPTH})
_REFERER = b"Referer"


def compact(request: Request, spider: Spider) -> PendingRequest | None:
    """The article request as a `PendingRequest`, or None when it could not be rebuilt exactly."""
    meta = request.meta
    if meta.get(META_ARTICLE) is not True or META_SOURCE not in meta or META_CHANGED_AT not in meta:
        return None
    callback = request.callback
    name = getattr(callback, "__name__", "")
    if (
        request.method != "GET"
        or request.body
        or request.errback is not None
        or request.cookies
        or request.flags
        or request.cb_kwargs
        or request.encoding != "utf-8"
        or not name
        or getattr(spider, name, None) != callback
        or not meta.keys() <= _STORED_META
        or any(key != _REFERER for key in request.headers)
    ):
        return None
    depth = meta.get(META_DEPTH)
    if META_DEPTH in meta and not isinstance(depth, int):
        return None
    source, changed_at = meta[META_SOURCE], meta[META_CHANGED_AT]
    if not (source is None or isinstance(source, str)) or not (
        changed_at is None or isinstance(changed_at, str)
    ):
        return None
    referer = request.headers.get(_REFERER)
    return PendingRequest(
        url=request.url,
        callback=name,
        priority=request.priority,
        dont_filter=request.dont_filter,
        source=source,
        changed_at=changed_at,
        depth=depth,
        referer=referer.decode("latin-1") if referer is not None else None,
    )


def rebuild(entry: PendingRequest, spider: Spider) -> Request:
    """The request `compact` stored."""
    meta: dict[str, Any] = {META_ARTICLE: True, META_SOURCE: entry.source, META_CHANGED_AT: entry.changed_at}
    if entry.depth is not None:
        meta[META_DEPTH] = entry.depth
    return Request(
        entry.url,
        callback=getattr(spider, entry.callback),
        priority=entry.priority,
        dont_filter=entry.dont_filter,
        meta=meta,
        headers={_REFERER: entry.referer.encode("latin-1")} if entry.referer is not None else None,
    )


class FrontierMiddleware:
    """Spider middleware: holds article requests back and feeds the scheduler between watermarks.

    Stats: ``newscrawl/frontier/held`` (requests stored), ``.../fed`` (handed to the scheduler),
    ``.../batches``, ``.../passed_through`` (article requests that could not be stored),
    ``.../pending`` (waiting now; in the final stats: left when the crawl closed, e.g. at
    ``max_articles``).
    """

    def __init__(self, crawler: Crawler, state: CrawlState, low: int, high: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.low = low
        self.high = high
        self._pending: PendingQueue | None = None
        self._closed = False
        self._feeding = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_FRONTIER_ENABLED"):
            raise NotConfigured  # switched off: no warning
        if settings.get("NEWSCRAWL_REDIS_URL"):  # distributed: requests must go to the shared queue
            raise NotConfigured  # switched off: no warning
        low = settings.getint("NEWSCRAWL_FRONTIER_LOW")
        high = settings.getint("NEWSCRAWL_FRONTIER_HIGH")
        if not 0 <= low < high:
            raise ValueError(f"need 0 <= NEWSCRAWL_FRONTIER_LOW ({low}) < NEWSCRAWL_FRONTIER_HIGH ({high})")
        middleware = cls(crawler, CrawlState.of(crawler), low, high)
        crawler.signals.connect(middleware.maybe_top_up, signal=signals.request_reached_downloader)
        crawler.signals.connect(middleware.maybe_top_up, signal=signals.scheduler_empty)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    @property
    def pending(self) -> int:
        """How many requests wait to be scheduled."""
        return len(self._pending) if self._pending is not None else 0

    # --- holding requests back --------------------------------------------------------------

    def _hold(self, output: Any) -> bool:
        """Store an article request in the pending queue; False for anything to pass on."""
        if not isinstance(output, Request) or self._closed or not output.meta.get(META_ARTICLE):
            return False
        entry = compact(output, self.crawler.spider)
        if entry is None:
            self.stats.inc_value("newscrawl/frontier/passed_through")
            return False
        if self._pending is None:
            self._pending = PendingQueue(self.state.scratch)
        self._pending.push(urlparse_cached(output).netloc, entry)
        self.stats.inc_value("newscrawl/frontier/held")
        self.stats.set_value("newscrawl/frontier/pending", len(self._pending))
        if self._queued() < self.high:  # room below the high watermark: straight on
            self.top_up()
        return True

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            if not self._hold(output):
                yield output

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            if not self._hold(output):
                yield output

    # --- feeding the scheduler ----------------------------------------------------------------

    def _queued(self) -> int:
        """Requests in the scheduler now (``high`` when it cannot tell and is not empty)."""
        scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
        if scheduler is None:
            return self.high
        try:
            return len(scheduler)  # type: ignore[arg-type]
        except TypeError:  # a scheduler without __len__: feed it only when it is empty
            return self.high if scheduler.has_pending_requests() else 0

    def maybe_top_up(self, *args: Any, **kwargs: Any) -> None:
        """Top the scheduler up when it holds fewer than the low watermark (a signal handler)."""
        if self.pending and self._queued() < self.low:
            self.top_up()

    def top_up(self) -> int:
        """Move pending requests into the scheduler until it holds ``high``; returns how many."""
        engine = self.crawler.engine
        if self._closed or self._feeding or self._pending is None or engine is None or engine.spider is None:
            return 0
        room = self.high - self._queued()
        if room <= 0 or not self._pending:
            return 0
        self._feeding = True
        try:
            batch = self._pending.pop(room)
            spider = engine.spider
            for entry in batch:
                engine.crawl(rebuild(entry, spider))
        finally:
            self._feeding = False
        self.stats.inc_value("newscrawl/frontier/fed", len(batch))
        self.stats.set_value("newscrawl/frontier/pending", len(self._pending))
        self.stats.inc_value("newscrawl/frontier/batches")
        logger.debug("Frontier: %d requests to the scheduler, %d pending", len(batch), self.pending)
        return len(batch)

    def spider_idle(self, spider: Spider) -> None:
        """Keep the crawl open while requests are pending."""
        if self.pending and self.top_up():
            raise DontCloseSpider

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self._closed = True
        left = self.pending
        if left:
            logger.info("Frontier: %d article requests were still pending at close (%s)", left, reason)
