"""A page, read once: the parsed tree and everything the field finders and site parsers share.

`read_page` parses the HTML (Cloudflare-protected addresses decoded in the tree), reads every
``<meta>`` and every JSON-LD script once, finds the JSON-LD node of the page's article and the
canonical links, and says whether the page declares itself an article. The generic metadata and
body engines and the site parsers all read this one `Page` (Fundus's "precomputed" page): nothing
re-parses the page, its metas or its JSON-LD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lxml import etree

from newscrawl.extract import date_finders
from newscrawl.extract.cfemail import decode_cfemail_in_tree, may_hold_cfemail
from newscrawl.extract.htmlparse import parse_html
from newscrawl.extract.jsonld import PAGE_TYPES, JsonLd
from newscrawl.extract.metatags import MetaTags
from newscrawl.extract.microdata import Microdata
from newscrawl.extract.parsely import parsely_fields
from newscrawl.extract.scan import AttributeListing, PageTexts

# rel="canonical" in any case of those letters, among the attribute's space-separated words.
_CANONICAL_CASE = str.maketrans("CANOIL", "canoil")
_XML_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass
class Page:
    """One parsed page and what every field finder reads, found once."""

    root: etree._Element
    url: str
    canonical_links: list[str]
    meta: MetaTags
    ld: JsonLd
    # The JSON-LD node of the page's article (None when the page has none) ...
    article: dict[str, Any] | None
    # ... or else its WebPage node, or {}: where the generic engine reads JSON-LD fields.
    node: dict[str, Any]
    parsely: dict[str, Any]

    @property
    def og_type(self) -> str:
        return (self.meta.first("og:type") or "").lower()

    @property
    def declares_article(self) -> bool:
        """Whether the page says it is an article: a JSON-LD article node, or ``og:type`` article."""
        return self.article is not None or self.og_type == "article"

    @cached_property
    def attributes(self) -> AttributeListing:
        """The page's attribute values and their elements, listed once for every finder that searches
        them (see `AttributeListing`)."""
        return AttributeListing(self.root)

    @cached_property
    def microdata(self) -> Microdata:
        return Microdata(self.root, self.attributes)

    @cached_property
    def texts(self) -> PageTexts:
        """The page's text nodes as plain strings, for finders of rare words (see `PageTexts`)."""
        return PageTexts(self.root)

    @cached_property
    def time_elements(self) -> tuple[str | None, str | None]:
        return date_finders.time_element_dates(self.root)


def _canonical_links(root: etree._Element) -> list[str]:
    """The ``href`` of every ``<link rel="canonical">``, in document order."""
    found = []
    for link in root.iter("link"):
        rel = link.get("rel")
        if not rel or "canonical" not in rel.lower():  # a cheap first cut: most links are not
            continue
        if "canonical" in _XML_SPACE.split(rel.translate(_CANONICAL_CASE)) and link.get("href") is not None:
            found.append(link.get("href"))
    return found


def page_from_tree(root: etree._Element, url: str) -> Page:
    """The `Page` of an already parsed tree."""
    meta = MetaTags.from_tree(root)
    ld = JsonLd.from_tree(root)
    canonical_links = _canonical_links(root)
    page_urls = (url, *canonical_links, meta.first("og:url") or "")
    article = ld.article(tuple(page_urls))
    node = article if article is not None else (ld.first_of_type(*PAGE_TYPES) or {})
    return Page(root, url, canonical_links, meta, ld, article, node, parsely_fields(meta))


def read_page(html: str | bytes, url: str) -> Page:
    """Parse a page (raises `ExtractionError` when it is not HTML) and read it once."""
    root = parse_html(html)
    if may_hold_cfemail(html):
        decode_cfemail_in_tree(root)
    return page_from_tree(root, url)
