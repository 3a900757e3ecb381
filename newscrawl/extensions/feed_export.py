"""Scrapy's feed exporter, telling the crawl which items really reached their feeds.

Scrapy's ``FeedExporter`` writes an item from its ``item_scraped`` handler; when the write raises
(a full disk) the exception is only logged by the signal machinery, once per item with a traceback,
and every other ``item_scraped`` handler still treats the item as exported. `CheckedFeedExporter`
(installed by the add-on in its place) exports each item to every feed that takes it and then sends
one of two signals:

- `item_written` (``item``, ``response``): the item's line is in every feed that takes it (flushed
  to the OS; its fsync follows at the next group-commit sync). The seen-store writer records articles
  from this signal, and the crawl summary counts them as emitted.
- `item_not_written` (``item``, ``response``, ``error``): a feed that takes the item failed, now or
  earlier. The item is counted in ``newscrawl/feed/write_failed`` and is not recorded anywhere, so the
  next run fetches it again.

The first failure of a feed goes to `newscrawl.extensions.feed_files.FeedFiles.fail` (one error line,
the crawl closes with ``feed_failed``); nothing more is written to that feed, and its file is closed
without the exporter's closing bytes. A feed whose storage fails when it is stored at the end (an
upload) counts its items as not written too. A crawl whose feed failed exits 1 (`newscrawl.outcome`).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter, FeedSlot
from scrapy.http import Response

from newscrawl.extensions.feed_files import FeedFiles

logger = logging.getLogger(__name__)

# Signals (sent with item, response; item_not_written also with error: str).
item_written = object()
item_not_written = object()


class CheckedFeedExporter(FeedExporter):
    """`FeedExporter` that stops writing to a feed that failed and reports each item's fate."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._broken: dict[int, str] = {}  # id of a failed slot -> what went wrong
        self._broken_uris: dict[str, str] = {}  # feed URI template -> what went wrong

    def _feed_files(self) -> FeedFiles | None:
        return self.crawler.get_extension(FeedFiles)

    def _fail(self, slot: FeedSlot, exc: BaseException) -> str:
        """Mark ``slot``'s feed as failed (once) and report it; returns the reason."""
        files = self._feed_files()
        feed = str(getattr(slot.file, "name", "") or slot.uri)  # a local file: its path, as in FeedFiles
        if files is not None:
            files.fail(feed, exc)
            reason = files.failures.get(feed, str(exc))
        else:
            reason = str(exc)
            logger.error("Feed %s cannot be written: %s", feed, reason)
        self._broken[id(slot)] = reason
        self._broken_uris[slot.uri_template] = reason
        return reason

    def item_scraped(self, item: Any, spider: Spider, response: Response | None = None) -> None:
        error: str | None = None
        slots: list[FeedSlot] = []
        for slot in self.slots:
            if not slot.filter.accepts(item):
                slots.append(slot)
                continue
            failed = self._broken.get(id(slot)) or self._broken_uris.get(slot.uri_template)
            if failed is not None:
                error = error or failed
                slots.append(slot)
                continue
            # Scrapy's own export for this one slot (its batch rotation included).
            self.slots = [slot]
            try:
                super().item_scraped(item, spider)
            except Exception as exc:
                error = error or self._fail(slot, exc)
                self.slots = [slot]
            slots.extend(self.slots)
        self.slots = slots
        signals = self.crawler.signals
        if error is None:
            signals.send_catch_log(item_written, item=item, response=response, spider=spider)
        else:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/feed/write_failed")
            logger.debug("Not written to the feed: %s (%s)", getattr(item, "url", item), error)
            signals.send_catch_log(item_not_written, item=item, response=response, spider=spider, error=error)

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        if id(slot) in self._broken:
            # Its failed line was cut off; the exporter's closing bytes are not written after it.
            if slot.file is not None:
                with contextlib.suppress(Exception):
                    slot.file.close()
            logger.info("Closed the failed feed %s: %d items were written to it", slot.uri, slot.itemcount)
            return
        stats = self.crawler.stats
        assert stats is not None
        slot_type = type(slot.storage).__name__
        before = stats.get_value(f"feedexport/failed_count/{slot_type}", 0)
        await super()._close_slot(slot, spider)
        if stats.get_value(f"feedexport/failed_count/{slot_type}", 0) > before:
            # Scrapy logged the storage's error; these items were counted as written, but are lost.
            stats.inc_value("newscrawl/feed/write_failed", slot.itemcount)
            files = self._feed_files()
            if files is not None:
                files.failures.setdefault(slot.uri, "storing the feed failed")
