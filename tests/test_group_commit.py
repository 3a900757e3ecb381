"""Group commit of the feed and the seen-store: records are written only after the feed lines they
claim were fsynced, in batches (by time, by count, at close), and a kill mid-batch is reconciled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from twisted.internet import task

from newscrawl.distributed.seen_store import RedisSeenStore
from newscrawl.extensions import feed_files
from newscrawl.extensions.feed_files import DurableFileFeedStorage, FeedFiles
from newscrawl.extensions.seen_store_writer import SeenStoreWriter, repair_feed_tail
from newscrawl.items import Article
from newscrawl.pipelines.seen import SeenPipeline, UnchangedArticle
from newscrawl.state import SeenRecord, open_store
from tests.crawlers import crawl_state, project_crawler
from tests.helpers import REPO, crawl_command, read_jsonl, stop_crawl_midway
from tests.newssite import SiteServer, serve
from tests.redis_support import redis_server

_REAL_FSYNC = os.fsync


def _article(n: int, body_chars: int = 300) -> Article:
    url = f"https://n.example/news/{n}"
    body = f"Story {n}. " + "x" * body_chars
    return Article(url=url, canonicalUrl=url, headline=f"Story {n}", articleBody=body, fingerprint=f"fp{n}")


def _line(article: Article) -> bytes:
    return json.dumps(article.__dict__).encode() + b"\n"


class FsyncLog:
    """Stands in for ``os.fsync`` in the feed storage: records, at each fsync, what the store had."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.store_sizes: list[int] = []  # records in the store (read by another connection) per fsync

    def __call__(self, fd: int) -> None:
        _REAL_FSYNC(fd)
        store = open_store(self.state_dir)
        self.store_sizes.append(len(store))  # type: ignore[arg-type]
        store.close()


class Setup:
    """A crawler with a durable feed file open and the seen-store writer, as in a crawl."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> None:
        self.state = tmp_path / "state"
        self.feed = tmp_path / "feed.jsonl"
        self.crawler: Crawler = project_crawler(
            NEWSCRAWL_STATE_DIR=str(self.state), JOBDIR=str(tmp_path / "job"), **settings
        )
        self.fsyncs = FsyncLog(self.state)
        monkeypatch.setattr(feed_files.os, "fsync", self.fsyncs)
        self.feed_files = self.crawler.get_extension(FeedFiles)
        storage = DurableFileFeedStorage.from_crawler(self.crawler, str(self.feed))
        self.file = storage.open(self.crawler.spider)  # type: ignore[arg-type]
        self.writer = SeenStoreWriter(self.crawler)
        self.writer.clock = task.Clock()
        self.writer.spider_opened(self.crawler.spider)  # type: ignore[arg-type]
        self.spider = self.crawler.spider

    def export(self, article: Article) -> None:
        """What a crawl does for an item: the feed exporter writes its line, then reports it written."""
        self.file.write(_line(article))
        self.writer.item_written(article)

    def after_signal(self) -> None:
        """The reactor's next turn: a sync a full batch asked for runs now."""
        self.writer.clock.advance(0)

    def stored(self) -> set[str]:
        """URLs in the store, read through another connection (what a kill would leave)."""
        store = open_store(self.state)
        urls = {u for (u,) in store._db.execute("SELECT url FROM seen")}  # type: ignore[attr-defined]
        store.close()
        return urls

    def close(self) -> None:
        if not self.file.closed:
            self.file.close()
        if self.writer.loop is not None and self.writer.loop.running:
            self.writer.loop.stop()
        crawl_state(self.crawler).close()

    def lines_on_disk(self) -> int:
        return self.feed.read_bytes().count(b"\n")


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    made = Setup(
        tmp_path,
        monkeypatch,
        NEWSCRAWL_FEED_SYNC_INTERVAL=0.5,
        NEWSCRAWL_FEED_SYNC_ITEMS=4,
    )
    yield made
    made.close()


