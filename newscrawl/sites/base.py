"""What a site profile is: plain data plus versioned parsers.

A `SiteProfile` holds a site's domains, discovery sources, time zone, boilerplate phrases and its
parser versions. A parser version (`ParserVersion`) is valid from a date on, and the page's saved
(crawl) date picks it, so a layout change adds a version instead of breaking old fixtures.

A parser is an `ArticleParser` subclass: selectors compiled once as class constants, one method per
field. It reads the `Page` the generic engine read (its JSON-LD article node and its metas, found
once by ``newscrawl.extract.page``); each field method returns the site's value, or None/empty to
defer to the generic engine's, so a profile falls back to the generic engine field by field. A
profile's boilerplate phrases are not applied here: the boilerplate cleaning stage applies them,
once, to whichever blocks the page ends up with.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from lxml import etree

from newscrawl.dates import as_date
from newscrawl.extract.area import Marks, Selector, collect_blocks, first, inline_text, mark
from newscrawl.extract.images import figure_images
from newscrawl.extract.page import Page
from newscrawl.extract.text import collapse_whitespace
from newscrawl.items import Block, Image, RawArticle
from newscrawl.sites import selectors as s

logger = logging.getLogger(__name__)

# A parser version refines the generic engine's raw fields with site knowledge.
ParserFn = Callable[[Page, RawArticle], RawArticle]
# (regular expression, reason) pairs: a site's boilerplate phrases.
PhraseRules = tuple[tuple[str, str], ...]

_ORGANISATION_TYPES = ("Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand")


# --- JSON-LD values as the site parsers read them ----------------------------------------------


def ld_str(value: Any) -> str | None:
    """A JSON-LD value as a string (first of a list, ``name``/``@value`` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return collapse_whitespace(value) if isinstance(value, str) and value.strip() else None


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person list (strings, objects with ``name``, lists of either)."""
    if isinstance(value, str):
        return [collapse_whitespace(value)] if value.strip() else []
    if isinstance(value, dict):
        return ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item)]
    return []


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def ld_people(value: Any) -> list[str]:
    """Names of the people in a JSON-LD ``author`` value (organisations left out)."""
    items = value if isinstance(value, list) else [value]
    people = [i for i in items if not (isinstance(i, dict) and set(_types(i)) & set(_ORGANISATION_TYPES))]
    return ld_names(people)


def ld_keywords(value: Any) -> list[str]:
    """JSON-LD ``keywords``: a list, or one comma-separated string."""
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    if isinstance(value, list):
        return [collapse_whitespace(k) for k in value if isinstance(k, str) and k.strip()]
    return []


def _ld(page: Page) -> dict[str, Any]:
    """The page's JSON-LD article node ({} when it has none)."""
    return page.article or {}


class ArticleParser:
    """Base of every site parser: JSON-LD and meta tags first, then the site's selectors.

    Subclasses set the selector constants below (compiled once with `selectors.css`/`selectors.xpath`)
    and override a field method when the site needs more than a selector.
    """

    HEADLINE: ClassVar[Selector | None] = None
    AUTHORS: ClassVar[Selector | None] = None
    PUBLISHED: ClassVar[Selector | None] = None  # an element's datetime/content/text
    MODIFIED: ClassVar[Selector | None] = None
    DESCRIPTION: ClassVar[Selector | None] = None
    SECTION: ClassVar[Selector | None] = None
    KEYWORDS: ClassVar[Selector | None] = None  # visible topic/tag links
    # The article area whose blocks make the body (first match).
    BODY: ClassVar[Selector | None] = None
    # Invisible subtrees of the article area (left out of the blocks).
    SKIP: ClassVar[tuple[Selector, ...]] = ()
    # (selector, reason): subtrees of the article area that are boilerplate.
    FLAGS: ClassVar[tuple[tuple[Selector, str], ...]] = ()
    # Extra caption elements (media titles, caption <p>s); <figcaption> always is one.
    CAPTIONS: ClassVar[tuple[Selector, ...]] = ()
    FIGURES: ClassVar[Selector] = s.css("figure")
    CAPTION: ClassVar[Selector] = s.css("figcaption")
    CREDIT: ClassVar[Selector | None] = None
    # A credit written into the caption text (regex with group "credit"), e.g. `images.PICTURE_CREDIT`.
    CREDIT_IN_CAPTION: ClassVar[re.Pattern[str] | None] = None

    # The metadata fields, each read by the method of the same name (blocks and images come from
    # the article area, see `body`).
    FIELDS: ClassVar[tuple[str, ...]] = (
        "headline",
        "description",
        "authors",
        "datePublishedRaw",
        "dateModifiedRaw",
        "section",
        "keywords",
        "isAccessibleForFree",
        "publisher",
    )

    def __call__(self, page: Page, raw: RawArticle) -> RawArticle:
        """Refine ``raw`` (the generic engine's fields) in place with every field this parser finds."""
        body = self.body(page)
        for name in self.FIELDS:
            value = getattr(self, name)(page)
            if value is not None and value != [] and value != "":
                setattr(raw, name, value)
        if body is not None:
            marks = self.marks(page, body)
            raw.blocks = self.blocks(page, body, marks)
            raw.images = self.images(page, body, marks)
            raw.isArticle = raw.isArticle or any(
                b.boilerplate is None and b.kind != "caption" for b in raw.blocks
            )
        return raw

    # --- fields: JSON-LD first, then meta, then the visible page ---

    def headline(self, page: Page) -> str | None:
        """JSON-LD ``headline``, else the ``HEADLINE`` element's text."""
        return ld_str(_ld(page).get("headline")) or next(iter(self._texts(self.HEADLINE, page)), None)

    def description(self, page: Page) -> str | None:
        return (
            ld_str(_ld(page).get("description"))
            or s.meta(page, "og:description", "description")
            or next(iter(self._texts(self.DESCRIPTION, page)), None)
        )

    def authors(self, page: Page) -> list[str]:
        """People among the JSON-LD authors (organisations left out), else the byline names."""
        return s.unique(ld_people(_ld(page).get("author")) or self._texts(self.AUTHORS, page))

    def datePublishedRaw(self, page: Page) -> str | None:
        return ld_str(_ld(page).get("datePublished")) or self._date(self.PUBLISHED, page)

    def dateModifiedRaw(self, page: Page) -> str | None:
        return ld_str(_ld(page).get("dateModified")) or self._date(self.MODIFIED, page)

    def section(self, page: Page) -> str | None:
        return (
            ld_str(_ld(page).get("articleSection"))
            or s.meta(page, "article:section")
            or next(iter(self._texts(self.SECTION, page)), None)
        )

    def keywords(self, page: Page) -> list[str]:
        """JSON-LD ``keywords``, else ``article:tag`` metas, else the ``KEYWORDS`` links."""
        return s.unique(
            ld_keywords(_ld(page).get("keywords"))
            or s.meta_all(page, "article:tag")
            or self._texts(self.KEYWORDS, page)
        )

    def isAccessibleForFree(self, page: Page) -> bool | None:
        value = _ld(page).get("isAccessibleForFree")
        if isinstance(value, str):
            return {"true": True, "false": False}.get(value.strip().lower())
        return value if isinstance(value, bool) else None

    def publisher(self, page: Page) -> str | None:
        return ld_str(_ld(page).get("publisher"))

    def body(self, page: Page) -> etree._Element | None:
        """The article area, or None to keep the generic engine's blocks and images."""
        return first(self.BODY, page.root)

    def marks(self, page: Page, body: etree._Element) -> Marks:
        """The SKIP/FLAGS/CAPTIONS selectors evaluated on the article area (once per page)."""
        return mark(body, skip=self.SKIP, flags=self.FLAGS, captions=self.CAPTIONS)

    def blocks(self, page: Page, body: etree._Element, marks: Marks) -> list[Block]:
        return collect_blocks(body, marks)

    def images(self, page: Page, body: etree._Element, marks: Marks) -> list[Image]:
        return figure_images(
            self.FIGURES(body),
            page.url,
            caption=self.CAPTION,
            credit=self.CREDIT,
            exclude=set(marks.flags),
            hidden=marks.skip,
            credit_pattern=self.CREDIT_IN_CAPTION,
        )

    # --- helpers ---

    @staticmethod
    def _texts(selector: Selector | None, page: Page) -> list[str]:
        return s.texts(selector, page.root) if selector is not None else []

    @staticmethod
    def _date(selector: Selector | None, page: Page) -> str | None:
        el = first(selector, page.root) if selector is not None else None
        if el is None:
            return None
        value = el.get("datetime") or el.get("content") or collapse_whitespace(inline_text(el))
        return value or None


def _working_copy(raw: RawArticle) -> RawArticle:
    """A copy a parser may change freely: the object and its lists are new, their items shared."""
    clone = copy.copy(raw)
    for name, value in vars(raw).items():
        if isinstance(value, list):
            setattr(clone, name, list(value))
    return clone


@dataclass(frozen=True)
class ParserVersion:
    """One layout of a site, valid for pages saved on or after ``valid_from``."""

    name: str
    valid_from: date
    parse: ParserFn


@dataclass(frozen=True)
class SiteProfile:
    """Everything newscrawl knows about one news site."""

    name: str
    domains: tuple[str, ...]
    timezone: str | None = None
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    # Regular expressions (matched with re.search on the URL path) for article pages.
    article_url_patterns: tuple[str, ...] = ()
    # Boilerplate phrases of this site's text blocks: (regular expression, reason) pairs, applied by
    # the boilerplate cleaning stage (before the phrase lists of every language).
    boilerplate_phrases: PhraseRules = ()
    versions: tuple[ParserVersion, ...] = field(default_factory=tuple)

    def version_for(self, saved: date | datetime | str | None = None) -> ParserVersion | None:
        """The newest parser version valid on ``saved`` (the newest of all when None).

        A page saved before the oldest version gets the oldest one: it is the closest layout known.
        """
        if not self.versions:
            return None
        day = as_date(saved)
        valid = [v for v in self.versions if day is None or v.valid_from <= day]
        if not valid:
            return min(self.versions, key=lambda v: v.valid_from)
        return max(valid, key=lambda v: v.valid_from)

    def apply(self, page: Page, raw: RawArticle, saved: date | datetime | str | None = None) -> RawArticle:
        """Refine generic raw fields with this site's parser and settings.

        A parser that fails (a layout it does not know) leaves the generic fields untouched; the
        failure is logged and recorded as the event ``profile/failed``.
        """
        version = self.version_for(saved)
        if version is not None:
            try:
                raw = version.parse(page, _working_copy(raw))
            except Exception:
                logger.warning(
                    "Site parser %s@%s failed on %s", self.name, version.name, page.url, exc_info=True
                )
                raw.events.append("profile/failed")
            raw.profile = f"{self.name}@{version.name}"
        else:
            raw.profile = self.name
        raw.timezone = raw.timezone or self.timezone
        raw.sitePhrases = [*raw.sitePhrases, *self.boilerplate_phrases]
        return raw
