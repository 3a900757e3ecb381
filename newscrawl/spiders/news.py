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
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse

from newscrawl.arguments import check_arguments
from newscrawl.clean.urls import strip_tracking
from newscrawl.discovery.feeds import FeedEntry, iter_feed
from newscrawl.discovery.listing import listing_links
from newscrawl.discovery.robots import parser_sitemaps, robots_sitemaps
from newscrawl.discovery.sitemaps import SitemapEntry, iter_sitemap
from newscrawl.discovery.templates import TemplateBook
from newscrawl.discovery.urls import (
    ARTICLE,
    NOT_ARTICLE,
    UrlVerdict,
    deny_reason,
    is_section_front,
    looks_like_section,
    profile_verdict,
    same_site,
    segments_of,
    slug_words,
)
from newscrawl.discovery.xmlsafe import MalformedXMLError, UnsafeXMLError
from newscrawl.extensions.extraction_workers import ExtractionWorkers, options_from_settings
from newscrawl.extensions.url_templates import UrlTemplates
from newscrawl.extract import ExtractionError
from newscrawl.items import Article, Extraction
from newscrawl.requestmeta import META_ARTICLE, META_CHANGED_AT, META_SOURCE
from newscrawl.sites import PROFILES, SiteProfile, profile_for_url
from newscrawl.workers import ExtractionPool, ExtractionTimeoutError, WorkerCrashedError

logger = logging.getLogger(__name__)
T = TypeVar("T")

MAX_SITEMAP_NESTING = 3
# Request priorities: discovery documents first, then links that look like articles, then probes.
PRIORITY_DISCOVERY, PRIORITY_ARTICLE, PRIORITY_PROBE = 2, 1, 0
# Links of unknown shape kept per site while the probe budget is spent, for when their shape is learnt.
MAX_WAITING_LINKS = 10_000


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


