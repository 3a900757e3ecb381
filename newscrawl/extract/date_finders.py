"""Raw publication / modification date strings: choosing among sources, ``<time>`` elements, URLs.

Values stay as the page wrote them (the date cleaning stage parses them); only label words such as
"Published" or "Updated:" in front of a visible date are removed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from lxml import etree

from newscrawl.extract.page_areas import outside_article
from newscrawl.extract.scan import AttributeSearch, substrings
from newscrawl.extract.text import element_text, unescape_and_collapse

logger = logging.getLogger(__name__)

# Placeholder dates some CMSs print for "unknown" (0001-01-01, 1970-01-01).
_PLACEHOLDER = re.compile(r"^(?:0\d{3}|1[0-8]\d{2}|1970-01-01)")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_OFFSET = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?|"
    r"[ECMP][SD]T|BST|CES?T|EES?T|IST|JST|KST|AEST|AEDT)\b",
    re.I,
)
_ISO_DAY = re.compile(r"((?:19|20)\d{2})[-/.]?(0[1-9]|1[0-2])[-/.]?(0[1-9]|[12]\d|3[01])")
_URL_DAY = re.compile(r"(?<![\d])((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?![\d])")
_URL_COMPACT_DAY = re.compile(r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])")
_YEAR = re.compile(r"(?:19|20)\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|updated|last\s+updated|modified|posted|created|date|on|am|le|el|"
    r"publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|atualizado|"
    r"опубликовано|обновлено)\s*(?:on|at|am|le|el|:)?\s*[:|,-]?\s*",
    re.I,
)
# Where a printed date begins: a digit or an English month name.
_DATE_START = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)
_MODIFIED_MARK = re.compile(
    r"updat|modif|revis|aktualisiert|mis à jour|actualiz|atualiz|обновл|更新|수정", re.I
)
_AFTER_H1_TIMES = etree.XPath("(//h1)[1]/following::time")
_ALL_TIMES = etree.XPath("//time")
# Elements whose class says date: a substring cut, then `_is_date_token` on each token.
# Class names are matched in any case ("Date", "ArticleDate", "PublishDate").
_DATE_MARKED = AttributeSearch(
    {
        "class": substrings(
            "date", "Date", "DATE", "publish", "Publish", "timestamp", "Timestamp", "posted", "Posted"
        )
    },
    accept=lambda value: any(_is_date_token(t) for t in value.split()),
)
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DATE_TOKEN = re.compile(
    r"(?:^|[-_])(?:date|date-?time|pub-?date|published|publish-?date|timestamp|dateline|posted-?on|post-?date)"
    r"(?:$|[-_])",
    re.I,
)


def precision(value: str) -> int:
    """2 for a date with time and offset, 1 with time only, 0 for a bare date."""
    if _HAS_OFFSET.search(value):
        return 2
    return 1 if _HAS_TIME.search(value) else 0


def day_of(value: str) -> str | None:
    """``YYYY-MM-DD`` when ``value`` starts like an ISO date, else None."""
    match = _ISO_DAY.match(value.strip())
    return "-".join(match.groups()) if match else None


def pick_date(candidates: Iterable[str | None]) -> str | None:
    """The best source's date, or a later source's value for the same day that carries more precision."""
    values = [v.strip() for v in candidates if v and v.strip() and not _PLACEHOLDER.match(v.strip())]
    if not values:
        return None
    best = values[0]
    day = day_of(best)
    if day is None:
        return best
    for value in values[1:]:
        if day_of(value) == day and precision(value) > precision(best):
            best = value
    return best


def date_from_url(url: str) -> str | None:
    """The date in a URL path (``/2024/07/17/``, ``/2024-07-17-``, ``/20240717/``) as ``YYYY-MM-DD``."""
    path = unquote(urlsplit(url).path)
    match = _URL_DAY.search(path) or _URL_COMPACT_DAY.search(path)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _time_value(el: etree._Element) -> str | None:
    value = (el.get("datetime") or "").strip() or strip_label(element_text(el))
    return value if value and _YEAR.search(value) and not _PLACEHOLDER.match(value) else None


def _says_modified(el: etree._Element) -> bool:
    context = [el, el.getparent()] if el.getparent() is not None else [el]
    marks = " ".join(f"{n.get('class', '')} {n.get('itemprop', '')} {n.get('id', '')}" for n in context)
    parent = el.getparent()
    lead = unescape_and_collapse(parent.text or "") if parent is not None else ""
    return bool(_MODIFIED_MARK.search(marks) or _MODIFIED_MARK.search(lead))


def strip_label(text: str) -> str:
    """A visible date without what precedes it: labels ("Published", "Updated:"), bylines, weekdays."""
    previous = None
    while previous != text:
        previous = text
        text = _LABEL.sub("", text, count=1).strip()
    start = _DATE_START.search(text)
    return text[start.start() :].strip() if start else text


def time_element_dates(root: etree._Element) -> tuple[str | None, str | None]:
    """``(published, modified)`` from ``<time>`` elements near the headline (or anywhere in the article)."""
    published = modified = None
    for times in (_AFTER_H1_TIMES(root), _ALL_TIMES(root)):
        for el in times:
            if outside_article(el):
                continue
            value = _time_value(el)
            if not value:
                continue
            if _says_modified(el):
                modified = modified or value
            else:
                published = published or value
        if published:
            break
    return published, modified


def _is_date_token(token: str) -> bool:
    """Whether a class token says date: ``pub-date``, ``byline__created-date``, ``Date``, ``ArticleDate``."""
    return _DATE_TOKEN.search(_CAMEL_HUMP.sub("-", token)) is not None


def marked_date_text(root: etree._Element) -> str | None:
    """A short visible date in an element whose class says date / published / timestamp."""
    marked = _DATE_MARKED(root)  # each with a class token that says date
    containers: set[etree._Element] = set()  # elements with a marked element inside
    for el in marked:
        for ancestor in el.iterancestors():
            if ancestor in containers:
                break
            containers.add(ancestor)
    for el in marked:
        if el in containers or outside_article(el) or _says_modified(el):
            continue
        text = strip_label(unescape_and_collapse(el.get("value")) if el.tag == "input" else element_text(el))
        if 6 <= len(text) <= 80 and _YEAR.search(text):
            return text
    return None
