"""One seen-store per crawl, shared by the incremental middleware, pipeline and writer."""

from __future__ import annotations

import weakref
from datetime import datetime

from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object

from newscrawl.state import SeenStore, open_store

_STORES: weakref.WeakKeyDictionary[Crawler, SeenStore] = weakref.WeakKeyDictionary()
_SOURCE_DATES: weakref.WeakKeyDictionary[Crawler, dict[str, datetime]] = weakref.WeakKeyDictionary()


def store_for(crawler: Crawler) -> SeenStore:
    """The crawl's seen-store, opened on first use.

    ``NEWSCRAWL_SEEN_STORE`` may name a `SeenStore` class with ``from_crawler(crawler)``; by
    default it is the SQLite store in ``NEWSCRAWL_STATE_DIR``.
    """
    store = _STORES.get(crawler)
    if store is None:
        settings = crawler.settings
        custom = settings.get("NEWSCRAWL_SEEN_STORE")
        if custom:  # another implementation (e.g. Redis), built from the crawler
            store = load_object(custom).from_crawler(crawler)
        else:
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


def source_dates_for(crawler: Crawler) -> dict[str, datetime]:
    """This run's newest sitemap/feed date per article URL, whichever route scheduled the article."""
    return _SOURCE_DATES.setdefault(crawler, {})


def note_source_date(crawler: Crawler, url: str, when: datetime | None) -> None:
    """Remember a sitemap/feed date for an article URL (the newest one wins)."""
    if when is None:
        return
    dates = source_dates_for(crawler)
    if url not in dates or when > dates[url]:
        dates[url] = when
