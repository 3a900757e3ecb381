"""Write the crawl's final stats as JSON to ``NEWSCRAWL_STATS_FILE`` once the engine has stopped.

The file is written on ``engine_stopped``, which Scrapy sends after every ``spider_closed`` handler
has run and the stats are closed: the last counts of other components' close work (the seen-store
writer's final sync, the extraction pool's worker figures) are in it, whatever order the components
were connected in.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class StatsFile:
    """Dumps every stat (``newscrawl/...`` counters included) to a JSON file for scripts and tests."""

    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path
        self.spider_name = ""
        self.reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("NEWSCRAWL_STATS_FILE")
        if not path:
            raise NotConfigured  # switched off: no warning
        ext = cls(crawler, path)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.spider_name = spider.name

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        if self.reason is None:  # the spider never opened: nothing was crawled
            return
        stats = {k: _jsonable(v) for k, v in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = self.reason
        path = Path(self.path % {"name": self.spider_name})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")
        logger.info("Stats written to %s", path)
