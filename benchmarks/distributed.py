"""Distributed crawling: articles/second with 1 and 2 workers, and Redis traffic per article.

    python benchmarks/distributed.py [--articles 1000] [--workers 1,2]

Starts a redis-server on a free loopback port and a generated news site on 127.0.0.1 (the test
site of tests/test_distributed_crawl.py), then for each worker count runs a fresh shared crawl with
that many workers started at once. Speed is articles / (last feed write - launch), so Python start-up
counts and the idle grace before exit does not. Redis traffic comes from ``INFO commandstats`` reset
before each run: "commands" includes those run inside Lua scripts; "round-trips" is what clients sent
(commands minus script-internal ones and the ones pipelined into each bookkeeping tick).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import redis  # noqa: E402

from tests.distributed_support import canonical_counts, start_worker, worker_feeds  # noqa: E402
from tests.newssite import NewsSite, serve  # noqa: E402
from tests.redis_support import redis_server  # noqa: E402

AT_50_WORKERS = """\
At 50 workers (what would change):
- Redis load: ~14 commands and ~5 round-trips per article (pop script, dupefilter SADD, queue ZADD,
  claim script, claim confirmation). 50 workers at ~30 articles/s each are ~1,500 articles/s, about
  20k commands/s: well within one Redis core, but the Lua scripts run serially on it.
- Latency: redis-py calls block the worker's event loop. On loopback a round-trip is ~0.1 ms; across
  a network (0.5-1 ms) five per article cost 3-5 ms of a ~30 ms article. Next steps would be one
  "enqueue if unseen" script (SADD+ZADD in one round-trip) and an asyncio Redis client.
- Reaping is O(workers) per tick on every worker (O(n^2) overall): fine at 50 (~2,500 cheap commands/s
  with 1 s ticks), at hundreds use a longer tick or one elected reaper.
- Politeness: CONCURRENT_REQUESTS_PER_DOMAIN is per worker, so 50 workers on one site hit it 50 times
  harder. Crawl many sites at once (push them) or lower the per-domain limit; a shared per-domain
  limit in Redis is not implemented.
- Memory: the queue holds pickled requests (~0.5 KB each) and the dupefilter one 40-byte fingerprint
  per URL of the run (deleted when the run closes); the seen-store keeps one small record per article.
"""

# Commands that only run inside newscrawl's Lua scripts (pop, claim, reap, release).
SCRIPT_INTERNAL = {
    "zrange", "zrem", "hset", "hget", "hincrby", "get", "smembers", "exists", "hlen", "llen",
    "hgetall", "del", "srem",
}  # fmt: skip


def command_calls(client: redis.Redis) -> Counter[str]:
    stats = client.info("commandstats")
    return Counter({name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()})


def round_trips(calls: Counter[str]) -> int:
    """Client requests: every tick is one pipeline (hdel, set, sadd, evalsha of the reap script)."""
    ticks = calls["smembers"]  # the reap script reads the worker set once per tick
    internal = sum(calls[c] for c in SCRIPT_INTERNAL) + ticks  # + the reap script's zcard
    # heartbeat set, worker sadd and at most one hdel of finished requests ride along with the reap;
    # the other hdel calls are the per-article claim confirmations
    pipelined = 2 * ticks + min(calls["hdel"], ticks)
    return sum(calls.values()) - calls["info"] - calls["config"] - internal - pipelined


def run(workdir: Path, workers: int, site_url: str, redis_url: str, expected: int) -> dict[str, float]:
    client = redis.Redis.from_url(redis_url)
    client.config_resetstat()
    crawl = f"bench-{workers}"
    launched = time.monotonic()
    wall_launched = time.time()
    procs = [
        start_worker(workdir, f"w{i}", site_url, redis_url, NEWSCRAWL_REDIS_CRAWL=crawl, LOG_LEVEL="WARNING")
        for i in range(workers)
    ]
    for proc in procs:
        proc.wait(timeout=900)
    exited = time.monotonic() - launched
    calls = command_calls(client)
    feeds = worker_feeds(workdir)
    counts = canonical_counts(feeds)
    if len(counts) != expected or max(counts.values()) != 1:
        raise SystemExit(f"{workers} worker(s): {len(counts)} articles, expected {expected} once each")
    last_write = max(path.stat().st_mtime for path in feeds) - wall_launched
    articles = sum(counts.values())
    return {
        "workers": workers,
        "articles": articles,
        "seconds": last_write,
        "exit_seconds": exited,
        "per_second": articles / last_write,
        "commands": (sum(calls.values()) - calls["info"] - calls["config"]) / articles,
        "round_trips": round_trips(calls) / articles,
        "shares": sorted((len(items) for items in feeds.values()), reverse=True),
        "top": calls.most_common(6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        root = Path(tmp)
        site = NewsSite(args.articles, discovery=False)
        with redis_server(root / "redis") as redis_url, serve(site) as server:
            results = [
                run(root / f"run-{n}", n, server.root, redis_url, args.articles)
                for n in (int(w) for w in args.workers.split(","))
            ]
    header = f"{'workers':>7} {'articles':>8} {'seconds':>8} {'art/s':>7} {'cmds/art':>9} {'rtt/art':>8}"
    print(header + "  shares")
    for r in results:
        print(
            f"{r['workers']:>7} {r['articles']:>8} {r['seconds']:>8.1f} {r['per_second']:>7.1f} "
            f"{r['commands']:>9.2f} {r['round_trips']:>8.2f}  {r['shares']}"
        )
    for r in results:
        print(f"  {r['workers']} worker(s), most called: {r['top']}")
    if len(results) > 1:
        print(f"speed-up {results[-1]['workers']} vs {results[0]['workers']} worker(s): "
              f"{results[-1]['per_second'] / results[0]['per_second']:.2f}x")  # fmt: skip
    print(AT_50_WORKERS)


if __name__ == "__main__":
    main()
