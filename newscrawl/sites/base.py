"""What a site profile is: plain data plus versioned parsers.

A `SiteProfile` holds a site's domains, discovery sources, time zone, boilerplate phrases and its
parser versions. A parser version (`ParserVersion`) is valid from a date on, and the page's saved
(crawl) date picks it, so a layout change adds a version instead of breaking old fixtures.

A parser is an `ArticleParser` subclass: selectors compiled once as class constants, one method per
field. Each method returns a value or None/empty, and only non-empty values replace what the
generic engine found, so a profile falls back to the generic engine field by field.
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
from newscrawl.items import Block, Image, RawArticle
from newscrawl.sites import helpers as h

logger = logging.getLogger(__name__)

# A parser version refines the generic engine's raw fields with site knowledge.
ParserFn = Callable[[etree._Element, str, RawArticle], RawArticle]


@dataclass
class Page:
    """What a parser method sees: the parsed page, its URL and its JSON-LD article object."""

    root: etree._Element
    url: str
    ld: dict[str, Any]
    # The parser's selectors evaluated on the article area (see `ArticleParser.marks`).
    marks: h.Marks | None = None


class ArticleParser:
    """Base of every site parser: JSON-LD and meta tags first, then the site's selectors.

    Subclasses set the selector constants below (compiled once with `helpers.css`/`helpers.xpath`)
    and override a field method when the site needs more than a selector.
    """

    HEADLINE: ClassVar[h.Selector | None] = None
    AUTHORS: ClassVar[h.Selector | None] = None
    PUBLISHED: ClassVar[h.Selector | None] = None  # an element's datetime/content/text
    MODIFIED: ClassVar[h.Selector | None] = None
    DESCRIPTION: ClassVar[h.Selector | None] = None
    SECTION: ClassVar[h.Selector | None] = None
    KEYWORDS: ClassVar[h.Selector | None] = None  # visible topic/tag links
    # The article area whose blocks make the body (first match).
    BODY: ClassVar[h.Selector | None] = None
    # Invisible subtrees of the article area (left out of the blocks).
    SKIP: ClassVar[tuple[h.Selector, ...]] = ()
    # (selector, reason): subtrees of the article area that are boilerplate.
    FLAGS: ClassVar[tuple[tuple[h.Selector, str], ...]] = ()
    # Extra caption elements (media titles, caption <p>s); <figcaption> always is one.
    CAPTIONS: ClassVar[tuple[h.Selector, ...]] = ()
    # (regex, reason) pairs for story blocks that are boilerplate by their words.
    PHRASES: ClassVar[h.PhraseRules] = ()
    FIGURES: ClassVar[h.Selector] = h.css("figure")
    CAPTION: ClassVar[h.Selector] = h.css("figcaption")
    CREDIT: ClassVar[h.Selector | None] = None
    # A credit written into the caption text (regex with group "credit"), e.g. `helpers.PICTURE_CREDIT`.
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

    def __call__(self, root: etree._Element, url: str, raw: RawArticle) -> RawArticle:
        """Refine ``raw`` in place with every field this parser finds; returns it."""
        page = Page(root, url, h.jsonld_article(root))
        page_body = self.body(page)
        for name in self.FIELDS:
            value = getattr(self, name)(page)
            if value is not None and value != [] and value != "":
                setattr(raw, name, value)
        if page_body is not None:
            raw.blocks = self.blocks(page, page_body)
            raw.images = self.images(page, page_body)
            raw.isArticle = raw.isArticle or any(
                b.boilerplate is None and b.kind != "caption" for b in raw.blocks
            )
        return raw

    # --- fields: JSON-LD first, then meta, then the visible page ---

    def headline(self, page: Page) -> str | None:
        """JSON-LD ``headline``, else the ``HEADLINE`` element's text."""
        return h.ld_str(page.ld.get("headline")) or next(iter(self._texts(self.HEADLINE, page)), None)

    def description(self, page: Page) -> str | None:
        return (
            h.ld_str(page.ld.get("description"))
            or h.meta(page.root, "og:description", "description")
            or next(iter(self._texts(self.DESCRIPTION, page)), None)
        )

    def authors(self, page: Page) -> list[str]:
        """People among the JSON-LD authors (organisations left out), else the byline names."""
        return h.unique(h.ld_people(page.ld.get("author")) or self._texts(self.AUTHORS, page))

    def datePublishedRaw(self, page: Page) -> str | None:
        return h.ld_str(page.ld.get("datePublished")) or self._date(self.PUBLISHED, page)

    def dateModifiedRaw(self, page: Page) -> str | None:
        return h.ld_str(page.ld.get("dateModified")) or self._date(self.MODIFIED, page)

    def section(self, page: Page) -> str | None:
        return (
            h.ld_str(page.ld.get("articleSection"))
            or h.meta(page.root, "article:section")
            or next(iter(self._texts(self.SECTION, page)), None)
        )

    def keywords(self, page: Page) -> list[str]:
        """JSON-LD ``keywords``, else ``article:tag`` metas, else the ``KEYWORDS`` links."""
        return h.unique(
            h.ld_keywords(page.ld.get("keywords"))
            or h.meta_all(page.root, "article:tag")
            or self._texts(self.KEYWORDS, page)
        )

    def isAccessibleForFree(self, page: Page) -> bool | None:
        value = page.ld.get("isAccessibleForFree")
        if isinstance(value, str):
            return {"true": True, "false": False}.get(value.strip().lower())
        return value if isinstance(value, bool) else None

    def publisher(self, page: Page) -> str | None:
        return h.ld_str(page.ld.get("publisher"))

    def body(self, page: Page) -> etree._Element | None:
        """The article area, or None to keep the generic engine's blocks and images."""
        return h.first(self.BODY, page.root)

    def marks(self, page: Page, body: etree._Element) -> h.Marks:
        """The SKIP/FLAGS/CAPTIONS selectors evaluated on the article area, once per page."""
        if page.marks is None:
            page.marks = h.mark(body, skip=self.SKIP, flags=self.FLAGS, captions=self.CAPTIONS)
        return page.marks

    def blocks(self, page: Page, body: etree._Element) -> list[Block]:
        return h.collect_blocks(body, phrases=self.PHRASES, marks=self.marks(page, body))

    def images(self, page: Page, body: etree._Element) -> list[Image]:
        marks = self.marks(page, body)
        return h.figure_images(
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
    def _texts(selector: h.Selector | None, page: Page) -> list[str]:
        return h.texts(selector, page.root) if selector is not None else []

    @staticmethod
    def _date(selector: h.Selector | None, page: Page) -> str | None:
        el = h.first(selector, page.root) if selector is not None else None
        if el is None:
            return None
        value = el.get("datetime") or el.get("content") or h.clean_text(h.inline_text(el))
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
    # Extra boilerplate phrases (regular expressions) for this site's text blocks.
    boilerplate_patterns: tuple[str, ...] = ()
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

    def apply(
        self, root: etree._Element, url: str, raw: RawArticle, saved: date | datetime | str | None = None
    ) -> RawArticle:
        """Refine generic raw fields with this site's parser and settings.

        A parser that fails (a layout it does not know) leaves the generic fields untouched; the
        failure is logged and recorded as the event ``profile/failed``.
        """
        version = self.version_for(saved)
        if version is not None:
            try:
                raw = version.parse(root, url, _working_copy(raw))
            except Exception:
                logger.warning("Site parser %s@%s failed on %s", self.name, version.name, url, exc_info=True)
                raw.events.append("profile/failed")
            raw.profile = f"{self.name}@{version.name}"
        else:
            raw.profile = self.name
        raw.timezone = raw.timezone or self.timezone
        raw.boilerplatePatterns = [*raw.boilerplatePatterns, *self.boilerplate_patterns]
        return raw
