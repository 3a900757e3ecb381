"""RSS 2.0 and Atom feeds, read safely, and feed links announced by HTML pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newscrawl.dates import parse_date
from newscrawl.discovery.xmlsafe import MAX_ELEMENTS, child_texts, iter_elements, local_name

_ITEM_TAGS = frozenset({"item", "entry"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+xml"})
_ALTERNATE_LINKS = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"


@dataclass(frozen=True)
class FeedEntry:
    """One RSS ``<item>`` or Atom ``<entry>``."""

    link: str
    published: datetime | None = None
    updated: datetime | None = None
    title: str | None = None

    @property
    def changed_at(self) -> datetime | None:
        """The newest date the entry gives (updated or published)."""
        dates = [d for d in (self.published, self.updated) if d is not None]
        return max(dates) if dates else None


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if local_name(child.tag) != "link":
            continue
        href = (child.get("href") or "").strip()
        rel = child.get("rel", "alternate")
        if href and rel == "alternate":
            return href
        fallback = fallback or href or None
    return fallback


def iter_feed(
    body: bytes | IO[bytes], base_url: str = "", max_entries: int = MAX_ELEMENTS
) -> Iterator[FeedEntry]:
    """Every item of an RSS 2.0 or Atom feed with its link, dates and title.

    Raises `newscrawl.discovery.xmlsafe.UnsafeXMLError` / `MalformedXMLError`.
    """
    for element in iter_elements(body, _ITEM_TAGS, max_elements=max_entries):
        texts = child_texts(element)
        if local_name(element.tag) == "entry":
            link = _atom_link(element)
            published = parse_date(texts.get("published"))
            updated = parse_date(texts.get("updated"))
        else:
            link = texts.get("link")
            if not link:
                guid = element.find("guid")
                if guid is not None and guid.get("isPermaLink", "true") == "true":
                    link = (guid.text or "").strip() or None
            published = parse_date(texts.get("pubDate") or texts.get("date"))
            updated = None
        if not link:
            continue
        yield FeedEntry(
            link=urljoin(base_url, link),
            published=published,
            updated=updated,
            title=texts.get("title"),
        )


def feed_href(attrib: Mapping[str, str], base_url: str) -> str | None:
    """The absolute feed URL of one ``<link>`` element's attributes, or None when it is no feed link."""
    if " alternate " not in f" {' '.join((attrib.get('rel') or '').split())} ":
        return None
    kind = (attrib.get("type") or "").split(";")[0].strip().lower()
    href = (attrib.get("href") or "").strip()
    return urljoin(base_url, href) if kind in FEED_TYPES and href else None


def feed_links(selector: Selector, base_url: str) -> list[str]:
    """Absolute URLs of the RSS/Atom feeds an HTML page announces with ``<link rel="alternate">``."""
    links = []
    for link in selector.xpath(_ALTERNATE_LINKS):
        kind = (link.attrib.get("type") or "").split(";")[0].strip().lower()
        href = (link.attrib.get("href") or "").strip()
        if kind in FEED_TYPES and href:
            links.append(urljoin(base_url, href))
    return list(dict.fromkeys(links))
