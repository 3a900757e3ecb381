"""A feed that cannot be written (a full disk) never loses an article silently (issue #17, item 1).

An article is recorded as emitted only once its line is in the feed: a run whose disk fills up cuts
the line it was writing, stops writing, records none of what it did not write, says so in one error
line, the summary and the exit code (1) — and the next run, with space again, emits exactly the
articles the failed one did not write.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.extensions.feed_files import FeedFailedError, FeedFiles
from newscrawl.outcome import LOST
from newscrawl.state import open_store
from tests.fault_support import SPACE_SETTING, _FillingFile
from tests.helpers import FAST, REPO, crawl_site, read_jsonl
from tests.newssite import NewsSite, serve

ARTICLES = 60
SPACE = 40_000  # bytes: room for a dozen or so article lines, then ENOSPC


def test_a_failed_write_leaves_no_torn_line_and_fails_the_file_for_good(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    files = FeedFiles(fsync=False, sync_interval=0.5)
    feed = files.open(_FillingFile(path, "wb", 30), path)
    feed.write(b'{"url": "a"}\n')  # 13 bytes
    with pytest.raises(OSError) as failed:
        feed.write(b'{"url": "b", "long": "xxxxxxxxxxxx"}\n')  # 17 bytes fit, then ENOSPC
    assert failed.value.errno == errno.ENOSPC
    assert path.read_bytes() == b'{"url": "a"}\n'  # the 17 bytes of the torn line were cut off
    with pytest.raises(FeedFailedError):
        feed.write(b"{}\n")
    feed.close()


def _settings(state: Path, **extra: str) -> dict[str, str]:
    return {
        "NEWSCRAWL_STATE_DIR": str(state),
        "NEWSCRAWL_REJECTS_FEED": "",
        "NEWSCRAWL_FEED_FSYNC": "True",
        **extra,
    }


@pytest.mark.crawl
def test_a_full_disk_fails_the_run_and_the_next_run_emits_the_rest_exactly_once(tmp_path: Path) -> None:
    site = NewsSite(count=ARTICLES)
    state = tmp_path / "state"
    with serve(site) as server:
        storage = {scheme: "tests.fault_support.FullDiskFeedStorage" for scheme in ("", "file")}
        first = crawl_site(
            tmp_path / "run1",
            "-a",
            f"url={server.base}/",
            settings=_settings(state, FEED_STORAGES=json.dumps(storage), **{SPACE_SETTING: str(SPACE)}),
        )
        assert first.returncode == LOST, first.log[-3000:]
        assert first.stats["finish_reason"] == "feed_failed"
        assert first.stats["newscrawl/feed/failed"] == 1
        assert first.stats["newscrawl/feed/write_failed"] >= 1
        # One clear line, not a traceback per article.
        assert "Traceback" not in first.log, first.log[-3000:]
        errors = [line for line in first.log.splitlines() if "cannot be written ([Errno 28]" in line]
        assert len(errors) == 1, errors
        feed = tmp_path / "run1" / "items.jsonl"
        data = feed.read_bytes()
        assert data.endswith(b"\n"), "a torn line was left in the feed"
        written = first.items
        assert 3 <= len(written) < ARTICLES
        assert "Crawl summary (feed_failed, exit code 1)" in first.log
        assert "FAILED: feed" in first.log and "not written" in first.log
        # The store holds exactly what the feed holds.
        store = open_store(state)
        assert all(store.get(item["canonicalUrl"]) for item in written)
        recorded = {u for (u,) in store._db.execute("SELECT url FROM seen")}  # type: ignore[attr-defined]
        store.close()
        assert {item["canonicalUrl"] for item in written} <= recorded
        assert len({u for u in recorded if u.startswith(server.base)}) <= 2 * len(written)
        not_in_feed = {server.base + p for p in site.article_paths()} - {i["canonicalUrl"] for i in written}
        assert not (not_in_feed & recorded), "an article not in the feed was recorded as emitted"

        second = crawl_site(tmp_path / "run2", "-a", f"url={server.base}/", settings=_settings(state))
        assert second.returncode == 0, second.log[-3000:]
    urls = [item["url"] for item in written + second.items]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    assert sorted(urls) == sorted(server.base + p for p in site.article_paths())


def _tmpfs_available() -> bool:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True
    )
    return probe.returncode == 0


@pytest.mark.crawl
@pytest.mark.skipif(not _tmpfs_available(), reason="cannot mount a tmpfs here (needs user namespaces)")
def test_a_real_full_tmpfs_fails_the_run_with_exit_1(tmp_path: Path) -> None:
    """The same on a real 200 KB tmpfs (in a private mount namespace), as the issue reproduced it."""
    site = NewsSite(count=ARTICLES * 2)
    mount = tmp_path / "disk"
    mount.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    with serve(site) as server:
        settings = {**FAST, **_settings(tmp_path / "state"), "NEWSCRAWL_STATS_FILE": str(out / "stats.json")}
        crawl = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", f"{mount}/items.jsonl"]
        crawl += ["-a", f"url={server.base}/"]
        for key, value in settings.items():
            crawl += ["-s", f"{key}={value}"]
        script = (
            f'mount -t tmpfs -o size=200k tmpfs "{mount}" && cd "{REPO}" && "$@"; rc=$?; '
            f'cp "{mount}/items.jsonl" "{out}/" 2>/dev/null; exit $rc'
        )
        done = subprocess.run(
            ["unshare", "-rm", "sh", "-c", script, "sh", *crawl],
            capture_output=True,
            text=True,
            timeout=240,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    assert done.returncode == LOST, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[done.stderr.find("Traceback") - 300 :][:3000]
    stats = json.loads((out / "stats.json").read_text())
    assert stats["finish_reason"] == "feed_failed"
    lines = read_jsonl(out / "items.jsonl")
    assert (out / "items.jsonl").read_bytes().endswith(b"\n")
    store = open_store(tmp_path / "state")
    recorded = {u for (u,) in store._db.execute("SELECT url FROM seen")}  # type: ignore[attr-defined]
    store.close()
    written = {item["canonicalUrl"] for item in lines}
    assert written <= recorded
    missing = {server.base + p for p in site.article_paths()} - written
    assert missing and not (missing & recorded)

