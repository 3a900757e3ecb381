"""Write the seen-store only after an article is in the feed, so store and feed always agree.

On ``item_scraped`` (connected after Scrapy's feed exporter, whose file storage flushes every
line) the article's canonical URL is recorded with its fingerprint, ``dateModified``, the sitemap /
feed date that led to it and the time. An unchanged article (dropped by
`newscrawl.pipelines.seen.SeenPipeline`) only refreshes its record's dates.

A hard kill can still fall between the feed line and the store write. To close that gap, the
feed files of each run are remembered (in ``JOBDIR``, or the state directory), and the next run
first reads their last lines back into the store and cuts off a half-written last line.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Response

from newscrawl.clean.urls import strip_tracking
from newscrawl.discovery.dates import parse_date
from newscrawl.items import Article
from newscrawl.pipelines.seen import UnchangedArticle
from newscrawl.state import SeenRecord, SeenStore
from newscrawl.state.shared import close_store, source_dates_for, store_for

logger = logging.getLogger(__name__)

META_CHANGED_AT = "newscrawl_changed_at"
# How far back from the end of a feed file the reconciliation reads.
TAIL_BYTES = 256 * 1024


def _local_path(uri: str) -> Path | None:
    parts = urlsplit(uri)
    if parts.scheme in ("", "file") or len(parts.scheme) == 1:  # plain path, file://, C:\
        return Path(unquote(parts.path) if parts.scheme == "file" else uri)
    return None


def repair_feed_tail(path: Path) -> list[dict[str, Any]]:
    """Cut a half-written last line off a JSON-lines file; return the last complete objects."""
    try:
        size = path.stat().st_size
    except OSError:
        return []
    with path.open("rb+") as file:
        file.seek(max(0, size - TAIL_BYTES))
        tail = file.read()
        if tail and not tail.endswith(b"\n"):
            cut = tail.rfind(b"\n") + 1
            file.truncate(size - len(tail) + cut)
            os.fsync(file.fileno())
            logger.warning("Cut a half-written line off the end of %s", path)
            tail = tail[:cut]
    objects = []
    for line in tail.splitlines()[-64:]:
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            objects.append(value)
    return objects


class SeenStoreWriter:
    """Records exported articles in the seen-store; reconciles the last run's feed tail at start."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        state_dir = Path(crawler.settings.get("NEWSCRAWL_STATE_DIR") or ".newscrawl")
        jobdir = crawler.settings.get("JOBDIR")
        self.journal = Path(jobdir) / "newscrawl-feeds.json" if jobdir else None
        self.state_dir = state_dir
        self.started = time.time()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenStoreWriter:
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED", True):
            raise NotConfigured("NEWSCRAWL_INCREMENTAL_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def store(self) -> SeenStore:
        return store_for(self.crawler)

    def _journal_path(self, spider: Spider) -> Path:
        return self.journal or self.state_dir / f"last-feeds-{spider.name}.json"

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.time()
        # Connected here, not in from_crawler: the feed exporter's handler must run first.
        self.crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        self.crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        journal = self._journal_path(spider)
        self._reconcile(journal)
        feeds = self._feed_paths()
        journal.parent.mkdir(parents=True, exist_ok=True)
        journal.write_text(json.dumps([str(p) for p in feeds]), encoding="utf-8")

    def _feed_paths(self) -> list[Path]:
        paths: list[Path] = []
        for ext in self.crawler.extensions.middlewares:
            if isinstance(ext, FeedExporter):
                for slot in ext.slots:
                    path = _local_path(slot.uri)
                    if path is not None:
                        paths.append(path.resolve())
        return paths

    def _reconcile(self, journal: Path) -> None:
        try:
            previous = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        for name in previous:
            for obj in repair_feed_tail(Path(name)):
                fingerprint, url = obj.get("fingerprint"), obj.get("canonicalUrl") or obj.get("url")
                if not (fingerprint and url):
                    continue
                record = self.store.get(url)
                if record is None or record.fingerprint != fingerprint:
                    self._put(url, fingerprint, obj.get("dateModified"), None)
                    self.stats.inc_value("newscrawl/incremental/reconciled")
                    logger.info("Recorded %s from the previous run's feed (killed before recording)", url)

    def _put(self, url: str, fingerprint: str, date_modified: str | None, source: str | None) -> None:
        self.store.put(SeenRecord(url, fingerprint, date_modified, source, time.time()))

    def _keys(self, item: Article, response: Response | None) -> list[str]:
        keys = [item.canonicalUrl or item.url, strip_tracking(item.url)]
        if response is not None and response.request is not None:
            keys.append(response.request.url)
        return list(dict.fromkeys(keys))

    def _source_date(self, keys: list[str], response: Response | None) -> str | None:
        """The newest sitemap/feed date this run saw for the article, under any of its keys."""
        dates = source_dates_for(self.crawler)
        found = [dates[k] for k in keys if k in dates]
        if found:
            return max(found).isoformat()
        return response.meta.get(META_CHANGED_AT) if response is not None else None

    def item_scraped(self, item: Any, response: Response | None = None, spider: Spider | None = None) -> None:
        if not isinstance(item, Article) or not item.fingerprint:
            return
        keys = self._keys(item, response)
        source = self._source_date(keys, response)
        for key in keys:
            self._put(key, item.fingerprint, item.dateModified, source)

    def item_dropped(
        self, item: Any, response: Response | None = None, exception: Exception | None = None, **_: Any
    ) -> None:
        if (
            not isinstance(exception, UnchangedArticle)
            or not isinstance(item, Article)
            or not item.fingerprint
        ):
            return
        keys = self._keys(item, response)
        source = self._source_date(keys, response)
        for key in keys:
            record = self.store.get(key)
            if record is None:
                self._put(key, item.fingerprint, item.dateModified, source)
            else:
                self._put(key, item.fingerprint, record.date_modified, source or record.source_lastmod)

    def spider_closed(self, spider: Spider) -> None:
        self._record_late_source_dates()
        close_store(self.crawler)

    def _record_late_source_dates(self) -> None:
        """Give articles fetched this run the sitemap/feed date that arrived after they were recorded.

        An article reached first through a link is recorded without a source date; when a sitemap
        read later in the run lists it, its date is stored now (if it is not newer than the fetch),
        so the next run compares the sitemap's ``lastmod`` against it.
        """
        for url, when in source_dates_for(self.crawler).items():
            record = self.store.get(url)
            if record is None or record.last_seen < self.started or when.timestamp() > record.last_seen:
                continue
            recorded = parse_date(record.source_lastmod)
            if recorded is None or when > recorded:
                self.store.put(replace(record, source_lastmod=when.isoformat()))
