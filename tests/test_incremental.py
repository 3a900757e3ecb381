"""Incremental crawls: the seen-store, the fetch decision, and two runs against a changing site."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newscrawl.state import SeenRecord, SQLiteSeenStore, open_store
from newscrawl.state.freshness import CHANGED, NEW, RECHECK, SKIP, fetch_decision
from tests.crawlers import crawl_state, project_crawler
from tests.helpers import crawl_site
from tests.newssite import NewsSite, SiteServer, serve

DAY = 86400.0


def test_sqlite_store_round_trip_and_persistence(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state")
    record = SeenRecord(
        "https://n.example/a", "f1", "2024-07-01T10:00:00+00:00", "2024-07-01T10:00:00+00:00", 5.0
    )
    assert store.get(record.url) is None
    store.put(record)
    store.put(SeenRecord("https://n.example/b", "f2", None, None, 6.0))
    store.close()
    again = open_store(tmp_path / "state")
    assert again.get("https://n.example/a") == record
    again.put(SeenRecord("https://n.example/a", "f3", None, None, 7.0))
    assert again.get("https://n.example/a").fingerprint == "f3"
    assert len(again) == 2  # type: ignore[arg-type]
    again.close()
    mode = sqlite3.connect(tmp_path / "state" / "seen.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)


def test_put_is_visible_to_another_connection_at_once(tmp_path: Path) -> None:
    writer = SQLiteSeenStore(tmp_path / "s.sqlite3")
    reader = SQLiteSeenStore(tmp_path / "s.sqlite3")
    writer.put(SeenRecord("https://n.example/x", "f", None, None, 1.0))
    assert reader.get("https://n.example/x") is not None
    writer.close()
    reader.close()


def test_fetch_decision() -> None:
    now = 100 * DAY
    record = SeenRecord("u", "f", None, "2024-07-01T00:00:00+00:00", now - DAY)
    moved = datetime(2024, 7, 2, tzinfo=timezone.utc)
    same = datetime(2024, 7, 1, tzinfo=timezone.utc)
    assert fetch_decision(None, None, now, 3 * DAY) == NEW
    assert fetch_decision(record, moved, now, 3 * DAY) == CHANGED
    assert fetch_decision(record, same, now, 3 * DAY) == SKIP
    assert fetch_decision(record, None, now, 3 * DAY) == SKIP
    assert fetch_decision(record, same, now, 0.5 * DAY) == RECHECK
    # No source date recorded (found through a link): compare with when it was last fetched.
    linked = SeenRecord("u", "f", None, None, datetime(2024, 7, 5, tzinfo=timezone.utc).timestamp())
    assert fetch_decision(linked, moved, linked.last_seen + 1, 3 * DAY) == SKIP
    assert (
        fetch_decision(linked, datetime(2024, 7, 6, tzinfo=timezone.utc), linked.last_seen + 1, 3 * DAY)
        == CHANGED
    )


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with serve(NewsSite()) as running:
        yield running


@pytest.mark.crawl
def test_second_run_emits_only_new_and_changed_articles(server: SiteServer, tmp_path: Path) -> None:
    state = {"NEWSCRAWL_STATE_DIR": str(tmp_path / "state")}
    site = server.site
    first = crawl_site(tmp_path / "run1", "-a", f"url={server.base}/", settings=state)
    assert first.returncode == 0, first.log[-3000:]
    assert sorted(i["url"] for i in first.items) == sorted(server.base + p for p in site.article_paths())
    assert first.stats["newscrawl/incremental/new"] == 52

    # The site gains 5 articles and changes 2 (one in the news sitemap, one in the gzipped archive).
    changed = [site.latest(52)[3], site.latest(52)[40]]
    added = [site.add_article() for _ in range(5)]
    when = datetime(2024, 8, 1, 9, 30, tzinfo=timezone.utc)
    for article in changed:
        site.update_article(article, when)
    server.clear_log()

    second = crawl_site(tmp_path / "run2", "-a", f"url={server.base}/", settings=state)
    assert second.returncode == 0, second.log[-3000:]
    expected = sorted(server.base + a.path for a in [*added, *changed])
    assert sorted(i["url"] for i in second.items) == expected
    # No unchanged article was downloaded: only the 7 whose sitemap entry is new or moved.
    assert sorted(server.article_requests()) == sorted(a.path for a in [*added, *changed])
    assert second.stats["newscrawl/incremental/new"] == 5
    assert second.stats["newscrawl/incremental/updated"] == 2
    assert second.stats["newscrawl/incremental/skipped"] == 50
    assert "newscrawl/incremental/unchanged" not in second.stats
    by_url = {i["url"]: i for i in second.items}
    for article in changed:
        assert by_url[server.base + article.path]["dateModified"] == when.isoformat()
        assert "amended after publication" in by_url[server.base + article.path]["articleBody"]

    # Once the re-check interval passed, everything is fetched again, but nothing is re-emitted.
    server.clear_log()
    recheck = crawl_site(
        tmp_path / "run3", "-a", f"url={server.base}/", settings={**state, "NEWSCRAWL_RECHECK_AFTER": "0"}
    )
    assert recheck.returncode == 0, recheck.log[-3000:]
    assert recheck.items == []
    assert recheck.stats["newscrawl/incremental/unchanged"] == 57
    assert len(server.article_requests()) == 57

    # full=1 ignores the store: every article is emitted again.
    full = crawl_site(
        tmp_path / "run4", "-a", f"sitemap={server.base}/sitemap_index.xml", "-a", "full=1", settings=state
    )
    assert full.returncode == 0, full.log[-3000:]
    assert len(full.items) == 57


class _MemoryStore:
    """A SeenStore in a dict, to show the store is pluggable."""

    def __init__(self) -> None:
        self.records: dict[str, SeenRecord] = {}

    @classmethod
    def from_crawler(cls, crawler: object) -> _MemoryStore:
        return cls()

    def get(self, url: str) -> SeenRecord | None:
        return self.records.get(url)

    def put(self, record: SeenRecord) -> None:
        self.records[record.url] = record

    def close(self) -> None:
        pass


def test_another_store_class_can_be_configured() -> None:
    state = crawl_state(project_crawler(NEWSCRAWL_SEEN_STORE=f"{__name__}._MemoryStore"))
    assert isinstance(state.seen_store, _MemoryStore)
    assert state.seen_store is state.seen_store
    state.close()


def test_a_sitemap_date_seen_after_the_article_was_recorded_is_stored_at_close(tmp_path: Path) -> None:
    from newscrawl.extensions.seen_store_writer import SeenStoreWriter

    crawler = project_crawler(NEWSCRAWL_STATE_DIR=str(tmp_path))
    state = crawl_state(crawler)
    writer = SeenStoreWriter(crawler)
    store = state.seen_store
    old = SeenRecord("https://n.example/old", "f0", None, None, writer.started - 10 * DAY)
    linked = SeenRecord("https://n.example/linked", "f1", None, None, writer.started + 1)
    store.put(old)
    store.put(linked)
    lastmod = datetime(2024, 7, 1, tzinfo=timezone.utc)
    state.source_dates.note(old.url, lastmod)
    state.source_dates.note(linked.url, lastmod)
    state.source_dates.note("https://n.example/never-fetched", lastmod)
    writer.spider_closed(crawler.spider)
    again = open_store(tmp_path)
    assert again.get(linked.url).source_lastmod == lastmod.isoformat()
    assert again.get(old.url).source_lastmod is None  # not fetched in this run: left alone
    assert again.get("https://n.example/never-fetched") is None
    again.close()
    state.close()
