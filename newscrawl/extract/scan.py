"""Whole-page element searches that are cheap: attribute values tested in Python, axes walked by lxml.

libxml2 evaluates ``//*[contains(@class, 'a') or contains(@class, 'b') ...]`` by converting the
attribute to a fresh string once per ``contains`` and element: a dozen of them over a 3,000-element
page cost ~3 ms. Fetching the attribute values once (``//@class``) and testing them with one
compiled regex gives the same elements, in the same document order, for a fifth of that.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from itertools import accumulate
from operator import add
from typing import Any

from lxml import etree

logger = logging.getLogger(__name__)


class AttributeListing:
    """One page's values of some attributes and the elements that carry them, each listed once.

    Several finders search the same attribute (``class`` for bylines and for dates): sharing one
    listing saves each later search a walk of the whole tree. A listing describes the tree as it was
    when first read: make a new one after changing the tree.
    """

    def __init__(self, root: etree._Element) -> None:
        self._root = root
        self._values: dict[str, list[str]] = {}
        self._distinct: dict[str, set[str]] = {}
        self._carriers: dict[str, list[etree._Element]] = {}

    def values(self, name: str) -> list[str]:
        """Every value of attribute ``name`` in the page, in document order (plain strings)."""
        listed = self._values.get(name)
        if listed is None:
            listed = self._values[name] = _xpaths(name)[0](self._root)
        return listed

    def distinct(self, name: str) -> set[str]:
        """The different values of attribute ``name`` (pages repeat their class names)."""
        found = self._distinct.get(name)
        if found is None:
            found = self._distinct[name] = set(self.values(name))
        return found

    def carriers(self, name: str) -> list[etree._Element]:
        """The elements that carry attribute ``name``, in the order of `values`."""
        listed = self._carriers.get(name)
        if listed is None:
            listed = self._carriers[name] = _xpaths(name)[1](self._root)
        return listed


@cache
def _xpaths(name: str) -> tuple[etree.XPath, etree.XPath]:
    """The compiled listings of attribute ``name``: its values, and the elements that carry it."""
    return (
        # "/descendant::*/@x" lists the same values as "//@x" in the same order, ~15% faster
        # (libxml2 does not look for attributes on the text nodes in between).
        etree.XPath(f"/descendant::*/@{name}", smart_strings=False),
        etree.XPath(f"/descendant::*[@{name}]"),  # libxml2 runs "//*[...]" far slower
    )


class AttributeSearch:
    """Elements whose attribute value contains one of some substrings (XPath ``contains`` semantics).

    ``patterns`` maps an attribute name to a regex searched in its value; an element is found once,
    in document order, when any of its listed attributes matches. ``accept``, when given, is the
    finer test a matching value must also pass (run once per distinct value): a page whose values
    all fail it costs no element lookup.

    The values are read as plain strings (a value that knows its element costs twice as much) and
    many pages stop there with nothing found. Otherwise the elements that carry the attribute are
    listed, in the same document order as its values, and the matching ones picked by position;
    matches of several attributes are merged by their place in the tree. Both listings come from
    the page's `AttributeListing` when the caller passes one.
    """

    def __init__(
        self, patterns: dict[str, re.Pattern[str]], accept: Callable[[str], bool] | None = None
    ) -> None:
        self._accept = accept
        self._patterns = list(patterns.items())
        for name in patterns:
            _xpaths(name)  # compiled now, not on the first page

    def __call__(self, root: etree._Element, listing: AttributeListing | None = None) -> list[etree._Element]:
        if listing is None:
            listing = AttributeListing(root)
        hits = []
        for name, pattern in self._patterns:
            # Each distinct value is tested once.
            matching = {value for value in listing.distinct(name) if pattern.search(value)}
            if matching and self._accept is not None:
                matching = {value for value in matching if self._accept(value)}
            if matching:
                listed = listing.values(name)
                hits.append(([i for i, value in enumerate(listed) if value in matching], name))
        if not hits:
            return []
        found: dict[etree._Element, None] = {}  # in document order per attribute, each once
        for positions, name in hits:
            carriers = listing.carriers(name)
            found.update((carriers[i], None) for i in positions)
        if len(hits) == 1:
            return list(found)
        return sorted(found, key=_document_position)  # several attributes matched: merge them


def _document_position(el: etree._Element) -> tuple[int, ...]:
    """The element's child indexes from the root down: sorting by it gives document order."""
    path = []
    parent = el.getparent()
    while parent is not None:
        path.append(parent.index(el))
        el, parent = parent, parent.getparent()
    return tuple(reversed(path))


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


_TEXT_NODES = etree.XPath("/descendant::text()", smart_strings=False)
# One text node, by its place in `_TEXT_NODES` (the node list is built in C; one string is made).
_TEXT_NODE_AT = etree.XPath("(/descendant::text())[$n]")
_CODE_TAGS = frozenset(("script", "style"))
# The longest text `PageTexts.containing` can find (its ``max_chars`` may not be more).
_MAX_SEARCHED_CHARS = 400


class PageTexts:
    """Every text node of the page in document order, read as plain strings in one libxml2 pass.

    For finders that look for a rare word in the page's short texts (a "Datum:" label): walking the
    tree in Python to read every text costs ~1 ms a page, this listing a fraction of it, and most
    pages hold none of the words, which one search of the whole lower-cased text tells. The element
    that holds a text is looked up only for the few texts a finder asks about.
    """

    def __init__(self, root: etree._Element) -> None:
        self._root = root
        self._short: list[str] = []
        self._lowered: str | None = None
        self._starts: list[int] | None = None

    @cached_property
    def texts(self) -> list[str]:
        """Every text node, in document order: listed on first use, as the finders that read them
        are last resorts most pages never reach."""
        return _TEXT_NODES(self._root)

    def owner(self, index: int) -> etree._Element | None:
        """The element that shows text ``index`` (for a tail, the parent of the element it follows);
        None for the code of a script or style."""
        node: Any = _TEXT_NODE_AT(self._root, n=index + 1)[0]
        parent = node.getparent()
        if node.is_tail:
            return parent.getparent()
        return None if parent.tag in _CODE_TAGS else parent

    def containing(self, words: tuple[str, ...], max_chars: int) -> list[int]:
        """Indexes, in order, of the texts at most ``max_chars`` (up to 400) long that contain one of
        ``words`` (lower case) in any case."""
        texts = self.texts
        if self._lowered is None:
            # Long texts (scripts, whole paragraphs) are left out: no finder reads them. NUL never
            # occurs in the parsed text (the parser input has none): a separator no word spans.
            self._short = [text if len(text) <= _MAX_SEARCHED_CHARS else "" for text in texts]
            joined = "\0".join(self._short)
            self._lowered = joined.lower()
            if len(self._lowered) != len(joined):  # a letter whose lower case is longer: no offsets
                self._lowered = ""
        lowered = self._lowered
        if not lowered:
            return [
                i for i, t in enumerate(texts) if len(t) <= max_chars and any(w in t.lower() for w in words)
            ]
        if not any(word in lowered for word in words):
            return []
        if self._starts is None:  # where each text starts in the joined text (one NUL before each)
            lengths = accumulate(map(len, self._short), initial=0)
            self._starts = list(map(add, lengths, range(len(texts) + 1)))
        starts = self._starts
        found: set[int] = set()
        for word in words:
            at = lowered.find(word)
            while at != -1:
                index = bisect_right(starts, at) - 1
                if len(texts[index]) <= max_chars:
                    found.add(index)
                at = lowered.find(word, starts[index + 1])  # the next text: one hit a text is enough
        return sorted(found)
