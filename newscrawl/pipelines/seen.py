"""Incremental output: an article is emitted when it is new or its text changed since last emitted.

The fingerprint of each article is compared with the seen-store: unknown URL = ``new``, other
fingerprint = ``updated`` (emitted with its new ``dateModified``), same fingerprint =
``unchanged`` (dropped quietly). The store itself is written by
``newscrawl.extensions.seen_store_writer.SeenStoreWriter`` once the item is in the feed; both get
the store from the crawl's `newscrawl.extensions.crawl_state.CrawlState`.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.items import Article

logger = logging.getLogger(__name__)


class UnchangedArticle(DropItem):
    """The article was emitted before with the same text."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")


class SeenPipeline:
    """Counts ``newscrawl/incremental/new|updated|unchanged`` and drops unchanged articles."""

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.full = crawler.settings.getbool("NEWSCRAWL_FULL")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenPipeline:
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler, CrawlState.of(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        record = self.state.seen_store.get(item.canonicalUrl or item.url)
        if record is None:
            self.stats.inc_value("newscrawl/incremental/new")
        elif record.fingerprint != item.fingerprint:
            self.stats.inc_value("newscrawl/incremental/updated")
            logger.info("Updated article %s (dateModified %s)", item.url, item.dateModified)
        else:
            self.stats.inc_value("newscrawl/incremental/unchanged")
            if not self.full:
                raise UnchangedArticle("unchanged since last emitted")
        return item
