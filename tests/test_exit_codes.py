"""Exit codes a scheduler can act on: how a crawl ended, from its final stats."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.outcome import LOST, NOTHING_FETCHED, OK, exit_code
from tests.helpers import FIXTURES, run_crawl


@pytest.mark.parametrize(
    ("stats", "code"),
    [
        ({"finish_reason": "finished", "downloader/request_count": 9, "response_received_count": 9}, OK),
        ({"finish_reason": "finished"}, OK),  # nothing to fetch at all (everything known): fine
        (
            {"finish_reason": "finished", "downloader/request_count": 2, "newscrawl/failed/dns": 2},
            NOTHING_FETCHED,
        ),
        ({"finish_reason": "finished", "response_received_count": 5, "newscrawl/feed/write_failed": 1}, LOST),
        ({"finish_reason": "shutdown", "response_received_count": 5}, OK),  # a graceful stop
    ],
)
def test_exit_code_from_the_final_stats(stats: dict, code: int) -> None:
    assert exit_code(stats) == code


@pytest.mark.crawl
def test_a_crawl_where_every_request_failed_exits_3(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", "url=http://127.0.0.1:9/", settings={"RETRY_TIMES": 0})
    assert result.returncode == NOTHING_FETCHED, result.log[-2000:]
    assert "exit code 3" in result.log


@pytest.mark.crawl
def test_a_good_crawl_exits_0(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", "site=northbridge", settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)})
    assert result.returncode == OK, result.log[-2000:]
    assert len(result.items) == 6
