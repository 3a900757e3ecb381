"""This run's newest sitemap/feed date per article URL, kept in the crawl's scratch database.

The incremental filter notes the date a sitemap or feed gives for each article request
(`newscrawl.middlewares.incremental_filter`); the seen-store writer stores it with the article's
record (`newscrawl.extensions.seen_writer`). No Scrapy imports: the crawl's state owner
(`newscrawl.extensions.crawl_state.CrawlState`) makes one per crawl.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from newscrawl.state.scratch import ScratchDB

_SCHEMA = "CREATE TABLE IF NOT EXISTS source_dates (url TEXT PRIMARY KEY, date TEXT NOT NULL) WITHOUT ROWID"
# Rows read per query by `SourceDates.items`.
_PAGE = 500


class SourceDates:
    """A read-only mapping URL -> newest date (``url in dates``, ``dates[url]``, ``dates.items()``) plus
    `note`."""

    def __init__(self, scratch: ScratchDB) -> None:
        self._db = scratch.table(_SCHEMA)

    def get(self, url: str) -> datetime | None:
        row = self._db.execute("SELECT date FROM source_dates WHERE url = ?", (url,)).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def note(self, url: str, when: datetime | None) -> None:
        """Record ``when`` for ``url`` unless a newer date is recorded (None: nothing to record)."""
        if when is None:
            return
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
                "SELECT url, date FROM source_dates WHERE url > ? ORDER BY url LIMIT ?", (after, _PAGE)
            ).fetchall()
            for url, date in rows:
                yield url, datetime.fromisoformat(date)
            if len(rows) < _PAGE:
                return
            after = rows[-1][0]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM source_dates").fetchone()[0])
