"""End to end: one real crawl of a hostile news site; one test per misbehaviour.

The fault server (``tests/faultsite.py``) serves good articles next to URLs that fail, stall,
lie, explode or redirect somewhere unsafe. Each test checks the crawler's answer to one of them —
the ``newscrawl/...`` stat, the one log line — and that every good article still arrived. A
tripwire middleware, last before the network, proves nothing but 127.0.0.1 was ever requested.
"""

from __future__ import annotations

import json
import re
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl import settings as project_settings
from tests import faultsite as fs
from tests.faultsite import FaultServer
from tests.helpers import CrawlResult, run_crawl

pytestmark = pytest.mark.crawl

DOWNLOAD_TIMEOUT = 3
TIME_BOUND_SECONDS = 90
RSS_BOUND_MIB = 600
# Scrapy's warning when HttpCompressionMiddleware stops inflating a body.
SCRAPY_DECOMPRESSION_LIMIT = re.compile(
    r"(\d+) B decompressed so far\) exceeded DOWNLOAD_MAXSIZE \((\d+) B\)"
)


@dataclass
class HostileCrawl:
    server: FaultServer
    result: CrawlResult
    summary: dict[str, Any]
    seconds: float
    peak_rss_mib: float

    @property
    def stats(self) -> dict[str, Any]:
        return self.result.stats

    def url(self, path: str) -> str:
        return self.server.url(path)

    def lines(self, verb: str, url: str, reason: str) -> list[str]:
        """Log lines saying ``<verb> <url>: <reason>`` (the one-line outcome format)."""
        pattern = re.compile(rf"\] (?:INFO|WARNING): {verb} {re.escape(url)}: {reason}\b")
        return [line for line in self.result.log.splitlines() if pattern.search(line)]

    def hits(self, path: str) -> int:
        return self.server.hit_count(path)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp: Path = tmp_path_factory.mktemp("hostile")
    # The add-on installs the project's middlewares beside the ones given here.
    middlewares = {"tests.mockserver.TripwireMiddleware": 1000}
    with FaultServer() as server:
        started = time.monotonic()
        result = run_crawl(
            tmp,
            "-a",
            f"url={server.root}",
            settings={
                "AUTOTHROTTLE_ENABLED": 0,
                "DOWNLOAD_DELAY": 0,
                "DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
                "DOWNLOADER_MIDDLEWARES": json.dumps(middlewares),
                "NEWSCRAWL_SUMMARY_FILE": str(tmp / "summary.json"),
            },
            timeout=TIME_BOUND_SECONDS * 2,
        )
        seconds = time.monotonic() - started
        # ru_maxrss is in KiB on Linux: the largest resident set of any finished child process.
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        assert result.returncode == 0, result.log[-3000:]
        summary_file = tmp / "summary.json"
        summary = json.loads(summary_file.read_text(encoding="utf-8")) if summary_file.exists() else {}
        yield HostileCrawl(server, result, summary, seconds, peak)


def assert_good_articles_arrived(crawl: HostileCrawl) -> None:
    """Every good article of the site was emitted, once, with its own headline."""
    emitted = {item["url"]: item for item in crawl.result.items}
    good = crawl.server.good_articles()
    missing = sorted(set(good) - set(emitted))
    assert not missing, f"good articles missing: {missing}"
    for url, story in good.items():
        assert emitted[url]["headline"] == story.headline, url
    assert len(crawl.result.items) == len(good)


# --- retried, then emitted ---------------------------------------------------------------------


FLAKY_CASES = [(path, *how) for path, how in fs.FLAKY.items()]


@pytest.mark.parametrize(("path", "status", "failures"), FLAKY_CASES, ids=["500", "502", "503"])
def test_server_error_then_success_is_retried_and_emitted(
    crawl: HostileCrawl, path: str, status: int, failures: int
) -> None:
    url = crawl.url(path)
    assert crawl.stats[f"newscrawl/retried/http_{status}"] >= failures
    assert len(crawl.lines("Retrying", url, f"http_{status}")) == failures
    assert crawl.hits(path) == failures + 1
    assert_good_articles_arrived(crawl)


def test_429_waits_for_retry_after_then_succeeds(crawl: HostileCrawl) -> None:
    url = crawl.url(fs.RATE_LIMITED)
    assert crawl.stats["newscrawl/retried/http_429"] == 1
    assert crawl.stats["newscrawl/retry_after/waits"] == 1
    [line] = crawl.lines("Retrying", url, "http_429")
    assert f"waiting {fs.RETRY_AFTER_SECONDS}s for Retry-After" in line
    first, second = crawl.server.hits[fs.RATE_LIMITED]
    assert second - first >= fs.RETRY_AFTER_SECONDS - 0.1
    assert_good_articles_arrived(crawl)


