"""The Associated Press (apnews.com): the Brightspot layout of 2023 onwards.

Markup: JSON-LD ``NewsArticle`` with Person authors written in capitals ("JOHN SMITH"), as the
visible byline is (``div.Page-authors a.Link``); ``article:published_time`` is UTC written without
an offset; ``bsp-timestamp[data-timestamp]`` carries the update time in epoch milliseconds; the
story is ``div.RichTextStoryBody``; images are ``figure.Figure`` (lead media in ``div.Page-lead``)
whose caption ends in "(AP Photo/Name)"; in-body extras are ``div.Enhancement`` blocks
(related-story lists in ``div.Infobox``, ads); the story ends with a "___" rule, a "Follow AP's
coverage …" line and contributor notes.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from newscrawl.dates import epoch_to_iso
from newscrawl.extract.area import Marks
from newscrawl.extract.images import figure_images
from newscrawl.extract.page import Page
from newscrawl.items import Image
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ArticleParser, ParserVersion, SiteProfile
from newscrawl.sites.registry import register

BOILERPLATE: tuple[tuple[str, str], ...] = (
    (r"^_{3,}$", "separator"),
    (r"^follow ap[’']s (coverage|reporting)", "promo"),
    (r"^(read more|related coverage|more on)\s*:", "related"),
    (r"^the associated press receives (support|financial support)", "funding-note"),
)
_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
CREDIT = re.compile(r"\s*\((?P<credit>[^()]*(?:AP Photo|via AP|/AP\b|Pool Photo)[^()]*)\)\s*$")


class V1(ArticleParser):
    """The Brightspot article layout."""

    HEADLINE = s.css("h1.Page-headline")
    AUTHORS = s.css(".Page-authors a.Link, .Page-authors .Link")
    BODY = s.css("div.RichTextStoryBody")
    SKIP = (s.css(".Advertisement, .ad-placeholder, [data-ad-position]"),)
    FLAGS = (
        (s.css(".Enhancement .Infobox, .Enhancement [data-module-type='related']"), "related"),
        (s.css(".Enhancement .HTMLModuleEnhancement, .Enhancement iframe"), "embed"),
    )
    FIGURES = s.css("figure.Figure")
    CAPTION = s.css(".Figure-caption")
    CREDIT_IN_CAPTION = CREDIT

    _TIMESTAMP = s.css("bsp-timestamp[data-timestamp]")
    _LEAD = s.css(".Page-lead figure.Figure")

    def authors(self, page: Page) -> list[str]:
        """Byline names, which AP writes in capitals, as ordinary names."""
        return [s.name_case(name) for name in super().authors(page)]

    def datePublishedRaw(self, page: Page) -> str | None:
        """JSON-LD, else ``article:published_time``, which AP writes in UTC without an offset."""
        value = s.meta(page, "article:published_time")
        if value and not _HAS_OFFSET.search(value):
            value += "Z"
        return super().datePublishedRaw(page) or value

    def dateModifiedRaw(self, page: Page) -> str | None:
        """JSON-LD, else the "Updated …" timestamp (epoch milliseconds)."""
        stamp = s.first(self._TIMESTAMP, page.root)
        from_stamp = epoch_to_iso(stamp.get("data-timestamp"), millis=True) if stamp is not None else None
        return super().dateModifiedRaw(page) or from_stamp

    def images(self, page: Page, body: etree._Element, marks: Marks) -> list[Image]:
        """The lead image above the body first, then the body's figures."""
        lead = figure_images(self._LEAD(page.root), page.url, caption=self.CAPTION, credit_pattern=CREDIT)
        return [*lead, *super().images(page, body, marks)]


PROFILE = register(
    SiteProfile(
        name="apnews",
        domains=("apnews.com",),
        timezone="America/New_York",
        start_urls=("https://apnews.com/", "https://apnews.com/world-news", "https://apnews.com/us-news"),
        sitemaps=("https://apnews.com/news-sitemap-content.xml",),
        article_url_patterns=(r"^/article/([a-z0-9-]+-)?[0-9a-f]{32}/?$",),
        boilerplate_phrases=BOILERPLATE,
        versions=(ParserVersion("V1", date(2023, 8, 1), V1()),),
    )
)
