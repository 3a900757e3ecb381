"""Progress while a crawl runs, and a summary whose numbers agree with the stats (issue #16, item 9).

Progress was only Scrapy's per-minute line (no pending count, rate, failures or ETA until the end);
the end-of-run summary said ``requests 0, fetched 16`` in replay mode and ``skipped 0`` beside
``newscrawl/incremental/skipped: 6``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings

import newscrawl.settings as project
from newscrawl.extensions.progress import Progress, duration_text
from newscrawl.spiders.news import NewsSpider
from tests.crawlers import project_crawler
from tests.helpers import FIXTURES, run_crawl

REPLAY = {"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)}


def test_the_progress_line_has_fetched_articles_pending_rate_failures_and_eta() -> None:
    crawler = project_crawler(NEWSCRAWL_PROGRESS_INTERVAL=30)
    progress = Progress.from_crawler(crawler)
    stats = crawler.stats
    progress.started, progress._last = 1000.0, (1000.0, 0)
    stats.set_value("response_received_count", 90)
    stats.set_value("newscrawl/frontier/pending", 270)
    stats.set_value("newscrawl/failed/timeout", 2)
    stats.set_value("newscrawl/failed/http_404", 1)
    stats.set_value("newscrawl/retried/http_503", 4)
    progress.articles = 40
    line = progress.line(now=1030.0)
    assert line == (
        "Progress 30s: fetched 90 (3.0/s), articles 40, pending 270, failed 3 (timeout 2, http_404 1), "
        "retried 4, ETA 1m30s"
    )
    # The rate is the last interval's: 30 more pages in the next 30 s.
    stats.set_value("response_received_count", 120)
    stats.set_value("newscrawl/frontier/pending", 0)
    assert progress.line(now=1060.0).startswith("Progress 1m00s: fetched 120 (1.0/s), articles 40, pending 0")
    assert "ETA" not in progress.line(now=1090.0)


def test_duration_text() -> None:
    assert [duration_text(s) for s in (4.4, 59.6, 61, 3600 + 5 * 60 + 7)] == ["4s", "1m00s", "1m01s", "1h05m"]


def _started(cmdline: dict[str, object]) -> Settings:
    settings = Settings()
    settings.setmodule(project, priority="project")
    settings.setdict(cmdline, priority="cmdline")
    crawler = Crawler(NewsSpider, settings)
    crawler.spider = crawler._create_spider(url="https://n.example/")
    crawler.addons.load_settings(crawler.settings)
    return crawler.settings


def test_the_progress_line_replaces_scrapys_logstats_unless_asked_for() -> None:
    assert _started({}).getfloat("LOGSTATS_INTERVAL") == 0
    assert _started({"LOGSTATS_INTERVAL": 60}).getfloat("LOGSTATS_INTERVAL") == 60
    assert _started({"NEWSCRAWL_PROGRESS_INTERVAL": 0}).getfloat("LOGSTATS_INTERVAL") == 60  # Scrapy's


@pytest.mark.crawl
def test_a_crawl_logs_progress_and_a_summary_that_agrees_with_the_stats(tmp_path: Path) -> None:
    settings = {**REPLAY, "NEWSCRAWL_PROGRESS_INTERVAL": 0.2, "NEWSCRAWL_EXTRACT_PROCESSES": 0}
    first = run_crawl(tmp_path, "-a", "site=northbridge", settings=settings)
    assert first.returncode == 0, first.log[-2000:]
    lines = [line for line in first.log.splitlines() if "] INFO: Progress " in line]
    assert lines, first.log[-3000:]
    assert all(", articles " in line and ", pending " in line for line in lines)
    assert "Crawled 0 pages (at 0 pages/min)" not in first.log  # Scrapy's LogStats line is replaced
    summary = json.loads((tmp_path / "items.summary.json").read_text())
    totals, stats = summary["totals"], first.stats
    assert totals["requests"] == totals["fetched"] == stats["response_received_count"] == 16  # replay too
    assert totals["emitted"] == len(first.items) == 6
    assert summary["duration_s"] > 0 and summary["fetched_per_s"] > 0
    assert "Crawl summary (finished, exit code 0): requests 16, fetched 16 (" in first.log
    assert "; duration " in first.log

    again = run_crawl(tmp_path / "2", "-a", "site=northbridge", settings={
        **settings, "NEWSCRAWL_STATE_DIR": str(tmp_path / "state")})  # fmt: skip
    known = json.loads((tmp_path / "2" / "items.summary.json").read_text())["totals"]["known"]
    assert known == again.stats["newscrawl/incremental/skipped"] == 6
    assert "known 6 (emitted before, not fetched)" in again.log
