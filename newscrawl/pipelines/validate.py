"""Validation: an article without headline or with too short a body goes to the rejects feed."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.items import Article, Rejected

logger = logging.getLogger(__name__)


def rejection_reason(item: Article, min_body_chars: int) -> str | None:
    """Why an article is not exportable (``no_headline``, ``no_body``, ``short_body``), or None."""
    if not item.headline:
        return "no_headline"
    if not item.articleBody:
        return "no_body"
    if len(item.articleBody) < min_body_chars:
        return "short_body"
    return None


class ValidationPipeline:
    """Replaces invalid articles with a `Rejected` item (routed to the rejects feed) and counts them.

    Counts ``newscrawl/articles/valid`` and ``newscrawl/rejected/<reason>``. The `Rejected` item only
    reaches the feed named by ``NEWSCRAWL_REJECTS_FEED`` (the project add-on, `newscrawl.addon`, routes
    item classes, with ``-O``/``-o`` feeds too); with that setting empty, the item is dropped after
    counting.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_body_chars = crawler.settings.getint("NEWSCRAWL_MIN_BODY_CHARS")
        self.rejects_feed = bool(crawler.settings.get("NEWSCRAWL_REJECTS_FEED"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        reason = rejection_reason(item, self.min_body_chars)
        if reason is None:
            self.stats.inc_value("newscrawl/articles/valid")
            return item
        self.stats.inc_value(f"newscrawl/rejected/{reason}")
        body_chars = len(item.articleBody or "")
        logger.warning("Rejected %s: %s (%d body characters)", item.url, reason, body_chars)
        if not self.rejects_feed:
            raise DropItem(f"rejected: {reason}", log_level="DEBUG")  # logged above
        return Rejected(url=item.url, reason=reason, headline=item.headline, bodyChars=body_chars)
