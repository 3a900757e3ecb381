"""Skip ``200 OK`` pages that are not pages: binary files, empty bodies, walls, soft-404s.

Runs on decoded, final HTML responses (after decompression, redirects and charset fixing) and asks
`newscrawl.responses.page_check.check_page` whether the page is worth extracting. A page that is not
is dropped with `IgnoreRequest`, one log line and ``newscrawl/skipped/<reason>`` (``binary``,
``empty``, ``interstitial``, ``soft_404``).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response

from newscrawl.extensions.outcomes import record_outcome
from newscrawl.responses.page_check import check_page, sniff_binary

logger = logging.getLogger(__name__)


class PageCheckMiddleware:
    """Drops binary, empty, interstitial and soft-404 HTML responses with a reason."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageCheckMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_PAGECHECK_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if (
            response.status != 200
            or request.method != "GET"
            or not isinstance(response, HtmlResponse)
            or urlsplit(response.url).path == "/robots.txt"
        ):
            return response
        binary = sniff_binary(response.body)
        reason = "binary" if binary else check_page(response.body, response.text)
        if reason is None:
            return response
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if binary:
            detail = f"{binary} served as {content_type or 'no content type'}"
        else:
            detail = f"{len(response.body)} bytes"
        record_outcome(self.crawler, "skipped", reason, response.url, detail)
        raise IgnoreRequest(f"skipped {response.url}: {reason}")
