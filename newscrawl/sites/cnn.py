"""CNN (cnn.com, edition.cnn.com): the "Stellar" layout of 2022 onwards.

Markup: JSON-LD ``NewsArticle`` with Person authors; ``meta[name=keywords]`` lists the topics
(comma-separated); ``h1.headline__text``; the byline ``.byline__names`` holds
``span.byline__name``s; the story is ``div.article__content`` with ``p.paragraph`` (the first one
opens with a ``cite.source`` dateline, "Reykjavik, Iceland CNN —"), ``h2.subheader``, images as
``div.image`` (not ``figure``) with ``.image__caption`` and a separate ``figcaption.image__credit``,
``div.related-content`` links, video blocks (``div.video-resource``) and "Ad Feedback" labels.
"""

from __future__ import annotations

from datetime import date

from newscrawl.extract.page import Page
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ArticleParser, ParserVersion, SiteProfile
from newscrawl.sites.registry import register

BOILERPLATE: tuple[tuple[str, str], ...] = (
    (r"^ad feedback$", "ad"),
    (r"^related (article|video)$", "related"),
    (r"^sign up for cnn[’']s .{0,60}newsletter", "newsletter"),
)


class V1(ArticleParser):
    """The Stellar article layout."""

    PUBLISHED = s.css("meta[property='article:published_time']")
    MODIFIED = s.css("meta[property='article:modified_time']")
    HEADLINE = s.css("h1.headline__text")
    AUTHORS = s.css(".byline__names .byline__name")
    BODY = s.css("main.article__main")
    SKIP = (s.css(".ad-slot, [data-ad-type], .ad-slot-header"),)
    FLAGS = (
        (s.css(".ad-feedback-link-container, .ad-feedback__modal"), "ad"),
        (s.css(".related-content, [data-component-name='related-content']"), "related"),
        (s.css(".video-resource"), "video"),
        (s.css(".newsletter-signup, [data-component-name='newsletter-signup']"), "newsletter"),
    )
    CAPTIONS = (s.css(".image__caption, .image__credit, .video-resource__headline"),)
    FIGURES = s.css("div.image")
    CAPTION = s.css(".image__caption")
    CREDIT = s.css(".image__credit")

    def keywords(self, page: Page) -> list[str]:
        """Topics from the comma-separated ``keywords`` meta, without the section code."""
        values = [k.strip() for k in (s.meta(page, "keywords") or "").split(",")]
        section = (s.meta(page, "meta-section") or "").casefold()
        return s.unique(k for k in values if k and k.casefold() != section)


PROFILE = register(
    SiteProfile(
        name="cnn",
        domains=("cnn.com",),
        timezone="America/New_York",
        start_urls=("https://edition.cnn.com/world", "https://edition.cnn.com/business"),
        sitemaps=("https://edition.cnn.com/sitemaps/cnn/news.xml",),
        feeds=("http://rss.cnn.com/rss/edition.rss", "http://rss.cnn.com/rss/edition_world.rss"),
        article_url_patterns=(r"^/\d{4}/\d{2}/\d{2}/[a-z-]+/[a-z0-9-]+/index\.html$",),
        boilerplate_phrases=BOILERPLATE,
        versions=(ParserVersion("V1", date(2022, 6, 1), V1()),),
    )
)
