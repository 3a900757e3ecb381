"""The crawl's extraction: a pool of worker processes that run the library call on every page.

``NEWSCRAWL_EXTRACT_PROCESSES`` workers (``auto``: one per usable core beyond the first) call
`newscrawl.extract_page` on each article page with the crawl's options (`options_from_settings`), so the
crawl process is left with downloading, scheduling, counting and exporting. The spider finds this
extension with ``crawler.get_extension(ExtractionWorkers)`` and sends pages to its `pool` (without it
the spider extracts in-process). At the end the workers' CPU time and peak memory are recorded as
``newscrawl/extract_pool/...`` stats, then the workers are stopped and waited for.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from newscrawl.options import ExtractOptions
from newscrawl.workers import ExtractionPool, parse_processes

logger = logging.getLogger(__name__)


def options_from_settings(settings: BaseSettings) -> ExtractOptions:
    """What a crawl's settings ask of every extraction: ``NEWSCRAWL_BOILERPLATE`` (drop or keep),
    ``NEWSCRAWL_BOILERPLATE_PHRASES``, ``NEWSCRAWL_SITE_PROFILES`` and ``NEWSCRAWL_DETECT_LANGUAGE``."""
    mode = str(settings.get("NEWSCRAWL_BOILERPLATE")).strip().lower()
    return ExtractOptions(
        boilerplate=mode,  # type: ignore[arg-type]  # ExtractOptions refuses other values
        boilerplate_phrases=settings.getbool("NEWSCRAWL_BOILERPLATE_PHRASES"),
        use_profiles=settings.getbool("NEWSCRAWL_SITE_PROFILES"),
        detect_language=settings.getbool("NEWSCRAWL_DETECT_LANGUAGE"),
    )


class ExtractionWorkers:
    """Owns the crawl's `ExtractionPool`: starts it when the spider opens, stops it when it closes."""

    def __init__(self, crawler: Crawler, pool: ExtractionPool) -> None:
        self.crawler = crawler
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionWorkers:
        settings = crawler.settings
        pool = ExtractionPool(
            parse_processes(settings.get("NEWSCRAWL_EXTRACT_PROCESSES")),
            timeout=settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT"),
            options=options_from_settings(settings),
        )
        ext = cls(crawler, pool)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.pool.start()
        self.crawler.stats.set_value("newscrawl/extract_pool/processes", self.pool.processes)
        if self.pool.processes:
            logger.info("Extracting in %d worker process(es)", self.pool.processes)

    async def spider_closed(self, spider: Spider) -> None:
        pool, stats = self.pool, self.crawler.stats
        if pool.crashes:
            stats.set_value("newscrawl/extract_pool/worker_crashes", pool.crashes)
        if rss := pool.worker_peak_rss_mb():
            stats.set_value("newscrawl/extract_pool/worker_peak_rss_mb", round(rss, 1))
        if cpu := pool.worker_cpu_s():
            stats.set_value("newscrawl/extract_pool/worker_cpu_s", round(cpu, 2))
        await pool.close()