def test_a_full_batch_is_fsynced_before_its_records_are_written(setup: Setup) -> None:
    for n in range(3):
        setup.export(_article(n))
    assert setup.lines_on_disk() == 3  # flushed per item: a killed process loses none
    assert setup.fsyncs.store_sizes == []  # no fsync yet ...
    assert setup.stored() == set()  # ... so no record either
    setup.export(_article(3))
    # The batch is full: it is synced right after the item's signal, when every handler has run.
    assert setup.fsyncs.store_sizes == [] and setup.stored() == set()
    setup.after_signal()
    # One fsync for the batch, taken while the store still had none of its records; then all four.
    assert setup.fsyncs.store_sizes == [0]
    assert setup.stored() == {_article(n).url for n in range(4)}
    assert setup.crawler.stats.get_value("newscrawl/seen/syncs") == 1


def test_the_timer_syncs_a_partial_batch(setup: Setup) -> None:
    clock = setup.writer.clock
    setup.export(_article(0))
    clock.advance(0.3)
    assert setup.stored() == set()
    clock.advance(0.3)  # the interval (0.5 s) has passed
    assert setup.fsyncs.store_sizes == [0]
    assert setup.stored() == {_article(0).url}
    clock.advance(0.5)  # nothing new: no fsync, no write
    assert setup.fsyncs.store_sizes == [0]


def test_spider_close_syncs_the_rest_before_closing_the_store(setup: Setup) -> None:
    setup.export(_article(0))
    setup.export(_article(1))
    setup.writer.spider_closed(setup.spider)
    assert setup.fsyncs.store_sizes == [0]
    assert setup.stored() == {_article(0).url, _article(1).url}
    assert not setup.writer.loop.running


def test_closing_the_feed_fsyncs_it_and_a_later_sync_does_not_touch_it(setup: Setup) -> None:
    setup.file.write(_line(_article(0)))
    setup.file.close()  # the feed exporter closes its files at spider close
    assert setup.fsyncs.store_sizes == [0]
    assert setup.feed_files.sync() == 0


def test_a_feed_file_opened_later_is_journaled_before_its_first_line(setup: Setup, tmp_path: Path) -> None:
    # Scrapy opens a feed's file at its first item, after the spider opened; the journal the next run
    # reconciles from must name it before any line of it can be lost.
    journal = tmp_path / "job" / "newscrawl-feeds.json"
    assert [f["path"] for f in json.loads(journal.read_text())["feeds"]] == [str(setup.feed.resolve())]
    later = tmp_path / "later.jsonl"
    file = DurableFileFeedStorage.from_crawler(setup.crawler, str(later)).open(setup.spider)  # type: ignore[arg-type]
    journaled = json.loads(journal.read_text())
    assert [f["path"] for f in journaled["feeds"]] == [str(setup.feed.resolve()), str(later.resolve())]
    assert (journaled["batch"], journaled["clean"]) == (4, False)
    assert later.read_bytes() == b""
    file.close()


def test_an_unchanged_article_refresh_waits_for_the_batch_and_keeps_the_recorded_dates(
    setup: Setup,
) -> None:
    store = crawl_state(setup.crawler).seen_store
    old = _article(0)
    store.put(SeenRecord(old.url, "fp0", "2024-01-01T00:00:00+00:00", "2024-01-02T00:00:00+00:00", 1.0))
    setup.writer.item_dropped(old, exception=UnchangedArticle("unchanged"))
    assert store.get(old.url).last_seen == 1.0  # buffered
    setup.writer.spider_closed(setup.spider)
    again = open_store(setup.state)
    record = again.get(old.url)
    again.close()
    assert record.last_seen > 1.0
    assert (record.date_modified, record.source_lastmod) == (
        "2024-01-01T00:00:00+00:00",
        "2024-01-02T00:00:00+00:00",
    )


def test_interval_zero_fsyncs_every_line_and_records_it_right_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = Setup(tmp_path, monkeypatch, NEWSCRAWL_FEED_SYNC_INTERVAL=0)
    made.export(_article(0))
    assert made.fsyncs.store_sizes == [0]  # fsynced by the write itself, before the record
    made.after_signal()
    assert made.stored() == {_article(0).url}
    made.export(_article(1))
    made.after_signal()
    assert made.fsyncs.store_sizes == [0, 1]
    assert made.stored() == {_article(0).url, _article(1).url}
    assert made.writer.loop is None
    made.close()


