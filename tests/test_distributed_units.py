"""Distributed-mode components against a real redis-server: add-on switch, queue, reaping, claims, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
import redis
from scrapy import Request
from scrapy.settings import Settings

from newscrawl.distributed import cli
from newscrawl.distributed.keys import CrawlKeys
from newscrawl.distributed.queue import InFlightPriorityQueue
from newscrawl.distributed.scripts import REAP_AND_COUNT
from newscrawl.distributed.seen_store import RedisSeenStore
from newscrawl.distributed.worker import DistributedWorker
from newscrawl.spiders.news import NewsSpider
from newscrawl.state.base import SeenRecord
from tests.helpers import REPO

pytestmark = pytest.mark.crawl

SETTINGS_PROBE = """
import json, sys
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor
import newscrawl.settings as project
from newscrawl.spiders.news import NewsSpider
from newscrawl.extensions.crawl_state import CrawlState
install_reactor(project.TWISTED_REACTOR)
settings = Settings()
settings.setmodule(project, priority="project")
settings.setdict(json.loads(sys.argv[1]), priority="cmdline")  # as -s gives them
crawler = Crawler(NewsSpider, settings)
crawler._apply_settings()  # loads the add-ons
s = crawler.settings
info = {
    "redis_imported": "redis" in sys.modules or "scrapy_redis" in sys.modules,
    "scheduler": s["SCHEDULER"], "dupefilter": s["DUPEFILTER_CLASS"],
    "persist": s.getbool("SCHEDULER_PERSIST"), "redis_url": s.get("REDIS_URL"),
    "queue_key": s.get("SCHEDULER_QUEUE_KEY"), "worker": s.get("NEWSCRAWL_WORKER_ID"),
    "feeds": sorted(s.getdict("FEEDS")),
    "pipelines": sorted(str(k) for k, v in s.getwithbase("ITEM_PIPELINES").items() if v is not None),
    "storages": s.getdict("FEED_STORAGES"),
    "seen_store_setting": s.get("NEWSCRAWL_SEEN_STORE"),
}
if s.get("NEWSCRAWL_REDIS_URL"):  # (the local default would create a SQLite file in the clone)
    info["seen_store"] = type(CrawlState.of(crawler).seen_store).__name__
print(json.dumps(info))
"""


def probe_settings(**settings: str) -> dict:
    """The settings (and seen-store) of a crawl given ``settings`` with ``-s``, as the add-on left them."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE, json.dumps(settings)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_the_url_nothing_of_redis_is_loaded() -> None:
    info = probe_settings()
    assert not info["redis_imported"]
    assert info["scheduler"] == "scrapy.core.scheduler.Scheduler"
    assert "newscrawl.distributed.pipeline.DistributedEmitPipeline" not in info["pipelines"]
    assert info["feeds"][0] == "output/%(name)s/%(time)s.jsonl"


