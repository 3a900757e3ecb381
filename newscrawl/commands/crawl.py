"""``scrapy crawl``, with an exit code that says how the crawl ended (`newscrawl.outcome`).

Scrapy's own command exits 0 whenever the crawl could start, even when every request failed or the
feed could not be written; cron and systemd then see success. This command runs the crawl the same
way and then sets the exit code from the crawl's final stats.
"""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.outcome import OK, USAGE, exit_code

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def long_desc(self) -> str:
        return (
            "Run a spider of the current project. Exit codes: 0 crawled, 1 an article could not be "
            "written, 2 bad arguments or settings, 3 nothing could be fetched."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = USAGE
            return
        assert crawler.stats is not None
        self.exitcode = exit_code(crawler.stats.get_stats())
        if self.exitcode != OK:
            logger.error("Crawl ended with exit code %d (see the summary above)", self.exitcode)
