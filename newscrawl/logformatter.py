"""Log lines for Scrapy's own events, sized for crawls of thousands of pages.

Scrapy logs every dropped item at WARNING with the item's whole repr — about 7 KB for an article: a
2,000-page crawl with duplicates wrote a 12 MB log. Here a drop is one line, ``Dropped <url>:
<reason>``, at the level the drop asked for (``DropItem(..., log_level=...)``) or INFO: a drop is
an expected outcome, counted in the stats (``newscrawl/dedup/duplicate``, ``newscrawl/dropped/...``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class NewscrawlLogFormatter(LogFormatter):
    """`LogFormatter` whose drop lines name the URL and the reason only (``LOG_FORMATTER``)."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        level = getattr(exception, "log_level", None)
        if isinstance(level, str):
            level = getattr(logging, level.upper(), logging.INFO)
        url = getattr(item, "url", None) or (response.url if isinstance(response, Response) else "")
        return {
            "level": logging.INFO if level is None else level,
            "msg": "Dropped %(url)s: %(reason)s",
            "args": {"url": url, "reason": str(exception) or type(exception).__name__},
        }
