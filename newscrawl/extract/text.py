"""Text of metadata values and small elements: whitespace collapsed (and entities decoded).

Two ways to tidy a found string, named for what they do: `collapse_whitespace` (text from the parsed
tree, already decoded) and `unescape_and_collapse` (metas and JSON-LD, which pages double-escape). The
cleaning stages' `newscrawl.clean.text.normalise_line` is the full normalisation every output field
gets later.
"""

from __future__ import annotations

import html

from lxml import etree

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


def _holds_break(el: etree._Element) -> bool:
    """Whether a block or ``<br>`` is inside ``el``. Tested here, not with
    ``iterdescendants(*tags)``: lxml prepares a matcher for the 25 names on every call, which costs
    more than walking the few descendants of the small elements this is asked about."""
    return any(node.tag in _BREAKS for node in el.iterdescendants())


# Whitespace is collapsed with str.split and join, not re.sub(r"\s+", " ", ...): Python's str.split,
# str.strip and re's \s take the same characters for whitespace (str.isspace), and splitting costs
# a third of the regex's time on the short texts this module tidies.


def collapse_whitespace(text: str | None) -> str:
    """Every whitespace run one space, ends trimmed (for names, headlines and captions from the tree)."""
    return " ".join((text or "").split())


def unescape_and_collapse(text: str | None) -> str:
    """HTML entities decoded (pages double-escape them in metas and JSON-LD), whitespace collapsed."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def element_text(el: etree._Element) -> str:
    """An element's text with a space wherever a block or ``<br>`` separates words, collapsed.

    An element with no block or ``<br>`` inside (a name, a date line, a link) has its text read by
    libxml2 in one go; only the others are walked here.
    """
    if len(el) == 0:
        return unescape_and_collapse(el.text)
    if not _holds_break(el):
        return unescape_and_collapse(_all_text(el))
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


def _all_text(el: etree._Element) -> str:
    """The text inside ``el``, as ``"".join(el.itertext())`` gives it (comments' and processing
    instructions' own text left out), serialised by libxml2 in one call: lxml's text iterator walks
    the subtree with an event queue and costs several times more even on a two-node element."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def short_element_text(el: etree._Element, limit: int) -> str | None:
    """`element_text` of an element whose text is at most ``limit`` long before tidying, else None:
    what `text_longer_than` then `element_text` give, with the text read once."""
    leaf = len(el) == 0
    text = (el.text or "") if leaf else _all_text(el)
    if len(text) > limit:
        return None
    return unescape_and_collapse(text) if leaf or not _holds_break(el) else element_text(el)


def text_longer_than(el: etree._Element, limit: int) -> bool:
    """Whether the element's text is longer than ``limit``, reading no more of it than needed (a
    page's big wrappers never have their whole text built)."""
    size = 0
    for text in el.itertext():
        size += len(text)
        if size > limit:
            return True
    return False
