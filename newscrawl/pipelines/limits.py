"""The crawl's limits on what it emits: articles published since a date, and at most N articles.

`SincePipeline` drops every article whose ``datePublished`` is older than ``NEWSCRAWL_SINCE`` (``-a
since=2d`` sets it), whichever route found it — a sitemap or feed entry with a date is not even
fetched (the spider skips it), but an article found through a link or a sitemap without dates is
only known to be old once extracted. An article without a ``datePublished`` is kept.

`MaxArticlesPipeline` lets exactly ``NEWSCRAWL_MAX_ARTICLES`` (``-a max_articles=N``) articles through
and closes the crawl once that many are written (reason ``max_articles``). Scrapy's
``CLOSESPIDER_ITEMCOUNT`` closes the crawl only after the Nth item and lets every item already on its
way through: ``max_articles=3`` emitted 14. Articles beyond N are dropped (counted as
``newscrawl/dropped/max_articles``) and, not being emitted, are not recorded in the seen-store: the next
run fetches them again. An article a later pipeline drops (the distributed claim) frees its place.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.dates import parse_date, parse_since
from newscrawl.items import Article

logger = logging.getLogger(__name__)


class SincePipeline:
    """Drops articles published before the crawl's ``since`` (``newscrawl/dropped/too_old``)."""

    def __init__(self, crawler: Crawler, since: datetime) -> None:
        self.stats = crawler.stats
        self.since = since

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SincePipeline:
        value = crawler.settings.get("NEWSCRAWL_SINCE")
        if not value:
            raise NotConfigured
        since = parse_since(str(value))
        logger.info("Keeping articles published since %s", since.isoformat(timespec="seconds"))
        return cls(crawler, since)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        published = parse_date(item.datePublished)
        if published is None or published >= self.since:
            return item
        self.stats.inc_value("newscrawl/dropped/too_old")
        before = self.since.date().isoformat()
        raise DropItem(f"too_old: published {item.datePublished}, before {before}", log_level="INFO")


class MaxArticlesPipeline:
    """Lets ``NEWSCRAWL_MAX_ARTICLES`` articles through, drops the rest, closes the crawl at the limit."""

    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.limit = limit
        self.passed = 0  # articles let through: written, or on their way to the feed
        self.emitted = 0
        self._on_the_way: set[int] = set()  # ids of the articles let through and not yet written
        self._closing: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MaxArticlesPipeline:
        limit = crawler.settings.getint("NEWSCRAWL_MAX_ARTICLES")
        if limit <= 0:
            raise NotConfigured
        pipeline = cls(crawler, limit)
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if self.passed >= self.limit:
            self.stats.inc_value("newscrawl/dropped/max_articles")
            raise DropItem(f"max_articles: {self.limit} articles emitted already", log_level="DEBUG")
        self.passed += 1
        self._on_the_way.add(id(item))
        return item

    def item_scraped(self, item: Any) -> None:
        if id(item) not in self._on_the_way:
            return
        self._on_the_way.discard(id(item))
        self.emitted += 1
        if self.emitted >= self.limit and self._closing is None:
            self._closing = self.close_crawl()

    def close_crawl(self) -> Any:
        """Close the crawl: the limit is reached (the Deferred of the engine's close)."""
        logger.info("Emitted %d articles (max_articles): closing the crawl", self.emitted)
        return deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))

    def item_dropped(self, item: Any, exception: BaseException | None = None, **_: Any) -> None:
        if id(item) in self._on_the_way:  # a later pipeline dropped it: its place is free again
            self._on_the_way.discard(id(item))
            self.passed -= 1
