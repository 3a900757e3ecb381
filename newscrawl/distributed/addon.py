"""The Scrapy add-on that turns a crawl into a worker of a shared crawl when NEWSCRAWL_REDIS_URL is set.

This module imports nothing of Redis: without the setting, the add-on leaves every setting alone and
the components below (named by import path) are never loaded.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from newscrawl.distributed.keys import CrawlKeys

logger = logging.getLogger(__name__)

PRIORITY = "addon"
EXTENSION = "newscrawl.distributed.worker.DistributedWorker"
SEED_MIDDLEWARE = "newscrawl.distributed.seeding.SeedOrJoinMiddleware"
EMIT_PIPELINE = "newscrawl.distributed.pipeline.DistributedEmitPipeline"
SEEN_STORE = "newscrawl.state.redis_store.RedisSeenStore"


def worker_feed_uri(uri: str, worker: str) -> str:
    """``output/news/%(time)s.jsonl`` -> ``output/news/%(time)s-<worker>.jsonl`` (other URIs unchanged)."""
    return uri.replace("%(time)s", f"%(time)s-{worker}", 1)


def _add_component(settings: BaseSettings, name: str, path: str, order: int) -> None:
    """Add a component (by import path, so it is imported only when used) to a priority dict setting."""
    components = settings.getdict(name)
    components[path] = order
    settings.set(name, components, priority=settings.getpriority(name) or 0)


class DistributedAddon:
    """Switches scheduler, dupefilter, seen-store, feeds and worker components to Redis.

    Settings it reads: ``NEWSCRAWL_REDIS_URL`` (the switch), ``NEWSCRAWL_REDIS_CRAWL`` (key prefix
    ``newscrawl:<crawl>:``, default the spider name), ``NEWSCRAWL_WORKER_ID`` (default host-pid-random).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedAddon:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        from newscrawl.distributed.connection import new_worker_id  # imports redis: distributed mode only

        crawl = settings.get("NEWSCRAWL_REDIS_CRAWL") or self.crawler.spidercls.name
        worker = settings.get("NEWSCRAWL_WORKER_ID") or new_worker_id()
        keys = CrawlKeys(crawl)
        values: dict[str, Any] = {
            "NEWSCRAWL_REDIS_CRAWL": crawl,
            "NEWSCRAWL_WORKER_ID": worker,
            "REDIS_URL": url,
            "SCHEDULER": "newscrawl.distributed.scheduler.RedisScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_CLASS": "newscrawl.distributed.queue.InFlightPriorityQueue",
            "SCHEDULER_QUEUE_KEY": keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "NEWSCRAWL_SEEN_STORE": SEEN_STORE,
        }
        for name, value in values.items():
            settings.set(name, value, priority=PRIORITY)
        _add_component(settings, "EXTENSIONS", EXTENSION, 500)
        _add_component(settings, "SPIDER_MIDDLEWARES", SEED_MIDDLEWARE, 10)
        _add_component(settings, "ITEM_PIPELINES", EMIT_PIPELINE, 900)
        feeds = {worker_feed_uri(uri, worker): opts for uri, opts in settings.getdict("FEEDS").items()}
        settings.set("FEEDS", feeds, priority=max(settings.getpriority("FEEDS") or 0, 15))
        logger.info("Distributed mode: worker %s of shared crawl %s on %s", worker, crawl, url)
