"""Retries with exponential backoff: Scrapy's retry middleware, but each retry waits first.

Scrapy retries a 5xx/429 or a timeout at once. Here the retry request is handed back only after
``NEWSCRAWL_RETRY_BACKOFF_BASE * 2 ** (attempt - 1)`` seconds (capped by
``NEWSCRAWL_RETRY_BACKOFF_MAX``), or after the server's ``Retry-After`` when it asks for longer
(also capped). The wait is asynchronous: other requests go on meanwhile. Each wait is counted as
``newscrawl/retry/backoff`` and its seconds summed in ``newscrawl/retry/backoff_seconds``.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.responses.retry_after import retry_after_seconds

logger = logging.getLogger(__name__)


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """The wait before retry number ``attempt`` (1-based)."""
    delay = base * 2 ** max(0, attempt - 1)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, cap)


class BackoffRetryMiddleware(RetryMiddleware):
    """`RetryMiddleware` that waits (exponentially longer each time) before handing back a retry."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.base = crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE")
        self.cap = crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX")
        self.retry_after_cap = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        if crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE") < 0:
            raise NotConfigured  # switched off: no warning
        return cls(crawler)

    async def wait(self, retry: Request, retry_after: float | None = None) -> Request:
        """Hand ``retry`` back after its backoff (or ``retry_after``, when longer)."""
        delay = backoff_delay(retry.meta.get("retry_times", 1), self.base, self.cap, retry_after)
        if delay > 0:
            self.crawler.stats.inc_value("newscrawl/retry/backoff")
            self.crawler.stats.inc_value("newscrawl/retry/backoff_seconds", delay)
            logger.debug("Waiting %.1fs before retrying %s", delay, retry.url)
            await asyncio.sleep(delay)
        return retry

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            if retry_after is not None:
                retry_after = min(retry_after, self.retry_after_cap)
            return await self.wait(result, retry_after)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            return await self.wait(result)
        return result
