"""The crawl's memory of each site's URL shapes (`newscrawl.discovery.templates.TemplateBook`).

The spider asks the book for a link's verdict and tells it what every fetched page turned out to be.
This extension owns the book: it reads what earlier runs learnt from the state directory when a site
first comes up and writes back what this run changed when the spider closes
(``NEWSCRAWL_LEARN_URL_TEMPLATES``; in distributed mode each worker keeps its own).
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.discovery.templates import Row, TemplateBook
from newscrawl.state.url_templates import UrlTemplateStore

logger = logging.getLogger(__name__)


class UrlTemplates:
    """Owns the `TemplateBook` and its store; the spider finds it with ``crawler.get_extension``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.state_dir = crawler.settings.get("NEWSCRAWL_STATE_DIR")
        self._store: UrlTemplateStore | None = None
        self.book = TemplateBook(loader=self._rows_of)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlTemplates:
        if not crawler.settings.getbool("NEWSCRAWL_LEARN_URL_TEMPLATES"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def store(self) -> UrlTemplateStore:
        if self._store is None:
            self._store = UrlTemplateStore(self.state_dir)
        return self._store

    def _rows_of(self, site: str) -> list[Row]:
        return self.store.rows(site)

    def spider_closed(self, spider: Spider) -> None:
        try:
            saved = self.store.save(self.book.rows(only_changed=True))
            if saved:
                self.crawler.stats.set_value("newscrawl/discovery/templates_saved", saved)
        finally:
            if self._store is not None:
                self._store.close()
                self._store = None
