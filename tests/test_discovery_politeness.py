"""Politeness: who we say we are, crawl limits as arguments, retries that back off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.middlewares.retry_backoff import backoff_delay
from newscrawl.responses.retry_after import retry_after_seconds
from tests.helpers import crawl_site
from tests.mockserver import MockServer, Response, fail_first
from tests.newssite import serve


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_delay(n, 1.0, 5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    assert backoff_delay(1, 1.0, 60.0, retry_after=30) == 30
    assert backoff_delay(1, 1.0, 10.0, retry_after=3600) == 10


def test_retry_after_header_forms() -> None:
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.crawl
def test_user_agent_names_the_contact_and_max_articles_stops_the_crawl(tmp_path: Path) -> None:
    with serve() as server:
        result = crawl_site(
            tmp_path,
            "-a",
            f"sitemap={server.base}/sitemap_index.xml",
            "-a",
            "max_articles=5",
            settings={"NEWSCRAWL_CONTACT": "mailto:crawl-ops@example.org", "CONCURRENT_REQUESTS": "1"},
        )
        agents = server.user_agents
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["finish_reason"] == "max_articles"
    assert len(result.items) == 5  # exactly the number asked
    assert agents == {"newscrawl/0.1 (+mailto:crawl-ops@example.org; news archive crawler)"}


STORY = "/news/2024/07/01/a-story-that-fails-twice-first"


@pytest.fixture
def flaky() -> Iterator[tuple[str, list[float]]]:
    """503 twice, then the page; robots.txt is absent."""
    page = Response(
        b"<html><head><title>Story</title></head><body><h1>Story</h1></body></html>", content_type="text/html"
    )
    with MockServer({STORY: fail_first(2, Response(b"", 503, content_type=None), page)}) as server:
        yield server.base, server.hits[STORY]


@pytest.mark.crawl
def test_retries_wait_longer_each_time(flaky: tuple[str, list[float]], tmp_path: Path) -> None:
    base, hits = flaky
    result = crawl_site(
        tmp_path,
        "-a",
        f"url={base}/news/2024/07/01/a-story-that-fails-twice-first",
        settings={"RETRY_TIMES": "3", "NEWSCRAWL_RETRY_BACKOFF_BASE": "0.4"},
    )
    assert result.returncode == 0, result.log[-3000:]
    assert len(hits) == 3
    assert result.stats["retry/count"] == 2
    assert result.stats["newscrawl/retry/backoff"] == 2
    assert result.stats["newscrawl/retry/backoff_seconds"] == pytest.approx(0.4 + 0.8)
    first_gap, second_gap = hits[1] - hits[0], hits[2] - hits[1]
    assert first_gap >= 0.4 and second_gap >= 0.8
