"""Worker liveness that does not depend on load: the lease thread.

Unit tests of the lease on a real redis-server, then a shared crawl in which one worker's reactor is
blocked for twice the TTL: its lease must hold (nothing re-queued), every article exactly once.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from newscrawl.distributed.keys import CrawlKeys
from newscrawl.distributed.lease import HeartbeatLease
from tests.distributed_support import (
    canonical_counts,
    log_tail,
    read_stats,
    start_worker,
    worker_feeds,
)
from tests.news_site_support import NewsSite, canonical, generate_site, serve_site
from tests.redis_support import redis_server

ARTICLES = 1000
TTL = 3.0  # NEWSCRAWL_REDIS_HEARTBEAT_TTL of the test workers (tests.distributed_support)
WORKER_TIMEOUT = 240


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(redis_url)
    conn.flushdb()
    yield conn
    conn.close()


# --- the lease thread --------------------------------------------------------------------------------


def test_the_lease_holds_while_the_main_thread_is_blocked_and_ends_with_stop(
    client: redis.Redis, redis_url: str
) -> None:
    keys, ttl = CrawlKeys("lease"), 1.5
    lease = HeartbeatLease(redis_url, keys, "w1", ttl)
    lease.start()
    assert client.sismember(keys.workers, "w1")
    end = time.monotonic() + 2 * ttl
    while time.monotonic() < end:  # busy in Python, as a long callback in the reactor thread would be
        pass
    time.sleep(ttl / 2)  # blocked in a call that releases the GIL
    assert client.exists(keys.heartbeat("w1")), "the lease expired while its thread should renew it"
    assert 0 < client.pttl(keys.heartbeat("w1")) <= ttl * 1000
    lease.stop()
    time.sleep(ttl + 0.3)
    assert not client.exists(keys.heartbeat("w1")), "renewed after stop()"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_late_renewal_is_counted_and_a_stalled_reactor_withholds_the_lease(
    client: redis.Redis, redis_url: str
) -> None:
    keys, clock = CrawlKeys("lease"), FakeClock()
    lease = HeartbeatLease(redis_url, keys, "w1", 3.0, stall_limit=60.0, clock=clock)
    lease.acquire()  # start() without the thread: renewals by hand
    clock.now += 1.0
    assert lease.renew() and lease.take_counts() == {}
    clock.now += 1.6  # more than half the TTL after the previous renewal
    assert lease.renew()
    assert lease.take_counts() == {"heartbeat_late": 1}
    clock.now += 61.0  # the reactor did not tick for longer than the stall limit
    assert not lease.renew() and not lease.renew()
    assert lease.take_counts() == {"heartbeat_withheld": 1}
    lease.progress()
    assert lease.renew()
    lease.stop()


# --- shared crawls -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> NewsSite:
    return generate_site(tmp_path_factory.mktemp("site"), ARTICLES)


@pytest.fixture(scope="module")
def site_url(site: NewsSite) -> Iterator[str]:
    with serve_site(site.root) as base:
        yield base + "/"


def wait_all(procs: dict[str, subprocess.Popen[bytes]], workdir: Path) -> None:
    deadline = time.monotonic() + WORKER_TIMEOUT
    for name, proc in procs.items():
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other in procs.values():
                other.kill()
            pytest.fail(f"worker {name} did not exit:\n{log_tail(workdir, name)}")
        assert proc.returncode == 0, log_tail(workdir, name)


def assert_every_article_once(workdir: Path, site: NewsSite) -> None:
    counts = canonical_counts(worker_feeds(workdir))
    missing = sorted({canonical(p) for p in site.articles} - set(counts))
    assert not missing, f"{len(missing)} lost, e.g. {missing[:3]}"
    doubled = [url for url, n in counts.items() if n > 1]
    assert not doubled, f"{len(doubled)} emitted twice, e.g. {doubled[:3]}"
    assert set(counts) == {canonical(p) for p in site.articles}


def test_a_worker_whose_reactor_is_blocked_past_the_ttl_keeps_its_lease(
    tmp_path: Path, redis_url: str, site_url: str, site: NewsSite
) -> None:
    crawl = {"NEWSCRAWL_REDIS_CRAWL": "stall"}
    stall = {"TEST_STALL_AFTER_ITEMS": str(ARTICLES // 10), "TEST_STALL_SECONDS": str(2 * TTL)}
    procs = {
        "steady": start_worker(tmp_path, "steady", site_url, redis_url, **crawl),
        "stalled": start_worker(
            tmp_path,
            "stalled",
            site_url,
            redis_url,
            settings_module="tests.distributed_stall",
            **crawl,
            **stall,
        ),
    }
    wait_all(procs, tmp_path)
    stats = {name: read_stats(tmp_path, name) for name in procs}
    assert stats["stalled"].get("test/reactor_stalled", 0) >= 2 * TTL, "the reactor was not blocked"
    for name, s in stats.items():
        assert "newscrawl/distributed/reaped_workers" not in s, (name, log_tail(tmp_path, name))
        assert "newscrawl/distributed/requeued" not in s
        assert "newscrawl/distributed/rejoined" not in s
    assert_every_article_once(tmp_path, site)


def test_the_lease_thread_is_a_daemon_so_a_hung_exit_is_not_held(redis_url: str) -> None:
    lease = HeartbeatLease(redis_url, CrawlKeys("lease"), "w9", 3.0)
    lease.start()
    threads = [t for t in threading.enumerate() if t.name == "lease-w9"]
    assert len(threads) == 1 and threads[0].daemon
    lease.stop()
    assert not threads[0].is_alive()
