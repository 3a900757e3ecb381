"""The ``news`` spider: start pages and article URLs in, raw articles out to the pipelines."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawl.clean.urls import strip_tracking
from newscrawl.discovery.classify import looks_like_article_url, looks_like_section_url, same_site
from newscrawl.extract import ExtractionError, extract_raw
from newscrawl.items import Article, Rejected
from newscrawl.sites import PROFILES, SiteProfile, profile_for_url

logger = logging.getLogger(__name__)


def download_time(response: Response) -> str:
    """When the page was fetched: the server's Date header, else now (UTC, ISO 8601)."""
    header = response.headers.get("Date")
    if header:
        try:
            return (
                parsedate_to_datetime(header.decode("latin-1"))
                .astimezone(timezone.utc)
                .isoformat(timespec="seconds")
            )
        except (TypeError, ValueError):
            pass
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class NewsSpider(scrapy.Spider):
    """Crawl news sites: ``-a url=URL[,URL...]`` (start pages or articles) or ``-a site=NAME``.

    Start pages are read for links that look like articles (the site profile's URL patterns, or
    the generic classifier) and for section links, up to ``-a depth=N`` (default 1) levels.
    """

    name = "news"

    def __init__(self, url: str = "", site: str = "", depth: str = "1", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.profile: SiteProfile | None = None
        if site:
            if site not in PROFILES:
                raise ValueError(f"unknown site {site!r}; known: {', '.join(sorted(PROFILES))}")
            self.profile = PROFILES[site]
        self.start_urls = [u.strip() for u in url.split(",") if u.strip()]
        if not self.start_urls and self.profile:
            self.start_urls = list(self.profile.start_urls)
        if not self.start_urls:
            raise ValueError("give -a url=START_URL[,URL...] or -a site=NAME")
        self.max_depth = int(depth)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Route articles and rejects to their own feeds, whatever FEEDS the user gave.

        Scrapy merges ``-o``/``-O`` feeds into the ``FEEDS`` setting, so the project's default
        per-run file (``NEWSCRAWL_DEFAULT_FEED``) is dropped when the command line names a feed. The
        routed ``FEEDS`` are stored just above command-line priority: the crawl command re-applies
        its own settings to the crawler after this method ran, which would otherwise undo it.
        """
        super().update_settings(settings)
        priority = settings.getpriority("FEEDS") or 0
        feeds = {uri: dict(opts) for uri, opts in settings.getdict("FEEDS").items()}
        default = settings.get("NEWSCRAWL_DEFAULT_FEED")
        if default and len(feeds) > 1 and priority >= SETTINGS_PRIORITIES["cmdline"]:
            feeds.pop(default, None)
        for opts in feeds.values():
            opts.setdefault("item_classes", [Article])
        rejects = settings.get("NEWSCRAWL_REJECTS_FEED")
        if rejects and feeds:
            feeds.setdefault(
                rejects, {"format": "jsonlines", "encoding": "utf-8", "item_classes": [Rejected]}
            )
        settings.set("FEEDS", feeds, priority=max(priority, SETTINGS_PRIORITIES["cmdline"]) + 1)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, cb_kwargs={"depth": 0})

    def _patterns(self, url: str) -> tuple[re.Pattern[str], ...]:
        profile = self.profile or profile_for_url(url)
        return tuple(re.compile(p) for p in profile.article_url_patterns) if profile else ()

    def parse(self, response: Response, depth: int = 0) -> Iterator[Any]:
        """A start or section page: an article itself, or a list of links to follow."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/not_text")
            logger.warning("Skipped %s: not a text response", response.url)
            return
        patterns = self._patterns(response.url)
        if looks_like_article_url(response.url, patterns):
            yield from self.parse_article(response)
            return
        self.crawler.stats.inc_value("newscrawl/pages/listing")
        for href in response.css("a::attr(href)").getall():
            link = strip_tracking(response.urljoin(href))
            if not same_site(response.url, link):
                continue
            if looks_like_article_url(link, patterns):
                yield response.follow(link, callback=self.parse_article)
            elif depth < self.max_depth and looks_like_section_url(link):
                yield response.follow(link, callback=self.parse, cb_kwargs={"depth": depth + 1})

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article page: extract its raw fields for the cleaning pipelines."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/not_text")
            logger.warning("Skipped %s: not a text response", response.url)
            return
        downloaded = download_time(response)
        try:
            raw = extract_raw(response.text, response.url, saved=downloaded)
        except ExtractionError as exc:
            self.crawler.stats.inc_value("newscrawl/skipped/unparseable")
            logger.warning("Skipped %s: %s", response.url, exc)
            return
        if not raw.isArticle:
            self.crawler.stats.inc_value("newscrawl/pages/not_article")
            logger.info("Not an article page: %s", response.url)
            return
        raw.dateDownloaded = downloaded
        self.crawler.stats.inc_value("newscrawl/pages/article")
        yield raw
