"""One seen-store per crawl, shared by the incremental middleware, pipeline and writer."""

from __future__ import annotations

import weakref

from scrapy.crawler import Crawler

from newscrawl.state import SeenStore, open_store

_STORES: weakref.WeakKeyDictionary[Crawler, SeenStore] = weakref.WeakKeyDictionary()


def store_for(crawler: Crawler) -> SeenStore:
    """The crawl's seen-store, opened on first use from ``NEWSCRAWL_STATE_DIR``."""
    store = _STORES.get(crawler)
    if store is None:
        settings = crawler.settings
        store = open_store(
            settings.get("NEWSCRAWL_STATE_DIR") or ".newscrawl",
            durable=settings.getbool("NEWSCRAWL_STATE_DURABLE"),
        )
        _STORES[crawler] = store
    return store


def close_store(crawler: Crawler) -> None:
    """Close the crawl's seen-store if it was opened."""
    store = _STORES.pop(crawler, None)
    if store is not None:
        store.close()
