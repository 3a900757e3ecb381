"""Drop the second copy of an article reached through another URL in the same crawl."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.items import Article

logger = logging.getLogger(__name__)


class DedupPipeline:
    """Keys each article by canonical URL and body fingerprint; a repeat of either is dropped.

    Only the keys are kept (two short strings per article), never the items.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.urls: set[str] = set()
        self.fingerprints: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        url = item.canonicalUrl or item.url
        if url in self.urls or (item.articleBody and item.fingerprint in self.fingerprints):
            self.stats.inc_value("newscrawl/dedup/duplicate")
            raise DropItem(f"duplicate article {item.url} (canonical {url})")
        self.urls.add(url)
        if item.articleBody and item.fingerprint:
            self.fingerprints.add(item.fingerprint)
        return item
