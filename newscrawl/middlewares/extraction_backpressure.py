"""Hold article downloads back while the extraction workers are behind.

With extraction in worker processes (`newscrawl.workers`) Scrapy hands a downloaded page
to the spider and at once starts the next download, so on a fast site pages would pile up waiting
for a worker: memory grows and ``max_articles`` overshoots by everything already fetched. This
middleware makes an article request wait, before it is sent, until the pool's backlog is small.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler

from newscrawl.extensions.extraction_workers import ExtractionWorkers
from newscrawl.requestmeta import META_ARTICLE

logger = logging.getLogger(__name__)


class ExtractionBackpressureMiddleware:
    """Article requests wait for room in the crawl's extraction pool before they go out."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionBackpressureMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        workers = self.crawler.get_extension(ExtractionWorkers)
        if workers is None or not request.meta.get(META_ARTICLE):
            return
        pool = workers.pool
        if pool.backlog >= pool.backlog_limit:
            self.crawler.stats.inc_value("newscrawl/extract_pool/download_held")
        await pool.room()
