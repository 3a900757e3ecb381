"""Say, in one line and a stat, why each retry happens (it waits for nothing and retries nothing).

Sits just before the retry middleware on the way back from the downloader: when a response or
error is about to be retried, it counts ``newscrawl/retried/<reason>`` (``http_503``, ``timeout``,
...) and logs one line, saying how long a ``429``/``503`` with ``Retry-After`` will wait (the time
the server asked for, capped at ``NEWSCRAWL_RETRY_AFTER_MAX`` seconds) and counting it
(``newscrawl/retry_after/waits``). The retry and its wait are done by
`newscrawl.middlewares.retry_backoff.BackoffRetryMiddleware`.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.extensions.outcomes import record_outcome
from newscrawl.middlewares.failure_accounting import failure_reason
from newscrawl.responses.retry_after import retry_after_seconds

logger = logging.getLogger(__name__)

_RETRY_AFTER_STATUSES = frozenset({429, 503})


class RetryAccountingMiddleware:
    """Reports every retry about to happen (stat + one log line), with the ``Retry-After`` wait it gets."""

    def __init__(self, crawler: Crawler, max_wait: float) -> None:
        self.crawler = crawler
        self.max_wait = max_wait
        settings = crawler.settings
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.retry_http_codes = {int(x) for x in settings.getlist("RETRY_HTTP_CODES")}
        self._retry_exceptions: tuple[type[BaseException], ...] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAccountingMiddleware:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler, crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX"))

    def _retry_exceptions_tuple(self) -> tuple[type[BaseException], ...]:
        if self._retry_exceptions is None:
            retry = self.crawler.get_downloader_middleware(RetryMiddleware)
            self._retry_exceptions = tuple(retry.exceptions_to_retry) if retry else ()
        return self._retry_exceptions

    def _will_retry(self, request: Request) -> bool:
        if request.meta.get("dont_retry"):
            return False
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        return request.meta.get("retry_times", 0) < limit

    def _attempt(self, request: Request) -> str:
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        return f"retry {request.meta.get('retry_times', 0) + 1} of {limit}"

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.retry_http_codes or not self._will_retry(request):
            return response
        detail = self._attempt(request)
        wait = None
        if response.status in _RETRY_AFTER_STATUSES:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait:
            wait = min(wait, self.max_wait)
            detail += f", waiting {wait:g}s for Retry-After"
            self.crawler.stats.inc_value("newscrawl/retry_after/waits")
        record_outcome(self.crawler, "retried", f"http_{response.status}", request.url, detail)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, self._retry_exceptions_tuple()) and self._will_retry(request):
            detail = f"{self._attempt(request)}, {type(exception).__name__}"
            record_outcome(self.crawler, "retried", failure_reason(exception), request.url, detail)
