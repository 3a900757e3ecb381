"""Microdata (``itemprop``) values on visible elements: headline, author, dates."""

from __future__ import annotations

import logging

from lxml import etree

from newscrawl.extract.page_areas import outside_article
from newscrawl.extract.scan import AttributeListing, AttributeSearch, substrings
from newscrawl.extract.text import element_text

logger = logging.getLogger(__name__)

_NAME = etree.XPath(".//*[@itemprop='name' or @itemprop='givenName' or @itemprop='familyName']")
_WANTED = frozenset(("headline", "author", "creator", "datePublished", "dateModified"))
# Values first (most name nothing wanted here): elements are looked up only for the wanted ones.
_WANTED_ITEMPROPS = AttributeSearch(
    {"itemprop": substrings(*_WANTED)}, accept=lambda value: not _WANTED.isdisjoint(value.split())
)
_MAX_NAME_CHARS = 100


def _value(el: etree._Element) -> str:
    for attribute in ("content", "datetime"):
        if el.get(attribute):
            return el.get(attribute).strip()
    return element_text(el)


class Microdata:
    """The page's visible ``itemprop`` elements of interest, read in one pass."""

    def __init__(self, root: etree._Element, listing: AttributeListing | None = None) -> None:
        self.elements: dict[str, list[etree._Element]] = {}
        for el in _WANTED_ITEMPROPS(root, listing):
            if el.tag in ("meta", "link"):
                continue
            for name in (el.get("itemprop") or "").split():
                if name in _WANTED:
                    self.elements.setdefault(name, []).append(el)

    def value(self, name: str) -> str | None:
        """The first non-empty value of an ``itemprop=name`` element in the article area."""
        for el in self.elements.get(name, ()):
            if outside_article(el):
                continue
            value = _value(el)
            if value:
                return value
        return None

    def authors(self) -> list[str]:
        """Names of ``itemprop=author`` elements (their ``itemprop=name`` part when they have one)."""
        found: list[str] = []
        for el in self.elements.get("author", ()):
            if outside_article(el) or "Organization" in el.get("itemtype", ""):
                continue
            parts = [element_text(n) or (n.get("content") or "").strip() for n in _NAME(el)]
            name = " ".join(p for p in parts if p) or _value(el)
            if name and len(name) <= _MAX_NAME_CHARS and name not in found:
                found.append(name)
        return found
