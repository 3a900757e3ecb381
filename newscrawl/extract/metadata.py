"""Article metadata from every source a news page offers, best source first, field by field.

Sources, in order of trust: JSON-LD (the article node, or a ``WebPage`` node as a fallback),
OpenGraph and ``article:*`` meta, Parse.ly, Dublin Core, ``sailthru.*`` and other common metas,
microdata, the visible page (``<h1>``, bylines, ``<time>``), and finally the URL (dates in paths).
Values stay raw (dates and bylines as printed); the cleaning stages normalise them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.data import credits
from newscrawl.extract import byline, date_finders, headline
from newscrawl.extract.jsonld import first_text, text_values, type_names
from newscrawl.extract.language import normalise_language
from newscrawl.extract.page import Page
from newscrawl.extract.text import string_value, unescape_and_collapse
from newscrawl.items import Image

logger = logging.getLogger(__name__)

_KEYWORD_SPLIT = re.compile(r"\s*[,，、;；]\s*")
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.I)
# Sources of `_authors` that a CMS fills in (JSON-LD, Parse.ly, metas): the visible byline may differ.
_STRUCTURED_AUTHOR_SOURCES = 3
_ORGANIZATION = re.compile(r"Organization$|^(?:NewsMedia|Corporation|Brand)$")

# A date and time put after the headline in a title (" : 31.10.2023, 10.19 Uhr").
_DATE_TAIL = re.compile(r"\s*:\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[\s,.:\d]*(?:uhr|h)?\s*", re.I)
_HEADLINE_METAS = ("og:title", "twitter:title")
_HEADLINE_LATE_METAS = ("dc.title", "dcterms.title", "sailthru.title", "title", "headline")
_DESCRIPTION_METAS = (
    "og:description",
    "twitter:description",
    "description",
    "dc.description",
    "dcterms.description",
    "dcterms.abstract",
    "sailthru.description",
)
_AUTHOR_METAS = (
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "citation_author",
    "parsely-author",
    "authors",
    "article.author",
    "cxenseparse:author",
)
_PUBLISHED_METAS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "article_date_original",
    "datepublished",
    "date",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "og:release_date",
    "originalpublicationdate",
    "date_published",
    "pub_date",
    "publish_time",
    "published-date",
    "release_date",
    "ptime",
    "weibo:article:create_at",
)
_MODIFIED_METAS = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "modified_time",
    "dcterms.modified",
    "dc.date.modified",
    "article.updated",
    "lastmod",
    "last-modified",
    "datemodified",
    "article:updated_time",
    "updated_time",
    "utime",
    "weibo:article:update_at",
)
_LANGUAGE_METAS = (
    "og:locale",
    "content-language",
    "dc.language",
    "dcterms.language",
    "language",
    "inlanguage",
)
_SECTION_METAS = ("article:section", "og:article:section", "parsely-section", "section", "category")
_KEYWORD_METAS = ("news_keywords", "keywords", "sailthru.tags", "dc.subject", "dcterms.subject")
_SITE_METAS = (
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
    "dc.publisher",
    "dcterms.publisher",
    "publisher",
)
_IMAGE_METAS = ("og:image", "og:image:secure_url", "og:image:url", "twitter:image", "twitter:image:src")
_MAX_SITE_NAME = 60
# Share images that are not the story's picture: the site's logo, placeholders, icons.
_NOT_EDITORIAL_IMAGE = re.compile(
    r"/logos?/|/icons?/|favicon|apple-touch|placeholder|fallback"
    r"|/(?:logo[^/]*|[^/]*[-_]logo)\.\w+$|/default[^/]*$|/(?:blank|spacer)\.\w+$",
    re.I,
)
_PAYWALL_TIERS = {"free": True, "locked": False, "metered": False, "premium": False, "paid": False}


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _absolute(base: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    absolute = urljoin(base, href.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _title_element(root: etree._Element) -> etree._Element | None:
    """The page's ``<title>`` (the first one not inside an inline SVG)."""
    for title in root.iter("title"):
        if next(title.iterancestors("svg"), None) is None:
            return title
    return None


def _canonical(page: Page) -> str | None:
    node_url = page.ld.resolve(page.node.get("mainEntityOfPage"))
    for href in (
        *page.canonical_links,
        page.meta.first("og:url"),
        page.parsely.get("link") if isinstance(page.parsely.get("link"), str) else None,
        _str(page.node.get("url")),
        _str(node_url) or (_str(node_url.get("@id")) if isinstance(node_url, dict) else None),
    ):
        absolute = _absolute(page.url, href)
        if absolute:
            return absolute
    return None


def _organisation_names(page: Page) -> list[str]:
    """Names of the site's own Organization / WebSite nodes (not organisations an article mentions)."""
    names = []
    for node in page.ld.nodes:
        if id(node) in page.ld.nested:
            continue
        if any(_ORGANIZATION.search(t) for t in type_names(node)) or "WebSite" in type_names(node):
            names.extend(text_values(node.get("name")))
    return names


