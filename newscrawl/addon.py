"""newscrawl's add-on: installs the project's components and routes its feeds.

``settings.py`` lists it in ``ADDONS``. Scrapy runs add-ons when the crawl starts
(``Crawler._apply_settings``): after the spider was made from its arguments (``crawler.spider`` is
set) and before any extension, middleware or pipeline is built. The add-on:

- installs newscrawl's extensions, downloader and spider middlewares, item pipelines and durable feed
  storage (the tables below), each unless the settings already name it: a component given elsewhere
  (``-s``, a spider's ``custom_settings``), with another order or ``None`` to switch it off, is kept;
- routes ``FEEDS``: articles and rejects go to their own feeds (``item_classes``), the rejects feed
  (``NEWSCRAWL_REJECTS_FEED``) is added, and the project's per-run file (``NEWSCRAWL_DEFAULT_FEED``) is
  dropped when ``-o``/``-O`` names a feed; a feed that would overwrite an existing file (``-O``) is
  announced with a warning before anything is written;
- builds ``USER_AGENT`` from ``NEWSCRAWL_CONTACT``, unless a ``USER_AGENT`` is given;
- lets the progress line (`newscrawl.extensions.progress`) replace Scrapy's LogStats line;
- turns the spider's limit arguments into settings: ``max_articles`` -> ``NEWSCRAWL_MAX_ARTICLES``
  (exact: `newscrawl.pipelines.limits.MaxArticlesPipeline`), ``since`` -> ``NEWSCRAWL_SINCE`` (the
  spider's cut-off, for `newscrawl.pipelines.limits.SincePipeline`), ``max_time`` ->
  ``CLOSESPIDER_TIMEOUT``, ``full=1`` -> ``NEWSCRAWL_FULL`` (at spider priority, so a value given
  with ``-s`` wins, as for any spider setting).

It runs before the distributed add-on (``ADDONS`` orders: `ORDER` here, then
`newscrawl.distributed.addon.ORDER`), which renames the routed feeds per worker and swaps the
single-machine components it replaces for the Redis ones.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from w3lib.url import file_uri_to_path

from newscrawl.items import Article, Rejected

logger = logging.getLogger(__name__)

# This add-on's value in ADDONS: it runs first (the distributed add-on builds on its feeds).
ORDER = 100
USER_AGENT_TEMPLATE = "newscrawl/0.1 (+{contact}; news archive crawler)"

# --- The project's components (import paths: nothing is imported before Scrapy builds it) ----------
EXTENSIONS: dict[str, int | None] = {
    # The crawl's state (scratch database, seen-store, source dates) and its feed files: the other
    # components find these two with crawler.get_extension().
    "newscrawl.extensions.crawl_state.CrawlState": 10,
    "newscrawl.extensions.feed_files.FeedFiles": 20,
    # Scrapy's feed exporter, telling the crawl which items reached their feeds (a full disk fails a
    # feed instead of dropping lines silently); Scrapy's own is switched off.
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.extensions.feed_export.CheckedFeedExporter": 0,
    "newscrawl.extensions.extraction_workers.ExtractionWorkers": 100,
    # What the crawl learns of each site's article URL shapes (the spider asks it about links).
    "newscrawl.extensions.url_templates.UrlTemplates": 110,
    "newscrawl.extensions.stats_file.StatsFile": 900,
    "newscrawl.extensions.summary.CrawlSummary": 910,
    "newscrawl.extensions.progress.Progress": 920,
    "newscrawl.extensions.seen_store_writer.SeenStoreWriter": 950,
}
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {
    # After Scrapy's robots.txt middleware (100), so a replayed crawl obeys (and reads) robots.txt too.
    "newscrawl.middlewares.fixture_replay.FixtureReplayMiddleware": 110,
    # Article downloads wait while the extraction workers have a backlog (bounded memory, max_articles).
    "newscrawl.middlewares.extraction_backpressure.ExtractionBackpressureMiddleware": 45,
    # Hostile sites (responses pass these from the highest number down): refuse unsafe redirects,
    # bound decompression, fix charsets, report retries, wait before retrying, skip non-pages,
    # account for failures.
    "newscrawl.middlewares.request_guard.RequestGuardMiddleware": 60,
    "newscrawl.middlewares.request_guard.RedirectGuardMiddleware": 610,
    # A hostname the DNS resolver refused (it resolves to a private address): refused, not retried.
    "newscrawl.middlewares.request_guard.ResolvedAddressGuardMiddleware": 620,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.bounded_decompression.BoundedHttpCompressionMiddleware": 590,
    "newscrawl.middlewares.charset_fix.CharsetMiddleware": 585,
    "newscrawl.middlewares.retry_accounting.RetryAccountingMiddleware": 575,
    "newscrawl.middlewares.page_check.PageCheckMiddleware": 560,
    # Retries wait (exponential backoff, or the server's Retry-After when longer) before going out.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry_backoff.BackoffRetryMiddleware": 550,
    "newscrawl.middlewares.failure_accounting.FailureAccountingMiddleware": 540,
}
SPIDER_MIDDLEWARES: dict[str, int | None] = {
    "newscrawl.middlewares.incremental_filter.IncrementalMiddleware": 800,
    # Engine side of the others: sees final article requests and holds them back (lazy frontier).
    "newscrawl.middlewares.frontier.FrontierMiddleware": 100,
}
ITEM_PIPELINES: dict[str, int | None] = {
    "newscrawl.pipelines.dedup.DedupPipeline": 300,
    "newscrawl.pipelines.limits.SincePipeline": 320,
    "newscrawl.pipelines.language.LanguageFilterPipeline": 350,
    "newscrawl.pipelines.validate.ValidationPipeline": 400,
    "newscrawl.pipelines.seen.SeenPipeline": 500,
    # After every pipeline that drops, before the distributed claim (900): counts what is emitted.
    "newscrawl.pipelines.limits.MaxArticlesPipeline": 800,
}
# Local feed files are written through line by line and fsynced by the crawl's FeedFiles.
FEED_STORAGES = {
    "": "newscrawl.extensions.feed_files.DurableFileFeedStorage",
    "file": "newscrawl.extensions.feed_files.DurableFileFeedStorage",
}
_COMPONENTS = {
    "EXTENSIONS": EXTENSIONS,
    "DOWNLOADER_MIDDLEWARES": DOWNLOADER_MIDDLEWARES,
    "SPIDER_MIDDLEWARES": SPIDER_MIDDLEWARES,
    "ITEM_PIPELINES": ITEM_PIPELINES,
}


def _path(component: Any) -> str:
    return component if isinstance(component, str) else f"{component.__module__}.{component.__qualname__}"


def install_components(settings: BaseSettings) -> None:
    """Add the project's components to their settings, each unless the settings name it already."""
    for name, table in _COMPONENTS.items():
        components = settings.getdict(name)
        named = {_path(component) for component in components}
        missing = {path: order for path, order in table.items() if path not in named}
        if missing:
            settings.set(name, {**components, **missing}, priority=settings.getpriority(name) or 0)
    storages = settings.getdict("FEED_STORAGES")
    missing_storages = {scheme: path for scheme, path in FEED_STORAGES.items() if scheme not in storages}
    if missing_storages:
        settings.set(
            "FEED_STORAGES",
            {**storages, **missing_storages},
            priority=settings.getpriority("FEED_STORAGES") or 0,
        )


