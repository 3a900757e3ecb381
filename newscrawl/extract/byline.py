"""Author names from the visible page: ``rel=author`` links, byline/author elements, "By ..." lines.

Names come back raw, as the page prints them ("By Jane Doe and Joe Bloggs"); the author cleaning
stage splits them and drops prefixes, roles and e-mail addresses.
"""

from __future__ import annotations

import logging
import re
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract.page_areas import outside_article
from newscrawl.extract.scan import AttributeSearch, first, following, substrings
from newscrawl.extract.text import element_text

logger = logging.getLogger(__name__)

_REL_VALUES = etree.XPath("//@rel")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what separates the words of an attribute (not NBSP)
# Elements whose class/id/test id says author or byline (a cheap first cut; `_is_marked` decides).
_MARKED = AttributeSearch(
    {
        "class": substrings("author", "byline", "Author", "Byline", "writer", "autor", "auteur"),
        "id": substrings("byline", "author"),
        "data-testid": substrings("byline", "author"),
        "data-component": substrings("byline", "author"),
    }
)
# What may hold a "By ..." line, and how many such elements after the first <h1> are read.
_BY_LINE_TAGS = ("p", "span", "div", "li", "address", "a", "strong", "em", "small")
_BY_LINE_WINDOW = 60
_AUTHOR_LINK_WINDOW = 40
_AUTHOR_PATH = re.compile(
    r"/(?:authors?|autor(?:en)?|auteurs?|journalists?|writers?|reporters?|columnists?|staff|by|"
    r"redakteur|redaccion|redacao|giornalisti)/[^/?#]+/?$",
    re.I,
)
_MARK_TOKEN = re.compile(
    r"(?:^|[-_])(?:by-?line|authors?|writers?|autor(?:en)?|auteurs?|contributors?)(?:$|[-_])", re.I
)
_NOT_NAME_TOKEN = re.compile(
    r"img|image|photo|avatar|pic|thumb|bio|desc|about|social|follow|twitter|mail|title|role|job|"
    r"position|date|time|label|prefix|icon|more|box|card|list|page|archive|profile-link",
    re.I,
)
_BY_LINE = re.compile(
    r"^(?:by|written by|words by|reporting by|von|par|por|di|door|av|af|przez|от|автор:?|oleh)\s+"
    r"[^\W\d_]",
    re.I,
)
# A date printed after the name ("By Jane Doe on Monday, November 18, 2019 at 11:04").
_TRAILING_DATE = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b).*$",
    re.I,
)
_TRAILING_WORDS = re.compile(
    r"[\s,|/·•–—\-／｜、，]*(?:\b(?:on|at|updated|published|posted|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b[\s,|/·•–—\-／｜、，]*)*$",
    re.I,
)
_ONLY_PREFIX = re.compile(r"^(?:by|written by|von|par|por|di|door|av|af|от|автор)[:\s]*$", re.I)
_MAX_CHARS = 100
_MAX_NAMES = 5


def _usable(text: str) -> bool:
    return 1 < len(text) <= _MAX_CHARS and any(ch.isalpha() for ch in text) and len(text.split()) <= 12


def without_date(text: str) -> str:
    """A byline without the date the page prints after the name."""
    cut = _TRAILING_DATE.sub("", text)
    return _TRAILING_WORDS.sub("", cut).strip() if cut != text else text


def _add(found: list[str], text: str) -> None:
    text = without_date(text)
    if _ONLY_PREFIX.match(text):
        return
    if _usable(text) and text.casefold() not in {f.casefold() for f in found} and len(found) < _MAX_NAMES:
        found.append(text)


def _is_marked(el: etree._Element) -> bool:
    tokens = " ".join(el.get(a, "") for a in ("class", "id", "data-testid", "data-component")).split()
    return any(_MARK_TOKEN.search(t) and not _NOT_NAME_TOKEN.search(t) for t in tokens)


def rel_author_names(root: etree._Element) -> list[str]:
    """Texts of ``rel=author`` links in the article area."""
    found: list[str] = []
    rel_authors = [v.getparent() for v in _REL_VALUES(root) if "author" in _XML_SPACE.split(v)]
    for el in rel_authors:
        if el.tag in ("link", "meta") or outside_article(el):
            continue
        _add(found, element_text(el))
    return found


def marked_author_names(root: etree._Element) -> list[str]:
    """Texts of the innermost elements whose class/id says author or byline."""
    marked = [el for el in _MARKED(root) if isinstance(el.tag, str) and _is_marked(el)]
    containers: set[etree._Element] = set()  # elements with a marked element inside
    for el in marked:
        for ancestor in el.iterancestors():
            if ancestor in containers:
                break
            containers.add(ancestor)
    found: list[str] = []
    for el in marked:
        if el in containers or outside_article(el):
            continue
        _add(found, element_text(el))
    return found


def _text_longer_than(el: etree._Element, limit: int) -> bool:
    """Whether the element's text is longer than ``limit``, reading no more of it than needed.

    The window after the ``<h1>`` holds the story's wrappers too: their whole text is never built.
    """
    size = 0
    for text in el.itertext():
        size += len(text)
        if size > limit:
            return True
    return False


def by_lines(root: etree._Element) -> list[str]:
    """Short "By ..." lines just after the first ``<h1>``."""
    found: list[str] = []
    h1 = first(root, "h1")
    for el in islice(following(h1, *_BY_LINE_TAGS), _BY_LINE_WINDOW) if h1 is not None else ():
        if _text_longer_than(el, 3 * _MAX_CHARS):
            continue
        text = element_text(el)
        if len(text) <= _MAX_CHARS and _BY_LINE.match(text) and not outside_article(el):
            _add(found, text)
            break
    return found


def author_link_names(root: etree._Element) -> list[str]:
    """Texts of links to author pages (``/author/jane-doe``) shortly after the first ``<h1>``."""
    found: list[str] = []
    h1 = first(root, "h1")
    links = (a for a in following(h1, "a") if a.get("href") is not None) if h1 is not None else iter(())
    for el in islice(links, _AUTHOR_LINK_WINDOW):
        if _AUTHOR_PATH.search(urlsplit(el.get("href", "")).path) and not outside_article(el):
            text = element_text(el)
            if 1 <= len(text.split()) <= 5:
                _add(found, text)
    return found


def visible_authors(root: etree._Element) -> list[str]:
    """Raw author strings from the visible page, best evidence first."""
    return rel_author_names(root) or marked_author_names(root) or author_link_names(root) or by_lines(root)
