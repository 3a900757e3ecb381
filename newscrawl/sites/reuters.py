"""Reuters (reuters.com): the Arc "Fusion" layout of 2022 onwards.

Markup: JSON-LD ``NewsArticle`` with Person authors, section and keywords (mixed with internal
subject codes such as "BUS"); the headline is ``h1[data-testid=Heading]``, the byline
``[data-testid=AuthorByline] a[rel=author]``; paragraphs are ``div[data-testid^=paragraph-]``
(``div``s, not ``p``s) in ``div[class*=article-body__content]``, which sits with the lead figure
in ``div[class*=article-body__container]``; captions end in "REUTERS/Name" followed by a
"Purchase Licensing Rights" link; a ``[data-testid=promo-box]`` advertises newsletters ("Sign up
here."); the story ends with a "Reporting by …; Editing by …" sign-off and a trust-principles
badge.
"""

from __future__ import annotations

import re
from datetime import date

from newscrawl.extract.page import Page
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ArticleParser, ParserVersion, SiteProfile
from newscrawl.sites.registry import register

BOILERPLATE: tuple[tuple[str, str], ...] = (
    (r"sign up here\.?$", "newsletter"),
    (r"^our standards: the thomson reuters trust principles", "footer"),
    (r"^(reporting|additional reporting|writing) by .{3,200}; editing by", "sign-off"),
)
_SUBJECT_CODE = re.compile(r"^[A-Z0-9]{1,6}$")
CREDIT = re.compile(r"\s+(?P<credit>(?:[\w .'-]+/)?(?:Pool )?(?:via )?REUTERS(?:/[\w .'-]+)?)\s*$")


class V1(ArticleParser):
    """The Fusion article layout."""

    HEADLINE = s.css("h1[data-testid='Heading']")
    AUTHORS = s.css("[data-testid='AuthorByline'] a[rel='author']")
    PUBLISHED = s.css("time[data-testid='DateLineText'][datetime], header time[datetime]")
    BODY = s.css("div[class*='article-body__container']")
    SKIP = (s.css("a[href*='reutersagency.com'], .visually-hidden, [data-testid='ResponsiveAdSlot']"),)
    FLAGS = (
        (s.css("[data-testid='promo-box']"), "newsletter"),
        (s.css("[class*='sign-off'], [data-testid='SignOff']"), "sign-off"),
        (s.css("[data-testid='trust-badge'], [class*='trust-badge']"), "footer"),
        (s.css("[data-testid='RelatedCoverage'], [class*='related-coverage']"), "related"),
    )
    FIGURES = s.css("figure")
    CREDIT_IN_CAPTION = CREDIT

    def keywords(self, page: Page) -> list[str]:
        """JSON-LD keywords without Reuters' internal subject codes ("BUS", "NL", "SHIP")."""
        return [k for k in super().keywords(page) if not _SUBJECT_CODE.match(k)]


PROFILE = register(
    SiteProfile(
        name="reuters",
        domains=("reuters.com",),
        timezone="UTC",
        start_urls=("https://www.reuters.com/world/", "https://www.reuters.com/business/"),
        sitemaps=("https://www.reuters.com/arc/outboundfeeds/news-sitemap-index/?outputType=xml",),
        article_url_patterns=(r"^/[a-z-]+(/[a-z-]+)*/[a-z0-9-]+-\d{4}-\d{2}-\d{2}/?$",),
        boilerplate_phrases=BOILERPLATE,
        versions=(ParserVersion("V1", date(2022, 1, 1), V1()),),
    )
)
