"""Worker liveness that does not depend on load: the lease thread, and a worker reaped while alive.

Unit tests on a real redis-server (the lease, the reaped marker, rejoining, settling undone claims at
write time), then two shared crawls: one worker's reactor blocked for twice the TTL (its lease must
hold: nothing re-queued), and one worker stopped (SIGSTOP) for twice the TTL (it is reaped; once it
runs again the crawl still ends with every article exactly once).
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from scrapy.exceptions import DropItem

from newscrawl.distributed.keys import CrawlKeys
from newscrawl.distributed.lease import HeartbeatLease
from newscrawl.distributed.pipeline import DistributedEmitPipeline
from newscrawl.distributed.scripts import REAP_AND_COUNT, REJOIN
from newscrawl.extensions.feed_files import DurableFileFeedStorage
from newscrawl.items import Article
from tests.crawlers import project_crawler
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

ARTICLES = 1000
TTL = 3.0  # NEWSCRAWL_REDIS_HEARTBEAT_TTL of the test workers (tests.distributed_support)
WORKER_TIMEOUT = 240


def reap(client: redis.Redis, keys: CrawlKeys) -> list[int]:
    """One reaping round as any worker's tick runs it."""
    script = client.register_script(REAP_AND_COUNT)
    out = script(keys=[keys.workers, keys.requests, keys.start_urls, keys.reaped], args=[keys.prefix])
    return [int(n) for n in out]


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


# --- reaped while alive ------------------------------------------------------------------------------


def test_a_reaped_worker_is_marked_and_takes_its_requests_back(client: redis.Redis) -> None:
    keys = CrawlKeys("rejoin")
    client.sadd(keys.workers, "w1")
    client.hset(keys.inflight("w1"), mapping={"busy": 5, "done": 6, "gone": 7})
    assert reap(client, keys)[0] == 3  # no heartbeat: all three back on the queue
    assert client.smembers(keys.reaped) == {b"w1"}
    client.zrem(keys.requests, "gone")  # another worker popped this one meanwhile

    script = client.register_script(REJOIN)
    adopted, withdrawn = script(keys=[keys.requests, keys.inflight("w1")], args=[2, "busy", "gone", "done"])
    assert (adopted, withdrawn) == (1, 1)
    assert client.zcard(keys.requests) == 0
    assert client.hgetall(keys.inflight("w1")) == {b"busy": b"5"}


class Writer:
    """Worker ``worker``'s emit pipeline and its durable feed file, as in a crawl."""

    def __init__(self, tmp_path: Path, redis_url: str, worker: str) -> None:
        settings = {
            "NEWSCRAWL_REDIS_URL": redis_url,
            "NEWSCRAWL_REDIS_CRAWL": "settle",
            "NEWSCRAWL_WORKER_ID": worker,
            "NEWSCRAWL_FEED_SYNC_INTERVAL": 0,
        }
        self.crawler = project_crawler(**settings)
        self.feed = tmp_path / f"{worker}.jsonl"
        storage = DurableFileFeedStorage.from_crawler(self.crawler, str(self.feed))
        self.file = storage.open(self.crawler.spider)
        self.pipeline = DistributedEmitPipeline.from_crawler(self.crawler)

    def export(self, article: Article, *, until_written: bool = False) -> None:
        """The pipeline claims, the feed exporter writes the line, the pipeline confirms."""
        self.pipeline.process_item(article)
        self.file.write(json.dumps(article.__dict__).encode() + b"\n")
        if not until_written:
            self.confirm(article)

    def confirm(self, article: Article) -> None:
        self.pipeline.item_scraped(article)

    def urls(self) -> list[str]:
        return [json.loads(line)["url"] for line in self.feed.read_text().splitlines()]

    def stat(self, name: str) -> int:
        return int(self.crawler.stats.get_value(f"newscrawl/distributed/{name}", 0))

    def close(self) -> None:
        self.file.close()
        self.pipeline.close_spider()


def _article(n: int) -> Article:
    url = f"https://n.example/news/{n}"
    return Article(
        url=url, canonicalUrl=url, headline=f"Story {n}", articleBody="x" * 300, fingerprint=f"f{n}"
    )


@pytest.fixture
def writers(tmp_path: Path, redis_url: str, client: redis.Redis) -> Iterator[Callable[[str], Writer]]:
    made: list[Writer] = []

    def make(worker: str) -> Writer:
        made.append(Writer(tmp_path, redis_url, worker))
        return made[-1]

    client.set(CrawlKeys("settle").seed, "run-1")
    yield make
    for writer in made:
        writer.close()


def test_a_line_written_after_another_worker_emitted_it_is_taken_back(
    client: redis.Redis, writers: Callable[[str], Writer]
) -> None:
    keys = CrawlKeys("settle")
    stopped, other = writers("stopped"), writers("other")
    stopped.export(_article(1))
    stopped.export(_article(2), until_written=True)  # stopped between writing the line and confirming
    assert reap(client, keys)[-1] == 1, "the unwritten claim is undone"
    other.export(_article(2))  # the re-queued request: the other worker emits the article
    stopped.confirm(_article(2))  # the stopped worker runs again
    assert stopped.urls() == [_article(1).url], "its second copy is cut off its feed"
    assert other.urls() == [_article(2).url]
    assert stopped.stat("retracted") == 1
    stopped.export(_article(3))  # the feed goes on after the cut
    assert stopped.urls() == [_article(1).url, _article(3).url]
    assert int(client.hget(keys.items, "stopped")) == 2


