"""Stopping and resuming a shared crawl, and service-mode workers that wait for pushed sites."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from newscrawl.distributed import cli
from newscrawl.distributed.keys import CrawlKeys
from tests.distributed_support import canonical_counts, count_lines, log_tail, start_worker, worker_feeds
from tests.newssite import NewsSite, serve

pytestmark = pytest.mark.crawl

ARTICLES = 400


@pytest.fixture(scope="module")
def site() -> NewsSite:
    return NewsSite(ARTICLES, discovery=False)


@pytest.fixture(scope="module")
def site_url(site: NewsSite) -> Iterator[str]:
    with serve(site) as server:
        yield server.root


def wait_until(predicate: Callable[[], bool], timeout: float = 120) -> bool:
    """Poll ``predicate`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def finish(proc: subprocess.Popen[bytes], workdir: Path, name: str, timeout: float = 180) -> None:
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"{name} did not exit:\n{log_tail(workdir, name)}")
    assert proc.returncode == 0, log_tail(workdir, name)


def only_feed(workdir: Path) -> Path:
    feeds = [p for p in (workdir / "output" / "news").glob("*.jsonl") if not p.name.endswith("rejects.jsonl")]
    return feeds[0] if len(feeds) == 1 else Path("/nonexistent")


def test_stopped_crawl_resumes_where_it_stopped(
    tmp_path: Path, redis_url: str, site_url: str, site: NewsSite
) -> None:
    crawl = {"NEWSCRAWL_REDIS_CRAWL": "resume", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}
    first = start_worker(tmp_path / "a", "first", site_url, redis_url, **crawl)
    assert wait_until(lambda: count_lines(only_feed(tmp_path / "a")) >= ARTICLES // 4)
    first.send_signal(signal.SIGINT)  # Ctrl-C: graceful stop
    finish(first, tmp_path / "a", "first")

    client = redis.Redis.from_url(redis_url)
    info = cli.status(client, CrawlKeys("resume"))
    assert info["queue"] > 0 and info["in_flight"] == 0 and info["run"], info
    assert info["workers"] == {} or all(not w["alive"] for w in info["workers"].values())

    second = start_worker(tmp_path / "b", "second", site_url, redis_url, **crawl)
    finish(second, tmp_path / "b", "second")
    assert "Joining shared crawl" in (tmp_path / "b" / "second.log").read_text()
    counts = canonical_counts({**worker_feeds(tmp_path / "a"), **worker_feeds(tmp_path / "b")})
    assert set(counts) == site.article_paths()
    assert max(counts.values()) == 1
    assert 0 < len(worker_feeds(tmp_path / "a")[only_feed(tmp_path / "a")]) < ARTICLES


def test_service_worker_waits_for_pushed_sites(
    tmp_path: Path, redis_url: str, site_url: str, site: NewsSite
) -> None:
    crawl = {"NEWSCRAWL_REDIS_CRAWL": "service", "NEWSCRAWL_REDIS_SERVICE": "1"}
    worker = start_worker(tmp_path, "svc", site_url + "world/", redis_url, **crawl)
    per_section = sum(a.section == "world" for a in site.articles)
    assert per_section == sum(a.section == "science" for a in site.articles)
    assert wait_until(lambda: count_lines(only_feed(tmp_path)) >= per_section), log_tail(tmp_path, "svc")
    time.sleep(4)  # well past the idle grace: a one-off worker would have exited by now
    assert worker.poll() is None, log_tail(tmp_path, "svc")

    cli.main(["--redis", redis_url, "--crawl", "service", "push", site_url + "science/"])
    assert wait_until(lambda: count_lines(only_feed(tmp_path)) >= 2 * per_section), log_tail(tmp_path, "svc")
    worker.send_signal(signal.SIGTERM)
    finish(worker, tmp_path, "svc")
    items = [json.loads(line) for line in only_feed(tmp_path).read_text().splitlines()]
    assert len(items) == len({i["canonicalUrl"] for i in items}) == 2 * per_section