def test_a_kill_with_a_full_unsynced_batch_of_long_lines_is_reconciled(tmp_path: Path) -> None:
    # Run 1 recorded 60 articles, then was killed with a whole batch (40 lines of ~20 KB, 800 KB in
    # all: more than the old fixed 256 KB tail) in the feed but not in the store, and a torn line.
    batch = 40
    articles = [_article(n, body_chars=20_000) for n in range(100)]
    feed = tmp_path / "run1.jsonl"
    feed.write_bytes(b"".join(_line(a) for a in articles) + b'{"url": "https://n.example/torn", "he')
    job = tmp_path / "job"
    job.mkdir()
    (job / "newscrawl-feeds.json").write_text(json.dumps({"feeds": [str(feed)], "batch": batch}))
    store = open_store(tmp_path / "state")
    store.put_many([SeenRecord(a.url, a.fingerprint, None, None, 1.0) for a in articles[:60]])  # type: ignore[attr-defined]
    store.close()

    crawler = project_crawler(JOBDIR=str(job), NEWSCRAWL_STATE_DIR=str(tmp_path / "state"))
    writer = SeenStoreWriter(crawler)
    writer._reconcile(job / "newscrawl-feeds.json")
    assert crawler.stats.get_value("newscrawl/incremental/reconciled") == batch
    assert feed.read_bytes().endswith(b"\n") and feed.read_bytes().count(b"\n") == 100  # torn line cut
    # The next run emits none of them again: each is unchanged to the incremental pipeline.
    pipeline = SeenPipeline.from_crawler(crawler)
    for article in articles:
        with pytest.raises(UnchangedArticle):
            pipeline.process_item(article)
    crawl_state(crawler).close()


def test_repair_feed_tail_reads_back_more_than_the_lines_asked_for(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_bytes(b"".join(_line(_article(n, body_chars=50_000)) for n in range(30)))
    urls = [obj["url"] for obj in repair_feed_tail(feed, 12)]
    assert len(urls) > 12
    assert urls[-1] == _article(29).url and urls == [_article(n).url for n in range(30 - len(urls), 30)]
    assert len(repair_feed_tail(feed, 100)) == 30  # the whole file when it is shorter


@pytest.mark.crawl
def test_redis_store_put_many_writes_every_record(tmp_path: Path) -> None:
    with redis_server(tmp_path / "redis") as url:
        store = RedisSeenStore.from_url(url, "gc")
        records = [SeenRecord(f"https://n.example/{n}", f"f{n}", None, None, float(n)) for n in range(5)]
        store.put_many(records)
        assert [store.get(r.url) for r in records] == records
        store.close()


@pytest.fixture
def slow_server() -> Iterator[SiteServer]:
    with serve() as running:
        running.article_delay = 0.1
        yield running


@pytest.mark.crawl
def test_killed_before_any_sync_the_next_run_emits_every_article_exactly_once(
    slow_server: SiteServer, tmp_path: Path
) -> None:
    """The whole first run is one unsynced batch: its store is empty when it is killed."""
    settings = {
        "JOBDIR": str(tmp_path / "job"),
        "NEWSCRAWL_STATE_DIR": str(tmp_path / "state"),
        "NEWSCRAWL_REJECTS_FEED": "",
        "CONCURRENT_REQUESTS": "2",
        "NEWSCRAWL_FEED_FSYNC": "True",
        "NEWSCRAWL_FEED_SYNC_INTERVAL": "3600",
        "NEWSCRAWL_FEED_SYNC_ITEMS": "1000",
    }
    args = ("-a", f"url={slow_server.base}/")
    first_out, second_out = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    stop_crawl_midway(first_out, *args, settings=settings, stop=signal.SIGKILL)
    first = read_jsonl(first_out)
    assert 12 <= len(first) < 52
    store = open_store(tmp_path / "state")
    assert not any(store.get(item["url"]) for item in first), "a record was written before a sync"
    store.close()

    cmd, env = crawl_command(second_out, *args, settings=settings)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    second = read_jsonl(second_out)
    urls = [item["url"] for item in read_jsonl(first_out) + second]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    assert sorted(urls) == sorted(slow_server.base + p for p in slow_server.site.article_paths())
    assert f"'newscrawl/incremental/reconciled': {len(first)}" in done.stderr
