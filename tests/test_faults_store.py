"""A seen-store that is corrupted, read-only or locked never makes a silent run (issue #17, item 5).

A corrupted or read-only store stops the crawl before it starts (exit code 2, one line saying what is
wrong and what to do) instead of a run that emits nothing and exits 0. A store locked by another
process never blocks the crawl: writes wait in a background thread and are retried; what cannot be
written by the end is counted (exit 1) and read back from the feed by the next run.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.outcome import LOST, OK, USAGE
from newscrawl.state import SeenRecord, StoreUnusableError, check_store, open_store
from tests.helpers import FAST, REPO, crawl_site
from tests.newssite import NewsSite, serve

STORE = "seen.sqlite3"


def _settings(state: Path, **extra: str) -> dict[str, str]:
    return {"NEWSCRAWL_STATE_DIR": str(state), "NEWSCRAWL_REJECTS_FEED": "", **extra}


def _filled_store(state: Path) -> Path:
    store = open_store(state)
    store.put(SeenRecord("https://n.example/a", "fa", None, None, 1.0))
    store.close()
    return state / STORE


def test_check_store_tells_a_corrupted_store_and_passes_a_locked_one(tmp_path: Path) -> None:
    good = _filled_store(tmp_path / "good")
    check_store(good)
    check_store(tmp_path / "missing" / STORE)  # made on first use
    assert not (tmp_path / "missing").exists()
    bad = tmp_path / "bad" / STORE
    bad.parent.mkdir()
    bad.write_bytes(b"this is not a database, it was overwritten by a log file\n" * 100)
    with pytest.raises(StoreUnusableError, match=r"file is not a database.*mv .*\.bad"):
        check_store(bad)
    other = sqlite3.connect(good, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing: usable, its writes will wait
    try:
        started = time.monotonic()
        check_store(good)
        assert time.monotonic() - started < 2
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.crawl
def test_a_corrupted_store_stops_the_crawl_before_it_starts(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / STORE).write_bytes(b"\x00garbage" * 4096)
    with serve(NewsSite(count=5)) as server:
        result = crawl_site(tmp_path / "run", "-a", f"url={server.base}/", settings=_settings(state))
        assert not server.paths_requested(), "the crawl fetched pages with an unusable store"
    assert result.returncode == USAGE, result.log[-3000:]
    [line] = [x for x in result.log.splitlines() if "ERROR" in x and "cannot be used" in x]
    assert "file is not a database" in line and "The crawl did not start" in line
    assert result.items == []
    assert (state / STORE).read_bytes() == b"\x00garbage" * 4096  # left for the operator


def _can_remount_read_only() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,ro,bind /tmp /tmp"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.crawl
@pytest.mark.skipif(not _can_remount_read_only(), reason="cannot mount read-only here (user namespaces)")
def test_a_read_only_store_stops_the_crawl_before_it_starts(tmp_path: Path) -> None:
    state = tmp_path / "state"
    _filled_store(state)
    with serve(NewsSite(count=5)) as server:
        settings = {**FAST, **_settings(state)}
        crawl = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(tmp_path / "items.jsonl")]
        crawl += ["-a", f"url={server.base}/"]
        for key, value in settings.items():
            crawl += ["-s", f"{key}={value}"]
        # The state directory read-only for the crawl (a bind mount: even root cannot write to it).
        script = f'mount --bind "{state}" "{state}" && mount -o remount,ro,bind "{state}" && exec "$@"'
        done = subprocess.run(
            ["unshare", "-rm", "sh", "-c", script, "sh", *crawl],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )
        assert not server.paths_requested(), "the crawl fetched pages with an unusable store"
    assert done.returncode == USAGE, done.stderr[-3000:]
    [line] = [x for x in done.stderr.splitlines() if "ERROR" in x and "cannot be used" in x]
    assert "readonly" in line or "unable to open" in line, line
    assert "writable" in line


@pytest.mark.crawl
def test_a_store_locked_by_another_process_never_stalls_the_crawl(tmp_path: Path) -> None:
    state = tmp_path / "state"
    path = _filled_store(state)
    site = NewsSite(count=52)
    with serve(site) as server:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock for the whole run
        try:
            started = time.monotonic()
            first = crawl_site(
                tmp_path / "run1",
                "-a",
                f"url={server.base}/",
                settings=_settings(state, NEWSCRAWL_STATE_WRITE_TIMEOUT="2", NEWSCRAWL_FEED_SYNC_ITEMS="4"),
            )
            seconds = time.monotonic() - started
        finally:
            other.execute("ROLLBACK")
            other.close()
        # The lock is gone: the next run reads the articles back from the feed and emits none again.
        second = crawl_site(tmp_path / "run2", "-a", f"url={server.base}/", settings=_settings(state))
    # Every article emitted, at crawl speed (a reactor blocked 5 s per sync took minutes).
    assert len(first.items) == 52, first.log[-3000:]
    assert seconds < 60, seconds
    assert first.returncode == LOST, first.log[-3000:]
    assert first.stats["newscrawl/seen/sync_failed"] >= 52
    assert "Traceback" not in first.log
    errors = [x for x in first.log.splitlines() if "ERROR" in x and "seen-store could not be written" in x]
    assert len(errors) == 1, errors
    assert "FAILED:" in first.log and "seen-store records could not be written" in first.log
    assert second.returncode == OK, second.log[-3000:]
    assert second.stats.get("newscrawl/incremental/reconciled") == 52
    assert second.items == []
