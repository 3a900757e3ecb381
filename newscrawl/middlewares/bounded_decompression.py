"""Scrapy's decompression, with decompression bombs counted as ``newscrawl/skipped/too_large``.

Scrapy's ``HttpCompressionMiddleware`` already stops inflating a body once it passes
``DOWNLOAD_MAXSIZE`` (so a 2 GB gzip bomb never reaches memory) and drops the response with a
warning; this subclass adds the newscrawl stat and summary entry for it.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawl.extensions.outcomes import record_outcome


class BoundedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Decompresses responses within ``DOWNLOAD_MAXSIZE``; a bomb is skipped and counted."""

    _crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        middleware = super().from_crawler(crawler)
        middleware._crawler = crawler
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            limit = request.meta.get("download_maxsize", self._max_size)
            detail = f"{len(response.body)} B compressed, over {limit} B decompressed"
            record_outcome(self._crawler, "skipped", "too_large", request.url, detail)
            raise
