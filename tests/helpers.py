"""Shared test helpers: paths, the shared corpus, and running real crawls in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
