"""Give the crawl's spider a pool of extraction worker processes (`newscrawl.extraction_pool`).

``NEWSCRAWL_EXTRACT_PROCESSES`` workers (``auto``: one per usable core beyond the first) parse and
extract each article page and run the cleaning stages of the enabled cleaning pipelines, so the
crawl process is left with downloading, scheduling, counting and exporting. The spider finds the
pool as ``spider.extraction_pool`` (without this extension it extracts in-process). At the end the
workers' CPU time and peak memory are recorded as ``newscrawl/extract_pool/...`` stats, then the
workers are stopped and waited for.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawl.extraction_pool import ExtractionPool, parse_processes
from newscrawl.pipelines.cleaning import options_from_settings, stages_of_enabled_pipelines

logger = logging.getLogger(__name__)


class ExtractionWorkers:
    """Starts the extraction workers when the spider opens and stops them when it closes."""

    def __init__(self, crawler: Crawler, pool: ExtractionPool) -> None:
        self.crawler = crawler
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionWorkers:
        settings = crawler.settings
        pool = ExtractionPool(
            parse_processes(settings.get("NEWSCRAWL_EXTRACT_PROCESSES")),
            timeout=settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", 60.0),
            clean_options=options_from_settings(crawler),
            stages=stages_of_enabled_pipelines(crawler),
        )
        ext = cls(crawler, pool)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        spider.extraction_pool = self.pool  # type: ignore[attr-defined]
        self.pool.start()
        self.crawler.stats.set_value("newscrawl/extract_pool/processes", self.pool.processes)
        if self.pool.processes:
            logger.info(
                "Extracting in %d worker process(es); cleaning stages run there: %s",
                self.pool.processes,
                ", ".join(self.pool.stages) or "none",
            )

    async def spider_closed(self, spider: Spider) -> None:
        pool, stats = self.pool, self.crawler.stats
        if pool.crashes:
            stats.set_value("newscrawl/extract_pool/worker_crashes", pool.crashes)
        if rss := pool.worker_peak_rss_mb():
            stats.set_value("newscrawl/extract_pool/worker_peak_rss_mb", round(rss, 1))
        if cpu := pool.worker_cpu_s():
            stats.set_value("newscrawl/extract_pool/worker_cpu_s", round(cpu, 2))
        await pool.close()
