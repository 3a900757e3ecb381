"""Drop the second copy of an article reached through another URL in the same crawl."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.clean.urls import canonical_url, dedup_key
from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.items import Article
from newscrawl.state.scratch import KeySet

logger = logging.getLogger(__name__)


def _digest(text: str) -> bytes:
    """A 12-byte digest: the only thing kept in memory per key."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


class DedupPipeline:
    """Keys each article by its URLs (canonical and fetched) and its body fingerprint.

    An article whose canonical URL, fetched URL or non-empty body fingerprint was already seen is
    dropped and counted (``newscrawl/dedup/duplicate``, plus ``.../duplicate_url`` or
    ``.../duplicate_body`` for the cue that caught it). Only short digests are kept, never items,
    and they are kept on disk in the crawl's scratch file (its `CrawlState`'s): memory does
    not grow with the number of articles. ``NEWSCRAWL_DEDUP_ENABLED = False`` turns it off.
    """

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self._urls: KeySet | None = None
        self._bodies: KeySet | None = None

    @property
    def urls(self) -> KeySet:
        """Digests of the canonical and fetched URLs of the articles passed on."""
        if self._urls is None:
            self._urls = self.state.key_set("dedup_urls")
        return self._urls

    @property
    def bodies(self) -> KeySet:
        """Digests of the body fingerprints of the articles passed on."""
        if self._bodies is None:
            self._bodies = self.state.key_set("dedup_bodies")
        return self._bodies

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("NEWSCRAWL_DEDUP_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler, CrawlState.of(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        canonical = item.canonicalUrl or canonical_url(item.url)
        url_keys = {_digest(dedup_key(canonical)), _digest(dedup_key(canonical_url(item.url)))}
        body_key = _digest(item.fingerprint or "") if item.articleBody and item.fingerprint else None
        if any(key in self.urls for key in url_keys):
            cue = "url"
        elif body_key is not None and body_key in self.bodies:
            cue = "body"
        else:
            for key in url_keys:
                self.urls.add(key)
            if body_key is not None:
                self.bodies.add(body_key)
            return item
        self.stats.inc_value("newscrawl/dedup/duplicate")
        self.stats.inc_value(f"newscrawl/dedup/duplicate_{cue}")
        # One log line (the project's log formatter: "Dropped <url>: <reason>"), at INFO.
        reason = f"duplicate (same {cue} as an earlier article; canonical {canonical})"
        raise DropItem(reason, log_level="INFO")
