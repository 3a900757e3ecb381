"""One place to report what happened to a page: a namespaced stat, one log line, one signal.

Every newscrawl component that retries, skips, refuses or gives up on a URL calls `record_outcome`,
so the stats (``newscrawl/skipped/binary``), the log (``Skipped URL: binary (pdf)``) and the crawl
summary (which listens to `page_outcome` to count per site) always agree.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Signal sent with ``url``, ``category`` and ``reason`` for every recorded outcome.
page_outcome = object()

_VERBS = {
    "retried": "Retrying",
    "skipped": "Skipped",
    "refused": "Refused",
    "failed": "Failed",
}
_LEVELS = {"retried": logging.INFO}


def record_outcome(crawler: Crawler, category: str, reason: str, url: str, detail: str = "") -> None:
    """Count ``newscrawl/<category>/<reason>``, log one line about ``url`` and tell the summary.

    ``category`` is one of ``retried``, ``skipped``, ``refused``, ``failed``.
    """
    assert crawler.stats is not None
    crawler.stats.inc_value(f"newscrawl/{category}/{reason}")
    verb = _VERBS.get(category, category.capitalize())
    level = _LEVELS.get(category, logging.WARNING)
    if detail:
        logger.log(level, "%s %s: %s (%s)", verb, url, reason, detail)
    else:
        logger.log(level, "%s %s: %s", verb, url, reason)
    crawler.signals.send_catch_log(page_outcome, url=url, category=category, reason=reason)
