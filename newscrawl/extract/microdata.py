"""Microdata (``itemprop``) values on visible elements: headline, author, dates."""

from __future__ import annotations

import logging

from lxml import etree

from newscrawl.extract.page_areas import outside_article
from newscrawl.extract.text import element_text

logger = logging.getLogger(__name__)

_ITEMPROP = etree.XPath(
    "//*[@itemprop and not(self::meta) and not(self::link)]"
    "[contains(concat(' ', normalize-space(@itemprop), ' '), concat(' ', $name, ' '))]"
)
_NAME = etree.XPath(".//*[@itemprop='name' or @itemprop='givenName' or @itemprop='familyName']")


def _value(el: etree._Element) -> str:
    for attribute in ("content", "datetime"):
        if el.get(attribute):
            return el.get(attribute).strip()
    return element_text(el)


def itemprop_value(root: etree._Element, name: str) -> str | None:
    """The first non-empty value of a visible ``itemprop=name`` element in the article area."""
    for el in _ITEMPROP(root, name=name):
        if outside_article(el):
            continue
        value = _value(el)
        if value:
            return value
    return None


def itemprop_authors(root: etree._Element) -> list[str]:
    """Names of ``itemprop=author`` elements (their ``itemprop=name`` part when they have one)."""
    found: list[str] = []
    for el in _ITEMPROP(root, name="author"):
        if outside_article(el) or "Organization" in el.get("itemtype", ""):
            continue
        parts = [element_text(n) or (n.get("content") or "").strip() for n in _NAME(el)]
        name = " ".join(p for p in parts if p) or _value(el)
        if name and len(name) <= 100 and name not in found:
            found.append(name)
    return found
