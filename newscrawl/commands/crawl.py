"""``scrapy crawl``, checked before it starts and with an exit code that says how it ended.

Before anything starts, the spider arguments (`newscrawl.arguments`) and the ``NEWSCRAWL_*`` settings
(`newscrawl.settings_check`) are checked: a wrong one ends the command with one line on stderr
(``newscrawl: -a depth=abc: expected a whole number >= 0``) and exit code 2, instead of a traceback
from inside the crawl. A crawl that cannot start because another one holds the state directory's
lock (`newscrawl.state.lock`) says so in one line and exits with 75. The directory of ``LOG_FILE`` is
made if it is missing (Scrapy would fail with a traceback before the crawl starts).

Scrapy's own command exits 0 whenever the crawl could start, even when every request failed or the
feed could not be written; cron and systemd then see success. This command sets the exit code from
the crawl's final stats (`newscrawl.outcome`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newscrawl.arguments import ArgumentError, check_arguments
from newscrawl.outcome import BUSY, OK, USAGE, exit_code
from newscrawl.settings_check import SettingError, check_settings
from newscrawl.state.lock import StateDirLocked

logger = logging.getLogger(__name__)

# Errors that stop a crawl before it starts, with the exit code each gives.
_START_ERRORS: dict[type[Exception], int] = {ArgumentError: USAGE, SettingError: USAGE, StateDirLocked: BUSY}


class Command(ScrapyCrawlCommand):
    def long_desc(self) -> str:
        return (
            "Run a spider of the current project. Exit codes: 0 crawled, 1 an article could not be "
            "written, 2 bad arguments or settings, 3 nothing could be fetched, 75 another crawl holds "
            "the state directory."
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the checks: they run before the crawler process exists (and logs)."""
        super().process_options(args, opts)
        assert self.settings is not None
        try:
            check_settings(self.settings)
            if args[:1] == ["news"]:
                check_arguments(opts.spargs)
        except (ArgumentError, SettingError) as exc:
            self.say(exc.message)
            sys.exit(USAGE)
        log_file = self.settings.get("LOG_FILE")
        if log_file:  # Scrapy opens it as soon as the crawler process exists
            Path(log_file).parent.mkdir(parents=True, exist_ok=True)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self._start_error: int | None = None
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(started, Deferred):
            started.addErrback(self._failed_to_start)
        elif isinstance(started, asyncio.Future):
            started.add_done_callback(self._task_done)
        self.crawler_process.start()
        if self._start_error is not None:
            self.exitcode = self._start_error
            return
        if self.crawler_process.bootstrap_failed:
            self.exitcode = USAGE
            return
        assert crawler.stats is not None
        self.exitcode = exit_code(crawler.stats.get_stats())
        if self.exitcode != OK:
            logger.error("Crawl ended with exit code %d (see the summary above)", self.exitcode)

    def say(self, message: str) -> None:
        """One line for the operator on stderr (and in the log file, once the crawl logs to one)."""
        print(f"newscrawl: {message}", file=sys.stderr, flush=True)
        if self.crawler_process is not None and self.settings is not None and self.settings.get("LOG_FILE"):
            logger.error("%s", message)

    def _known_error(self, error: BaseException | None) -> bool:
        """Report an error that stops a crawl before it starts in one line; False for any other."""
        for kind, code in _START_ERRORS.items():
            if isinstance(error, kind):
                self.say(str(error))
                self._start_error = code
                return True
        return False

    def _failed_to_start(self, failure: Failure) -> Any:
        return None if self._known_error(failure.value) else failure

    def _task_done(self, task: asyncio.Future[Any]) -> None:
        if task.cancelled():
            return
        error = task.exception()  # retrieved now: asyncio no longer logs it by itself
        if error is not None and not self._known_error(error):
            logger.error("The crawl could not start", exc_info=error)