def _site_names(page: Page, names: list[str | None]) -> list[str]:
    """Plausible site names: short, and not one of the page's headlines (some sites misuse the tags)."""
    headlines = {
        headline.name_key(h)
        for h in (_str(page.node.get("headline")), *page.meta.first_of_each(_HEADLINE_METAS))
        if h
    }
    out = []
    for name in names:
        name = unescape_and_collapse(name)
        if name and len(name) <= _MAX_SITE_NAME and headline.name_key(name) not in headlines:
            out.append(name)
    return out


def _publisher(page: Page) -> str | None:
    publisher = page.ld.resolve(page.node.get("publisher"))
    names = [
        page.meta.first("og:site_name"),
        first_text(publisher if isinstance(publisher, (dict, str)) else None),
        *page.meta.first_of_each(_SITE_METAS[1:]),
    ]
    return next(iter(_site_names(page, names)), None)


def _site_keys(page: Page, publisher: str | None) -> set[str]:
    twitter = (page.meta.first("twitter:site") or "").lstrip("@")
    site_metas = page.meta.all_of(_SITE_METAS)
    names = _site_names(page, [publisher, twitter, *site_metas, *_organisation_names(page)])
    return headline.site_keys(names, page.url)


def _headline(page: Page, keys: set[str], section: str | None) -> str | None:
    title_element = _title_element(page.root)
    title = unescape_and_collapse(string_value(title_element)) if title_element is not None else ""
    undecorated = headline.strip_decoration(title, keys, section) if title else ""
    h1 = headline.visible_h1(page.root, keys, undecorated or None, strict=undecorated != title)

    def title_like(text: str | None) -> str | None:
        # Page titles carry decoration we may not recognise: "H1 | Anything" gives the H1.
        return (headline.strip_to_known(text, [h1]) if text and h1 else None) or text

    def labelled(text: str | None) -> str | None:
        # "H1 / Section", "H1 - Blog name", "H1 : 31.10.2023, 10.19 Uhr": a short label or the date
        # after the headline the page shows, not a subtitle after a colon.
        known = headline.strip_to_known(text, [h1]) if text and h1 else None
        rest = text[len(known) :] if known and text else ""
        if known and (not re.match(r"\s*:", rest) or _DATE_TAIL.fullmatch(rest)) and len(rest.split()) <= 4:
            return known
        return text

    def candidates() -> Iterator[str | None]:
        # Best source first, each read only when the ones before it gave no usable headline.
        yield _str(page.node.get("headline"))
        yield _str(page.node.get("name")) if page.article is not None else None
        yield from (labelled(v) for v in page.meta.first_of_each(_HEADLINE_METAS))
        yield _str(page.parsely.get("title"))
        yield title_like(_str(page.node.get("name")))
        yield from page.meta.first_of_each(_HEADLINE_LATE_METAS)
        yield page.microdata.value("headline")
        yield h1
        yield title_like(title)

    return headline.choose_headline(candidates(), keys, section=section)


def _description(page: Page) -> str | None:
    return first_text(page.node.get("description")) or page.meta.first(*_DESCRIPTION_METAS)


def _ld_people(page: Page) -> tuple[list[str], list[str]]:
    """(person names, organisation names) of the JSON-LD node's author/creator."""
    people: list[str] = []
    organisations: list[str] = []
    for key in ("author", "creator"):
        value = page.node.get(key)
        for item in value if isinstance(value, list) else [value]:
            item = page.ld.resolve(item)
            if isinstance(item, str):
                people.append(item)
            elif isinstance(item, dict):
                names = text_values(item.get("name"))
                if not names and (item.get("givenName") or item.get("familyName")):
                    names = [" ".join(text_values([item.get("givenName"), item.get("familyName")]))]
                if any(_ORGANIZATION.search(t) for t in type_names(item)):
                    organisations.extend(names)
                else:
                    people.extend(names)
        if people:
            break
    return people, organisations


def _without_site_affiliation(name: str, keys: set[str]) -> str:
    """A byline without the site's unit named after the writer ("Jane Doe, Example Insight" on
    example.com): a comma part that starts with the site's name is an affiliation, not a co-author."""
    parts = name.split(", ")
    if len(parts) < 2:
        return name
    kept = [parts[0]]
    for part in parts[1:]:
        words = part.split()
        first_key = headline.name_key(words[0]) if words else ""
        if not (len(words) >= 2 and len(first_key) >= 3 and first_key in keys):
            kept.append(part)
    return ", ".join(kept)


