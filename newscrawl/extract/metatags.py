"""All ``<meta>`` tags of a page, read in one pass into a lookup table.

Keys are the lower-cased ``property``, ``name``, ``itemprop`` or ``http-equiv`` attribute, so
``DC.date``, ``dc.date`` and ``DC.Date`` are one key. Values keep document order.
"""

from __future__ import annotations

import logging

from lxml import etree

logger = logging.getLogger(__name__)

_KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")


class MetaTags:
    """The page's meta tags: key -> every non-empty content, in document order."""

    def __init__(self, values: dict[str, list[str]] | None = None) -> None:
        self.values: dict[str, list[str]] = values or {}

    @classmethod
    def from_tree(cls, root: etree._Element) -> MetaTags:
        """Read every ``<meta>`` of the document once."""
        values: dict[str, list[str]] = {}
        for el in root.iter("meta"):
            content = el.get("content")
            if content is None:
                content = el.get("value")
            if content is None or not content.strip():
                continue
            content = content.strip()
            for attribute in _KEY_ATTRIBUTES:
                key = el.get(attribute)
                if not key:
                    continue
                # RDFa allows several space-separated properties in one attribute.
                for part in key.lower().split():
                    values.setdefault(part, []).append(content)
        return cls(values)

    def first(self, *keys: str) -> str | None:
        """The first value of the first key that has one."""
        for key in keys:
            found = self.values.get(key.lower())
            if found:
                return found[0]
        return None

    def all(self, key: str) -> list[str]:
        """Every value of one key, in document order."""
        return list(self.values.get(key.lower(), ()))

    def first_of_each(self, keys: tuple[str, ...]) -> list[str]:
        """The first value of each of ``keys`` (lower case) that has one, keys in the given order:
        one call for a long list of names, most of which a page does not have."""
        values = self.values
        return [found[0] for key in keys if (found := values.get(key))] if values else []

    def all_of(self, keys: tuple[str, ...]) -> list[str]:
        """Every value of each of ``keys`` (lower case), keys in the given order."""
        values = self.values
        return [value for key in keys for value in values.get(key, ())] if values else []

    def candidates(self, *keys: str) -> list[tuple[str, str]]:
        """``(key, value)`` for every value of the given keys, keys in the given order."""
        return [(key, value) for key in keys for value in self.values.get(key.lower(), ())]
