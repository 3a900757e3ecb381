"""Selector helpers of the site parsers: compile once, take the first match or every match's text.

Site modules compile their selectors with `css` / `xpath` as class constants; `meta` and `meta_all`
read the page's meta tags from the `Page` (read once by ``newscrawl.extract.page``) the way the
parsers want them (whitespace collapsed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.cssselect import CSSSelector

from newscrawl.extract.area import Selector, first, inline_text
from newscrawl.extract.page import Page
from newscrawl.extract.text import collapse_whitespace

__all__ = ["Selector", "css", "first", "meta", "meta_all", "name_case", "texts", "unique", "xpath"]


def css(selector: str) -> Selector:
    """A CSS selector compiled once (lxml's translation to XPath)."""
    return CSSSelector(selector)


def xpath(expression: str) -> Selector:
    """An XPath expression compiled once."""
    return etree.XPath(expression)


def texts(selector: Selector, root: etree._Element) -> list[str]:
    """The collapsed text of every match (elements or XPath strings), empty ones left out."""
    values = []
    for found in selector(root):
        text = collapse_whitespace(inline_text(found) if isinstance(found, etree._Element) else str(found))
        if text:
            values.append(text)
    return values


def meta(page: Page, *names: str) -> str | None:
    """The first non-empty ``content`` of a meta tag with one of these names (in order)."""
    for name in names:
        content = page.meta.first(name)
        if content:
            return collapse_whitespace(content)
    return None


def meta_all(page: Page, name: str) -> list[str]:
    """Every non-empty ``content`` of the meta tags with this name (``article:tag`` ...)."""
    return [collapse_whitespace(c) for c in page.meta.all(name)]


def name_case(name: str) -> str:
    """A name written in capitals ("JOHN O'NEIL-SMITH") in ordinary case; other names unchanged."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())


def unique(values: Iterable[str]) -> list[str]:
    """Values in order, duplicates (case-insensitive) removed."""
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
