"""BBC News (bbc.co.uk, bbc.com): two layouts, so two parser versions.

- ``V1`` — the "story-body" layout (in use until 2023): ``h1.story-body__h1``,
  ``.byline__name`` ("By …") beside ``.byline__title`` (a role, not a name), the story in
  ``div.story-body__inner`` (``p.story-body__introduction``, ``h2.story-body__crosshead``),
  images as ``figure.media-landscape`` with ``span.story-image-copyright`` credits and
  ``span.media-caption__text`` captions, screen-reader labels in ``span.off-screen``, video in
  ``figure.media-with-caption`` whose player says "Media playback is unsupported on your device",
  related links in ``div.story-more``. JSON-LD names the organisation, not the writer, as author.
- ``V1_1`` — the Next.js layout (from 2023): every part of the article is a
  ``div[data-component=…]`` (``headline-block``, ``byline-block``, ``text-block``,
  ``subheadline-block``, ``image-block``, ``video-block``, ``links-block``, ``tags``), with hashed
  class names that must not be relied on; image credits in ``span[role=text]`` and
  "Image source, " / "Image caption, " labels in ``span.visually-hidden``.
"""

from __future__ import annotations

from datetime import date

from newscrawl.dates import epoch_to_iso
from newscrawl.extract.page import Page
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ArticleParser, ParserVersion, SiteProfile
from newscrawl.sites.registry import register

BOILERPLATE: tuple[tuple[str, str], ...] = (
    (r"^media playback is unsupported on your device", "video-fallback"),
    (r"^this video can ?not be played", "video-fallback"),
    (r"^to play this video you need to enable javascript", "video-fallback"),
    (r"^follow (bbc|us) .{0,40} on (twitter|x|facebook|instagram)", "promo"),
    (r"^sign up for our .{0,40}newsletter", "newsletter"),
    (r"^(more on this story|related (topics|internet links))$", "related"),
)


class V1(ArticleParser):
    """The "story-body" layout."""

    HEADLINE = s.css("h1.story-body__h1")
    AUTHORS = s.css(".byline .byline__name")
    BODY = s.css("div.story-body__inner")
    SKIP = (s.css(".off-screen, .bbccom_advert, .bbccom_slot"),)
    FLAGS = (
        (s.css(".media-player-wrapper, .media-player"), "video-fallback"),
        (s.css(".story-more, .story-body__link-external, .embed-related"), "related"),
        (s.css(".share, .sharetools"), "share"),
    )
    FIGURES = s.css("figure.media-landscape, figure.media-portrait")
    CAPTION = s.css(".media-caption__text")
    CREDIT = s.css(".story-image-copyright")
    _DATE = s.css(".story-body .date[data-seconds]")

    def datePublishedRaw(self, page: Page) -> str | None:
        """JSON-LD, else the ``data-seconds`` epoch of the date line."""
        stamp = s.first(self._DATE, page.root)
        from_stamp = epoch_to_iso(stamp.get("data-seconds")) if stamp is not None else None
        return super().datePublishedRaw(page) or from_stamp


class V1_1(ArticleParser):
    """The Next.js layout of ``div[data-component]`` blocks."""

    HEADLINE = s.css("[data-component='headline-block'] h1, h1#main-heading")
    AUTHORS = s.css("[data-testid='byline-new-contributors'] > div > span")
    PUBLISHED = s.css("[data-component='byline-block'] time[datetime]")
    KEYWORDS = s.css("[data-testid='topic-list'] li a")
    BODY = s.css("main article")
    SKIP = (
        s.css(".visually-hidden, [data-component='headline-block'], [data-component='byline-block']"),
        s.css("[data-component='ad-slot']"),
    )
    FLAGS = (
        (s.css("[data-component='video-block'] [data-testid='media-player']"), "video-fallback"),
        (s.css("[data-component='links-block']"), "related"),
        (s.css("[data-component='tags'], [data-testid='topic-list']"), "related"),
        (s.css("[data-component='embed-block']"), "promo"),
    )
    FIGURES = s.css("[data-component='image-block'] figure")
    CREDIT = s.css("span[role='text']")


PROFILE = register(
    SiteProfile(
        name="bbc",
        domains=("bbc.co.uk", "bbc.com"),
        timezone="Europe/London",
        start_urls=("https://www.bbc.co.uk/news", "https://www.bbc.com/news/world"),
        sitemaps=("https://www.bbc.co.uk/sitemaps/https-index-uk-news.xml",),
        feeds=("https://feeds.bbci.co.uk/news/rss.xml", "https://feeds.bbci.co.uk/news/world/rss.xml"),
        article_url_patterns=(r"^/news/articles/[a-z0-9]{10,}/?$", r"^/news/[a-z0-9-]+-\d{7,}/?$"),
        boilerplate_phrases=BOILERPLATE,
        versions=(
            ParserVersion("V1", date(2016, 1, 1), V1()),
            ParserVersion("V1_1", date(2023, 9, 1), V1_1()),
        ),
    )
)
