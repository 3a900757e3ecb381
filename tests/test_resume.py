"""Pause and resume: a crawl stopped by Ctrl-C or killed outright continues with the same JOBDIR,
and across both runs' feeds every article appears exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.extensions.seen_store_writer import SeenStoreWriter, repair_feed_tail
from newscrawl.state import SeenRecord
from tests.crawlers import crawl_state, project_crawler
from tests.helpers import REPO, crawl_command, read_jsonl, stop_crawl_midway
from tests.newssite import SiteServer, serve


@pytest.fixture
def slow_server() -> Iterator[SiteServer]:
    with serve() as running:
        running.article_delay = 0.1  # long enough to stop the crawl midway
        yield running


@pytest.mark.crawl
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["sigkill", "ctrl-c"])
def test_stopped_crawl_resumes_with_every_article_exactly_once(
    slow_server: SiteServer, tmp_path: Path, stop: signal.Signals
) -> None:
    settings = {
        "JOBDIR": str(tmp_path / "job"),
        "NEWSCRAWL_STATE_DIR": str(tmp_path / "state"),
        "NEWSCRAWL_REJECTS_FEED": "",
        "CONCURRENT_REQUESTS": "2",
        "LOG_LEVEL": "INFO",
    }
    args = ("-a", f"url={slow_server.base}/")
    first_out, second_out = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    stop_crawl_midway(first_out, *args, settings=settings, stop=stop)
    first = read_jsonl(first_out)
    assert 12 <= len(first) < 52

    cmd, env = crawl_command(second_out, *args, settings=settings)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    second = read_jsonl(second_out)
    first = read_jsonl(first_out)  # re-read: a half-written last line may have been cut off

    urls = [item["url"] for item in first + second]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    assert sorted(urls) == sorted(slow_server.base + p for p in slow_server.site.article_paths())
    assert second, "the second run had nothing left to do"


def test_reconcile_records_the_last_feed_lines_and_cuts_a_torn_line(tmp_path: Path) -> None:
    feed = tmp_path / "run1.jsonl"
    lines = [
        {"url": "https://n.example/a", "canonicalUrl": "https://n.example/a", "fingerprint": "fa"},
        {"url": "https://n.example/b", "canonicalUrl": "https://n.example/b", "fingerprint": "fb"},
    ]
    feed.write_bytes(b"".join(json.dumps(x).encode() + b"\n" for x in lines) + b'{"url": "https://n.ex')
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "newscrawl-feeds.json").write_text(json.dumps([str(feed)]))
    crawler = project_crawler(JOBDIR=str(tmp_path / "job"), NEWSCRAWL_STATE_DIR=str(tmp_path / "state"))
    writer = SeenStoreWriter(crawler)
    store = crawl_state(crawler).seen_store
    # The store already had "a" (recorded normally); "b" reached the feed but not the store (killed).
    store.put(SeenRecord("https://n.example/a", "fa", None, None, 1.0))
    writer._reconcile(tmp_path / "job" / "newscrawl-feeds.json")
    assert store.get("https://n.example/b").fingerprint == "fb"
    assert store.get("https://n.example/a").last_seen == 1.0  # left alone
    assert [json.loads(x)["url"] for x in feed.read_text().splitlines()] == [x["url"] for x in lines]
    assert crawler.stats.get_value("newscrawl/incremental/reconciled") == 1
    crawl_state(crawler).close()


def test_repair_feed_tail_leaves_a_complete_file_alone(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text('{"a": 1}\n{"b": 2}\n')
    assert repair_feed_tail(feed) == [{"a": 1}, {"b": 2}]
    assert feed.read_text() == '{"a": 1}\n{"b": 2}\n'
