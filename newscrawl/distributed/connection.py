"""A Redis client for the crawl's settings (imported only in distributed mode)."""

from __future__ import annotations

import os
import socket
import time
import uuid

import redis
from scrapy.settings import BaseSettings

from newscrawl.distributed.keys import CrawlKeys


def redis_from_url(url: str) -> redis.Redis:
    """A client returning bytes (request payloads are binary)."""
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=30, retry_on_timeout=True)


def redis_from_settings(settings: BaseSettings) -> redis.Redis:
    """The client for ``NEWSCRAWL_REDIS_URL``."""
    return redis_from_url(settings["NEWSCRAWL_REDIS_URL"])


def keys_from_settings(settings: BaseSettings) -> CrawlKeys:
    """The crawl's keys: ``NEWSCRAWL_REDIS_CRAWL`` (set by the add-on to the spider name by default)."""
    return CrawlKeys(settings["NEWSCRAWL_REDIS_CRAWL"])


def new_worker_id() -> str:
    """Host, pid and a random suffix: unique even when a restarted worker reuses a pid."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def new_run_id() -> str:
    """A sortable id for one run of a shared crawl (UTC time and a random suffix)."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:6]
