"""Shared crawls on a real redis-server: every article once, kills survived, reruns incremental."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.distributed_support import (
    canonical_counts,
    count_lines,
    log_tail,
    read_stats,
    start_worker,
    wait_all,
    worker_feeds,
)
from tests.newssite import NewsSite, serve

pytestmark = pytest.mark.crawl

ARTICLES = 2000
WORKER_TIMEOUT = 240


@pytest.fixture(scope="module")
def site() -> NewsSite:
    return NewsSite(ARTICLES, discovery=False)


@pytest.fixture(scope="module")
def site_url(site: NewsSite) -> Iterator[str]:
    with serve(site) as server:
        yield server.root


def expected_urls(site: NewsSite) -> set[str]:
    return site.article_paths()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory, redis_url: str, site_url: str) -> Path:
    """Two workers started with the same command crawl the site (crawl name ``news``)."""
    workdir = tmp_path_factory.mktemp("first-run")
    names = ["w1", "w2"]
    procs = {name: start_worker(workdir, name, site_url, redis_url) for name in names}
    wait_all(procs, workdir, WORKER_TIMEOUT)
    return workdir


def test_two_workers_emit_every_article_exactly_once(first_run: Path, site: NewsSite) -> None:
    feeds = worker_feeds(first_run)
    assert len(feeds) == 2, "one feed per worker, named with the worker id"
    counts = canonical_counts(feeds)
    assert set(counts) == expected_urls(site)
    assert max(counts.values()) == 1


def test_both_workers_did_a_real_share(first_run: Path) -> None:
    shares = [len(items) for items in worker_feeds(first_run).values()]
    assert min(shares) >= 0.25 * ARTICLES, shares


def test_one_worker_seeded_and_the_other_joined(first_run: Path) -> None:
    stats = [read_stats(first_run, name) for name in ("w1", "w2")]
    assert sorted("newscrawl/distributed/seeded_run" in s for s in stats) == [False, True]
    # The joiner skips every start request of its own (the start page, and robots.txt for sitemaps).
    skipped = sorted(s.get("newscrawl/distributed/start_skipped", 0) for s in stats)
    assert skipped[0] == 0 and skipped[1] >= 1
    assert all(s["finish_reason"] == "finished" for s in stats)


def test_killed_worker_loses_nothing_and_doubles_at_most_the_line_it_was_confirming(
    tmp_path: Path, redis_url: str, site_url: str, site: NewsSite
) -> None:
    crawl = {"NEWSCRAWL_REDIS_CRAWL": "killtest"}
    survivor = start_worker(tmp_path, "survivor", site_url, redis_url, **crawl)
    victim = start_worker(tmp_path, "victim", site_url, redis_url, **crawl)
    deadline = time.monotonic() + WORKER_TIMEOUT
    victim_feed: list[Path] = []
    while time.monotonic() < deadline and victim.poll() is None:
        victim_feed = [p for p in (tmp_path / "output" / "news").glob("*.jsonl") if _is_victims(p, tmp_path)]
        if victim_feed and count_lines(victim_feed[0]) >= ARTICLES // 5:
            break
        time.sleep(0.2)
    assert victim.poll() is None, "victim ended before the kill:\n" + log_tail(tmp_path, "victim")
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    wait_all({"survivor": survivor}, tmp_path, WORKER_TIMEOUT)

    counts = canonical_counts(worker_feeds(tmp_path))
    missing = sorted(expected_urls(site) - set(counts))
    assert not missing, f"{len(missing)} lost, e.g. {missing[:3]}"
    assert set(counts) == expected_urls(site)
    # A claim is confirmed right after its line is in the feed (never before: a failed write must not
    # count as emitted). A SIGKILL between the two leaves that one line unconfirmed: the reaper undoes
    # the claim and the survivor emits the article again. Nothing else may be doubled.
    doubled = {u for u, n in counts.items() if n > 1}
    victim_lines = worker_feeds(tmp_path)[victim_feed[0]]
    last = {urlsplit(victim_lines[-1]["canonicalUrl"]).path} if victim_lines else set()
    assert max(counts.values()) <= 2 and doubled <= last, sorted(doubled)[:5]
    stats = read_stats(tmp_path, "survivor")
    assert stats.get("newscrawl/distributed/reaped_workers") == 1


def _is_victims(feed: Path, workdir: Path) -> bool:
    """The victim's feed is named with the worker id its log announces."""
    log = (workdir / "victim.log").read_text(errors="replace")
    marker = "Distributed mode: worker "
    if marker not in log:
        return False
    worker = log.split(marker, 1)[1].split(" ", 1)[0]
    return feed.name.endswith(f"-{worker}.jsonl")


def test_second_run_emits_only_new_and_changed_articles(
    first_run: Path, tmp_path: Path, redis_url: str, site_url: str, site: NewsSite
) -> None:
    changed = {site.update_article(article).path for article in site.articles[:30]}
    added = {site.add_article().path for _ in range(25)}

    # The site gives no sitemap dates, so the workers learn of changed articles only by fetching the
    # emitted ones again: re-check everything (the shared seen-store would skip them for 3 days).
    names = ["w1", "w2"]
    recheck = {"NEWSCRAWL_RECHECK_AFTER": "0s"}
    procs = {name: start_worker(tmp_path, name, site_url, redis_url, **recheck) for name in names}
    wait_all(procs, tmp_path, WORKER_TIMEOUT)

    counts = canonical_counts(worker_feeds(tmp_path))
    assert set(counts) == changed | added
    assert max(counts.values()) == 1
    stats = [read_stats(tmp_path, name) for name in names]
    assert sum(s.get("newscrawl/distributed/unchanged", 0) for s in stats) == ARTICLES - len(changed)
    assert sum(s.get("newscrawl/distributed/changed", 0) for s in stats) == len(changed)
