"""Test helpers for the lazy frontier: a probe of the scheduler's size and a stand-in engine."""

from __future__ import annotations

import json
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler

from newscrawl import addon as project_settings  # the project's component tables


class SchedulerProbe:
    """Extension: records the most requests the scheduler ever held (stat ``probe/scheduler_max``).

    It is read as each request is scheduled (``request_scheduled`` fires just before the enqueue).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchedulerProbe:
        probe = cls(crawler)
        crawler.signals.connect(probe.request_scheduled, signal=signals.request_scheduled)
        return probe

    def request_scheduled(self, request: Request, spider: Any) -> None:
        held = len(self.crawler.engine.scheduler) + 1  # type: ignore[arg-type]
        self.crawler.stats.max_value("probe/scheduler_max", held)


def extensions_with_probe() -> str:
    """The project's EXTENSIONS plus the probe, as a ``-s EXTENSIONS=...`` value."""
    return json.dumps({**project_settings.EXTENSIONS, "tests.frontier_support.SchedulerProbe": 990})


class StubScheduler(list):
    """A scheduler that is just a list of requests."""

    def has_pending_requests(self) -> bool:
        return bool(self)


class StubEngine:
    """Just enough of Scrapy's engine for the frontier: a spider, a scheduler and ``crawl``."""

    def __init__(self, spider: Any) -> None:
        self.spider = spider
        self.scheduler = StubScheduler()
        self.most_held = 0

    def crawl(self, request: Request) -> None:
        self.scheduler.append(request)
        self.most_held = max(self.most_held, len(self.scheduler))