def route_feeds(settings: BaseSettings) -> None:
    """Articles and rejects to their own feeds, whatever FEEDS the user gave.

    Scrapy merges ``-o``/``-O`` feeds into the ``FEEDS`` setting, so the project's default per-run file
    (``NEWSCRAWL_DEFAULT_FEED``) is dropped when the command line names a feed. The routed ``FEEDS``
    are stored just above command-line priority, as the final word on them.
    """
    priority = settings.getpriority("FEEDS") or 0
    feeds = {uri: dict(opts) for uri, opts in settings.getdict("FEEDS").items()}
    default = settings.get("NEWSCRAWL_DEFAULT_FEED")
    if default and len(feeds) > 1 and priority >= SETTINGS_PRIORITIES["cmdline"]:
        feeds.pop(default, None)
    for opts in feeds.values():
        opts.setdefault("item_classes", [Article])
    rejects = settings.get("NEWSCRAWL_REJECTS_FEED")
    if rejects and feeds:
        feeds.setdefault(rejects, {"format": "jsonlines", "encoding": "utf-8", "item_classes": [Rejected]})
    settings.set("FEEDS", feeds, priority=max(priority, SETTINGS_PRIORITIES["cmdline"]) + 1)


def local_feed_path(uri: str) -> Path | None:
    """The local file a feed URI names (None for other storages and for templated names)."""
    if "%(" in uri:
        return None
    scheme = urlsplit(uri).scheme
    if scheme == "file":
        return Path(file_uri_to_path(uri))
    if scheme and len(scheme) > 1:  # s3://, ftp://, ... (a one-letter "scheme" is a Windows drive)
        return None
    return Path(uri)


