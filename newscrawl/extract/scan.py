"""Whole-page element searches that are cheap: attribute values tested in Python, axes walked by lxml.

libxml2 evaluates ``//*[contains(@class, 'a') or contains(@class, 'b') ...]`` by converting the
attribute to a fresh string once per ``contains`` and element: a dozen of them over a 3,000-element
page cost ~3 ms. Fetching the attribute values once (``//@class``) and testing them with one
compiled regex gives the same elements, in the same document order, for a fifth of that.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from lxml import etree

logger = logging.getLogger(__name__)


class AttributeSearch:
    """Elements whose attribute value contains one of some substrings (XPath ``contains`` semantics).

    ``patterns`` maps an attribute name to a regex searched in its value; an element is found once,
    in document order, when any of its listed attributes matches.

    The values are read as plain strings (a value that knows its element costs twice as much) and
    most pages stop there with nothing found. Otherwise the elements that carry the attribute are
    listed, in the same document order as its values, and the matching ones picked by position.
    """

    def __init__(self, patterns: dict[str, re.Pattern[str]]) -> None:
        self._searches = [
            (
                pattern,
                etree.XPath(f"//@{name}", smart_strings=False),
                etree.XPath(f"/descendant::*[@{name}]"),  # libxml2 runs "//*[...]" far slower
            )
            for name, pattern in patterns.items()
        ]
        self._union = etree.XPath(" | ".join(f"//@{name}" for name in patterns))
        self._by_name = patterns

    def __call__(self, root: etree._Element) -> list[etree._Element]:
        hits = []
        for pattern, values, elements in self._searches:
            positions = [i for i, value in enumerate(values(root)) if pattern.search(value)]
            if positions:
                hits.append((positions, elements))
        if not hits:
            return []
        if len(hits) == 1:
            positions, elements = hits[0]
            carriers = elements(root)
            return [carriers[i] for i in positions]
        return self._in_document_order(root)

    def _in_document_order(self, root: etree._Element) -> list[etree._Element]:
        """Matches of several attributes, merged: every value with its element, in document order."""
        found: list[etree._Element] = []
        for value in self._union(root):
            if self._by_name[value.attrname].search(value):
                element = value.getparent()
                if not found or found[-1] is not element:
                    found.append(element)
        return found


def substrings(*words: str) -> re.Pattern[str]:
    """A regex that finds any of ``words`` as a case-sensitive substring (like XPath ``contains``)."""
    return re.compile("|".join(re.escape(w) for w in words))


def first(root: etree._Element, tag: str) -> etree._Element | None:
    """The first ``tag`` element of the page in document order (the page's own root included)."""
    return next(root.iter(tag), None)


def following(el: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Elements after ``el`` in document order, not inside it (XPath ``following::``), of ``tags``.

    Stops when the caller stops: the rest of the page is never visited.
    """
    node: etree._Element | None = el
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter(*tags)
        node = node.getparent()