def test_connection_reset_is_retried_and_emitted(crawl: HostileCrawl) -> None:
    url = crawl.url(fs.RESET_TWICE)
    assert crawl.stats["newscrawl/retried/connection_lost"] >= 2
    assert len(crawl.lines("Retrying", url, "connection_lost")) == 2
    assert crawl.hits(fs.RESET_TWICE) == 3
    assert_good_articles_arrived(crawl)


def test_same_site_redirect_is_followed(crawl: HostileCrawl) -> None:
    assert crawl.url(fs.MOVED_TO) in {item["url"] for item in crawl.result.items}
    assert not crawl.lines("Refused", crawl.url(fs.MOVED_FROM), r"\w+")
    assert_good_articles_arrived(crawl)


# --- failed after retries ------------------------------------------------------------------------


def test_slow_first_byte_times_out_after_retries(crawl: HostileCrawl) -> None:
    url = crawl.url(fs.SLOW_FIRST_BYTE)
    assert crawl.stats["newscrawl/failed/timeout"] == 1
    [line] = crawl.lines("Failed", url, "timeout")
    assert "after 3 retries" in line
    assert crawl.hits(fs.SLOW_FIRST_BYTE) == 4
    assert_good_articles_arrived(crawl)


def test_body_cut_off_midway_fails_as_data_loss(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/failed/data_loss"] == 2  # this one and the Content-Length lie
    assert len(crawl.lines("Failed", crawl.url(fs.CUT_OFF), "data_loss")) == 1
    assert_good_articles_arrived(crawl)


def test_content_length_lie_fails_as_data_loss(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/failed/data_loss"] == 2
    assert len(crawl.lines("Failed", crawl.url(fs.LENGTH_LIE), "data_loss")) == 1
    assert_good_articles_arrived(crawl)


def test_real_404_fails_without_retry(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/failed/http_404"] == 1
    assert len(crawl.lines("Failed", crawl.url(fs.NOT_FOUND), "http_404")) == 1
    assert crawl.hits(fs.NOT_FOUND) == 1
    assert_good_articles_arrived(crawl)


def test_persistent_503_fails_after_retries(crawl: HostileCrawl) -> None:
    url = crawl.url(fs.ALWAYS_503)
    assert crawl.stats["newscrawl/failed/http_503"] == 1
    [line] = crawl.lines("Failed", url, "http_503")
    assert "after 3 retries" in line
    assert crawl.hits(fs.ALWAYS_503) == 4
    assert_good_articles_arrived(crawl)


# --- skipped: too large --------------------------------------------------------------------------


def test_endless_body_is_cut_at_download_maxsize(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/too_large"] == 3  # endless, bomb, 50 MB page
    assert len(crawl.lines("Skipped", crawl.url(fs.ENDLESS), "too_large")) == 1
    assert crawl.hits(fs.ENDLESS) == 1  # not retried
    assert_good_articles_arrived(crawl)


def test_gzip_bomb_is_never_inflated_past_download_maxsize(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/too_large"] == 3
    [line] = crawl.lines("Skipped", crawl.url(fs.GZIP_BOMB), "too_large")
    assert f"{crawl.server.bomb.compressed_size} B compressed" in line
    # Scrapy's decompression stopped one 64 KiB step past DOWNLOAD_MAXSIZE, not at the bomb's 2 GiB.
    stopped = re.search(SCRAPY_DECOMPRESSION_LIMIT, crawl.result.log)
    assert stopped, "Scrapy's decompression limit did not trigger"
    inflated, limit = int(stopped.group(1)), int(stopped.group(2))
    assert limit == project_settings.DOWNLOAD_MAXSIZE
    assert limit < inflated <= limit + 64 * 1024 < crawl.server.bomb.size
    assert crawl.peak_rss_mib < RSS_BOUND_MIB
    assert_good_articles_arrived(crawl)


def test_50mb_page_is_refused_from_its_content_length(crawl: HostileCrawl) -> None:
    [line] = crawl.lines("Skipped", crawl.url(fs.HUGE_PAGE), "too_large")
    assert "52428800" in line
    assert crawl.stats["newscrawl/skipped/too_large"] == 3
    assert_good_articles_arrived(crawl)


# --- skipped: not a page -------------------------------------------------------------------------


def test_pdf_served_as_html_is_skipped_as_binary(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/binary"] == 2  # the PDF and the PNG
    [line] = crawl.lines("Skipped", crawl.url(fs.PDF_AS_HTML), "binary")
    assert "pdf served as text/html" in line
    assert_good_articles_arrived(crawl)


def test_image_served_as_html_is_skipped_as_binary(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/binary"] == 2
    [line] = crawl.lines("Skipped", crawl.url(fs.PNG_AS_HTML), "binary")
    assert "png served as text/html" in line
    assert_good_articles_arrived(crawl)


def test_soft_404_with_status_200_is_skipped(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/soft_404"] == 1
    assert len(crawl.lines("Skipped", crawl.url(fs.SOFT_404), "soft_404")) == 1
    assert not any(r["url"] == crawl.url(fs.SOFT_404) for r in crawl.result.rejects)
    assert_good_articles_arrived(crawl)


def test_empty_200_is_skipped(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/empty"] == 1
    assert len(crawl.lines("Skipped", crawl.url(fs.EMPTY), "empty")) == 1
    assert_good_articles_arrived(crawl)


def test_cookie_and_javascript_wall_is_skipped(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/skipped/interstitial"] == 1
    assert len(crawl.lines("Skipped", crawl.url(fs.INTERSTITIAL), "interstitial")) == 1
    assert_good_articles_arrived(crawl)


# --- charsets --------------------------------------------------------------------------------------


def _assert_decoded(crawl: HostileCrawl, path: str) -> None:
    story = fs.CHARSET_CASES[path][0]
    item = next(i for i in crawl.result.items if i["url"] == crawl.url(path))
    assert item["headline"] == story.headline
    assert item["authors"] == [story.author]
    assert item["articleBody"].split("\n") == story.paragraphs
    assert "\ufffd" not in item["articleBody"]


@pytest.mark.parametrize("slug", ["header-latin1-meta-utf8", "header-utf8-meta-cp1251"])
def test_charset_header_disagreeing_with_meta_decodes_correctly(crawl: HostileCrawl, slug: str) -> None:
    path = fs.p(f"charset-conflict-{slug}-story")
    _assert_decoded(crawl, path)
    assert crawl.stats["newscrawl/charset/conflict"] == 2
    assert re.search(rf"Charset conflict on {re.escape(crawl.url(path))}: header says", crawl.result.log)
    assert_good_articles_arrived(crawl)


@pytest.mark.parametrize(
    "slug",
    [
        "undeclared-windows-1251-story-about-the-ferry",
        "undeclared-shift-jis-story-about-the-bridge",
        "undeclared-latin1-story-about-the-quay-cafe",
    ],
    ids=["windows-1251", "shift_jis", "iso-8859-1"],
)
def test_page_without_any_charset_is_detected(crawl: HostileCrawl, slug: str) -> None:
    _assert_decoded(crawl, fs.p(slug))
    assert crawl.stats["newscrawl/charset/detected"] == 3
    assert_good_articles_arrived(crawl)


# --- refused -----------------------------------------------------------------------------------------


def _never_requested(crawl: HostileCrawl, target: str) -> None:
    assert "tripwire/blocked" not in crawl.stats
    assert crawl.summary["sites"].get(urlsplit(target).netloc or "file", {}).get("fetched", 0) == 0
    assert "TRIPWIRE" not in crawl.result.log


def test_redirect_loop_is_cut(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/refused/redirect_loop"] == 1
    assert len(crawl.lines("Refused", crawl.url(fs.LOOP_B), "redirect_loop")) == 1
    assert crawl.hits(fs.LOOP_A) == 1 and crawl.hits(fs.LOOP_B) == 1
    assert_good_articles_arrived(crawl)


def test_redirect_to_another_domain_is_refused(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/refused/redirect_offsite"] == 2  # this one and the meta refresh
    [line] = crawl.lines("Refused", crawl.url(fs.OFFSITE), "redirect_offsite")
    assert fs.OFFSITE_TARGET in line
    _never_requested(crawl, fs.OFFSITE_TARGET)
    assert_good_articles_arrived(crawl)


def test_meta_refresh_to_another_domain_is_refused_before_robots_txt(crawl: HostileCrawl) -> None:
    # The request guard runs before the robots.txt middleware: not even robots.txt is asked for.
    [line] = crawl.lines("Refused", crawl.url(fs.META_REFRESH_OFFSITE), "redirect_offsite")
    assert fs.META_REFRESH_TARGET in line
    _never_requested(crawl, fs.META_REFRESH_TARGET)
    assert "sister-paper.example" not in crawl.summary["sites"]
    assert_good_articles_arrived(crawl)


def test_redirect_to_file_scheme_is_refused(crawl: HostileCrawl) -> None:
    assert crawl.stats["newscrawl/refused/redirect_scheme"] == 1
    [line] = crawl.lines("Refused", crawl.url(fs.FILE_SCHEME), "redirect_scheme")
    assert fs.FILE_TARGET in line
    _never_requested(crawl, fs.FILE_TARGET)
    assert_good_articles_arrived(crawl)


@pytest.mark.parametrize(
    ("path", "target"),
    [(fs.PRIVATE_10, fs.PRIVATE_10_TARGET), (fs.PRIVATE_192, fs.PRIVATE_192_TARGET)],
    ids=["10.0.0.1", "192.168.1.1"],
)
def test_redirect_to_private_address_is_refused_before_any_connection(
    crawl: HostileCrawl, path: str, target: str
) -> None:
    [line] = crawl.lines("Refused", crawl.url(path), "private_address")
    assert target in line
    assert crawl.stats["newscrawl/refused/private_address"] >= 2
    _never_requested(crawl, target)
    assert_good_articles_arrived(crawl)


def test_link_to_private_address_is_refused(crawl: HostileCrawl) -> None:
    # The front page links straight to 10.0.0.1: neither the page nor its robots.txt is fetched.
    # The spider already leaves it as an off-site link; were it scheduled, the guard would refuse it.
    refused = crawl.lines("Refused", fs.PRIVATE_LINK, "private_address")
    assert len(refused) == 1 or crawl.stats["newscrawl/discovery/offsite"] >= 1
    assert len(crawl.lines("Refused", "http://10.0.0.1/robots.txt", "private_address")) <= 1
    _never_requested(crawl, fs.PRIVATE_LINK)
    assert_good_articles_arrived(crawl)


def test_nothing_off_site_or_non_http_is_fetched(crawl: HostileCrawl) -> None:
    assert "tripwire/blocked" not in crawl.stats
    # Every request the downloader sent arrived at the fault server: none went anywhere else.
    served = sum(len(times) for times in crawl.server.hits.values())
    assert crawl.stats["downloader/request_count"] == served
    fetched_hosts = {host for host, site in crawl.summary["sites"].items() if site["fetched"]}
    assert fetched_hosts == {f"127.0.0.1:{crawl.server.port}"}


# --- the whole crawl ---------------------------------------------------------------------------------


def test_whole_crawl_is_bounded_in_time_and_memory(
    crawl: HostileCrawl, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print(
            f"\n[hostile crawl] {crawl.seconds:.1f} s, child peak RSS {crawl.peak_rss_mib:.0f} MiB, "
            f"{len(crawl.result.items)} articles, {crawl.stats.get('downloader/request_count')} requests"
        )
    assert crawl.seconds < TIME_BOUND_SECONDS
    assert crawl.peak_rss_mib < RSS_BOUND_MIB
    assert crawl.stats.get("finish_reason") == "finished"
    assert_good_articles_arrived(crawl)


def test_summary_reports_each_outcome_per_site(crawl: HostileCrawl) -> None:
    site = crawl.summary["sites"][f"127.0.0.1:{crawl.server.port}"]
    assert site["emitted"] == len(crawl.server.good_articles())
    assert site["skipped_by_reason"] == {
        "binary": 2,
        "empty": 1,
        "interstitial": 1,
        "soft_404": 1,
        "too_large": 3,
    }
    assert site["refused_by_reason"]["redirect_offsite"] == 2
    assert site["failed_by_reason"]["timeout"] == 1
    assert site["retried_by_reason"]["http_429"] == 1
    private = sum(
        entry.get("refused_by_reason", {}).get("private_address", 0)
        for entry in crawl.summary["sites"].values()
    )
    assert private >= 2  # the two redirects into private networks
    assert crawl.summary["totals"]["emitted"] == len(crawl.server.good_articles())
    assert "Crawl summary (finished, exit code 0): requests" in crawl.result.log
    assert site["requests"] == sum(len(times) for times in crawl.server.hits.values())
    assert site["fetched_by_status"]["200"] >= len(crawl.server.good_articles())
    line = rf"  127\.0\.0\.1:{crawl.server.port}: requests \d+; fetched \d+; emitted 15;"
    assert re.search(line, crawl.result.log)
    assert_good_articles_arrived(crawl)