def test_an_undone_claim_nobody_took_is_claimed_again_at_write(
    client: redis.Redis, writers: Callable[[str], Writer]
) -> None:
    keys = CrawlKeys("settle")
    stopped, other = writers("stopped"), writers("other")
    stopped.export(_article(1), until_written=True)
    assert reap(client, keys)[-1] == 1
    stopped.confirm(_article(1))  # runs again before anyone fetched the re-queued request
    assert stopped.urls() == [_article(1).url] and stopped.stat("reclaimed") == 1
    with pytest.raises(DropItem):
        other.pipeline.process_item(_article(1))  # ... which is then a duplicate
    assert other.stat("duplicate") == 1
    assert int(client.hget(keys.items, "stopped")) == 1


# --- shared crawls -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> NewsSite:
    return NewsSite(ARTICLES, discovery=False)


@pytest.fixture(scope="module")
def site_url(site: NewsSite) -> Iterator[str]:
    with serve(site) as server:
        # Paced (at most 4 articles/s per connection): the crawl still has work when a worker stopped
        # for 2 TTLs resumes, however fast the machine.
        server.article_delay = 0.25
        yield server.root


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def assert_every_article_once(workdir: Path, site: NewsSite) -> None:
    counts = canonical_counts(worker_feeds(workdir))
    missing = sorted(site.article_paths() - set(counts))
    assert not missing, f"{len(missing)} lost, e.g. {missing[:3]}"
    doubled = [url for url, n in counts.items() if n > 1]
    assert not doubled, f"{len(doubled)} emitted twice, e.g. {doubled[:3]}"
    assert set(counts) == site.article_paths()


def feed_of(workdir: Path, worker: str) -> Path:
    found = list((workdir / "output" / "news").glob(f"*-{worker}.jsonl"))
    return found[0] if found else workdir / "none"


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
    wait_all(procs, tmp_path, WORKER_TIMEOUT)
    stats = {name: read_stats(tmp_path, name) for name in procs}
    assert stats["stalled"].get("test/reactor_stalled", 0) >= 2 * TTL, "the reactor was not blocked"
    for name, s in stats.items():
        assert "newscrawl/distributed/reaped_workers" not in s, (name, log_tail(tmp_path, name))
        assert "newscrawl/distributed/requeued" not in s
        assert "newscrawl/distributed/rejoined" not in s
    assert_every_article_once(tmp_path, site)


def test_a_worker_stopped_past_the_ttl_is_reaped_and_rejoins_without_loss_or_duplicate(
    tmp_path: Path, redis_url: str, site_url: str, site: NewsSite, client: redis.Redis
) -> None:
    crawl, keys = {"NEWSCRAWL_REDIS_CRAWL": "sigstop"}, CrawlKeys("sigstop")
    procs = {
        "survivor": start_worker(tmp_path, "survivor", site_url, redis_url, **crawl),
        "stopped": start_worker(
            tmp_path, "stopped", site_url, redis_url, NEWSCRAWL_WORKER_ID="stopped", **crawl
        ),
    }
    victim = procs["stopped"]
    written = wait_for(lambda: count_lines(feed_of(tmp_path, "stopped")) >= ARTICLES // 10, WORKER_TIMEOUT)
    assert written and victim.poll() is None, log_tail(tmp_path, "stopped")
    victim.send_signal(signal.SIGSTOP)
    try:
        stopped_at = time.monotonic()
        reaped = wait_for(lambda: bool(client.sismember(keys.reaped, "stopped")), 4 * TTL)
        time.sleep(max(0.0, stopped_at + 2 * TTL - time.monotonic()))
        remaining = client.zcard(keys.requests)
    finally:
        victim.send_signal(signal.SIGCONT)
    assert reaped, "the stopped worker was not reaped"
    assert remaining > 0, "the crawl must still have work when the stopped worker resumes"
    wait_all(procs, tmp_path, WORKER_TIMEOUT)

    stats = {name: read_stats(tmp_path, name) for name in procs}
    # Usually one reap. A second one is possible and harmless: the resumed worker's reactor may pop
    # or claim (which re-adds it to the workers set) a moment before its lease thread renews.
    assert stats["survivor"].get("newscrawl/distributed/reaped_workers", 0) >= 1
    assert stats["stopped"].get("newscrawl/distributed/rejoined", 0) >= 1, log_tail(tmp_path, "stopped")
    assert stats["stopped"].get("newscrawl/distributed/heartbeat_late", 0) >= 1
    assert "newscrawl/distributed/duplicate_written" not in stats["stopped"]
    assert_every_article_once(tmp_path, site)


def test_the_lease_thread_is_a_daemon_so_a_hung_exit_is_not_held(redis_url: str) -> None:
    lease = HeartbeatLease(redis_url, CrawlKeys("lease"), "w9", 3.0)
    lease.start()
    threads = [t for t in threading.enumerate() if t.name == "lease-w9"]
    assert len(threads) == 1 and threads[0].daemon
    lease.stop()
    assert not threads[0].is_alive()