def _visible_if_other_person(
    page: Page, names: list[str], usable: Callable[[list[str]], list[str]]
) -> list[str]:
    """The structured source's names, unless the story's visible "By ..." line names another person:
    a CMS fills JSON-LD and meta authors with the account that posted the story, the byline shows
    who wrote it."""
    shown = [n for n in usable(byline.explicit_bylines(page.root)) if credits.names_a_person(n)]
    if not shown:
        return names
    shown_key = headline.name_key(" ".join(shown))
    if any(headline.name_key(part) in shown_key for n in names for part in byline.byline_names(n)):
        return names
    return shown


def _authors(page: Page, keys: set[str]) -> list[str]:
    """The names the page credits, from the best source that credits a person.

    A source that credits only agencies or staff desks ("By Reuters", "Redaktion") does not stop the
    search: a later source may name the writer. When no source names a person, the first such
    credit is the author, else the organisation the page credits as author (a JSON-LD
    ``Organization`` author, a byline that names the site itself).
    """
    people, organisations = _ld_people(page)
    excluded = {headline.name_key(o) for o in organisations} | keys
    # The site's name too long to be one of `keys` ("Site - Tagline | Slogan"): a CMS that fills the
    # author with it credits no one, and what is left after stripping the site (the slogan) is no name.
    publisher = page.ld.resolve(page.node.get("publisher"))
    ld_publisher = first_text(publisher) if isinstance(publisher, dict) else None
    whole_names = [page.meta.first("og:site_name"), ld_publisher]
    site_whole = {headline.name_key(n) for n in whole_names if n and len(n) > _MAX_SITE_NAME}
    site_credits: list[str] = []  # bylines that name the site: its author when nobody else is

    def usable(names: list[str]) -> list[str]:
        out = []
        for name in names:
            name = unescape_and_collapse(name)
            if headline.name_key(name) in site_whole:
                continue
            name = byline.without_date(name)
            if name:  # "Site - Jane Doe": the site's name before the writer's
                name = headline.strip_decoration(name, keys)
            if not name or _URL.match(name) or name in out:
                continue
            key = headline.name_key(name)
            if key in excluded or headline.is_part_of_site_name(name, keys):
                # The site, or the organisation behind it ("Diakonie Deutschland" of "Infoportal
                # Diakonie Deutschland"): its author when the page credits nobody else. A part of a
                # domain label alone ("Vortex" of vortexcannon.org) is no such credit.
                declared = getattr(keys, "declared", frozenset())
                if key in keys or headline.is_part_of_site_name(name, set(declared)):
                    site_credits.append(name)
                continue
            out.append(_without_site_affiliation(name, keys))
        return out

    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: people,
        lambda: page.parsely.get("authors") or [],
        lambda: page.meta.all_of(_AUTHOR_METAS),
        lambda: page.microdata.authors(),
        lambda: byline.visible_authors(page.root, page.texts, page.attributes),
        lambda: byline.sign_off_names(page.root),
    )
    no_person: list[str] = []
    agencies: set[str] = set()
    for index, source in enumerate(sources):  # a later source is read when earlier ones name no one
        names = usable(source())
        if any(credits.names_a_person(name) for name in names):
            # A later source that repeats the agency ("Reuters, Washington") names no one else.
            if agencies & {a for name in names for a in credits.agencies_in(name)}:
                return no_person
            if index < _STRUCTURED_AUTHOR_SOURCES:
                return _visible_if_other_person(page, names, usable)
            return names
        no_person = no_person or names
        agencies.update(a for name in names for a in credits.agencies_in(name))
    if no_person:
        return no_person
    named = [n for n in (unescape_and_collapse(o) for o in organisations) if n]
    return list(dict.fromkeys(named)) or site_credits[:1]


def _with_microdata(page: Page, structured: list[str | None], itemprop: str) -> str | None:
    """`date_finders.pick_date` of the structured dates and then the microdata one, which is read
    (a walk of the page) only when it can change the choice: when the dates before it give none, or
    one of an ISO day without both a time and an offset that a later value of that day could add."""
    best = date_finders.pick_date(structured)
    if best is not None and (date_finders.day_of(best) is None or date_finders.precision(best) == 2):
        return best
    return date_finders.pick_date([best, page.microdata.value(itemprop)])


def _published(page: Page, headline_text: str | None) -> str | None:
    structured = [
        _str(page.node.get("datePublished")),
        *page.meta.first_of_each(_PUBLISHED_METAS),
        _str(page.parsely.get("pub_date")),
        _str(page.node.get("dateCreated")),
    ]
    best = _with_microdata(page, structured, "datePublished")
    if best and date_finders.precision(best) == 0 and page.time_elements[0]:
        # A bare day (a ClaimReview's, a CMS's) and the page's <time> of that day with its hour.
        best = date_finders.pick_date([best, page.time_elements[0]])
    return (
        best
        or page.time_elements[0]
        or date_finders.marked_date_text(page.root, page.attributes)
        or date_finders.header_date_text(page.root, headline_text)
        or date_finders.date_from_url(page.url)
        or date_finders.labelled_date_text(page.root, page.texts)
    )