def warn_before_overwriting(feeds: dict[str, dict[str, Any]]) -> None:
    """Say so before a feed with ``overwrite`` (``-O``) replaces a non-empty file (earlier output)."""
    for uri, opts in feeds.items():
        path = local_feed_path(str(uri))
        if not opts.get("overwrite") or path is None:
            continue
        try:
            status = path.stat()
        except OSError:
            continue
        if status.st_size:
            when = datetime.fromtimestamp(status.st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            logger.warning(
                "-O %s replaces an existing file (%d bytes, last written %s): use -o to append to it, "
                "or another file name to keep it",
                path,
                status.st_size,
                when,
            )


def replace_logstats(settings: BaseSettings) -> None:
    """The progress line (``NEWSCRAWL_PROGRESS_INTERVAL``) replaces Scrapy's per-minute LogStats line,
    unless ``LOGSTATS_INTERVAL`` is given."""
    given = (settings.getpriority("LOGSTATS_INTERVAL") or 0) > SETTINGS_PRIORITIES["default"]
    if settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL") > 0 and not given:
        settings.set("LOGSTATS_INTERVAL", 0, priority="addon")


def set_user_agent(settings: BaseSettings) -> None:
    """``USER_AGENT`` names the operator's contact (``NEWSCRAWL_CONTACT``) unless one is given."""
    if (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["default"]:
        contact = settings.get("NEWSCRAWL_CONTACT")
        settings.set("USER_AGENT", USER_AGENT_TEMPLATE.format(contact=contact), priority="addon")


def apply_spider_limits(settings: BaseSettings, spider: Any) -> None:
    """The spider's ``max_articles``, ``since``, ``max_time``, ``full`` and ``language`` arguments (parsed
    by the spider) as settings, at spider priority."""
    max_articles = getattr(spider, "max_articles", None)
    if max_articles:
        settings.set("NEWSCRAWL_MAX_ARTICLES", max_articles, priority="spider")
    since = getattr(spider, "since", None)
    if since is not None:  # the spider's own cut-off, so sitemap entries and articles agree
        settings.set("NEWSCRAWL_SINCE", since.isoformat(), priority="spider")
    max_time = getattr(spider, "max_time", None)
    if max_time:
        settings.set("CLOSESPIDER_TIMEOUT", max_time, priority="spider")
    if getattr(spider, "full", False):
        settings.set("NEWSCRAWL_FULL", True, priority="spider")
    languages = getattr(spider, "languages", "")
    if languages:
        settings.set("NEWSCRAWL_LANGUAGES", languages, priority="spider")


class NewscrawlAddon:
    """Installs newscrawl's components, routes its feeds, sets the User-Agent and the spider's limits."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NewscrawlAddon:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        install_components(settings)
        route_feeds(settings)
        if self.crawler.spider is not None:  # a crawl starts: say what it will overwrite
            warn_before_overwriting(settings.getdict("FEEDS"))
        set_user_agent(settings)
        replace_logstats(settings)
        # The spider exists when a crawl starts; a crawler used without a crawl (tests, the shell)
        # has none.
        if self.crawler.spider is not None:
            apply_spider_limits(settings, self.crawler.spider)
