"""The ``news`` spider: discovery sources in, articles out to the pipelines.

It schedules and routes only. Discovery (sitemaps, feeds, robots.txt, link classification) is in
``newscrawl.discovery``; whether an already emitted article is fetched again is decided by
``newscrawl.middlewares.incremental_filter``; an article page is extracted and cleaned by the library
call, `newscrawl.extract_page`, in the crawl's extraction workers (`ExtractionWorkers`): the spider
counts what the call reports and yields the `Article`. Its settings — feeds, User-Agent, and the
limits its arguments ask for — are the project add-on's job (`newscrawl.addon`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl.clean.urls import strip_tracking
from newscrawl.dates import parse_duration, parse_since
from newscrawl.discovery.classify import looks_like_article_url, looks_like_section_url, same_site
from newscrawl.discovery.feeds import FeedEntry, iter_feed
from newscrawl.discovery.listing import listing_links
from newscrawl.discovery.robots import robots_sitemaps
from newscrawl.discovery.sitemaps import SitemapEntry, iter_sitemap
from newscrawl.discovery.xmlsafe import MalformedXMLError, UnsafeXMLError
from newscrawl.extensions.extraction_workers import ExtractionWorkers, options_from_settings
from newscrawl.extract import ExtractionError
from newscrawl.items import Article, Extraction
from newscrawl.requestmeta import META_ARTICLE, META_CHANGED_AT, META_SOURCE
from newscrawl.sites import PROFILES, SiteProfile, profile_for_url
from newscrawl.workers import ExtractionPool, ExtractionTimeoutError, WorkerCrashedError

logger = logging.getLogger(__name__)

MAX_SITEMAP_NESTING = 3


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


@lru_cache(maxsize=256)
def compiled_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """A profile's article URL patterns, compiled once."""
    return tuple(re.compile(p) for p in patterns)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _truthy(value: str | bool) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def robots_url(url: str) -> str:
    """The robots.txt URL of a page's origin."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class NewsSpider(scrapy.Spider):
    """Crawl news sites from a site profile (``-a site=NAME``) or from arguments for any site.

    Arguments: ``url`` (start pages or articles, comma-separated), ``sitemap``, ``feed`` (extra
    sources), ``depth`` (section levels to follow, default 1), ``robots`` (read robots.txt for
    sitemaps: ``auto`` = for start pages that are not articles), ``since`` (``2d`` or
    ``2024-07-01``: skip older sitemap/feed entries), ``full=1`` (ignore the seen-store),
    ``max_articles=N`` and ``max_time=SECONDS`` (CLOSESPIDER limits), ``language=de,en`` (keep only
    those languages). The last four are parsed here
    and turned into settings by the project add-on (`newscrawl.addon.apply_spider_limits`).
    """

    name = "news"

    def __init__(
        self,
        url: str = "",
        site: str = "",
        depth: str = "1",
        sitemap: str = "",
        feed: str = "",
        since: str = "",
        robots: str = "auto",
        full: str = "0",
        max_articles: str = "",
        max_time: str = "",
        language: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.profile: SiteProfile | None = None
        if site:
            if site not in PROFILES:
                raise ValueError(f"unknown site {site!r}; known: {', '.join(sorted(PROFILES))}")
            self.profile = PROFILES[site]
        self.start_urls = _split(url)
        self.sitemap_urls = _split(sitemap)
        self.feed_urls = _split(feed)
        if self.profile:
            self.start_urls = self.start_urls or list(self.profile.start_urls)
            self.sitemap_urls += [u for u in self.profile.sitemaps if u not in self.sitemap_urls]
            self.feed_urls += [u for u in self.profile.feeds if u not in self.feed_urls]
        if not (self.start_urls or self.sitemap_urls or self.feed_urls):
            raise ValueError("give -a url=START_URL[,URL...], -a sitemap=URL, -a feed=URL or -a site=NAME")
        self.max_depth = int(depth)
        self.robots = robots.strip().lower()
        self.since: datetime | None = parse_since(since) if since else None
        # Limits, read by the project add-on when the crawl starts.
        self.full = _truthy(full)
        self.max_articles: int | None = int(max_articles) if max_articles else None
        self.max_time: float | None = parse_duration(max_time) if max_time else None
        self.languages = language  # comma-separated: only articles in these languages are kept
        # The crawl's extraction pool, found on first use (see `extraction_pool`).
        self._pool: ExtractionPool | None = None
        # Per-run memory of discovery documents and listing pages already requested.
        self._requested: set[str] = set()

    # --- scheduling helpers ----------------------------------------------------------------------

    def _first_time(self, url: str) -> bool:
        key = strip_tracking(url)
        if key in self._requested:
            return False
        self._requested.add(key)
        return True

    def _patterns(self, url: str) -> tuple[re.Pattern[str], ...]:
        profile = self.profile or profile_for_url(url)
        return compiled_patterns(profile.article_url_patterns) if profile else ()

    def _article_request(self, url: str, source: str, changed_at: datetime | None = None) -> scrapy.Request:
        """A request for an article page; the incremental middleware decides whether it is sent."""
        return scrapy.Request(
            strip_tracking(url),
            callback=self.parse_article,
            dont_filter=True,  # deduplicated per run by the incremental middleware, not the dupefilter
            priority=1,
            meta={
                META_ARTICLE: True,
                META_SOURCE: source,
                META_CHANGED_AT: changed_at.isoformat() if changed_at else None,
            },
        )

    def _discovery_request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request | None:
        if not self._first_time(url):
            return None
        # dont_filter: on resume (JOBDIR) discovery documents are read again, whatever was seen.
        return scrapy.Request(url, callback=callback, dont_filter=True, priority=2, cb_kwargs=cb_kwargs)

    def _too_old(self, changed_at: datetime | None) -> bool:
        if self.since is None or changed_at is None or changed_at >= self.since:
            return False
        self.crawler.stats.inc_value("newscrawl/discovery/too_old")
        return True

    def _xml_failed(self, response: Response, kind: str, exc: Exception) -> None:
        if isinstance(exc, UnsafeXMLError):
            self.crawler.stats.inc_value(f"newscrawl/discovery/xml_refused/{exc.reason}")
            logger.warning("Refused %s %s: %s", kind, response.url, exc)
        else:
            self.crawler.stats.inc_value("newscrawl/discovery/xml_malformed")
            logger.warning("Malformed %s %s (entries before the error kept): %s", kind, response.url, exc)

    # --- start ----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.sitemap_urls:
            if request := self._discovery_request(url, self.parse_sitemap, nesting=0):
                yield request
        for url in self.feed_urls:
            if request := self._discovery_request(url, self.parse_feed):
                yield request
        for url in self.start_urls:
            read_robots = self.robots != "0" and not looks_like_article_url(url, self._patterns(url))
            if read_robots and (request := self._discovery_request(robots_url(url), self.parse_robots)):
                yield request
            if request := self._discovery_request(url, self.parse, depth=0):
                yield request

    # --- discovery callbacks --------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt: its ``Sitemap:`` lines."""
        text = (
            response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        )
        sitemaps = robots_sitemaps(text, response.url)
        self.crawler.stats.inc_value("newscrawl/discovery/robots_sitemaps", len(sitemaps))
        for url in sitemaps:
            if request := self._discovery_request(url, self.parse_sitemap, nesting=0):
                yield request

    def parse_sitemap(self, response: Response, nesting: int = 0) -> Iterator[scrapy.Request]:
        """A sitemap index (follow its sitemaps) or a urlset (schedule its articles)."""
        self.crawler.stats.inc_value("newscrawl/discovery/sitemaps")
        patterns = self._patterns(response.url)
        try:
            for entry in iter_sitemap(response.body):
                yield from self._sitemap_entry(response, entry, nesting, patterns)
        except (UnsafeXMLError, MalformedXMLError) as exc:
            self._xml_failed(response, "sitemap", exc)

    def _sitemap_entry(
        self, response: Response, entry: SitemapEntry, nesting: int, patterns: tuple[re.Pattern[str], ...]
    ) -> Iterable[scrapy.Request]:
        if not same_site(response.url, entry.loc):
            self.crawler.stats.inc_value("newscrawl/discovery/offsite")
            return
        if entry.is_sitemap:
            if nesting >= MAX_SITEMAP_NESTING:
                self.crawler.stats.inc_value("newscrawl/discovery/sitemap_too_deep")
                if not response.meta.get("newscrawl_too_deep"):  # one line per sitemap index
                    response.meta["newscrawl_too_deep"] = True
                    logger.warning(
                        "Sitemap index %s is nested more than %d sitemap indexes deep: its sitemaps "
                        "(%s, ...) are not read",
                        response.url,
                        MAX_SITEMAP_NESTING,
                        entry.loc,
                    )
                return
            if self._too_old(entry.lastmod):
                return
            if request := self._discovery_request(entry.loc, self.parse_sitemap, nesting=nesting + 1):
                yield request
            return
        if entry.publication_date is None and not looks_like_article_url(entry.loc, patterns):
            self.crawler.stats.inc_value("newscrawl/discovery/not_article_url")
            return
        if not self._too_old(entry.changed_at):
            yield self._article_request(entry.loc, "sitemap", entry.changed_at)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS 2.0 or Atom feed: schedule its items."""
        self.crawler.stats.inc_value("newscrawl/discovery/feeds")
        try:
            for entry in iter_feed(response.body, response.url):
                yield from self._feed_entry(response, entry)
        except (UnsafeXMLError, MalformedXMLError) as exc:
            self._xml_failed(response, "feed", exc)

    def _feed_entry(self, response: Response, entry: FeedEntry) -> Iterable[scrapy.Request]:
        if not same_site(response.url, entry.link):
            self.crawler.stats.inc_value("newscrawl/discovery/offsite")
            return
        if not self._too_old(entry.changed_at):
            yield self._article_request(entry.link, "feed", entry.changed_at)

    async def parse(self, response: Response, depth: int = 0) -> AsyncIterator[Any]:
        """A start or section page: an article itself, or a list of links to follow.

        A page whose URL looks like an article's is extracted first; when it turns out not to be an
        article page (a listing under an article-like URL), it is read as a listing instead.
        """
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/not_text")
            logger.warning("Skipped %s: not a text response", response.url)
            return
        patterns = self._patterns(response.url)
        if looks_like_article_url(response.url, patterns):
            extraction = await self._extract(response)
            if extraction is None:
                return
            if extraction.is_article:
                yield self._article(extraction)
                return
            del extraction
            logger.info("Article-like URL is not an article page, read as a listing: %s", response.url)
        for request in self._listing(response, depth, patterns):
            yield request

    def _listing(
        self, response: TextResponse, depth: int, patterns: tuple[re.Pattern[str], ...]
    ) -> Iterator[scrapy.Request]:
        """Requests for a listing page's feeds, articles and sections, made one at a time.

        The page is read in one streaming pass (`newscrawl.discovery.listing`) that keeps only the
        raw ``href`` strings, not the page's tree (``response.css()`` would also cache the tree on
        the response), and the requests are made from them one at a time: a start page listing
        50,000 links then costs its href strings while they are scheduled.
        """
        self.crawler.stats.inc_value("newscrawl/pages/listing")
        feeds, hrefs = listing_links(response.text, response.url)
        feeds = [url for url in feeds if same_site(response.url, url)]
        hrefs.reverse()  # popped from the end, so the list shrinks as links are scheduled
        for url in feeds:
            if request := self._discovery_request(url, self.parse_feed):
                yield request
        base = response.url
        while hrefs:
            link = strip_tracking(response.urljoin(hrefs.pop()))
            if not same_site(base, link):
                self.crawler.stats.inc_value("newscrawl/discovery/offsite")
                continue
            if looks_like_article_url(link, patterns):
                yield self._article_request(link, "link")
            elif (
                depth < self.max_depth
                and looks_like_section_url(link)
                and (request := self._discovery_request(link, self.parse, depth=depth + 1))
            ):
                yield request

    # --- articles -------------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> list[Article]:
        """An article page: the clean `Article`, for the dedup, validation and seen-store pipelines.

        A coroutine returning a list rather than an async generator: the spider middlewares then
        take their cheaper synchronous path for the one item.
        """
        extraction = await self._extract(response)
        if extraction is None:
            return []
        if not extraction.is_article:
            self.crawler.stats.inc_value("newscrawl/pages/not_article")
            logger.info("Not an article page: %s", response.url)
            return []
        return [self._article(extraction)]

    def _article(self, extraction: Extraction) -> Article:
        """Count an article page and what its extraction and cleaning reported; the article."""
        stats = self.crawler.stats
        stats.inc_value("newscrawl/pages/article")
        for event, count in extraction.events.items():
            stats.inc_value(f"newscrawl/{event}", count)
        if extraction.events and logger.isEnabledFor(logging.DEBUG):
            events = (f"{name} x{n}" if n > 1 else name for name, n in extraction.events.items())
            logger.debug("Extraction events on %s: %s", extraction.article.url, ", ".join(events))
        return extraction.article

    @property
    def extraction_pool(self) -> ExtractionPool:
        """The crawl's extraction pool: the `ExtractionWorkers` extension's, else an in-process one."""
        if self._pool is None:
            try:
                workers = self.crawler.get_extension(ExtractionWorkers)
            except RuntimeError:  # a crawler that never started its extensions (tests)
                workers = None
            if workers is not None:
                self._pool = workers.pool
            else:
                self._pool = ExtractionPool(0, options=options_from_settings(self.crawler.settings))
        return self._pool

    async def _extract(self, response: Response) -> Extraction | None:
        """The page's `Extraction` (with ``dateDownloaded``), or None when it cannot be read.

        The extraction runs in the crawl's `ExtractionPool` (worker processes, see
        ``NEWSCRAWL_EXTRACT_PROCESSES``).
        """
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/not_text")
            logger.warning("Skipped %s: not a text response", response.url)
            return None
        downloaded = download_time(response)
        try:
            return await self.extraction_pool.extract_page(response.text, response.url, downloaded)
        except (WorkerCrashedError, ExtractionTimeoutError) as exc:
            reason = "worker_crashed" if isinstance(exc, WorkerCrashedError) else "extract_timeout"
            self.crawler.stats.inc_value(f"newscrawl/skipped/{reason}")
            logger.error("Skipped %s: %s", response.url, exc)
            return None
        except ExtractionError as exc:
            self.crawler.stats.inc_value("newscrawl/skipped/unparseable")
            logger.warning("Skipped %s: %s", response.url, exc)
            return None
