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
from newscrawl.extract.scan import AttributeListing, AttributeSearch, PageTexts, substrings
from newscrawl.extract.text import element_text, text_longer_than, unescape_and_collapse

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
    if next(root.getroottree().getroot().iter("time"), None) is None:
        # No <time> in the document (lxml's iterator stops at the first one): the two XPath
        # walks below, a fixed cost even on a tiny page, would find nothing.
        return None, None
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


def marked_date_text(root: etree._Element, listing: AttributeListing | None = None) -> str | None:
    """A short visible date in an element whose class says date / published / timestamp
    (``listing``: the page's `AttributeListing`, when made)."""
    marked = _DATE_MARKED(root, listing)  # each with a class token that says date
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


# --- a date printed near the headline, without markup ---------------------------------------------
# Month names and their usual abbreviations in the languages we crawl most (en de fr es it pt nl pl).
_MONTH_WORDS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "januar jänner februar märz mai juni juli oktober dezember mär mrz okt dez "
    "janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre "
    "janv févr fév avr juil déc "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre ene ago dic "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen giu lug ott set "
    "janeiro fevereiro março maio junho julho setembro outubro dezembro fev "
    "januari februari maart mei augustus mrt "
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"
)
_MONTH = "(?:" + "|".join(sorted({re.escape(w) for w in _MONTH_WORDS.split()}, key=len, reverse=True)) + ")"
_YEAR4 = r"(?:19|20)\d{2}"
# A time of day after the date ("20.01.2022, 14:30 Uhr", "June 13, 2019 at 2:30 p.m. EDT").
_TIME_AFTER = (
    r"(?:\s*[,|·•/–—-]?\s*(?:um|at|à|a las|alle|às|kl\.?)?\s*\d{1,2}[:h.]\d{2}(?::\d{2})?"
    r"(?:\s*(?:[ap]\.?\s?m\.?|uhr|h)(?![^\W\d_]))?(?:\s*(?:(?-i:[A-Z]{2,5})|[+-]\d{2}:?\d{2})\b)?)?"
)
_PRINTED_DATE = re.compile(
    r"(?<![\w.:/-])(?:"
    rf"\d{{1,2}}(?:\.|st|nd|rd|th|er|º)?\s*(?:de\s+)?{_MONTH}\.?,?\s+(?:de\s+)?{_YEAR4}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR4}"
    rf"|(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1{_YEAR4}"
    rf"|(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.\d{{2}}(?![\d.])"
    rf"|{_YEAR4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    rf")(?![\w]){_TIME_AFTER}",
    re.I,
)
# What may precede a date that starts a long text: punctuation, a weekday ("jeudi 13 juin 2019 - ...").
_LEAD_BEFORE_DATE = re.compile(r"^[\W_]*(?:[^\W\d_]{2,12}\.?,?\s+)?$")
# Words before a date that make it another date than the page's: an event's, a deadline's, a run's.
_OTHER_DATE = re.compile(
    r"\b(?:termin|veranstaltung|event|when|wann|deadline|frist|bis|ab|seit|until|till|from|since|"
    r"premiere|derniere)\W*$",
    re.I,
)
# What a date line puts before the date: a separator, a label ("vom", "Published on", "Stand:"), or
# a byline ("Von Jane Doe 27.1.2022"); a sentence around a date ("the (last one 12.3.2023)") is none.
_DATE_LINE_BEFORE = re.compile(
    r"(?:[|·•⋅,–—/-]|\b(?:vom|am|on|le|el|il|em|op|dnia|den|published|posted|updated|date|datum|stand|"
    r"publié|veröffentlicht|erschienen|publicado|pubblicato|gepubliceerd|opublikowano)\s*:?)\s*$"
    r"|^\W*(?:by|von|par|por|di|door|av|af|przez)\s+[^\W\d_][^\d()]{1,40}$",
    re.I,
)
_HEADINGS = ("h1", "h2", "h3")
_DIGIT = re.compile(r"\d")
_NON_WORD = re.compile(r"\W+")
_HEADER_SHORT_TEXT = 80  # a text this short is a date/byline line, not a sentence of the story
_HEADER_WINDOW_CHARS = 1500  # how much text after the headline is read
_HEADER_WINDOW_TEXTS = 150
_HEADER_MAX_SENTENCES = 3  # long texts (teaser, caption, first paragraphs) read before giving up


def _headline_element(root: etree._Element, headline: str | None) -> etree._Element | None:
    """The heading that shows the headline (else the first ``<h1>``), where the article's header is."""
    key = _NON_WORD.sub("", (headline or "").casefold())
    first_h1 = None
    if key:
        for el in root.iter(*_HEADINGS):
            if el.tag == "h1" and first_h1 is None:
                first_h1 = el
            if _NON_WORD.sub("", element_text(el).casefold()) == key and not outside_article(el):
                return el
    return first_h1 if first_h1 is not None else next(root.iter("h1"), None)


