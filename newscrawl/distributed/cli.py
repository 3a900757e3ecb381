"""Command line for a shared crawl: push start URLs, watch progress, reset a stopped run.

python -m newscrawl.distributed push --redis redis://127.0.0.1:6379/0 https://site/ ...
python -m newscrawl.distributed status --redis redis://127.0.0.1:6379/0 [--json]
python -m newscrawl.distributed reset --redis redis://127.0.0.1:6379/0 [--forget-seen]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from newscrawl.distributed.connection import redis_from_url
from newscrawl.distributed.keys import CrawlKeys

DEFAULT_URL = "redis://127.0.0.1:6379/0"


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def push(client: Any, keys: CrawlKeys, urls: list[str]) -> int:
    """Append start URLs for the workers to pick up; returns the number waiting."""
    return int(client.rpush(keys.start_urls, *urls)) if urls else int(client.llen(keys.start_urls))


def status(client: Any, keys: CrawlKeys) -> dict[str, Any]:
    """Queue length, pushed start URLs, per-worker liveness / in-flight / items, seen-store size."""
    workers: dict[str, dict[str, Any]] = {}
    names = sorted(_text(w) or "" for w in client.smembers(keys.workers))
    items = {_text(k) or "": int(v) for k, v in client.hgetall(keys.items).items()}
    for name in sorted(set(names) | set(items)):
        workers[name] = {
            "alive": bool(client.exists(keys.heartbeat(name))),
            "in_flight": int(client.hlen(keys.inflight(name))),
            "items": items.get(name, 0),
        }
    return {
        "crawl": keys.crawl,
        "run": _text(client.get(keys.seed)),
        "queue": int(client.zcard(keys.requests)),
        "pushed_start_urls": int(client.llen(keys.start_urls)),
        "in_flight": sum(w["in_flight"] for w in workers.values()),
        "items": sum(items.values()),
        "seen_articles": int(client.hlen(keys.seen)),
        "fingerprints": int(client.scard(keys.dupefilter)),
        "workers": workers,
    }


def format_status(info: dict[str, Any]) -> str:
    """A short human-readable report of :func:`status`."""
    lines = [
        f"crawl {info['crawl']}  run {info['run'] or '(none open)'}",
        f"queue {info['queue']}  in flight {info['in_flight']}  start URLs {info['pushed_start_urls']}",
        f"items {info['items']}  seen articles {info['seen_articles']}  fingerprints {info['fingerprints']}",
    ]
    for name, w in info["workers"].items():
        state = "alive" if w["alive"] else "gone"
        lines.append(f"  {name:40} {state:5}  in flight {w['in_flight']:4}  items {w['items']}")
    return "\n".join(lines)


def reset(client: Any, keys: CrawlKeys, forget_seen: bool) -> int:
    """Abandon the current run (queue, fingerprints, seed, workers); keep the seen-store unless asked."""
    doomed = [
        keys.requests,
        keys.dupefilter,
        keys.seed,
        keys.start_urls,
        keys.workers,
        keys.items,
        keys.reaped,
        keys.bodies,
    ]
    patterns = ("inflight:*", "worker:*", "pending_bodies:*")
    doomed += [k for pattern in patterns for k in client.scan_iter(keys.prefix + pattern)]
    if forget_seen:
        doomed.append(keys.seen)
    return int(client.delete(*doomed))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.distributed", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--redis", default=os.environ.get("NEWSCRAWL_REDIS_URL") or DEFAULT_URL)
    parser.add_argument("--crawl", default="news", help="crawl name (NEWSCRAWL_REDIS_CRAWL; the spider name)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_push = sub.add_parser("push", help="push start URLs (sites) for the workers")
    p_push.add_argument("urls", nargs="+")
    p_status = sub.add_parser("status", help="queue length, in-flight and items per worker")
    p_status.add_argument("--json", action="store_true")
    p_reset = sub.add_parser("reset", help="abandon a stopped run")
    p_reset.add_argument("--forget-seen", action="store_true", help="also forget what earlier runs emitted")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    client = redis_from_url(args.redis)
    keys = CrawlKeys(args.crawl)
    if args.command == "push":
        waiting = push(client, keys, args.urls)
        print(f"pushed {len(args.urls)} start URL(s); {waiting} waiting")
    elif args.command == "status":
        info = status(client, keys)
        print(json.dumps(info, indent=1) if args.json else format_status(info))
    else:
        print(f"deleted {reset(client, keys, args.forget_seen)} key(s)", file=sys.stderr)
    return 0
