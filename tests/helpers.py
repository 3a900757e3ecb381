"""Shared test helpers: paths, the shared corpus, and running real crawls in a subprocess.

`run_crawl` runs ``scrapy crawl news`` once and collects items, rejects, stats and log; `crawl_site`
does so with `FAST` settings for a crawl of a local mock server; `crawl_command` and
`stop_crawl_midway` start a crawl to interrupt it. Tests that call them carry the ``crawl`` marker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
# The real third-party corpora live beside the clone (``../shared``); NEWSCRAWL_SHARED points elsewhere
# (the lock refresh runs the suite in a temporary clone).
SHARED = Path(os.environ.get("NEWSCRAWL_SHARED") or REPO.parent / "shared")

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (real third-party pages) is not present in this clone"
)


@dataclass
class CrawlResult:
    """What one `scrapy crawl` run left behind."""

    items: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    returncode: int


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSON-lines file (empty list when the file does not exist)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_crawl(
    tmp_path: Path, *args: str, settings: dict[str, Any] | None = None, timeout: float = 180
) -> CrawlResult:
    """Run ``scrapy crawl news ARGS`` in a subprocess from the repo and collect items, rejects, stats."""
    out, rejects, stats = tmp_path / "items.jsonl", tmp_path / "rejects.jsonl", tmp_path / "stats.json"
    merged = {
        "NEWSCRAWL_STATS_FILE": str(stats),
        "NEWSCRAWL_REJECTS_FEED": str(rejects),
        "NEWSCRAWL_STATE_DIR": str(tmp_path / "state"),
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(out), *args]
    for key, value in merged.items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)
    return CrawlResult(
        items=read_jsonl(out),
        rejects=read_jsonl(rejects),
        stats=json.loads(stats.read_text()) if stats.exists() else {},
        log=proc.stderr,
        returncode=proc.returncode,
    )


# Settings every test crawl of a local mock server uses: fast, but robots.txt still obeyed.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "0",
    "NEWSCRAWL_FEED_FSYNC": "False",
}


def crawl_site(tmp: Path, *args: str, settings: dict[str, Any] | None = None) -> CrawlResult:
    """``scrapy crawl news ARGS`` against a local site with the `FAST` settings."""
    tmp.mkdir(parents=True, exist_ok=True)
    return run_crawl(tmp, *args, settings={**FAST, **(settings or {})}, timeout=120)


def crawl_command(out: Path, *args: str, settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a `FAST` test crawl writing its items to ``out``."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(out), *args]
    for key, value in {**FAST, **settings}.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd, {**os.environ, "PYTHONPATH": str(REPO)}


def stop_crawl_midway(out: Path, *args: str, settings: dict[str, Any], stop: int, lines: int = 12) -> None:
    """Run a test crawl writing to ``out`` and send it ``stop`` once ``lines`` items are written.

    Fails when the crawl ends on its own first (it must be stopped midway to test resuming).
    """
    cmd, env = crawl_command(out, *args, settings=settings)
    with out.with_suffix(".log").open("w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        deadline = time.monotonic() + 60
        while _line_count(out) < lines and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before it could be stopped"
        proc.send_signal(stop)
        proc.wait(timeout=60)


def _line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0
