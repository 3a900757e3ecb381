"""Who owns the crawl's state: `CrawlState` (scratch database, seen-store, source dates), `FeedFiles`
(the feed files and their fsync), and the add-on that installs them and turns spider arguments into
settings. Components find the owners through the crawler; closing follows Scrapy's signal order, not
the order components were connected in."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pydispatch.dispatcher import getAllReceivers, liveReceivers
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler

import newscrawl.settings as project
from newscrawl import addon
from newscrawl.distributed import addon as distributed_addon
from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.extensions.feed_files import FeedFiles
from newscrawl.extensions.seen_store_writer import SeenStoreWriter
from newscrawl.items import Article
from newscrawl.middlewares.frontier import FrontierMiddleware
from newscrawl.middlewares.incremental_filter import IncrementalMiddleware
from newscrawl.pipelines.dedup import DedupPipeline
from newscrawl.pipelines.seen import SeenPipeline
from newscrawl.spiders.news import NewsSpider
from newscrawl.state import open_store
from tests.crawlers import project_crawler

CRAWL_STATE = "newscrawl.extensions.crawl_state.CrawlState"


def _state_crawler(tmp_path: Path, **settings: object) -> Crawler:
    return project_crawler(
        NEWSCRAWL_STATE_DIR=str(tmp_path / "state"),
        NEWSCRAWL_SCRATCH_DIR=str(tmp_path / "scratch"),
        JOBDIR=str(tmp_path / "job"),
        **settings,
    )


def test_the_state_opens_on_first_use_and_closes_when_the_engine_stops(tmp_path: Path) -> None:
    crawler = _state_crawler(tmp_path)
    state = CrawlState.of(crawler)
    assert state.scratch_bytes() == 0 and not (tmp_path / "state").exists()  # nothing opened yet
    keys = state.key_set("probe")
    assert keys.add(b"k") and state.scratch_bytes() > 0
    state.source_dates.note("https://n.example/a", datetime(2024, 7, 1, tzinfo=timezone.utc))
    store = state.seen_store
    assert (tmp_path / "state" / "seen.sqlite3").exists()
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert state.scratch_bytes() == 0
    assert not list((tmp_path / "scratch").iterdir())  # the scratch file is gone
    with pytest.raises(sqlite3.ProgrammingError):  # the store was closed
        store.get("https://n.example/a")


def test_every_component_that_keeps_state_uses_the_crawls_owner(tmp_path: Path) -> None:
    crawler = _state_crawler(tmp_path)
    state = CrawlState.of(crawler)
    for cls in (IncrementalMiddleware, FrontierMiddleware, DedupPipeline, SeenPipeline):
        assert build_from_crawler(cls, crawler).state is state, cls
    writer = crawler.get_extension(SeenStoreWriter)
    assert writer is not None and writer.state is state
    state.close()


def test_a_component_that_keeps_state_refuses_to_start_without_the_owner(tmp_path: Path) -> None:
    crawler = _state_crawler(tmp_path, EXTENSIONS={CRAWL_STATE: None})
    assert crawler.get_extension(CrawlState) is None
    with pytest.raises(RuntimeError, match="CrawlState extension is not enabled"):
        build_from_crawler(DedupPipeline, crawler)


def _receivers(crawler: Crawler, signal: object) -> list[object]:
    return [getattr(r, "__self__", r) for r in liveReceivers(getAllReceivers(crawler.signals.sender, signal))]


@pytest.mark.parametrize("state_order", [10, 999], ids=["state-built-first", "state-built-last"])
def test_the_store_closes_after_the_writers_last_sync_whatever_the_build_order(
    tmp_path: Path, state_order: int
) -> None:
    crawler = _state_crawler(tmp_path, EXTENSIONS={CRAWL_STATE: state_order})
    state, writer = CrawlState.of(crawler), crawler.get_extension(SeenStoreWriter)
    assert writer is not None
    # The writer's last sync runs on spider_closed; the state closes on engine_stopped, which Scrapy
    # sends once every spider_closed handler has finished.
    assert writer in _receivers(crawler, signals.spider_closed)
    assert state not in _receivers(crawler, signals.spider_closed)
    assert state in _receivers(crawler, signals.engine_stopped)
    spider = NewsSpider(url="https://n.example/")
    writer.spider_opened(spider)
    article = Article(url="https://n.example/a", canonicalUrl="https://n.example/a", fingerprint="fa")
    writer.item_written(article)  # the feed exporter reports the article's line written
    writer.spider_closed(spider)  # the last sync reaches a store that is still open ...
    state.engine_stopped()  # ... and the engine's stop closes it
    with pytest.raises(RuntimeError, match="closed"):  # closed for good, not reopened by a late use
        writer.store.get(article.url)
    store = open_store(tmp_path / "state")
    record = store.get(article.url)
    store.close()
    assert record is not None and record.fingerprint == "fa"


def test_feed_files_know_their_paths_fsync_what_changed_and_take_a_line_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscrawl.extensions import feed_files

    fsynced: list[int] = []
    monkeypatch.setattr(feed_files.os, "fsync", fsynced.append)
    files = FeedFiles(fsync=True, sync_interval=0.5)
    heard: list[list[Path]] = []
    files.when_opened(lambda: heard.append(files.paths()))
    a = files.open((tmp_path / "a.jsonl").open("wb"), tmp_path / "a.jsonl")
    b = files.open((tmp_path / "b.jsonl").open("wb"), tmp_path / "b.jsonl")
    assert heard == [[tmp_path / "a.jsonl"], [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]]
    a.write(b'{"url": "x"}\n')
    assert (tmp_path / "a.jsonl").read_bytes() == b'{"url": "x"}\n'  # flushed at once ...
    assert fsynced == []  # ... fsynced at the next sync (group commit)
    assert files.sync() == 1 and files.sync() == 0  # only a file written to since
    b.write(b'{"url": "y"}\n')
    assert files.retract_last_line(lambda line: b'"y"' in line) == 1
    assert (tmp_path / "b.jsonl").read_bytes() == b""
    b.close()
    a.close()
    assert files.sync() == 0 and files.paths() == [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]


def test_without_group_commit_every_line_is_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newscrawl.extensions import feed_files

    fsynced: list[int] = []
    monkeypatch.setattr(feed_files.os, "fsync", fsynced.append)
    file = FeedFiles(fsync=True, sync_interval=0).open(
        (tmp_path / "x.jsonl").open("wb"), tmp_path / "x.jsonl"
    )
    file.write(b"{}\n")
    file.write(b"{}\n")
    assert len(fsynced) == 2
    file.close()


# --- the add-on ---------------------------------------------------------------------------------


def _started_crawler(*, cmdline: dict[str, object] | None = None, **spider_args: str) -> Crawler:
    """A crawler as a crawl starts it: the spider made from its arguments, then the add-ons run."""
    settings = Settings()
    settings.setmodule(project, priority="project")
    settings.setdict(cmdline or {}, priority="cmdline")
    crawler = Crawler(NewsSpider, settings)
    crawler.spider = crawler._create_spider(url="https://n.example/", **spider_args)
    crawler.addons.load_settings(crawler.settings)
    return crawler


def test_the_addon_turns_the_spiders_limit_arguments_into_settings() -> None:
    settings = _started_crawler(max_articles="500", max_time="15m", full="1", since="2024-07-01").settings
    assert settings.getint("NEWSCRAWL_MAX_ARTICLES") == 500
    assert settings.getint("CLOSESPIDER_ITEMCOUNT") == 0  # overshoots with items in flight: not used
    assert settings.getfloat("CLOSESPIDER_TIMEOUT") == 900
    assert settings.getbool("NEWSCRAWL_FULL") is True
    assert settings["NEWSCRAWL_SINCE"] == "2024-07-01T00:00:00+00:00"
    plain = _started_crawler().settings
    assert (plain.getint("NEWSCRAWL_MAX_ARTICLES"), plain.getbool("NEWSCRAWL_FULL")) == (0, False)
    assert plain["NEWSCRAWL_SINCE"] == ""
    # A value given with -s wins over the argument, as for any spider setting.
    given = _started_crawler(cmdline={"NEWSCRAWL_MAX_ARTICLES": 7}, max_articles="500").settings
    assert given.getint("NEWSCRAWL_MAX_ARTICLES") == 7


def test_the_addon_builds_the_user_agent_from_the_contact_unless_one_is_given() -> None:
    contact = _started_crawler(cmdline={"NEWSCRAWL_CONTACT": "mailto:ops@example.org"}).settings
    assert contact["USER_AGENT"] == "newscrawl/0.1 (+mailto:ops@example.org; news archive crawler)"
    default = _started_crawler().settings
    assert default["USER_AGENT"] == f"newscrawl/0.1 (+{project.NEWSCRAWL_CONTACT}; news archive crawler)"
    given = _started_crawler(cmdline={"USER_AGENT": "mybot/1"}).settings
    assert given["USER_AGENT"] == "mybot/1"


def test_the_addon_installs_each_component_unless_the_settings_name_it() -> None:
    settings = _started_crawler(
        cmdline={"ITEM_PIPELINES": {"newscrawl.pipelines.seen.SeenPipeline": None}}
    ).settings
    for name, table in (
        ("EXTENSIONS", addon.EXTENSIONS),
        ("DOWNLOADER_MIDDLEWARES", addon.DOWNLOADER_MIDDLEWARES),
        ("SPIDER_MIDDLEWARES", addon.SPIDER_MIDDLEWARES),
    ):
        assert settings.getdict(name) == table, name
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert pipelines["newscrawl.pipelines.seen.SeenPipeline"] is None  # switched off with -s: stays off
    assert pipelines["newscrawl.pipelines.dedup.DedupPipeline"] == 300
    assert settings.getdict("FEED_STORAGES") == addon.FEED_STORAGES
    # The spider routes nothing: no settings hook of its own.
    assert "update_settings" not in vars(NewsSpider) and "from_crawler" not in vars(NewsSpider)


def test_the_project_addon_runs_before_the_distributed_one() -> None:
    order = project.ADDONS
    assert order == {
        "newscrawl.addon.NewscrawlAddon": addon.ORDER,
        "newscrawl.distributed.addon.DistributedAddon": distributed_addon.ORDER,
    }
    assert addon.ORDER < distributed_addon.ORDER
