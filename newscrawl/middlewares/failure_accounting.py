"""Account for every download that finally fails: one stat, one log line, no traceback.

Placed after Scrapy's ``RetryMiddleware`` (priority below 550), it sees only what retries could
not fix: a network error (``newscrawl/failed/timeout``, ``connection_lost``, ``dns``, ...), a page
over ``DOWNLOAD_MAXSIZE`` (``newscrawl/skipped/too_large``) or an HTTP error status
(``newscrawl/failed/http_503``). It logs one line and turns the failure into `IgnoreRequest`
(``HttpError``, with the response, for statuses; the original error as ``__cause__`` otherwise),
so Scrapy does not log a second error with a traceback. Statuses a spider or request asks to handle
(``handle_httpstatus_list``/``handle_httpstatus_all``, ``HTTPERROR_ALLOWED_CODES``/``_ALLOW_ALL``)
pass through untouched.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error

from newscrawl.extensions.outcomes import record_outcome

logger = logging.getLogger(__name__)

_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError), "timeout"),
    ((DownloadCancelledError,), "too_large"),  # Scrapy cancels a download only over DOWNLOAD_MAXSIZE
    ((ResponseDataLossError,), "data_loss"),
    ((CannotResolveHostError, tx_error.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), "connection_refused"),
    ((DownloadFailedError, tx_error.ConnectionLost, tx_error.ConnectionDone), "connection_lost"),
    ((tx_error.ConnectError,), "connect_error"),
    ((UnsupportedURLSchemeError,), "unsupported_scheme"),
)


def failure_reason(exception: BaseException) -> str:
    """A short stable name for a download error (``timeout``, ``dns``, ``too_large``, ...)."""
    for types, reason in _REASONS:
        if isinstance(exception, types):
            return reason
    name = type(exception).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


class FailureAccountingMiddleware:
    """Counts and logs final download failures and HTTP errors, once each."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Scrapy's own switches for statuses the spider wants to see.
        self.allow_all = crawler.settings.getbool("HTTPERROR_ALLOW_ALL")
        self.allowed_codes = {int(c) for c in crawler.settings.getlist("HTTPERROR_ALLOWED_CODES")}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureAccountingMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_FAILURE_ACCOUNTING_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            return None  # whoever raised it has accounted for it
        reason = failure_reason(exception)
        category = "skipped" if reason == "too_large" else "failed"
        detail = f"{type(exception).__name__}"
        message = str(exception).strip()
        if message:
            detail += f": {message[:200]}"
        retries = request.meta.get("retry_times", 0)
        if retries:
            detail += f"; after {retries} retries"
        record_outcome(self.crawler, category, reason, request.url, detail)
        raise IgnoreRequest(f"{category} {request.url}: {reason}") from exception

    def _handled(self, request: Request, status: int) -> bool:
        spider = self.crawler.spider
        return (
            self.allow_all
            or status in self.allowed_codes
            or request.meta.get("handle_httpstatus_all", False)
            or status in request.meta.get("handle_httpstatus_list", ())
            or status in getattr(spider, "handle_httpstatus_list", ())
            or urlsplit(request.url).path == "/robots.txt"
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status < 400 or self._handled(request, response.status):
            return response
        retries = request.meta.get("retry_times", 0)
        detail = f"after {retries} retries" if retries else ""
        record_outcome(self.crawler, "failed", f"http_{response.status}", request.url, detail)
        # HttpError (an IgnoreRequest) keeps the response for errbacks, as Scrapy's own would.
        raise HttpError(response, f"failed {request.url}: HTTP {response.status}")
