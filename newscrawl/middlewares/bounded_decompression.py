"""Scrapy's decompression, but a body is decompressed whole or not at all.

Scrapy's ``HttpCompressionMiddleware`` stops inflating a body once it passes ``DOWNLOAD_MAXSIZE`` (so a
2 GB gzip bomb never reaches memory) and drops the response with a warning; this subclass adds the
newscrawl stat and summary entry for it (``newscrawl/skipped/too_large``). It also decompresses with
`newscrawl.responses.decompression`, which tells a complete stream from a cut one:

- a body whose stream ends early (a truncated gzip: two of five paragraphs) is a failed download,
  not a shorter article: it is retried (``newscrawl/retried/truncated``, with the retry backoff) and
  then given up (``newscrawl/failed/truncated``);
- a body that is not what its ``Content-Encoding`` says is read as what it is when that is certain
  (a gzip or zstd signature, or plain markup: ``newscrawl/encoding/mislabelled``, one line), and
  otherwise retried and given up as ``undecodable`` — never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils._compression import _DecompressionMaxSizeExceeded

from newscrawl.extensions.outcomes import record_outcome
from newscrawl.middlewares.retry_backoff import BackoffRetryMiddleware
from newscrawl.responses.decompression import DecompressionError, TooLargeError, decompress, sniff_encoding

logger = logging.getLogger(__name__)


class BoundedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Decompresses responses whole within ``DOWNLOAD_MAXSIZE``: a bomb is skipped, a cut or
    undecodable body retried then failed, a mislabelled one read as what it is."""

    _crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        middleware = super().from_crawler(crawler)
        middleware._crawler = crawler
        return middleware

    def _decode(self, body: bytes, encoding: bytes, max_size: int) -> bytes:  # type: ignore[override]
        try:
            return decompress(body, encoding.decode("latin-1"), max_size)
        except TooLargeError as exc:  # Scrapy's own bomb handling (warning, IgnoreRequest)
            raise _DecompressionMaxSizeExceeded(exc.size, max_size) from exc

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            limit = request.meta.get("download_maxsize", self._max_size)
            detail = f"{len(response.body)} B compressed, over {limit} B decompressed"
            record_outcome(self._crawler, "skipped", "too_large", request.url, detail)
            raise
        except DecompressionError as exc:
            # A body in another format can look corrupt, or cut (brotli has no signature).
            relabelled = self._relabelled(request, response)
            if relabelled is not None:
                return relabelled
            return await self._retry_or_fail(request, exc)

    def _relabelled(self, request: Request, response: Response) -> Response | None:
        """The response read as what its body really is, when its ``Content-Encoding`` lies."""
        declared = b", ".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
        actual = sniff_encoding(response.body)
        if actual is None or actual == declared.strip().lower():
            return None
        self._crawler.stats.inc_value("newscrawl/encoding/mislabelled")
        url = response.url
        logger.info("Content-Encoding of %s says %s but the body is %s: read as such", url, declared, actual)
        if actual == "identity":
            response.headers.pop("Content-Encoding", None)
            return response
        response.headers["Content-Encoding"] = actual
        try:
            return super().process_response(request, response)
        except DecompressionError:
            return None

    async def _retry_or_fail(self, request: Request, exc: DecompressionError) -> Request:
        """Retry the download (waiting like any retry), or give it up: one line and a stat each."""
        reason = exc.reason
        settings = self._crawler.settings
        retry = None
        if settings.getbool("RETRY_ENABLED"):
            retry = get_retry_request(
                request, spider=self._crawler.spider, reason=reason, logger=logger, give_up_log_level="DEBUG"
            )
        if retry is not None:
            limit = request.meta.get("max_retry_times", settings.getint("RETRY_TIMES"))
            detail = f"retry {retry.meta.get('retry_times', 1)} of {limit}, {exc}"
            record_outcome(self._crawler, "retried", reason, request.url, detail)
            backoff = self._crawler.get_downloader_middleware(BackoffRetryMiddleware)
            return await backoff.wait(retry) if backoff is not None else retry
        retries = request.meta.get("retry_times", 0)
        detail = f"{exc}; after {retries} retries" if retries else str(exc)
        record_outcome(self._crawler, "failed", reason, request.url, detail)
        raise IgnoreRequest(f"failed {request.url}: {reason}") from exc