def test_the_url_switches_scheduler_dupefilter_feeds_and_pipeline(redis_url: str) -> None:
    info = probe_settings(NEWSCRAWL_REDIS_URL=redis_url, NEWSCRAWL_WORKER_ID="w-7")
    assert info["scheduler"] == "newscrawl.distributed.scheduler.RedisScheduler"
    assert info["dupefilter"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert info["persist"] is True
    assert info["queue_key"] == "newscrawl:news:requests"
    assert "output/%(name)s/%(time)s-w-7.jsonl" in info["feeds"]
    assert "newscrawl.distributed.pipeline.DistributedEmitPipeline" in info["pipelines"]
    # Every worker's feed is written through line by line (the project's durable storage).
    assert info["storages"][""].endswith("DurableFileFeedStorage")


def test_the_url_switches_the_seen_store_to_redis_and_the_seen_pipeline_off(redis_url: str) -> None:
    local = probe_settings()
    assert local["seen_store_setting"] == ""
    assert "newscrawl.pipelines.seen.SeenPipeline" in local["pipelines"]
    info = probe_settings(NEWSCRAWL_REDIS_URL=redis_url)
    assert info["seen_store_setting"] == "newscrawl.distributed.seen_store.RedisSeenStore"
    assert info["seen_store"] == "RedisSeenStore"
    # The emit pipeline's atomic claim does the incremental pipeline's check across workers.
    assert "newscrawl.pipelines.seen.SeenPipeline" not in info["pipelines"]


def test_a_setting_given_with_s_beats_the_add_on_except_the_redis_url(redis_url: str) -> None:
    info = probe_settings(
        NEWSCRAWL_REDIS_URL=redis_url,
        NEWSCRAWL_SEEN_STORE="tests.test_incremental._MemoryStore",
        REDIS_URL="redis://elsewhere:1/0",
    )
    assert info["seen_store"] == "_MemoryStore"
    assert info["redis_url"] == redis_url, "scrapy-redis must use the crawl's Redis"


def test_each_worker_gets_its_own_id_and_feed(redis_url: str) -> None:
    a, b = probe_settings(NEWSCRAWL_REDIS_URL=redis_url), probe_settings(NEWSCRAWL_REDIS_URL=redis_url)
    assert a["worker"] != b["worker"]
    assert any(a["worker"] in feed for feed in a["feeds"])


def make_queue(client: redis.Redis, redis_url: str, worker: str) -> InFlightPriorityQueue:
    settings = Settings(
        {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_CRAWL": "unit", "NEWSCRAWL_WORKER_ID": worker}
    )
    crawler = SimpleNamespace(settings=settings, stats=None)
    spider = NewsSpider(url="http://127.0.0.1:9/")
    spider.crawler = crawler  # what the queue reads: settings (and stats on errors)
    return InFlightPriorityQueue(client, spider, CrawlKeys("unit").requests)


def reap(client: redis.Redis) -> list[int]:
    keys = CrawlKeys("unit")
    script = client.register_script(REAP_AND_COUNT)
    args = [keys.prefix]
    return [
        int(n) for n in script(keys=[keys.workers, keys.requests, keys.start_urls, keys.reaped], args=args)
    ]


def test_a_drained_worker_that_lets_the_spider_close_closes_the_run(
    client: redis.Redis, redis_url: str
) -> None:
    """The engine may ask between two ticks, after the grace ran out: the run must still be closed,
    or the next worker joins the finished run and finds nothing to do."""
    settings = Settings(
        {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_CRAWL": "unit", "NEWSCRAWL_WORKER_ID": "w1"}
    )
    worker = DistributedWorker(SimpleNamespace(settings=settings, stats=None))  # type: ignore[arg-type]
    client.set(CrawlKeys("unit").seed, "run-1")
    worker.idle_since = time.monotonic() - worker.grace  # drained, and no tick has run since
    worker.spider_idle(NewsSpider(url="http://127.0.0.1:9/"))  # lets the spider close
    assert not client.exists(CrawlKeys("unit").seed)


def test_pop_keeps_the_request_in_flight_until_finished(client: redis.Redis, redis_url: str) -> None:
    queue = make_queue(client, redis_url, "w1")
    queue.push(Request("http://127.0.0.1:9/a", priority=5))
    queue.push(Request("http://127.0.0.1:9/b"))
    request = queue.pop()
    assert request is not None and request.url.endswith("/a"), "highest priority first"
    assert len(queue) == 1
    assert client.hlen(queue.inflight_key) == 1
    assert queue.take_finished([request], min_age=0) == []
    done = queue.take_finished([], min_age=0)
    assert len(done) == 1 and client.hexists(queue.inflight_key, done[0])


def test_a_dead_workers_requests_go_back_to_the_queue(client: redis.Redis, redis_url: str) -> None:
    keys = CrawlKeys("unit")
    alive, dead = make_queue(client, redis_url, "alive"), make_queue(client, redis_url, "dead")
    for path in ("a", "b", "c"):
        alive.push(Request(f"http://127.0.0.1:9/{path}"))
    taken_alive, taken_dead = alive.pop(), dead.pop()
    client.sadd(keys.workers, "alive", "dead")
    client.set(keys.heartbeat("alive"), "alive", px=10_000)  # "dead" has no heartbeat

    requeued, inflight, queued, pushed, reaped, undone = reap(client)
    assert (requeued, inflight, queued, pushed, reaped, undone) == (1, 1, 2, 0, 1, 0)
    assert not client.exists(keys.inflight("dead"))
    assert client.smembers(keys.workers) == {b"alive"}
    urls = sorted(r.url for r in (alive.pop(), alive.pop()))
    assert taken_dead.url in urls and taken_alive.url not in urls


def test_seen_store_implements_get_and_put(client: redis.Redis) -> None:
    keys = CrawlKeys("unit")
    store = RedisSeenStore(client, keys.seen, seed_key=keys.seed, items_key=keys.items)
    assert store.get("http://x/a") is None
    record = SeenRecord("http://x/a", "f1", "2026-11-20T10:00:00+00:00", None, 1.5)
    store.put(record)
    assert store.get("http://x/a") == record


def test_claim_is_once_per_run_and_then_only_on_change(client: redis.Redis) -> None:
    keys = CrawlKeys("unit")
    store = RedisSeenStore(client, keys.seen, seed_key=keys.seed, items_key=keys.items)
    rec = SeenRecord("http://x/a", "f1", None, None, 1.0)
    client.set(keys.seed, "run-1")
    assert store.claim(rec, "w1") == "new"
    assert store.claim(rec, "w2") == "duplicate"
    assert store.claim(SeenRecord("http://x/a", "f2", None, None, 2.0), "w2") == "duplicate"
    client.set(keys.seed, "run-2")
    assert store.claim(rec, "w2") == "unchanged"
    client.set(keys.seed, "run-3")
    assert store.claim(SeenRecord("http://x/a", "f1", "2026-11-21", None, 3.0), "w2") == "changed"
    client.set(keys.seed, "run-4")
    assert store.claim(SeenRecord("http://x/a", "f9", "2026-11-21", None, 4.0), "w1") == "changed"
    assert store.get("http://x/a").fingerprint == "f9"
    assert client.hgetall(keys.items) == {b"w1": b"2", b"w2": b"1"}


def test_a_dead_workers_unwritten_claims_are_undone(client: redis.Redis) -> None:
    keys = CrawlKeys("unit")

    def store(worker: str) -> RedisSeenStore:
        return RedisSeenStore(
            client, keys.seen, seed_key=keys.seed, items_key=keys.items, pending_key=keys.pending(worker)
        )

    client.set(keys.seed, "run-1")
    old = SeenRecord("http://x/old", "f0", None, None, 1.0)
    assert store("dead").claim(old, "dead") == "new"
    store("dead").confirm(old.url)  # written in run 1
    client.set(keys.seed, "run-2")
    assert store("dead").claim(SeenRecord("http://x/old", "f1", None, None, 2.0), "dead") == "changed"
    assert store("dead").claim(SeenRecord("http://x/new", "f2", None, None, 2.0), "dead") == "new"
    assert store("alive").claim(SeenRecord("http://x/new", "f2", None, None, 2.0), "alive") == "duplicate"
    client.sadd(keys.workers, "dead")  # no heartbeat: dead before confirming its two claims

    assert reap(client)[-1] == 2
    assert store("alive").get("http://x/old") == old, "the record before the claim is back"
    assert store("alive").get("http://x/new") is None
    assert store("alive").claim(SeenRecord("http://x/new", "f2", None, None, 3.0), "alive") == "new"
    assert int(client.hget(keys.items, "dead")) == 1


def test_cli_push_and_status(client: redis.Redis, redis_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    keys = CrawlKeys("unit")
    assert cli.main(["--redis", redis_url, "--crawl", "unit", "push", "http://a/", "http://b/"]) == 0
    assert client.lrange(keys.start_urls, 0, -1) == [b"http://a/", b"http://b/"]
    client.sadd(keys.workers, "w1")
    client.set(keys.heartbeat("w1"), "w1")
    client.hset(keys.inflight("w1"), "payload", 0)
    client.hset(keys.items, "w1", 7)
    capsys.readouterr()
    cli.main(["--redis", redis_url, "--crawl", "unit", "status", "--json"])
    info = json.loads(capsys.readouterr().out)
    assert info["pushed_start_urls"] == 2
    assert info["in_flight"] == 1
    assert info["workers"]["w1"] == {"alive": True, "in_flight": 1, "items": 7}
    cli.main(["--redis", redis_url, "--crawl", "unit", "status"])
    assert "w1" in capsys.readouterr().out


def test_cli_reset_keeps_the_seen_store(client: redis.Redis, redis_url: str) -> None:
    keys = CrawlKeys("unit")
    client.zadd(keys.requests, {"r": 0})
    client.hset(keys.inflight("w1"), "payload", 0)
    client.hset(keys.seen, "http://x/a", "{}")
    cli.main(["--redis", redis_url, "--crawl", "unit", "reset"])
    assert not client.exists(keys.requests, keys.inflight("w1"))
    assert client.hexists(keys.seen, "http://x/a")