def _texts_from(anchor: etree._Element) -> Iterable[tuple[etree._Element, str]]:
    """The text pieces of the page from ``anchor`` on, each with the element that holds it."""
    for el in anchor.iter():
        if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text:
            yield el, el.text
        if el is not anchor and el.tail:
            yield el.getparent(), el.tail
    node: etree._Element | None = anchor
    while node is not None:
        if node.tail and node.getparent() is not None:
            yield node.getparent(), node.tail
        for sibling in node.itersiblings():
            for el in sibling.iter():
                if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text:
                    yield el, el.text
                if el is not sibling and el.tail:
                    yield el.getparent(), el.tail
            if sibling.tail:
                yield node.getparent(), sibling.tail
        node = node.getparent()


def header_date_text(root: etree._Element, headline: str | None) -> str | None:
    """A date printed, without markup, in the article's header: the first one in the text just after
    the headline, on a short line ("Pressemitteilung vom 20.01.2022", "jeudi 13 juin 2019, par X",
    "By Jane Doe | 28. Jan. 2022") or starting a text ("29.11.2022 – The story ..."). A date labelled
    as an update is passed over; dates in the story's sentences, comments and related lists are not
    read, nor anything further down the page."""
    anchor = _headline_element(root, headline)
    if anchor is None:
        return None
    seen = sentences = 0
    outside: dict[etree._Element, bool] = {}
    for count, (owner, raw) in enumerate(_texts_from(anchor)):
        if raw.isspace():
            continue
        text = unescape_and_collapse(raw)
        if not text:
            continue
        seen += len(text)
        if seen > _HEADER_WINDOW_CHARS or count > _HEADER_WINDOW_TEXTS:
            return None
        long = len(text) > _HEADER_SHORT_TEXT
        if long:
            sentences += 1
        if _DIGIT.search(text) is None:
            if sentences > _HEADER_MAX_SENTENCES:
                return None
            continue
        # A long text is a sentence of the story, or the headline itself ("Results, 19.5.2007"): only
        # a date that starts it is the page's.
        starts_only = (
            long
            or owner is anchor
            or anchor in owner.iterancestors()
            or text_longer_than(owner, 2 * _HEADER_SHORT_TEXT)  # a piece of a paragraph, between links
        )
        if owner not in outside:
            outside[owner] = outside_article(owner)
        if outside[owner]:
            continue
        for match in _PRINTED_DATE.finditer(text):
            before = text[: match.start()]
            if not _LEAD_BEFORE_DATE.match(before):
                if starts_only:
                    break
                if not _DATE_LINE_BEFORE.search(before):
                    continue
            if _MODIFIED_MARK.search(before[-30:]) or _OTHER_DATE.search(before[-30:]):
                continue
            return match.group(0).strip(" ,|·•/–—-")
        if sentences > _HEADER_MAX_SENTENCES:
            return None
    return None


# A label that says the date follows ("Datum:", "Published on", "Publié le", "Veröffentlicht am").
_DATE_LABEL = re.compile(
    r"(?:^|[\s|·•])(?:datum|date|published(?:\s+on)?|posted(?:\s+on)?|publié(?:\s+le)?|"
    r"veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|stand|fecha|publicado(?:\s+(?:el|em))?|"
    r"pubblicato(?:\s+il)?|data(?:\s+publikacji)?|gepubliceerd(?:\s+op)?)\s*:?\s*",
    re.I,
)
_LABEL_TEXT_MAX = 60
# What every `_DATE_LABEL` contains (lower case): the cheap first cut.
_DATE_LABEL_WORDS = (
    "dat",
    "publi",
    "pubbl",
    "posted",
    "veröffentlicht",
    "erschienen",
    "stand",
    "fecha",
    "gepubliceerd",
)


def labelled_date_text(root: etree._Element, texts: PageTexts | None = None) -> str | None:
    """A date right after a date label anywhere in the article ("<b>Datum:</b> 19.11.2021",
    "Published on 3 May 2021"): the last resort of pages that print their date only in an info box
    below the story. Only the short texts that hold a label's word are read (``texts``: the page's
    `PageTexts`, when already listed)."""
    page = texts if texts is not None else PageTexts(root)
    for index in page.containing(_DATE_LABEL_WORDS, 4 * _LABEL_TEXT_MAX):
        text = unescape_and_collapse(page.texts[index])
        if not text or len(text) > _LABEL_TEXT_MAX or _MODIFIED_MARK.search(text):
            continue
        labels = list(_DATE_LABEL.finditer(text))
        owner = page.owner(index) if labels else None  # looked up for a label only: it walks the page
        if owner is None:
            continue
        ends_with_label = False
        for label in labels:
            rest = text[label.end() :]
            if not rest:
                ends_with_label = True
            elif (match := _PRINTED_DATE.match(rest)) and not outside_article(owner):
                return match.group(0).strip(" ,|·•/–—-")
        if ends_with_label and (found := _date_after_label(page, index)):
            return found
    return None


def _date_after_label(page: PageTexts, index: int) -> str | None:
    """The date that starts the next text after a label (blank texts passed over), in the article."""
    for after in range(index + 1, len(page.texts)):
        raw = page.texts[after]
        if len(raw) > 4 * _LABEL_TEXT_MAX:
            return None
        text = unescape_and_collapse(raw)
        if not text:
            continue
        match = _PRINTED_DATE.match(text)
        owner = page.owner(after)
        if match and owner is not None and not outside_article(owner):
            return match.group(0).strip(" ,|·•/–—-")
        return None
    return None
