"""The Scrapy add-on that turns a crawl into a worker of a shared crawl when NEWSCRAWL_REDIS_URL is set.

This module imports nothing of Redis: without the setting, the add-on leaves every setting alone and
the components below (named by import path) are never loaded.

It runs after the project's add-on (`newscrawl.addon.NewscrawlAddon`; ``ADDONS`` orders `ORDER` after
``newscrawl.addon.ORDER``): the feeds it renames per worker are the ones that add-on routed (rejects
feed included), and the single-machine seen pipeline that add-on installed is switched off here.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawl.distributed.keys import CrawlKeys

logger = logging.getLogger(__name__)

# This add-on's value in ADDONS: after the project's add-on (newscrawl.addon.ORDER = 100).
ORDER = 200
# The add-on's settings win over the project's settings module and a spider's custom_settings (both
# written for one machine: NEWSCRAWL_SEEN_STORE is "" there) and lose to the user's -s.
PRIORITY = SETTINGS_PRIORITIES["spider"] + 5
# Settings no -s may change: every component of the worker must talk to the same Redis.
FORCED = SETTINGS_PRIORITIES["cmdline"] + 5
EXTENSION = "newscrawl.distributed.worker.DistributedWorker"
SEED_MIDDLEWARE = "newscrawl.distributed.seeding.SeedOrJoinMiddleware"
EMIT_PIPELINE = "newscrawl.distributed.pipeline.DistributedEmitPipeline"
SEEN_STORE = "newscrawl.distributed.seen_store.RedisSeenStore"
# Its check (same body = unchanged) is what the emit pipeline's atomic claim does across workers.
SEEN_PIPELINE = "newscrawl.pipelines.seen.SeenPipeline"


def worker_feed_uri(uri: str, worker: str) -> str:
    """``output/news/%(time)s.jsonl`` -> ``output/news/%(time)s-<worker>.jsonl`` (other URIs unchanged)."""
    return uri.replace("%(time)s", f"%(time)s-{worker}", 1)


def _add_component(settings: BaseSettings, name: str, path: str, order: int | None) -> None:
    """Add a component (by import path, so it is imported only when used) to a priority dict setting;
    order None switches it off."""
    components = settings.getdict(name)
    components[path] = order
    settings.set(name, components, priority=settings.getpriority(name) or 0)


def _own(settings: BaseSettings, name: str, value: Any, priority: int) -> None:
    """Set ``name`` at ``priority`` or keep the value the user gave on the command line (logged)."""
    current = settings.getpriority(name) or 0
    if current > priority and settings.get(name) != value:
        logger.warning(
            "Distributed mode: %s=%r from the command line kept (not %r)", name, settings[name], value
        )
        return
    settings.set(name, value, priority=max(priority, current))


class DistributedAddon:
    """Switches scheduler, dupefilter, seen-store, feeds and worker components to Redis.

    Settings it reads: ``NEWSCRAWL_REDIS_URL`` (the switch), ``NEWSCRAWL_REDIS_CRAWL`` (key prefix
    ``newscrawl:<crawl>:``, default the spider name), ``NEWSCRAWL_WORKER_ID`` (default host-pid-random).
    The settings it writes override the project's and the spider's (see ``PRIORITY``); a value given
    with ``-s`` is kept, except ``REDIS_URL``, which always follows ``NEWSCRAWL_REDIS_URL``.
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
            "SCHEDULER": "newscrawl.distributed.scheduler.RedisScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_CLASS": "newscrawl.distributed.queue.InFlightPriorityQueue",
            "SCHEDULER_QUEUE_KEY": keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "NEWSCRAWL_SEEN_STORE": SEEN_STORE,
        }
        for name, value in values.items():
            _own(settings, name, value, PRIORITY)
        settings.set("REDIS_URL", url, priority=FORCED)
        _add_component(settings, "EXTENSIONS", EXTENSION, 500)
        _add_component(settings, "SPIDER_MIDDLEWARES", SEED_MIDDLEWARE, 10)
        _add_component(settings, "ITEM_PIPELINES", EMIT_PIPELINE, 900)
        _add_component(settings, "ITEM_PIPELINES", SEEN_PIPELINE, None)
        # FEEDS keeps its priority (the project add-on routes it above the command line's): same feeds,
        # renamed.
        feeds = {worker_feed_uri(uri, worker): opts for uri, opts in settings.getdict("FEEDS").items()}
        settings.set("FEEDS", feeds, priority=settings.getpriority("FEEDS") or PRIORITY)
        logger.info("Distributed mode: worker %s of shared crawl %s on %s", worker, crawl, url)