def robots_url(url: str) -> str:
    """The robots.txt URL of a page's origin."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class NewsSpider(scrapy.Spider):
    """Crawl news sites from a site profile (``-a site=NAME``) or from arguments for any site.

    Arguments (`newscrawl.arguments.ARGUMENTS`, README's "Spider arguments"): ``url`` (start pages or
    articles, comma-separated), ``sitemap``, ``feed`` (extra sources), ``depth`` (section levels to
    follow, default 1), ``robots`` (read robots.txt for sitemaps: ``auto``, ``1``, ``0``),
    ``discover`` (``1``: article URLs given as start URLs are start pages too), ``since`` (``2d`` or
    ``2024-07-01``), ``full=1`` (ignore the seen-store), ``max_articles=N``, ``max_time=SECONDS``,
    ``language=de,en`` (keep only those languages). ``since`` and the last four are turned into
    settings by the project add-on (`newscrawl.addon.apply_spider_limits`).
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
        discover: str = "0",
        **kwargs: Any,
    ) -> None:
        # Checked against the argument table (`newscrawl.arguments`): an unknown or invalid one raises
        # ArgumentError naming it (`scrapy crawl` checks them before the crawl starts).
        args = check_arguments(
            {
                "url": url, "site": site, "depth": depth, "sitemap": sitemap, "feed": feed, "since": since,
                "robots": robots, "full": full, "max_articles": max_articles, "max_time": max_time,
                "language": language, "discover": discover,
                **kwargs,
            }
        )  # fmt: skip
        super().__init__(**kwargs)
        self.profile: SiteProfile | None = PROFILES[site] if site else None
        self.start_urls = args["url"]
        self.sitemap_urls = args["sitemap"]
        self.feed_urls = args["feed"]
        if self.profile:
            self.start_urls = self.start_urls or list(self.profile.start_urls)
            self.sitemap_urls += [u for u in self.profile.sitemaps if u not in self.sitemap_urls]
            self.feed_urls += [u for u in self.profile.feeds if u not in self.feed_urls]
        self.max_depth: int = args["depth"]
        self.robots: str = args["robots"]
        # Article URLs given as start URLs mean those articles only, unless discovery is asked for.
        self.discover: bool = args["discover"]
        self.since: datetime | None = args["since"]
        # Limits, read by the project add-on when the crawl starts.
        self.full: bool = args["full"]
        self.max_articles: int | None = args["max_articles"]
        self.max_time: float | None = args["max_time"]
        self.languages: str = args["language"]  # comma-separated: only articles in these languages are kept
        # The crawl's extraction pool, found on first use (see `extraction_pool`).
        self._pool: ExtractionPool | None = None
        # Per-run memory of discovery documents and listing pages already requested.
        self._requested: set[str] = set()
        # Hosts whose robots.txt sitemaps are read (start pages' hosts; every host with discover=1).
        self._sitemap_hosts: set[str] = set()
        # Probes (links of unknown shape) fetched per site, against NEWSCRAWL_DISCOVERY_PROBES, and
        # the links of unknown shape that waited beyond the budget, per site (see `_learn`).
        self._probes: dict[str, int] = {}
        self._waiting: dict[str, dict[str, None]] = {}
        self._templates: TemplateBook | None = None
        self.probes_per_site = self.probes_per_page = 0  # from the settings when the crawl starts

    # --- scheduling helpers ----------------------------------------------------------------------

    def _extension(self, kind: type[T]) -> T | None:
        """The crawl's extension of ``kind``, or None (switched off, or a crawler that never started its
        extensions, as in tests)."""
        try:
            return self.crawler.get_extension(kind)
        except RuntimeError:
            return None

    @property
    def templates(self) -> TemplateBook:
        """What this crawl (and earlier ones) learnt of each site's URL shapes (`UrlTemplates`)."""
        if self._templates is None:
            owner = self._extension(UrlTemplates)
            self._templates = owner.book if owner is not None else TemplateBook()
        return self._templates

    def _first_time(self, url: str) -> bool:
        key = strip_tracking(url)
        if key in self._requested:
            return False
        self._requested.add(key)
        return True

    def _patterns(self, url: str) -> tuple[re.Pattern[str], ...]:
        profile = self.profile or profile_for_url(url)
        return compiled_patterns(profile.article_url_patterns) if profile else ()

    def url_verdict(self, url: str) -> UrlVerdict:
        """A link's verdict: the site profile's URL patterns where it has some, else the URL's shape as
        the crawl has learnt to read it (`TemplateBook.verdict`)."""
        patterns = self._patterns(url)
        if patterns and deny_reason(url) is None:
            return profile_verdict(url, patterns)
        return self.templates.verdict(url)

    def _count(self, name: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/discovery/{name}")

    def _article_request(
        self, url: str, source: str, changed_at: datetime | None = None, priority: int = PRIORITY_ARTICLE
    ) -> scrapy.Request:
        """A request for an article page; the incremental middleware decides whether it is sent."""
        return scrapy.Request(
            strip_tracking(url),
            callback=self.parse_article,
            dont_filter=True,  # deduplicated per run by the incremental middleware, not the dupefilter
            priority=priority,
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
        return scrapy.Request(
            url, callback=callback, dont_filter=True, priority=PRIORITY_DISCOVERY, cb_kwargs=cb_kwargs
        )

    def _too_old(self, changed_at: datetime | None) -> bool:
        if self.since is None or changed_at is None or changed_at >= self.since:
            return False
        self._count("too_old")
        return True

    def _xml_failed(self, response: Response, kind: str, exc: Exception) -> None:
        if isinstance(exc, UnsafeXMLError):
            self._count(f"xml_refused/{exc.reason}")
            logger.warning("Refused %s %s: %s", kind, response.url, exc)
        else:
            self._count("xml_malformed")
            logger.warning("Malformed %s %s (entries before the error kept): %s", kind, response.url, exc)

    # --- start ----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        # Scrapy's robots.txt middleware tells when it has read a site's robots.txt (its sitemaps).
        self.crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        settings = self.crawler.settings
        self.probes_per_site = settings.getint("NEWSCRAWL_DISCOVERY_PROBES")
        self.probes_per_page = settings.getint("NEWSCRAWL_DISCOVERY_PROBES_PER_PAGE")
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        """The user's sitemaps and feeds, then the start URLs.

        A start URL that reads as an article is that article: fetched alone (its links and its
        site's sitemaps are read only with ``discover=1``, or its links when it turns out to be no
        article page). Any other start URL is a start page: its site's robots.txt sitemaps
        (``robots``: ``auto``; ``1`` = for article URLs too; ``0`` = none) and its links.
        """
        # The hosts whose robots.txt sitemaps are wanted are known before the first request goes
        # out: Scrapy reads a host's robots.txt before its first request, whichever that is.
        wanted = [url for url in self.start_urls if self._wants_robots_sitemaps(url)]
        self._sitemap_hosts.update(urlsplit(url).netloc.lower() for url in wanted)
        for url in self.sitemap_urls:
            if request := self._discovery_request(url, self.parse_sitemap, nesting=0):
                yield request
        for url in self.feed_urls:
            if request := self._discovery_request(url, self.parse_feed):
                yield request
        robots_obeyed = self.crawler.settings.getbool("ROBOTSTXT_OBEY")
        for url in self.start_urls:
            own_robots = url in wanted and not robots_obeyed
            if own_robots and (request := self._discovery_request(robots_url(url), self.parse_robots)):
                yield request
            if request := self._discovery_request(url, self.parse, depth=0):
                yield request

    def _wants_robots_sitemaps(self, url: str) -> bool:
        """Whether a start URL's site is read for robots.txt sitemaps (``robots``: ``auto`` = for
        start pages, and for article URLs with ``discover=1``; ``1`` = always; ``0`` = never)."""
        if self.robots in ("0", "1"):
            return self.robots == "1"
        return self.discover or self.url_verdict(url).verdict != ARTICLE

    # --- discovery callbacks --------------------------------------------------------------------

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Scrapy's robots.txt middleware parsed a site's robots.txt: schedule its sitemaps.

        When robots.txt is obeyed, Scrapy's `RobotsTxtMiddleware` fetches it before the site's first
        request and sends ``robots_parsed``: the file is read once. Otherwise the spider fetches it
        itself (`parse_robots`).
        """
        host = urlsplit(request.url).netloc.lower()
        if host not in self._sitemap_hosts or self.crawler.engine is None:
            return
        base = robots_url(request.url)
        for sitemap in self._robots_sitemap_requests(parser_sitemaps(robotparser, base), base):
            self.crawler.engine.crawl(sitemap)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt fetched by the spider (robots.txt not obeyed): its ``Sitemap:`` lines."""
        text = (
            response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        )
        yield from self._robots_sitemap_requests(robots_sitemaps(text, response.url), response.url)

    def _robots_sitemap_requests(self, sitemaps: list[str], robots: str) -> Iterator[scrapy.Request]:
        """Requests for the sitemaps a robots.txt names: only those on the robots.txt's own site."""
        self.crawler.stats.inc_value("newscrawl/discovery/robots_sitemaps", len(sitemaps))
        for url in sitemaps:
            if not same_site(robots, url):
                self._count("offsite_sitemap")
                logger.warning("Ignored a sitemap on another site named by %s: %s", robots, url)
                continue
            if request := self._discovery_request(url, self.parse_sitemap, nesting=0):
                yield request

    def parse_sitemap(self, response: Response, nesting: int = 0) -> Iterator[scrapy.Request]:
        """A sitemap index (follow its sitemaps) or a urlset (schedule its articles)."""
        self._count("sitemaps")
        try:
            for entry in iter_sitemap(response.body):
                yield from self._sitemap_entry(response, entry, nesting)
        except (UnsafeXMLError, MalformedXMLError) as exc:
            self._xml_failed(response, "sitemap", exc)

    def _vouched(self, url: str) -> bool:
        """Whether an entry of the site's own sitemap or feed is fetched: yes, unless its URL is
        clearly not an article (the deny list) or the site's profile patterns exclude it."""
        denied = deny_reason(url)
        if denied is None:
            patterns = self._patterns(url)
            if not patterns or profile_verdict(url, patterns).verdict == ARTICLE:
                return True
            denied = "profile"
        self._count(f"denied/{denied}")
        return False

    def _sitemap_entry(
        self, response: Response, entry: SitemapEntry, nesting: int
    ) -> Iterable[scrapy.Request]:
        if not same_site(response.url, entry.loc):
            self._count("offsite")
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
        if self._vouched(entry.loc) and not self._too_old(entry.changed_at):
            yield self._article_request(entry.loc, "sitemap", entry.changed_at)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS 2.0 or Atom feed: schedule its items."""
        self._count("feeds")
        try:
            for entry in iter_feed(response.body, response.url):
                yield from self._feed_entry(response, entry)
        except (UnsafeXMLError, MalformedXMLError) as exc:
            self._xml_failed(response, "feed", exc)

    def _feed_entry(self, response: Response, entry: FeedEntry) -> Iterable[scrapy.Request]:
        if not same_site(response.url, entry.link):
            self._count("offsite")
            return
        if self._vouched(entry.link) and not self._too_old(entry.changed_at):
            yield self._article_request(entry.link, "feed", entry.changed_at)

    async def parse(self, response: Response, depth: int = 0) -> AsyncIterator[Any]:
        """A start or section page: an article itself, a list of links to follow, or both.

        A page whose URL may be an article's is extracted first (not a plain section front such as
        ``/sport/`` or ``/news/world``, nor a page the deny list names). An article given as a start
        URL is only that article (unless ``discover=1``); any other page is also read as a listing
        (a section reached at ``/news/uk-politics`` is read even if it reads as an article).
        """
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/not_text")
            logger.warning("Skipped %s: not a text response", response.url)
            return
        verdict = self.url_verdict(response.url).verdict
        if verdict == ARTICLE or (verdict != NOT_ARTICLE and not is_section_front(response.url)):
            extraction = await self._extract(response)
            if extraction is None:
                return
            for promoted in self._learn(response.url, extraction.is_article):
                yield promoted
            if extraction.is_article:
                yield self._article(extraction)
                if depth == 0 and not self.discover:
                    return
            else:
                logger.info("Not an article page, read as a listing: %s", response.url)
            del extraction
        for request in self._listing(response, depth):
            yield request

    def _listing(self, response: TextResponse, depth: int) -> Iterator[scrapy.Request]:
        """Requests for a listing page's feeds, articles, probes and sections, made one at a time.

        Each same-site link gets a verdict (`url_verdict`): an article is fetched; a link of
        unknown shape is fetched as a probe, at a lower priority, while the page's and the site's
        probe budgets last (``NEWSCRAWL_DISCOVERY_PROBES_PER_PAGE``, ``NEWSCRAWL_DISCOVERY_PROBES``);
        a section-like link is read as a listing down to ``depth``; anything else is dropped and
        counted by reason. The page is read in one streaming pass (`newscrawl.discovery.listing`)
        that keeps only the raw ``href`` strings, not the page's tree: a start page listing 50,000
        links costs its href strings while they are scheduled.
        """
        self.crawler.stats.inc_value("newscrawl/pages/listing")
        feeds, hrefs = listing_links(response.text, response.url)
        feeds = [url for url in feeds if same_site(response.url, url)]
        hrefs.reverse()  # popped from the end, so the list shrinks as links are scheduled
        for url in feeds:
            if request := self._discovery_request(url, self.parse_feed):
                yield request
        base = response.url
        page_probes = 0
        while hrefs:
            try:
                link = strip_tracking(response.urljoin(hrefs.pop()))
            except ValueError:  # an href no URL parser accepts ("http://[broken")
                self._count("invalid_link")
                continue
            if not same_site(base, link):
                self._count("offsite")
                continue
            verdict = self.url_verdict(link)
            if verdict.verdict == ARTICLE:
                if verdict.reason == "learnt":
                    self._count("learnt_article")
                yield self._article_request(link, "link")
                continue
            if looks_like_section(link):
                if depth < self.max_depth:
                    if request := self._discovery_request(link, self.parse, depth=depth + 1):
                        yield request
                    continue
                if verdict.verdict != ARTICLE and slug_words(segments_of(urlsplit(link).path)[-1]) < 2:
                    self._count("section_too_deep")  # "/sport/": a section, and deep enough
                    continue
            if verdict.verdict == NOT_ARTICLE:
                self._count(f"link_not_article/{verdict.reason}")
            elif self._probe_allowed(link, page_probes):
                page_probes += 1
                yield self._article_request(link, "probe", priority=PRIORITY_PROBE)
            else:
                self._wait(link)

    def _wait(self, url: str) -> None:
        """Keep a link of unknown shape the budget left out, for when its shape is learnt."""
        waiting = self._waiting.setdefault(self.templates.site_of(url), {})
        if len(waiting) < MAX_WAITING_LINKS:
            waiting[url] = None

    def _learn(self, url: str, is_article: bool) -> list[scrapy.Request]:
        """Tell the template book what a fetched page was; requests for waiting links of the site whose
        shape it now knows to be an article's (in this run, not only the next)."""
        if not self.templates.learn(url, is_article):
            return []
        site = self.templates.site_of(url)
        still: dict[str, None] = {}
        promoted = []
        for link in self._waiting.get(site, ()):
            verdict = self.url_verdict(link)
            if verdict.verdict == ARTICLE:
                self._count("learnt_article")
                promoted.append(self._article_request(link, "link"))
            elif verdict.verdict == NOT_ARTICLE:
                self._count("learnt_not_article")
            else:
                still[link] = None
        self._waiting[site] = still
        return promoted

    def _probe_allowed(self, url: str, page_probes: int) -> bool:
        """Whether one more link of unknown shape may be fetched (the page's and the site's budgets)."""
        site = self.templates.site_of(url)
        if page_probes >= self.probes_per_page or self._probes.get(site, 0) >= self.probes_per_site:
            self._count("probe_budget_spent")
            return False
        if not self._first_time(url):  # probed already (from another listing)
            return False
        self._waiting.get(site, {}).pop(url, None)
        self._probes[site] = self._probes.get(site, 0) + 1
        self._count("probes")
        return True

    # --- articles -------------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> list[Article | Request]:
        """An article page: the clean `Article`, for the dedup, validation and seen-store pipelines.

        A coroutine returning a list rather than an async generator: the spider middlewares then
        take their cheaper synchronous path for the one item.
        """
        extraction = await self._extract(response)
        if extraction is None:
            return []
        promoted: list[Article | Request] = list(self._learn(response.url, extraction.is_article))
        if extraction.is_article:
            return [self._article(extraction), *promoted]
        self.crawler.stats.inc_value("newscrawl/pages/not_article")
        logger.info("Not an article page: %s", response.url)
        depth = int(response.meta.get("depth", 0))
        if response.meta.get(META_SOURCE) == "probe" and depth <= self.max_depth:
            # A link of unknown shape that is no article may be a listing: read its links.
            promoted.extend(self._listing(response, depth))  # type: ignore[arg-type]
        return promoted

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
            workers = self._extension(ExtractionWorkers)
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
