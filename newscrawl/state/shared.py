"""One seen-store per crawl, shared by the incremental middleware, pipeline and writer."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from datetime import datetime

from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object

from newscrawl.state import SeenStore, open_store
from newscrawl.state.scratch import scratch_for

_STORES: weakref.WeakKeyDictionary[Crawler, SeenStore] = weakref.WeakKeyDictionary()
_SOURCE_DATES: weakref.WeakKeyDictionary[Crawler, SourceDates] = weakref.WeakKeyDictionary()


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


class SourceDates:
    """This run's newest sitemap/feed date per article URL, in the crawl's scratch file.

    A read-only mapping (``url in dates``, ``dates[url]``, ``dates.items()``) plus `note`.
    """

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS source_dates (url TEXT PRIMARY KEY, date TEXT NOT NULL) WITHOUT ROWID"
    )

    def __init__(self, crawler: Crawler) -> None:
        self._db = scratch_for(crawler).table(self._SCHEMA)

    def get(self, url: str) -> datetime | None:
        row = self._db.execute("SELECT date FROM source_dates WHERE url = ?", (url,)).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def note(self, url: str, when: datetime) -> None:
        """Record ``when`` for ``url`` unless a newer date is recorded."""
        known = self.get(url)
        if known is None or when > known:
            self._db.execute(
                "INSERT OR REPLACE INTO source_dates (url, date) VALUES (?, ?)", (url, when.isoformat())
            )

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self.get(url) is not None

    def __getitem__(self, url: str) -> datetime:
        when = self.get(url)
        if when is None:
            raise KeyError(url)
        return when

    def items(self) -> Iterator[tuple[str, datetime]]:
        """Every (URL, date), read a page at a time in URL order."""
        after = ""
        while True:
            rows = self._db.execute(
                "SELECT url, date FROM source_dates WHERE url > ? ORDER BY url LIMIT 500", (after,)
            ).fetchall()
            for url, date in rows:
                yield url, datetime.fromisoformat(date)
            if len(rows) < 500:
                return
            after = rows[-1][0]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM source_dates").fetchone()[0])


def source_dates_for(crawler: Crawler) -> SourceDates:
    """This run's newest sitemap/feed date per article URL, whichever route scheduled the article."""
    dates = _SOURCE_DATES.get(crawler)
    if dates is None:
        dates = _SOURCE_DATES[crawler] = SourceDates(crawler)
    return dates


def note_source_date(crawler: Crawler, url: str, when: datetime | None) -> None:
    """Remember a sitemap/feed date for an article URL (the newest one wins)."""
    if when is None:
        return
    source_dates_for(crawler).note(url, when)
