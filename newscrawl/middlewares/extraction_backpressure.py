"""Hold article downloads back while the extraction workers are behind.

With extraction in worker processes (`newscrawl.workers`) Scrapy hands a downloaded page
to the spider and at once starts the next download, so on a fast site pages would pile up waiting
for a worker: memory grows and ``max_articles`` overshoots by everything already fetched. This
middleware makes an article request wait, before it is sent, until the pool's backlog is small.

A request that waited and was let through counts as a page on its way to the pool (so that a drained
pool lets through as many waiters as it has room for, not all of them) until it leaves the
downloader, whatever becomes of it: a page, a 404, a refused redirect or a skipped body. Every such
request that leaves wakes the waiting ones, and waiters check again at least every
`newscrawl.workers.pool.ROOM_RECHECK_S` seconds, so requests that never reach extraction cannot
leave the others waiting for room that is already free (the crawl would never end).
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.extensions.extraction_workers import ExtractionWorkers
from newscrawl.requestmeta import META_ARTICLE
from newscrawl.workers import ExtractionPool

logger = logging.getLogger(__name__)


class ExtractionBackpressureMiddleware:
    """Article requests wait for room in the crawl's extraction pool before they go out."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._let_through: set[Request] = set()  # requests that waited, on their way to the pool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionBackpressureMiddleware:
        return cls(crawler)

    def _promised(self) -> int:
        """Requests let through that are still in the downloader (a request that left it by a way
        this middleware did not see, e.g. a later middleware's redirect, is forgotten here)."""
        engine = self.crawler.engine
        active = engine.downloader.active if engine is not None and engine.downloader is not None else None
        if active is not None:
            self._let_through &= active
        return len(self._let_through)

    def _pool(self) -> ExtractionPool | None:
        workers = self.crawler.get_extension(ExtractionWorkers)
        return workers.pool if workers is not None else None

    async def process_request(self, request: Request) -> None:
        if not request.meta.get(META_ARTICLE):
            return
        pool = self._pool()
        if pool is None:
            return
        if pool.has_room(self._promised()):
            return
        self.crawler.stats.inc_value("newscrawl/extract_pool/download_held")
        await pool.room(self._promised)
        self._let_through.add(request)

    def _left(self, request: Request) -> None:
        if request in self._let_through:
            self._let_through.discard(request)
            pool = self._pool()
            if pool is not None:
                pool.wake()

    def process_response(self, request: Request, response: Response) -> Response:
        self._left(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._left(request)
