"""Keep only articles in the languages asked for (``-a language=de,en`` / ``NEWSCRAWL_LANGUAGES``)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.items import Article

logger = logging.getLogger(__name__)


def wanted_languages(value: str | list[str] | None) -> frozenset[str]:
    """Primary language subtags from a comma-separated setting or list (``"de, en-GB"`` -> de, en)."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return frozenset(item.strip().split("-")[0].lower() for item in items if item.strip())


class LanguageFilterPipeline:
    """Drops articles whose ``inLanguage`` (declared or detected) is not one of the languages asked for.

    An article whose language is unknown is kept: dropping it would lose stories the detector could
    not judge (very short texts). Counts ``newscrawl/dropped/language``.
    """

    def __init__(self, crawler: Crawler, languages: frozenset[str]) -> None:
        self.stats = crawler.stats
        self.languages = languages

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguageFilterPipeline:
        languages = wanted_languages(crawler.settings.get("NEWSCRAWL_LANGUAGES"))
        if not languages:
            raise NotConfigured
        logger.info("Keeping articles in: %s", ", ".join(sorted(languages)))
        return cls(crawler, languages)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or not item.inLanguage:
            return item
        if item.inLanguage.split("-")[0].lower() in self.languages:
            return item
        self.stats.inc_value("newscrawl/dropped/language")
        raise DropItem(f"language {item.inLanguage} not wanted", log_level="INFO")
