"""Emit each article once across all workers, and in a later run only when it is new or changed."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.distributed.connection import keys_from_settings, redis_from_settings
from newscrawl.distributed.seen_store import DUPLICATE, EMIT, RECLAIMED, UNCHANGED, RedisSeenStore
from newscrawl.extensions.feed_export import CheckedFeedExporter, item_written
from newscrawl.extensions.feed_files import FeedFiles
from newscrawl.items import Article
from newscrawl.pipelines.seen import UnchangedArticle
from newscrawl.state.base import SeenRecord

logger = logging.getLogger(__name__)


class DistributedEmitPipeline:
    """The last pipeline in distributed mode: one atomic claim in Redis per article before export.

    The claim (see :meth:`RedisSeenStore.claim`) keys the article by canonical URL: a second copy in
    the same run (another worker, or a request re-queued from a killed worker) is ``duplicate``; the
    same body under another URL in the same run (the content dedup that each worker's DedupPipeline
    does only for its own articles) is ``duplicate_body``; an article that an earlier run emitted with
    the same body and dateModified is ``unchanged``. They are dropped quietly and counted as
    ``newscrawl/distributed/<verdict>``.

    Scrapy hands the item to the feed exporter only later (``item_scraped``, after other work of the
    event loop may have run), so the claim is confirmed from an ``item_scraped`` handler connected
    after the feed exporter's: it runs right after the line is written. (Pipelines are built after
    every extension, the feed exporter included, and connect in ``from_crawler``: this order is
    Scrapy's construction order, not the extensions' priorities.) A worker killed in between leaves a
    pending claim, which the reaping worker undoes.

    The confirm is not deferred to the feed's group-commit sync
    (`newscrawl.extensions.seen_store_writer`): the line is already flushed to the OS, and a worker
    killed with deferred confirms would have claims of written lines undone, so their articles would
    be emitted twice.

    A worker stopped past its lease (SIGSTOP, a paused VM) is reaped although it is alive: its
    pending claims are undone and its requests re-queued. When it resumes and writes such an article,
    the confirm finds the claim gone and claims again (``newscrawl/distributed/reclaimed``) unless
    another worker emitted the article in the same run meanwhile: then the line just written is
    taken back out of the feed (``newscrawl/distributed/retracted``; see
    `newscrawl.extensions.feed_files.FeedFiles.retract_last_line`).

    ``unchanged`` articles are dropped as `UnchangedArticle`, so the seen-store writer refreshes
    their records as it does on one machine.
    """

    def __init__(
        self, crawler: Crawler, store: RedisSeenStore, worker: str, feed_files: FeedFiles | None
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.worker = worker
        self.feed_files = feed_files  # the crawl's feed files, to take a line back

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedEmitPipeline:
        settings = crawler.settings
        if not settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        keys = keys_from_settings(settings)
        worker = settings["NEWSCRAWL_WORKER_ID"]
        store = RedisSeenStore(
            redis_from_settings(settings),
            keys.seen,
            seed_key=keys.seed,
            items_key=keys.items,
            pending_key=keys.pending(worker),
            workers_key=keys.workers,
            bodies_key=keys.bodies,
            pending_bodies_key=keys.pending_bodies(worker),
        )
        pipeline = cls(crawler, store, worker, crawler.get_extension(FeedFiles))
        # Confirmed once the line is in the feed: the checked feed exporter says so (an item whose feed
        # failed is not confirmed; its pending claim is undone when this worker is reaped).
        written = item_written if crawler.get_extension(CheckedFeedExporter) else signals.item_scraped
        crawler.signals.connect(pipeline.item_scraped, signal=written)
        return pipeline

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        url = item.canonicalUrl or item.url
        record = SeenRecord(
            url=url,
            fingerprint=item.fingerprint,
            date_modified=item.dateModified,
            source_lastmod=None,
            last_seen=time.time(),
        )
        verdict = self.store.claim(record, self.worker)
        self.stats.inc_value(f"newscrawl/distributed/{verdict}")
        if verdict in EMIT:
            return item
        if verdict == UNCHANGED:
            raise UnchangedArticle("unchanged since last emitted")
        raise DropItem(f"{verdict}: claimed by another worker or copy in this run", log_level="DEBUG")

    def item_scraped(self, item: Any) -> None:
        """Runs after the feed exporter wrote the item: make the claim final."""
        if not isinstance(item, Article):
            return
        url = item.canonicalUrl or item.url
        outcome = self.store.confirm(url)
        if outcome == RECLAIMED:
            self.stats.inc_value("newscrawl/distributed/reclaimed")
            logger.warning("Claimed %s again: its claim was undone while this worker was reaped", url)
        elif outcome == DUPLICATE:
            self._take_back(item, url)

    def _take_back(self, item: Article, url: str) -> None:
        """Another worker emitted the article while this one was reaped: cut the line just written."""

        def matches(line: bytes) -> bool:
            return _is_line_of(line, item)

        cut = self.feed_files.retract_last_line(matches) if self.feed_files is not None else 0
        if cut:
            self.stats.inc_value("newscrawl/distributed/retracted")
            logger.warning(
                "Took %s back out of %d feed file(s): another worker emitted it while this one was reaped",
                url,
                cut,
            )
        else:
            self.stats.inc_value("newscrawl/distributed/duplicate_written")
            logger.error(
                "%s was emitted by another worker while this one was reaped, and this worker's copy "
                "could not be taken back (not a local JSON-lines feed): it is in the output twice",
                url,
            )

    def close_spider(self) -> None:
        self.store.close()


def _is_line_of(line: bytes, item: Article) -> bool:
    """True when ``line`` is the JSON line the feed exporter wrote for ``item``."""
    try:
        data = json.loads(line)
    except ValueError:
        return False
    return (
        isinstance(data, dict) and data.get("url") == item.url and data.get("fingerprint") == item.fingerprint
    )
