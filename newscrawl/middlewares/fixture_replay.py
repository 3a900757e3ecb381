"""Offline replay: answer requests from saved pages in a fixtures folder instead of the network."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from newscrawl.fixtures import Fixture, index_fixtures, url_key

logger = logging.getLogger(__name__)


class FixtureReplayMiddleware:
    """Serves every request from ``NEWSCRAWL_REPLAY_DIR``; a URL without a fixture fails at once.

    A missing fixture is logged as an error and counted (``newscrawl/replay/missing``); a missing
    ``robots.txt`` is answered with a 404, as a site without one would. In replay mode this middleware
    is the downloader: each request it answers is announced as ``request_reached_downloader``, as a
    downloaded one is (the crawl summary counts requests per host from it, the frontier tops up on it).
    """

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.fixtures = index_fixtures(folder)
        if not self.fixtures:
            raise NotConfigured(f"no fixtures found in {folder}")
        logger.info("Replaying %d saved pages from %s", len(self.fixtures), folder)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FixtureReplayMiddleware:
        folder = crawler.settings.get("NEWSCRAWL_REPLAY_DIR")
        if not folder:
            raise NotConfigured  # switched off: no warning
        return cls(crawler, Path(folder))

    def process_request(self, request: Request) -> Response:
        self.crawler.signals.send_catch_log(
            signals.request_reached_downloader, request=request, spider=self.crawler.spider
        )
        fixture = self.fixtures.get(url_key(request.url))
        if fixture is not None:
            self.stats.inc_value("newscrawl/replay/served")
            return self._response(request, fixture)
        if request.url.endswith("/robots.txt"):
            self.stats.inc_value("newscrawl/replay/robots_missing")
            return Response(url=request.url, status=404, request=request)
        self.stats.inc_value("newscrawl/replay/missing")
        logger.error("No saved page for %s (replay mode): request dropped", request.url)
        raise IgnoreRequest(f"no fixture for {request.url}")

    def _response(self, request: Request, fixture: Fixture) -> Response:
        body = fixture.body()
        headers = {"Content-Type": fixture.content_type}
        if fixture.saved:
            saved = datetime.fromisoformat(fixture.saved)
            saved = saved if saved.tzinfo else saved.replace(tzinfo=timezone.utc)
            headers["Date"] = format_datetime(saved.astimezone(timezone.utc), usegmt=True)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=fixture.status, headers=headers, body=body, request=request)
