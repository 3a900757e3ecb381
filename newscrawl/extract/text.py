"""Text of metadata values and small elements: whitespace collapsed (and entities decoded).

Two ways to tidy a found string, named for what they do: `collapse_whitespace` (text from the parsed
tree, already decoded) and `unescape_and_collapse` (metas and JSON-LD, which pages double-escape). The
cleaning stages' `newscrawl.clean.text.normalise_line` is the full normalisation every output field
gets later.
"""

from __future__ import annotations

import html
import re

from lxml import etree

_SPACES = re.compile(r"\s+")
_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def string_value(el: etree._Element) -> str:
    """All of an element's text nodes joined as they are (XPath ``string()``; lxml.html's
    ``text_content()``, which the plain elements the engine parses into do not have)."""
    return str(_STRING_VALUE(el))
# Elements whose boundaries separate words even when the markup has no space there.
_BREAKS = {
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dd",
    "dt",
    "tr",
    "td",
    "th",
    "time",
    "address",
    "section",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "blockquote",
}


_BREAK_TAGS = tuple(sorted(_BREAKS))


def collapse_whitespace(text: str | None) -> str:
    """Every whitespace run one space, ends trimmed (for names, headlines and captions from the tree)."""
    return _SPACES.sub(" ", text or "").strip()


def unescape_and_collapse(text: str | None) -> str:
    """HTML entities decoded (pages double-escape them in metas and JSON-LD), whitespace collapsed."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    return _SPACES.sub(" ", text).strip()


def element_text(el: etree._Element) -> str:
    """An element's text with a space wherever a block or ``<br>`` separates words, collapsed.

    An element with no block or ``<br>`` inside (a name, a date line, a link) has its text read by
    libxml2 in one go; only the others are walked here.
    """
    if len(el) == 0:
        return unescape_and_collapse(el.text)
    if next(el.iterdescendants(*_BREAK_TAGS), None) is None:
        return unescape_and_collapse("".join(el.itertext()))
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        breaks = node.tag in _BREAKS
        if breaks:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")
        if breaks:
            parts.append(" ")

    walk(el)
    return unescape_and_collapse("".join(parts))


def text_longer_than(el: etree._Element, limit: int) -> bool:
    """Whether the element's text is longer than ``limit``, reading no more of it than needed (a
    page's big wrappers never have their whole text built)."""
    size = 0
    for text in el.itertext():
        size += len(text)
        if size > limit:
            return True
    return False
