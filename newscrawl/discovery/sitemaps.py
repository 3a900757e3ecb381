"""Sitemaps, sitemap indexes and Google news sitemaps, read safely and as a stream.

Scrapy's own sitemap reader drops the ``news:`` children; this one keeps ``news:publication_date``
and ``news:title`` beside ``lastmod``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from newscrawl.dates import parse_date
from newscrawl.discovery.xmlsafe import MAX_ELEMENTS, child_texts, iter_elements, local_name

_ENTRY_TAGS = frozenset({"url", "sitemap"})


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of a urlset (``is_sitemap`` False) or one ``<sitemap>`` of an index (True)."""

    loc: str
    lastmod: datetime | None = None
    publication_date: datetime | None = None
    title: str | None = None
    is_sitemap: bool = False

    @property
    def changed_at(self) -> datetime | None:
        """The newest date the entry gives for its page (lastmod or news publication date)."""
        dates = [d for d in (self.lastmod, self.publication_date) if d is not None]
        return max(dates) if dates else None


def iter_sitemap(body: bytes | IO[bytes], max_entries: int = MAX_ELEMENTS) -> Iterator[SitemapEntry]:
    """Every entry of a (gzipped or plain) sitemap or sitemap index, in document order.

    Raises `newscrawl.discovery.xmlsafe.UnsafeXMLError` / `MalformedXMLError` (entries before a
    syntax error are yielded first).
    """
    for element in iter_elements(body, _ENTRY_TAGS, max_elements=max_entries):
        texts = child_texts(element)
        loc = texts.get("loc")
        if not loc:
            continue
        yield SitemapEntry(
            loc=loc,
            lastmod=parse_date(texts.get("lastmod")),
            publication_date=parse_date(texts.get("publication_date")),
            title=texts.get("title"),
            is_sitemap=local_name(element.tag) == "sitemap",
        )
