"""A progress line every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds, instead of Scrapy's per-minute one.

Scrapy's LogStats says pages and items per minute and nothing of what is left or what went wrong
until the crawl ends. This line says, since the crawl started::

    Progress 2m30s: fetched 340 (3.1/s), articles 120, pending 560, failed 3 (timeout 2, http_404 1),
    retried 5, ETA 3m01s

(one line in the log).
``pending`` is what the crawl still has to fetch: the requests waiting in the lazy frontier
(`newscrawl.middlewares.frontier`, ``newscrawl/frontier/pending``), in Scrapy's scheduler and in the
downloader. The ETA is ``pending`` at the rate of the last interval; it is shown while the frontier
holds the crawl's queue (it knows the total discovered so far), not in distributed mode, where the
shared queue is not this worker's alone. ``failed`` are final download failures by reason
(``newscrawl/failed/<reason>``). The project add-on sets ``LOGSTATS_INTERVAL`` to 0 while this runs
(a value given with ``-s`` is kept); ``NEWSCRAWL_PROGRESS_INTERVAL = 0`` turns this off.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.items import Article

logger = logging.getLogger(__name__)


def duration_text(seconds: float) -> str:
    """``45s``, ``2m30s``, ``1h05m``: short and readable in a log line."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def by_reason(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """``{reason: count}`` of the stats ``<prefix><reason>``, largest first."""
    found = {k[len(prefix) :]: int(v or 0) for k, v in stats.items() if k.startswith(prefix) and v}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


class Progress:
    """Logs one progress line every ``interval`` seconds while the spider runs."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.distributed = bool(crawler.settings.get("NEWSCRAWL_REDIS_URL"))
        self.articles = 0
        self.started = time.monotonic()
        self._last = (self.started, 0)  # time and fetched count of the previous line
        self.loop: task.LoopingCall | None = None
        self.clock: Any = None  # tests pass a twisted.internet.task.Clock

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        progress = cls(crawler, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self._last = (self.started, 0)
        self.loop = task.LoopingCall(self.log)
        if self.clock is not None:
            self.loop.clock = self.clock
        self.loop.start(self.interval, now=False)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.articles += 1

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def pending(self, stats: dict[str, Any]) -> int:
        """Requests still to fetch: the frontier's, the scheduler's and the downloader's."""
        count = int(stats.get("newscrawl/frontier/pending", 0) or 0)
        engine = getattr(self.crawler, "_engine", None)
        if engine is None:
            return count
        scheduler = engine.scheduler
        if scheduler is not None:
            with contextlib.suppress(TypeError):  # a scheduler without __len__
                count += len(scheduler)  # type: ignore[arg-type]
        return count + len(getattr(engine.downloader, "active", ()))

    def line(self, now: float | None = None) -> str:
        """The progress line for now."""
        now = time.monotonic() if now is None else now
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        fetched = int(stats.get("response_received_count", 0) or 0)
        last_time, last_fetched = self._last
        self._last = (now, fetched)
        rate = (fetched - last_fetched) / (now - last_time) if now > last_time else 0.0
        pending = self.pending(stats)
        parts = [f"fetched {fetched} ({rate:.1f}/s)", f"articles {self.articles}", f"pending {pending}"]
        failed = by_reason(stats, "newscrawl/failed/")
        if failed:
            reasons = ", ".join(f"{reason} {n}" for reason, n in failed.items())
            parts.append(f"failed {sum(failed.values())} ({reasons})")
        retried = sum(by_reason(stats, "newscrawl/retried/").values())
        if retried:
            parts.append(f"retried {retried}")
        if not self.distributed and pending and rate > 0:
            parts.append(f"ETA {duration_text(pending / rate)}")
        return f"Progress {duration_text(now - self.started)}: " + ", ".join(parts)

    def log(self) -> None:
        logger.info("%s", self.line())
