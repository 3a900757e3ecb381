"""Start newscrawl workers of a shared crawl as subprocesses and read what they exported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.helpers import REPO

# Fast and local: no politeness delays against the 127.0.0.1 test site; short heartbeat and grace.
FAST_WORKER_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",
    "LOGSTATS_INTERVAL": "600",
    "NEWSCRAWL_REDIS_TICK": "0.5",
    "NEWSCRAWL_REDIS_HEARTBEAT_TTL": "3",
    "NEWSCRAWL_REDIS_IDLE_GRACE": "2",
}


def start_worker(
    workdir: Path,
    name: str,
    start_url: str,
    redis_url: str,
    *,
    settings_module: str = "newscrawl.settings",
    **settings: str,
) -> subprocess.Popen[bytes]:
    """``scrapy crawl news -a url=START -a depth=1 -s NEWSCRAWL_REDIS_URL=...`` run from ``workdir``.

    The worker writes its default per-worker feed under ``workdir/output/news/``, its log to
    ``workdir/<name>.log`` and its final stats to ``workdir/<name>.stats.json``.
    """
    merged = {
        **FAST_WORKER_SETTINGS,
        "NEWSCRAWL_REDIS_URL": redis_url,
        "NEWSCRAWL_STATS_FILE": str(workdir / f"{name}.stats.json"),
        **settings,
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={start_url}", "-a", "depth=1"]
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": settings_module}
    workdir.mkdir(parents=True, exist_ok=True)
    with open(workdir / f"{name}.log", "wb") as log:
        return subprocess.Popen(cmd, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=log)


def worker_feeds(workdir: Path) -> dict[Path, list[dict[str, Any]]]:
    """Every per-worker article feed under ``workdir/output/news`` (rejects feeds excluded)."""
    feeds = {}
    for path in sorted((workdir / "output" / "news").glob("*.jsonl")):
        if path.name.endswith(".rejects.jsonl"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        feeds[path] = [json.loads(line) for line in lines if line.strip()]
    return feeds


def count_lines(feed: Path) -> int:
    """How many complete lines a feed being written holds so far."""
    return feed.read_bytes().count(b"\n") if feed.exists() else 0


def canonical_counts(feeds: dict[Path, list[dict[str, Any]]]) -> Counter[str]:
    """How often each canonical URL (by path: the server's port changes between runs) occurs in the feeds."""
    return Counter(urlsplit(item["canonicalUrl"]).path for items in feeds.values() for item in items)


def read_stats(workdir: Path, name: str) -> dict[str, Any]:
    path = workdir / f"{name}.stats.json"
    return json.loads(path.read_text()) if path.exists() else {}


def log_tail(workdir: Path, name: str, chars: int = 3000) -> str:
    return (workdir / f"{name}.log").read_text(errors="replace")[-chars:]


def wait_all(procs: dict[str, subprocess.Popen[bytes]], workdir: Path, timeout: float) -> None:
    """Every worker must exit by itself, successfully, within ``timeout`` seconds in all (the others
    are killed and the test fails with the log of the one that did not)."""
    deadline = time.monotonic() + timeout
    for name, proc in procs.items():
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other in procs.values():
                other.kill()
            pytest.fail(f"worker {name} did not exit:\n{log_tail(workdir, name)}")
        assert proc.returncode == 0, log_tail(workdir, name)
