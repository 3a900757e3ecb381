"""Test-only: a worker whose reactor thread is blocked for a while (a long callback, a busy machine).

Enabled with ``SCRAPY_SETTINGS_MODULE=tests.distributed_stall`` (this module is also a settings
module: the project's settings plus the extension) and ``-s TEST_STALL_AFTER_ITEMS=N
-s TEST_STALL_SECONDS=S``: after the worker exported N items, one reactor callback keeps the CPU and
the GIL busy in Python for S seconds.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.addon import EXTENSIONS as _PROJECT_EXTENSIONS
from newscrawl.settings import *  # noqa: F403 (this module is the workers' settings module)

logger = logging.getLogger(__name__)

EXTENSIONS = {**_PROJECT_EXTENSIONS, "tests.distributed_stall.ReactorStall": 990}


class ReactorStall:
    """Blocks the reactor thread once, busy in Python code, after ``TEST_STALL_AFTER_ITEMS`` items."""

    def __init__(self, crawler: Crawler, after: int, seconds: float) -> None:
        self.stats = crawler.stats
        self.after = after
        self.seconds = seconds
        self.items = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReactorStall:
        after = crawler.settings.getint("TEST_STALL_AFTER_ITEMS")
        if not after:
            raise NotConfigured("TEST_STALL_AFTER_ITEMS is not set")
        ext = cls(crawler, after, crawler.settings.getfloat("TEST_STALL_SECONDS", 6.0))
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item: Any) -> None:
        self.items += 1
        if self.items == self.after:
            from twisted.internet import reactor

            reactor.callLater(0, self._stall)

    def _stall(self) -> None:
        logger.warning("Test: blocking the reactor for %g s", self.seconds)
        started = time.monotonic()
        end = started + self.seconds
        spins = 0
        while time.monotonic() < end:  # pure Python: holds the GIL but for the interpreter's switches
            spins += 1
        self.stats.set_value("test/reactor_stalled", round(time.monotonic() - started, 1))
