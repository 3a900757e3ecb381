"""Distributed mode keeps one seen-store for all workers, in Redis, whatever their state directories.

The incremental middleware (fetch an emitted article again?) and the seen-store writer (records after
the feed line, reconciliation of a killed run's feed tail) work against it; two workers on separate
state directories share it, and a fresh worker of a later run skips what they emitted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy import Request
from scrapy.crawler import Crawler

from newscrawl.distributed.addon import SEEN_STORE
from newscrawl.distributed.keys import CrawlKeys
from newscrawl.distributed.seen_store import RedisSeenStore
from newscrawl.extensions.seen_store_writer import SeenStoreWriter
from newscrawl.middlewares.incremental_filter import IncrementalMiddleware
from newscrawl.requestmeta import META_ARTICLE
from newscrawl.state.base import SeenRecord
from tests.crawlers import crawl_state, project_crawler
from tests.distributed_support import (
    canonical_counts,
    read_stats,
    start_worker,
    wait_all,
    worker_feeds,
)
from tests.newssite import NewsSite, serve

pytestmark = pytest.mark.crawl

ARTICLES = 300
ADDED = 10
WORKER_TIMEOUT = 180


def shared_crawler(redis_url: str, **settings: Any) -> Crawler:
    """A crawler of a worker of crawl ``seen``, configured by the add-ons."""
    crawler = project_crawler(
        NEWSCRAWL_REDIS_URL=redis_url, NEWSCRAWL_REDIS_CRAWL="seen", NEWSCRAWL_WORKER_ID="w1", **settings
    )
    assert crawler.settings["NEWSCRAWL_SEEN_STORE"] == SEEN_STORE
    return crawler


def test_the_incremental_middleware_skips_what_the_redis_store_has(
    client: redis.Redis, redis_url: str
) -> None:
    crawler = shared_crawler(redis_url)
    store = crawl_state(crawler).seen_store
    assert isinstance(store, RedisSeenStore)
    emitted, fresh = "https://n.example/news/1", "https://n.example/news/2"
    other = RedisSeenStore.from_url(redis_url, "seen")  # another worker's connection
    other.put(SeenRecord(emitted, "f1", None, None, time.time()))
    other.close()

    middleware = IncrementalMiddleware.from_crawler(crawler)
    requests = [Request(url, meta={META_ARTICLE: True}) for url in (emitted, fresh)]
    kept = list(middleware.process_spider_output(None, requests))  # type: ignore[arg-type]
    assert [r.url for r in kept] == [fresh]
    assert crawler.stats.get_value("newscrawl/incremental/skipped") == 1
    crawl_state(crawler).close()


def test_the_writer_records_and_reconciles_into_the_redis_store(
    tmp_path: Path, client: redis.Redis, redis_url: str
) -> None:
    # A previous run of this worker was killed after writing three lines but recording only the first.
    lines = [{"url": f"https://n.example/news/{n}", "fingerprint": f"f{n}"} for n in range(3)]
    feed = tmp_path / "run1.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines))
    job = tmp_path / "job"
    job.mkdir()
    (job / "newscrawl-feeds.json").write_text(json.dumps({"feeds": [str(feed)], "batch": 1}))
    store = RedisSeenStore.from_url(redis_url, "seen")
    store.put(SeenRecord(lines[0]["url"], "f0", None, None, 1.0))

    crawler = shared_crawler(redis_url, JOBDIR=str(job), NEWSCRAWL_STATE_DIR=str(tmp_path / "state"))
    writer = SeenStoreWriter.from_crawler(crawler)
    writer._reconcile(job / "newscrawl-feeds.json")
    assert crawler.stats.get_value("newscrawl/incremental/reconciled") == 2
    assert [store.get(line["url"]).fingerprint for line in lines] == ["f0", "f1", "f2"]  # type: ignore[union-attr]
    assert store.get(lines[0]["url"]).last_seen == 1.0  # type: ignore[union-attr]  (left alone)

    writer._record([SeenRecord("https://n.example/news/9", "f9", None, None, 9.0)])
    writer.sync()  # group commit: the batch goes in with put_many
    assert store.get("https://n.example/news/9") == SeenRecord(
        "https://n.example/news/9", "f9", None, None, 9.0
    )
    assert not (tmp_path / "state" / "seen.sqlite3").exists(), "a local store was opened"
    store.close()
    crawl_state(crawler).close()


def test_store_writes_keep_the_run_mark_of_a_claim(client: redis.Redis, redis_url: str) -> None:
    keys = CrawlKeys("seen")
    client.set(keys.seed, "run-1")
    a = RedisSeenStore.from_url(redis_url, "seen", "a")
    record = SeenRecord("https://n.example/x", "f1", None, None, 1.0)
    assert a.claim(record, "a") == "new"
    a.confirm(record.url)
    # The seen-store writer records the article after the feed line (another fingerprint: the page
    # changed between two fetches) ...
    a.put_many([SeenRecord(record.url, "f2", None, "2026-11-20T10:00:00+00:00", 2.0)])
    # ... and a second copy in the same run is still a duplicate, not a 'changed' article.
    assert a.claim(SeenRecord(record.url, "f3", None, None, 3.0), "a") == "duplicate"
    a.close()


@pytest.fixture(scope="module")
def site() -> NewsSite:
    return NewsSite(ARTICLES, discovery=False)


@pytest.fixture(scope="module")
def site_url(site: NewsSite) -> Iterator[str]:
    with serve(site) as server:
        yield server.root


def run_workers(workdir: Path, names: list[str], site_url: str, redis_url: str) -> dict[str, dict]:
    """Start workers of crawl ``shared``, each with its own state directory; wait; their stats."""
    procs = {
        name: start_worker(
            workdir,
            name,
            site_url,
            redis_url,
            NEWSCRAWL_REDIS_CRAWL="shared",
            NEWSCRAWL_STATE_DIR=str(workdir / f"state-{name}"),
        )
        for name in names
    }
    wait_all(procs, workdir, WORKER_TIMEOUT)
    return {name: read_stats(workdir, name) for name in names}


def test_workers_on_separate_state_dirs_share_one_seen_store(
    tmp_path: Path, redis_url: str, site_url: str, site: NewsSite
) -> None:
    first = tmp_path / "first"
    run_workers(first, ["w1", "w2"], site_url, redis_url)
    counts = canonical_counts(worker_feeds(first))
    assert set(counts) == site.article_paths() and max(counts.values()) == 1
    for name in ("w1", "w2"):
        assert not (first / f"state-{name}" / "seen.sqlite3").exists(), "a worker opened a local seen-store"
    shared = redis.Redis.from_url(redis_url)
    assert shared.hlen(CrawlKeys("shared").seen) >= ARTICLES
    shared.close()

    added = {site.add_article().path for _ in range(ADDED)}
    second = tmp_path / "second"  # a fresh worker: new directory, new state directory
    stats = run_workers(second, ["w3"], site_url, redis_url)["w3"]
    counts = canonical_counts(worker_feeds(second))
    assert set(counts) == added and max(counts.values()) == 1
    assert stats.get("newscrawl/incremental/skipped") == ARTICLES, "emitted articles were fetched again"
    assert stats.get("newscrawl/distributed/new") == ADDED
    assert "newscrawl/distributed/unchanged" not in stats
