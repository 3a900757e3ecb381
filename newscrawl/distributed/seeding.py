"""The first worker of a run seeds it with its start requests; the others join the shared queue."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.distributed.connection import keys_from_settings, new_run_id, redis_from_settings

logger = logging.getLogger(__name__)


class SeedOrJoinMiddleware:
    """Spider middleware: ``SET <crawl>:seed <run id> NX`` decides who seeds.

    The seeder's start requests go to the shared queue as usual; a joining worker's start requests
    are skipped (counted as ``newscrawl/distributed/start_skipped``): it takes work from the queue.
    A stopped crawl keeps its seed, so restarted workers all join and resume it.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.server = redis_from_settings(settings)
        self.seed_key = keys_from_settings(settings).seed
        self.seeder = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOrJoinMiddleware:
        if not crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        run = new_run_id()
        self.seeder = bool(self.server.set(self.seed_key, run, nx=True))
        if self.seeder:
            self.stats.set_value("newscrawl/distributed/seeded_run", run)
            logger.info("Seeding shared crawl run %s with this worker's start requests", run)
            async for request_or_item in start:
                yield request_or_item
            return
        current = self.server.get(self.seed_key)
        skipped = 0
        async for _ in start:
            skipped += 1
        self.stats.inc_value("newscrawl/distributed/start_skipped", skipped)
        logger.info(
            "Joining shared crawl run %s: skipped %d start request(s), taking work from the queue",
            current.decode() if current else "?",
            skipped,
        )
