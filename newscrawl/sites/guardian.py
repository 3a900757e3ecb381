"""The Guardian (theguardian.com): pages rendered by "dotcom-rendering" (DCR).

Markup: JSON-LD is a list (``NewsArticle`` + ``WebPage``) with Person authors and
``isAccessibleForFree``; ``article:tag`` is ONE meta with comma-separated tags; the article's parts
are ``div[data-gu-name=…]`` (``headline``, ``standfirst``, ``media``, ``meta``, ``body``) with
hashed ``dcr-…`` classes; the byline is ``address[aria-label="Contributor info"] a[rel=author]``;
the story is ``div#maincontent div.article-body-commercial-selector``; figures are
``figure[data-spacefinder-role]`` whose caption ends in "Photograph: Name/Agency"; rich links are
``aside[data-component=rich-link]``; the newsletter promo sits between a "skip past newsletter
promotion" link and an "after newsletter promotion" marker; the reader-revenue "epic"
(``#slot-body-end``) and the topic links follow the story column inside ``[data-gu-name=body]``.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from newscrawl.extract.area import Marks
from newscrawl.extract.images import figure_images
from newscrawl.extract.page import Page
from newscrawl.items import Image
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ArticleParser, ParserVersion, SiteProfile
from newscrawl.sites.registry import register

BOILERPLATE: tuple[tuple[str, str], ...] = (
    (r"^(skip past|after) newsletter promotion$", "newsletter"),
    (r"^privacy notice: newsletters may contain", "newsletter"),
    (r"^(explore more on these topics|reuse this content)$", "related"),
    (r"^(related|most viewed|more on this story)\s*:?$", "related"),
)
CREDIT = re.compile(
    r"\s*\b(?:Photograph|Photo|Illustration|Composite|Video grab|Image)s?\s*:\s*(?P<credit>[^:]+?)\.?$",
    re.I,
)


class V1(ArticleParser):
    """The dotcom-rendering article layout (2021 onwards)."""

    PUBLISHED = s.css("meta[property='article:published_time']")
    MODIFIED = s.css("meta[property='article:modified_time']")
    HEADLINE = s.css("[data-gu-name='headline'] h1")
    DESCRIPTION = s.css("[data-gu-name='standfirst'] p")
    AUTHORS = s.css("address[aria-label='Contributor info'] a[rel='author']")
    # The story column only: the "body" slot around it also holds the epic and the topic links.
    BODY = s.css("div#maincontent")
    SKIP = (s.css("svg, .hide-on-desktop, [data-component='share']"),)
    FLAGS = (
        (s.css("[data-component='rich-link'], [data-spacefinder-role='richLink']"), "related"),
        (s.css("[data-component*='newsletter'], a[href^='#EmailSignup-skip-link']"), "newsletter"),
        (s.css("[id^='EmailSignup-skip-link']"), "newsletter"),
        (s.css("#slot-body-end, [data-component='contributions-epic']"), "promo"),
        (s.css("[data-component='ad-slot'], .ad-slot-container"), "ad"),
    )
    FIGURES = s.css("figure[data-spacefinder-role='inline'], figure[data-spacefinder-role='showcase']")
    CREDIT_IN_CAPTION = CREDIT

    def keywords(self, page: Page) -> list[str]:
        """Tags from the comma-separated ``article:tag`` meta (JSON-LD has none)."""
        tags = [t.strip() for value in s.meta_all(page, "article:tag") for t in value.split(",")]
        return s.unique(t for t in tags if t)

    def images(self, page: Page, body: etree._Element, marks: Marks) -> list[Image]:
        """The lead image of the media slot first, then the inline figures of the body."""
        lead_figures = self._LEAD(page.root)
        lead = figure_images(lead_figures, page.url, caption=self.CAPTION, credit_pattern=CREDIT)
        return [*lead, *super().images(page, body, marks)]

    _LEAD = s.css("[data-gu-name='media'] figure")


PROFILE = register(
    SiteProfile(
        name="guardian",
        domains=("theguardian.com",),
        timezone="Europe/London",
        start_urls=("https://www.theguardian.com/uk", "https://www.theguardian.com/world"),
        sitemaps=("https://www.theguardian.com/sitemaps/news.xml",),
        feeds=("https://www.theguardian.com/world/rss", "https://www.theguardian.com/uk/rss"),
        article_url_patterns=(
            r"^/[a-z-]+(/[a-z-]+)?/(\d{4}/[a-z]{3}/\d{2}|ng-interactive/\d{4}/[a-z]{3}/\d{2})/[a-z0-9-]+$",
        ),
        boilerplate_phrases=BOILERPLATE,
        versions=(ParserVersion("V1", date(2021, 1, 1), V1()),),
    )
)
