"""Author names from the visible page: ``rel=author`` links, byline/author elements, "By ..." lines.

Names come back raw, as the page prints them ("By Jane Doe and Joe Bloggs"); the author cleaning
stage splits them and drops prefixes, roles and e-mail addresses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.data import credits
from newscrawl.extract.page_areas import outside_article
from newscrawl.extract.scan import AttributeListing, AttributeSearch, PageTexts, first, following, substrings
from newscrawl.extract.text import element_text, short_element_text, text_longer_than

logger = logging.getLogger(__name__)

_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what separates the words of an attribute (not NBSP)
# Elements whose rel has the word "author" (most pages have none: the values are scanned as plain
# strings, and elements looked up only for the ones that say "author").
_REL_AUTHOR = AttributeSearch(
    {"rel": substrings("author")}, accept=lambda value: "author" in _XML_SPACE.split(value)
)
# What may hold a "By ..." line, and how many such elements after the first <h1> are read.
_BY_LINE_TAGS = ("p", "span", "div", "li", "address", "a", "strong", "em", "small")
_BY_LINE_WINDOW = 60
_AUTHOR_LINK_WINDOW = 40
_AUTHOR_DIR = (
    r"/(?:authors?|autor(?:en)?|auteurs?|journalists?|writers?|reporters?|columnists?|staff|by|"
    r"redakteur|redaccion|redacao|giornalisti)/"
)
_AUTHOR_PATH = re.compile(_AUTHOR_DIR + r"[^/?#]+/?$", re.I)
# The cheap first cut on a whole href: a path that matches `_AUTHOR_PATH` is a piece of the href
# (urlsplit only drops tabs and line breaks from it), so an href without the directory has none.
_AUTHOR_DIR_IN_HREF = re.compile(_AUTHOR_DIR + r"[^/?#]|[\t\r\n]", re.I)
_MARK_TOKEN = re.compile(
    r"(?:^|[-_])(?:by-?line|authors?|writers?|autor(?:en)?|auteurs?|contributors?)"
    r"(?:$|[-_]|names?(?:$|[-_]))",
    re.I,
)
# The part of a class token that names one name of a list ("authors__list-item", "author-list__item",
# "meta__authorname"): "list" in it is not a list of something else.
_NAME_ITEM = re.compile(r"(?:item|names?)$", re.I)
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
    r"\b\d{1,2}\.?\s+(?:jan|feb|mar|mär|apr|may|mai|jun|jul|aug|sep|sept|oct|okt|nov|dec|dez)[a-z]*\b|"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b).*$",
    re.I,
)
_DIGIT = re.compile(r"\d")
_TRAILING_WORDS = re.compile(
    r"[\s,|/·•–—\-／｜、，]*(?:\b(?:on|at|am|um|updated|published|posted|publiziert|veröffentlicht|"
    r"aktualisiert|publié|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|diens|donners|frei|sams|sonn)tag|mittwoch)\b"
    r"[\s,|/·•–—\-／｜、，]*)*$",
    re.I,
)
_ONLY_PREFIX = re.compile(r"^(?:by|written by|von|par|por|di|door|av|af|от|автор)[:\s]*$", re.I)
# A sign-off: a dash before the name, the words a name is made of, words no name is made of (bold
# phrases that end stories: "Read more", "Update", "Photo Credit").
_SIGN_OFF_DASH = re.compile(r"^(?:—|–|--?)\s*(?=\w)")
_SIGN_OFF_MIN_PARAGRAPHS = 3
_BLOCKS_AFTER_SIGN_OFF = ("ul", "ol", "dl", "table", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*\.?)$")
_PARTICLES = "von van de der den di da del della la le du dos das bin al ter zu y e"
_NAME_PARTICLES = frozenset(_PARTICLES.split())
_NOT_NAME = (
    "read more also see update updated note editor editor's related share follow click here subscribe "
    "photo photos video source sources credit credits copyright disclaimer correction disclosure "
    "the and of in for to with our this that your all news top story stories advertisement "
    "mehr lesen sie auch weiterlesen quelle hinweis anzeige foto fotos bild bilder das der die und mit "
    "zum zur fazit tipp info infos lire aussi leer más on at by from is are it we you i my thanks thank "
    "happy enjoy stay safe final thoughts conclusion summary bottom line end ende"
)
_NOT_NAME_WORDS = frozenset(_NOT_NAME.split())
_INNER_BY = re.compile(r"(?:^|\s)(?:by|von|par|por|door|di)\s+(?P<name>[^\W\d_][^|,·•]*?)\s*$", re.I)
_LABEL_BEFORE_BY = re.compile(
    r"\b(?:posted|written|published|updated|story|article|column|essay|review|interview|photos?|text|"
    r"geschrieben|verfasst|veröffentlicht|kommentar|analyse|gastbeitrag|beitrag|artikel|reportage|"
    r"fotos?|publié|écrit|publicado|escrito)$",
    re.I,
)
_HANDLE = re.compile(r"^[a-z][a-z0-9_.-]{2,29}$")
# "Autor: Jane Doe", "Text: Jane Doe": a label and the name, in one text or the name in the next.
_AUTHOR_LABEL = re.compile(
    r"(?:^|[|·•])\s*(?:autor(?:in)?|autoren|author|authors|auteur|auteure|autore|autora|text|texte|texto|"
    r"verfasser(?:in)?|redakteur(?:in)?)\s*:\s*",
    re.I,
)
# What every `_AUTHOR_LABEL` contains (lower case): the cheap first cut.
_AUTHOR_LABEL_WORDS = ("autor", "author", "auteur", "text", "verfasser", "redakteur")
_MAX_CHARS = 100
# "By" printed in an inline element of its own with no space before the name ("<span>By</span><a>Jane
# Doe</a>" reads "ByJane Doe"): a capital right after the word.
_GLUED_BY = re.compile(r"^(By|Von|Por|Par)(?=[A-ZÀ-ÖØ-Þ](?:[a-zà-öø-ÿ]|\.))")
_MAX_NAMES = 5


def _usable(text: str) -> bool:
    return 1 < len(text) <= _MAX_CHARS and any(ch.isalpha() for ch in text) and len(text.split()) <= 12


def without_date(text: str) -> str:
    """A byline without the date the page prints after the name."""
    if _DIGIT.search(text) is None:  # every `_TRAILING_DATE` has a digit: most bylines skip its search
        return text
    cut = _TRAILING_DATE.sub("", text)
    return _TRAILING_WORDS.sub("", cut).strip() if cut != text else text


def _add(found: list[str], text: str) -> None:
    text = _GLUED_BY.sub(r"\1 ", without_date(text))
    if _ONLY_PREFIX.match(text):
        return
    if _usable(text) and text.casefold() not in {f.casefold() for f in found} and len(found) < _MAX_NAMES:
        found.append(text)


def _says_author(value: str) -> bool:
    """Whether a class/id/test id value has a token that marks an author's name ("byline",
    "author-name", "authors__list-item"; not "author-avatar" or "author-bio")."""
    return any(
        _MARK_TOKEN.search(t) and (_NAME_ITEM.search(t) or not _NOT_NAME_TOKEN.search(t))
        for t in value.split()
    )


# Elements whose class/id/test id says author or byline: a substring cut, then `_says_author`.
_MARKED = AttributeSearch(
    {
        "class": substrings("author", "byline", "Author", "Byline", "writer", "autor", "auteur"),
        "id": substrings("byline", "author"),
        "data-testid": substrings("byline", "author"),
        "data-component": substrings("byline", "author"),
    },
    accept=_says_author,
)


def rel_author_names(root: etree._Element, listing: AttributeListing | None = None) -> list[str]:
    """Texts of ``rel=author`` links in the article area (``listing``: the page's, when made)."""
    found: list[str] = []
    for el in _REL_AUTHOR(root, listing):
        if el.tag in ("link", "meta") or outside_article(el):
            continue
        _add(found, element_text(el))
    return found


def marked_author_names(root: etree._Element, listing: AttributeListing | None = None) -> list[str]:
    """Texts of the innermost elements whose class/id says author or byline (``listing``: the page's
    `AttributeListing`, when made)."""
    marked = [el for el in _MARKED(root, listing) if isinstance(el.tag, str)]
    containers: set[etree._Element] = set()  # elements with a marked element inside
    for el in marked:
        for ancestor in el.iterancestors():
            if ancestor in containers:
                break
            containers.add(ancestor)
    found: list[str] = []
    for el in marked:
        if el in containers or outside_article(el) or _in_teaser_link(el):
            continue
        _add(found, element_text(el))
    return found


def _in_teaser_link(el: etree._Element) -> bool:
    """Whether a credit sits inside a link to another story, with that story's title: a teaser's
    credit ("<a href='/other-story'>Title <small>(<span class='author'>Jane Doe</span>)</small></a>"),
    not the page's. A link to the writer's page around the name is no teaser."""
    link = next(el.iterancestors("a"), None)
    if link is None or _AUTHOR_PATH.search(urlsplit(link.get("href", "")).path):
        return False
    return len(element_text(link)) > len(element_text(el)) + 20


def by_lines(root: etree._Element) -> list[str]:
    """Short "By ..." lines just after the first ``<h1>``."""
    found: list[str] = []
    h1 = first(root, "h1")
    for el in islice(following(h1, *_BY_LINE_TAGS), _BY_LINE_WINDOW) if h1 is not None else ():
        text = short_element_text(el, 3 * _MAX_CHARS)
        if text is None or len(text) > _MAX_CHARS:
            continue
        line = text if _BY_LINE.match(text) else _inner_by_line(text) or _name_then_date(el, text)
        if line and not outside_article(el):
            _add(found, line)
            break
    return found


def _inner_by_line(text: str) -> str | None:
    """The "by Jane Doe" of a line where it follows a label or a date ("Posted on 25.04.2024 by Jane
    Doe", "Ein Kommentar von Anna Keller"): from "by" on, when the name ends the line."""
    match = _INNER_BY.search(text)
    if match is None or match.start() == 0:
        return None
    before = text[: match.start()].strip()
    if len(before) > 40 or not (_LABEL_BEFORE_BY.search(before) or any(ch.isdigit() for ch in before)):
        return None
    name = match.group("name").strip()
    # A blog's lower-case user name after the post's date ("11.09.2011, 16:20 von jdoe42").
    handle = _HANDLE.match(name) and any(ch.isdigit() for ch in before)
    return text[match.start() :].strip() if _name_like(name) or handle else None


def _name_then_date(el: etree._Element, text: str) -> str | None:
    """The name of a byline printed without "By", as a name of its own element before the date
    ("<span>Jane Doe</span> | 25.04.2024")."""
    name = without_date(text).strip(" |,·•–—-/")
    if name == text or not _name_like(name):
        return None
    return name if any(element_text(child) == name for child in el.iterdescendants()) else None


def author_link_names(root: etree._Element) -> list[str]:
    """Texts of links to author pages (``/author/jane-doe``) shortly after the first ``<h1>``."""
    found: list[str] = []
    h1 = first(root, "h1")
    links = (a for a in following(h1, "a") if a.get("href") is not None) if h1 is not None else iter(())
    for el in islice(links, _AUTHOR_LINK_WINDOW):
        href = el.get("href", "")
        if not _AUTHOR_DIR_IN_HREF.search(href):
            continue
        if _AUTHOR_PATH.search(urlsplit(href).path) and not outside_article(el):
            text = element_text(el)
            if 1 <= len(text.split()) <= 5:
                _add(found, text)
    return found


def _story_container(root: etree._Element) -> etree._Element | None:
    """The story's container: the ``<article>`` that holds the ``<h1>``, else the element with the
    most ``<p>`` children."""
    h1 = first(root, "h1")
    article = next(h1.iterancestors("article"), None) if h1 is not None else None
    if article is not None:
        return article
    counts: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            counts[parent] = counts.get(parent, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _ends_story(container: etree._Element, last: etree._Element) -> bool:
    """Whether no text block of the story (a list, table, heading, quote) follows ``last``: a bold
    line before more story is a subheading, not a sign-off."""
    after = False
    for el in container.iter(*_BLOCKS_AFTER_SIGN_OFF, "p"):
        if el is last:
            after = True
        elif after and el.tag != "p" and element_text(el) and not outside_article(el):
            return False
    return True


def _name_like(text: str) -> bool:
    """A person's name as a sign-off prints it: 2–4 capitalised words ("Jane Doe", "Anna von Berg")."""
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 40 or any(ch.isdigit() for ch in text):
        return False
    if not (words[0][0].isupper() and words[-1][0].isupper()):
        return False
    for word in words:
        if word.casefold() in _NOT_NAME_WORDS:
            return False
        if word in _NAME_PARTICLES:
            continue
        if not (word[0].isupper() and _NAME_WORD.match(word)):
            return False
    return True


# An agency's code closing the story, with the editor's initials: "(dpa/gem)", "(ats/nxp)", "(AFP)".
_AGENCY_TAIL = re.compile(r"\(([A-Za-z][A-Za-z-]{1,15})(?:\s*/\s*[A-Za-z]{1,5}){0,3}\)\s*$")


def sign_off_names(root: etree._Element) -> list[str]:
    """The writer's name signed at the end of the story: a last paragraph that is nothing but a name
    in bold (``<p><strong>Jane Doe</strong></p>``) or a name after a dash ("— Jane Doe"), or the
    agency whose code ends it ("(dpa/gem)")."""
    container = _story_container(root)
    paragraphs = list(container.iter("p")) if container is not None else []
    if container is None or len(paragraphs) < _SIGN_OFF_MIN_PARAGRAPHS:
        return []
    said = _said_last_first(paragraphs)  # only the last two are ever read
    last, text = next(said, (None, ""))
    if last is None or outside_article(last) or not _ends_story(container, last):
        return []
    # The agency's code ends the story's last paragraph, or the one before a date line.
    for closing, closing_text in [(last, text), *islice(said, 1)]:
        agency = _AGENCY_TAIL.search(closing_text[-40:])
        if agency and credits.agency_name(agency.group(1)) and not outside_article(closing):
            return [agency.group(1)]
    dashed = _SIGN_OFF_DASH.match(text)
    if dashed:
        name = text[dashed.end() :].strip()
    else:
        if not any(element_text(el) == text for el in last.iter("strong", "b")):
            return []
        name = text
    return [name] if _name_like(name) else []


def _said_last_first(paragraphs: list[etree._Element]) -> Iterator[tuple[etree._Element, str]]:
    """The paragraphs that say something, with their texts, last first."""
    for paragraph in reversed(paragraphs):
        text = element_text(paragraph)
        if text:
            yield paragraph, text


def labelled_author_names(root: etree._Element, texts: PageTexts | None = None) -> list[str]:
    """The name after an author label anywhere in the article ("<b>Autor:</b> Jane Doe" in an info box
    below the story, "Text: Jane Doe"). Only the short texts with a label's word are read (``texts``:
    the page's `PageTexts`, when already listed)."""
    page = texts if texts is not None else PageTexts(root)
    for index in page.containing(_AUTHOR_LABEL_WORDS, 4 * _MAX_CHARS):
        text = " ".join(page.texts[index].split())
        if not text or len(text) > 2 * _MAX_CHARS:
            continue
        label = _AUTHOR_LABEL.search(text)
        owner = page.owner(index) if label is not None else None  # for a label only: it walks the page
        if owner is None:
            continue
        rest = re.split(r"\s*[|·•]\s*|\s{2,}", text[label.end() :])[0].strip()
        if rest:
            if _name_like(rest) and not outside_article(owner):
                return [rest]
        elif name := _name_after_label(page, index):
            return [name]
    return []


def _name_after_label(page: PageTexts, index: int) -> str | None:
    """The next text after a label that ended its own (blank texts passed over), when it is a name
    in the article."""
    for after in range(index + 1, len(page.texts)):
        text = " ".join(page.texts[after].split())
        if not text:
            continue
        owner = page.owner(after)
        if owner is not None and _name_like(text) and not outside_article(owner):
            return text
        return None
    return None


_BY_PREFIX = re.compile(r"^(?:by|written by|von|par|por|di|door|av|af|przez|от)\s+", re.I)
_BY_START = re.compile(r"^\s*(?:by|written by|von|par|por|door|przez)(?:[\s:]|$)", re.I)
_EXPLICIT_WINDOW = 30
_NAME_LIST = re.compile(r"\s*(?:[,;&|/]|\s(?:and|und|et|y|e|i)\s)\s*", re.I)


def byline_names(text: str) -> list[str]:
    """The names of a byline string, roughly: "By" dropped, split at commas and "and" (for comparing
    two sources, not for output: the author cleaning stage splits properly)."""
    return [n for n in _NAME_LIST.split(_BY_PREFIX.sub("", text.replace("\xad", "").strip())) if n]


def _by_word_line(el: etree._Element) -> str | None:
    """The whole line when ``el`` holds the word "By" alone and opens its parent's text
    (``<p><span>By</span> <a href="/author/jane">Jane Doe</a></p>``): "By Jane Doe"."""
    word = (el.text or "").strip()
    parent = el.getparent()
    if len(el) or not _ONLY_PREFIX.match(word) or parent is None or (parent.text or "").strip():
        return None
    if parent.tag not in _BY_LINE_TAGS or next(parent.iterchildren(), None) is not el:
        return None
    if text_longer_than(parent, _MAX_CHARS):
        return None
    whole = element_text(parent)
    rest = whole[len(word) :].strip() if whole.startswith(word) else ""
    return f"{word.rstrip(': ')} {rest}" if rest else None


def explicit_bylines(root: etree._Element) -> list[str]:
    """The story's visible "By ..." line ("By Jane Doe", "Von Jane Doe"), among the first elements
    after the ``<h1>``: what the reader is told wrote the story. Cheap: only an element whose own text
    starts with "By" is read whole, and a line that does not start with a name is none ("Von Rechts
    wegen" is a column's title)."""
    h1 = first(root, "h1")
    if h1 is None:
        return []
    for el in islice(following(h1, *_BY_LINE_TAGS), _EXPLICIT_WINDOW):
        if not _BY_START.match(el.text or ""):
            continue
        text = _by_word_line(el) or element_text(el)
        if len(text) > _MAX_CHARS or not _BY_LINE.match(text) or outside_article(el):
            continue
        line = without_date(text)
        if _name_like((byline_names(line) or [""])[0]):
            return [line]
    return []


def visible_authors(
    root: etree._Element, texts: PageTexts | None = None, listing: AttributeListing | None = None
) -> list[str]:
    """Raw author strings from the visible page, best evidence first (``texts`` and ``listing``: the
    page's `PageTexts` and `AttributeListing`, when already made)."""
    if listing is None:
        listing = AttributeListing(root)
    return (
        rel_author_names(root, listing)
        or marked_author_names(root, listing)
        or author_link_names(root)
        or by_lines(root)
        or labelled_author_names(root, texts)
    )
