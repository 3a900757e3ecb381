"""The hostile-site components one by one: redirect policy, Retry-After, failure names, summary."""

from __future__ import annotations

import gzip
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import build_from_crawler

from newscrawl.extensions.summary import summary_path_beside
from newscrawl.middlewares.charset_fix import CharsetMiddleware
from newscrawl.middlewares.failure_accounting import FailureAccountingMiddleware, failure_reason
from newscrawl.middlewares.page_check import PageCheckMiddleware
from newscrawl.middlewares.request_guard import (
    RedirectGuardMiddleware,
    RequestGuardMiddleware,
    is_private_host,
    refusal_reason,
)
from newscrawl.responses.retry_after import retry_after_seconds
from tests.crawlers import project_crawler
from tests.faultsite import CYRILLIC_STORY, article_html
from tests.pagebuilder import GzipBomb, crc32_combine, fake_pdf

START = "https://www.example-news.com/news/2026/11/20/a-story-that-moved-somewhere-else"
TRUSTED = frozenset({"www.example-news.com"})


class _Spider(Spider):
    name = "t"
    start_urls = (START,)


@pytest.mark.parametrize(
    "host",
    ["10.0.0.1", "192.168.1.1", "172.16.5.4", "127.0.0.1", "169.254.169.254", "::1", "[::1]", "fe80::1",
     "localhost", "printer.local", "0.0.0.0", "2130706433", "0x7f.0.0.1", "::ffff:10.0.0.1", "100.64.0.1"],
)  # fmt: skip
def test_private_hosts_are_recognised(host: str) -> None:
    assert is_private_host(host)


@pytest.mark.parametrize("host", ["93.184.216.34", "www.example-news.com", "8.8.8.8", "2606:4700::1111"])
def test_public_hosts_are_not_private(host: str) -> None:
    assert not is_private_host(host)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("https://www.example-news.com/news/2026/11/20/new-home", None),
        ("https://example-news.com/news/2026/11/20/new-home", None),  # same registered domain
        ("https://amp.example-news.com/story", None),
        ("https://evil.example/phish", "redirect_offsite"),
        ("file:///etc/passwd", "redirect_scheme"),
        ("ftp://www.example-news.com/x", "redirect_scheme"),
        ("javascript:alert(1)", "redirect_scheme"),
        ("http://10.0.0.1/admin", "private_address"),
        ("http://192.168.1.1/", "private_address"),
        ("http://localhost:8080/", "private_address"),
        ("http://169.254.169.254/latest/meta-data/", "private_address"),
    ],
)
def test_redirect_policy(target: str, reason: str | None) -> None:
    assert refusal_reason(START, target, TRUSTED) == reason


def test_start_host_may_be_private_but_other_private_hosts_may_not() -> None:
    trusted = frozenset({"127.0.0.1"})
    assert refusal_reason("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", trusted) is None
    assert refusal_reason("http://127.0.0.1:8000/a", "http://10.0.0.1/b", trusted) == "private_address"


def _crawler(**settings: object) -> Crawler:
    crawler = project_crawler(_Spider, **settings)
    crawler.spider = _Spider.from_crawler(crawler)
    return crawler


def test_redirect_guard_refuses_before_the_redirect_is_built() -> None:
    crawler = _crawler()
    guard = build_from_crawler(RedirectGuardMiddleware, crawler)
    guard.spider_opened(crawler.spider)
    request = Request(START)
    response = Response(START, status=302, headers={"Location": "http://10.0.0.1/x"}, request=request)
    with pytest.raises(IgnoreRequest):
        guard.process_response(request, response)
    assert crawler.stats.get_value("newscrawl/refused/private_address") == 1
    ok = Response(START, status=301, headers={"Location": "/news/2026/11/20/new-home"}, request=request)
    assert guard.process_response(request, ok) is ok


def test_redirect_guard_checks_meta_refresh_targets_on_the_request() -> None:
    crawler = _crawler()
    guard = build_from_crawler(RequestGuardMiddleware, crawler)
    guard.spider_opened(crawler.spider)
    redirected = Request("https://evil.example/", meta={"redirect_urls": [START]})
    with pytest.raises(IgnoreRequest):
        guard.process_request(redirected)
    assert crawler.stats.get_value("newscrawl/refused/redirect_offsite") == 1
    assert guard.process_request(Request(START)) is None
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request("http://10.0.0.1/robots.txt"))
    assert crawler.stats.get_value("newscrawl/refused/private_address") == 1


