"""Metro (metro.co.uk): a WordPress site with a video.js player, factboxes and house notes.

Markup (studied on a real article page of 2024):

- JSON-LD ``NewsArticle`` with headline, datePublished (local time with offset) and an
  ``articleBody`` that includes the player's fallback text, but no author;
- byline ``.byline a.author[rel=author]``; ``meta[name=sailthru.date]`` (local time, no offset);
  ``article:tag`` metas for keywords;
- the story in ``article div.article-body``: ``<p>``s and ``h2.wp-block-heading`` sub-heads, with
  ``div.metro-video-player`` (a ``<video>`` whose ``p.vjs-no-js`` fallback is broken over several
  source lines, plus an "Up Next" carousel), ``figure.wp-caption`` images whose captions end in
  "(Picture: …)", ``div.metro-factbox`` boxouts (the WhatsApp promo is one of them),
  ``aside.post-strip`` trending links, ad slots, all-bold house notes (the newsroom contact line
  with a — sometimes Cloudflare-protected — address, "For more stories like this…", "Follow
  Metro.co.uk on…"), ``span.mor-link`` "MORE :" lines and an e-mail sign-up box.
"""

from __future__ import annotations

from datetime import date

from newscrawl.extract.images import PICTURE_CREDIT
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ArticleParser, ParserVersion, SiteProfile
from newscrawl.sites.registry import register

BOILERPLATE: tuple[tuple[str, str], ...] = (
    (r"^(got a story\?\s*)?get in touch with our [\w ]{0,20}team", "contact"),
    (r"^for more stories like this", "footer"),
    (r"^follow metro(\.co\.uk)? (on|across)", "promo"),
    (r"^you can now also get metro\.co\.uk articles", "promo"),
    (r"^more\s*:", "related"),
    (r"^to view this video please enable javascript", "video-fallback"),
    (r"^sign up (to|for) .{0,40}(newsletter|updates)", "newsletter"),
)


class V1(ArticleParser):
    """Metro's WordPress article layout (in use since at least 2019)."""

    HEADLINE = s.css("h1.post-title")
    AUTHORS = s.css(".byline a.author, .byline a[rel='author']")
    PUBLISHED = s.css("meta[name='sailthru.date']")
    BODY = s.css("article div.article-body")
    SKIP = (s.css(".hidden-screen-reader-text, .ad-slot-container, .ad-slot, .ad-slot-large"),)
    MEDIA_TITLES = s.css(".vjs-dock-title, .metro-video-player__title")
    FLAGS = (
        (MEDIA_TITLES, "video-title"),
        (s.css(".vjs-no-js"), "video-fallback"),
        (s.css(".metro-video-player"), "video-player"),
        (
            s.xpath(
                ".//div[contains(@class, 'metro-factbox')][contains(@class, 'whatsapp')"
                " or .//a[contains(@href, 'whatsapp.com')]]"
            ),
            "promo",
        ),
        (s.css(".metro-factbox"), "factbox"),
        (s.css("aside, .post-strip, .zopo-item"), "related"),
        (s.xpath(".//p[span[contains(@class, 'mor-link')]]"), "related"),
        (s.css(".metro-email-signup, .metro-email-signup-recpatcha_text"), "newsletter"),
        (s.css(".share-buttons, .item-share-buttons"), "share"),
        # A house note: a paragraph written all in bold that gives a mail address.
        (
            s.xpath(
                ".//p[(strong or b) and not(text()[normalize-space()])"
                " and .//a[starts-with(@href, 'mailto:') or contains(@href, '/cdn-cgi/l/email-protection')]]"
            ),
            "contact",
        ),
    )
    CAPTIONS = (MEDIA_TITLES,)
    CREDIT_IN_CAPTION = PICTURE_CREDIT


PROFILE = register(
    SiteProfile(
        name="metro",
        domains=("metro.co.uk",),
        timezone="Europe/London",
        start_urls=("https://metro.co.uk/news/",),
        sitemaps=("https://metro.co.uk/news-sitemap.xml",),
        feeds=("https://metro.co.uk/feed/", "https://metro.co.uk/news/feed/"),
        article_url_patterns=(r"^/\d{4}/\d{2}/\d{2}/[a-z0-9-]+-\d{5,}/?$",),
        boilerplate_phrases=BOILERPLATE,
        versions=(ParserVersion("V1", date(2019, 1, 1), V1()),),
    )
)
