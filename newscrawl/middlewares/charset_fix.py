"""Decode every HTML response with the encoding that really fits its bytes.

Scrapy trusts the HTTP ``charset`` first and otherwise guesses between UTF-8 and windows-1252, so
a page whose header and ``<meta charset>`` disagree, or a windows-1251 / Shift_JIS page with no
declaration at all, comes out as mojibake. This middleware asks
`newscrawl.responses.charset.choose_encoding` (declared encodings tried strictly, then detection)
and re-labels the response. Counts ``newscrawl/charset/conflict`` (header and meta disagree),
``newscrawl/charset/detected`` (nothing usable declared), ``newscrawl/charset/corrected``
(Scrapy would have decoded it differently) and ``newscrawl/charset/invalid_utf8`` (a UTF-8 page with
a few invalid bytes, decoded as UTF-8 with those bytes replaced: one line says how many).
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from newscrawl.responses.charset import (
    choose_encoding,
    declared_meta_charset,
    header_charset,
    invalid_utf8,
    normalise_encoding,
)
from newscrawl.responses.page_check import sniff_binary

logger = logging.getLogger(__name__)


class CharsetMiddleware:
    """Re-labels HTML responses with the encoding chosen from their declarations and bytes."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_CHARSET_ENABLED"):
            raise NotConfigured  # switched off: no warning
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body or sniff_binary(response.body):
            return response
        http = header_charset(response.headers.get("Content-Type"))
        meta = declared_meta_charset(response.body)
        chosen = choose_encoding(response.body, http_charset=http, meta_charset=meta)
        http_norm, meta_norm = normalise_encoding(http), normalise_encoding(meta)
        if http_norm and meta_norm and http_norm != meta_norm:
            self.stats.inc_value("newscrawl/charset/conflict")
            logger.info(
                "Charset conflict on %s: header says %s, <meta> says %s; decoded as %s",
                response.url,
                http,
                meta,
                chosen,
            )
        elif chosen not in (http_norm, meta_norm):
            self.stats.inc_value("newscrawl/charset/detected")
            logger.debug("No usable charset declared on %s; detected %s", response.url, chosen)
        if chosen == "utf-8" and (bad := invalid_utf8(response.body)):
            self.stats.inc_value("newscrawl/charset/invalid_utf8")
            logger.info("Decoded %s as UTF-8 with %d invalid byte(s) replaced", response.url, bad)
        if normalise_encoding(response.encoding) == chosen:
            return response
        self.stats.inc_value("newscrawl/charset/corrected")
        return response.replace(encoding=chosen)