def test_retry_after_values() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(b" 5 ") == 5
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds(later, now=now) == 30
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert retry_after_seconds(past, now=now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (DownloadTimeoutError("slow"), "timeout"),
        (DownloadCancelledError("too big"), "too_large"),
        (ResponseDataLossError(), "data_loss"),
        (CannotResolveHostError("nx"), "dns"),
        (DownloadFailedError("reset"), "connection_lost"),
        (ValueError("odd"), "value_error"),
    ],
)
def test_failure_reasons(exception: Exception, reason: str) -> None:
    assert failure_reason(exception) == reason


def test_failure_accounting_turns_errors_into_one_line_and_a_stat(caplog: pytest.LogCaptureFixture) -> None:
    crawler = _crawler()
    accounting = build_from_crawler(FailureAccountingMiddleware, crawler)
    request = Request(START, meta={"retry_times": 3})
    with pytest.raises(IgnoreRequest):
        accounting.process_exception(request, DownloadTimeoutError("took too long"))
    assert crawler.stats.get_value("newscrawl/failed/timeout") == 1
    assert [r.getMessage() for r in caplog.records if "Failed" in r.getMessage()] == [
        f"Failed {START}: timeout (DownloadTimeoutError: took too long; after 3 retries)"
    ]
    with pytest.raises(HttpError) as raised:
        accounting.process_response(request, Response(START, status=410, request=request))
    assert raised.value.response.status == 410
    assert crawler.stats.get_value("newscrawl/failed/http_410") == 1
    handled = Request(START, meta={"handle_httpstatus_list": [410]})
    gone = Response(START, status=410, request=handled)
    assert accounting.process_response(handled, gone) is gone


def test_page_check_middleware_skips_a_pdf_behind_text_html() -> None:
    crawler = _crawler()
    middleware = build_from_crawler(PageCheckMiddleware, crawler)
    request = Request(START)
    pdf = HtmlResponse(START, body=fake_pdf(), headers={"Content-Type": "text/html"}, request=request)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, pdf)
    assert crawler.stats.get_value("newscrawl/skipped/binary") == 1
    page = HtmlResponse(START, body=article_html(CYRILLIC_STORY).encode(), request=request)
    assert middleware.process_response(request, page) is page


def test_charset_middleware_relabels_a_response_whose_header_lies() -> None:
    crawler = _crawler()
    middleware = build_from_crawler(CharsetMiddleware, crawler)
    body = article_html(CYRILLIC_STORY, meta_charset="utf-8").encode("utf-8")
    request = Request(START)
    lying = HtmlResponse(START, body=body, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    assert CYRILLIC_STORY.headline not in lying.text
    fixed = middleware.process_response(request, lying)
    assert CYRILLIC_STORY.headline in fixed.text
    assert crawler.stats.get_value("newscrawl/charset/conflict") == 1


@pytest.mark.parametrize(
    ("feed", "summary"),
    [
        ("out/articles.jsonl", "out/articles.summary.json"),
        ("output/%(name)s/%(time)s.jsonl", "output/%(name)s/%(time)s.summary.json"),
        ("file:///tmp/x/items.jsonl", "/tmp/x/items.summary.json"),
        ("s3://bucket/items.jsonl", None),
    ],
)
def test_summary_goes_beside_the_feed(feed: str, summary: str | None) -> None:
    assert summary_path_beside(feed) == summary


def test_crc32_combine_matches_zlib() -> None:
    a, b = b"harbour " * 1000, b"\x00" * 12345
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_gzip_bomb_is_a_valid_gzip_stream_of_zeros() -> None:
    bomb = GzipBomb(8 << 20)
    data = b"".join(bomb.chunks())
    assert len(data) == bomb.compressed_size < 16 * 1024
    inflated = gzip.decompress(data)  # checks the CRC and length trailer too
    assert len(inflated) == 8 << 20 and not inflated.strip(b"\x00")
    assert GzipBomb().compressed_size < 3 * 1024 * 1024  # 2 GiB on ~2 MB of wire


def test_the_resolver_passes_ip_addresses_which_the_request_guard_or_the_user_judged() -> None:
    from newscrawl.resolver import PrivateAddressResolver

    # A proxy on 127.0.0.1 (savefixture replays through one): the connection's "name" is an address.
    resolver = PrivateAddressResolver(None, 0, 5.0)
    assert resolver._checked("127.0.0.1", "127.0.0.1") == "127.0.0.1"
    assert resolver._checked("::1", "[::1]") == "::1"
    assert resolver.refusal("127.0.0.1") is None