def _modified(page: Page) -> str | None:
    structured = [_str(page.node.get("dateModified")), *page.meta.first_of_each(_MODIFIED_METAS)]
    return _with_microdata(page, structured, "dateModified") or page.time_elements[1]


def _language(page: Page) -> str | None:
    ld_language = page.node.get("inLanguage")
    if isinstance(ld_language, dict):
        ld_language = ld_language.get("alternateName") or ld_language.get("name")
    for value in (
        page.root.get("lang"),
        page.root.get("xml:lang") or page.root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        ld_language if isinstance(ld_language, str) else None,
        *page.meta.first_of_each(_LANGUAGE_METAS),
    ):
        tag = normalise_language(value)
        if tag:
            return tag
    return None


def _section(page: Page) -> str | None:
    return (
        first_text(page.node.get("articleSection"))
        or _str(page.parsely.get("section"))
        or page.meta.first(*_SECTION_METAS)
    )


def _split_keywords(values: list[str]) -> list[str]:
    return [k for v in values for k in _KEYWORD_SPLIT.split(v.strip()) if k]


def _keywords(page: Page) -> list[str]:
    ld_keywords = page.node.get("keywords")
    if isinstance(ld_keywords, str):
        found = _split_keywords([ld_keywords])
    else:
        found = [k.strip() for k in text_values(ld_keywords) if k.strip()]
    if found:
        return found
    tags = page.meta.all("article:tag") or page.meta.all("og:article:tag")
    if tags:
        return [t.strip() for t in tags if t.strip()]
    if page.parsely.get("tags"):
        return list(page.parsely["tags"])
    for key in _KEYWORD_METAS:
        found = _split_keywords(page.meta.all(key))
        if found:
            return found
    return []


def _free_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


def _accessible_for_free(page: Page) -> bool | None:
    flag = _free_flag(page.node.get("isAccessibleForFree"))
    if flag is not None:
        return flag
    parts = page.node.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict) and _free_flag(part.get("isAccessibleForFree")) is False:
            return False
    flag = _free_flag(page.meta.first("isaccessibleforfree"))
    if flag is not None:
        return flag
    tier = (page.meta.first("article:content_tier", "og:article:content_tier") or "").lower()
    return _PAYWALL_TIERS.get(tier)


def _ld_image(page: Page) -> tuple[str | None, str | None]:
    value = page.node.get("image") or page.node.get("thumbnailUrl")
    for item in value if isinstance(value, list) else [value]:
        item = page.ld.resolve(item)
        if isinstance(item, str) and item.strip():
            return item.strip(), None
        if isinstance(item, dict):
            src = _str(item.get("url")) or _str(item.get("contentUrl"))
            if src:
                return src, _str(item.get("caption")) or _str(item.get("description"))
    return None, None


def _lead_image(page: Page) -> Image | None:
    ld_src, ld_caption = _ld_image(page)
    ld_url = _absolute(page.url, ld_src)
    for src in (
        *page.meta.first_of_each(_IMAGE_METAS),
        ld_src,
        _str(page.parsely.get("image_url")),
        page.meta.first("sailthru.image.full"),
    ):
        url = _absolute(page.url, src)
        if url and not _NOT_EDITORIAL_IMAGE.search(urlsplit(url).path):
            same = ld_url is not None and urlsplit(url).path == urlsplit(ld_url).path
            return Image(url=url, caption=ld_caption if same else None)
    return None


def extract_metadata(page: Page) -> dict[str, Any]:
    """Metadata fields of a page, keyed by `RawArticle` field names.

    Besides those fields: ``jsonldBody`` (the JSON-LD ``articleBody`` text, when the page has one) as
    a hint for the body engine, and ``leadImage`` (an `Image` from og:image / JSON-LD image, or None).
    """
    publisher = _publisher(page)
    keys = _site_keys(page, publisher)
    section = _section(page)
    body = page.article.get("articleBody") if page.article is not None else None
    headline_text = _headline(page, keys, section)
    return {
        "canonicalUrl": _canonical(page),
        "headline": headline_text,
        "description": unescape_and_collapse(_description(page)) or None,
        "authors": _authors(page, keys),
        "datePublishedRaw": _published(page, headline_text),
        "dateModifiedRaw": _modified(page),
        "inLanguage": _language(page),
        "section": unescape_and_collapse(section) or None,
        "keywords": [k for k in (unescape_and_collapse(k) for k in _keywords(page)) if k],
        "publisher": publisher,
        "isAccessibleForFree": _accessible_for_free(page),
        "jsonldBody": body if isinstance(body, str) and body.strip() else None,
        "leadImage": _lead_image(page),
    }
