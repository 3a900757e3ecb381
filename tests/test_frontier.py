"""The lazy frontier: article requests wait on disk and reach the scheduler in bounded batches,
every discovered URL is fetched exactly once, and the crawl stays open while requests wait."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import HtmlResponse

from newscrawl.middlewares.frontier import FrontierMiddleware, compact, rebuild
from newscrawl.spiders.news import NewsSpider
from newscrawl.state.pending import PendingQueue, PendingRequest
from newscrawl.state.scratch import ScratchDB
from tests.crawlers import crawl_state, project_crawler
from tests.frontier_support import StubEngine, extensions_with_probe
from tests.helpers import crawl_site
from tests.mockserver import Response
from tests.newssite import SiteServer, serve
from tests.pagebuilder import listing_page

BASE = "https://n.example"
LISTING_PATH = "/all-stories.html"


def _spider() -> NewsSpider:
    return NewsSpider(url=BASE + "/")


def test_article_request_survives_the_round_trip_exactly() -> None:
    spider = _spider()
    when = datetime(2024, 7, 1, 9, 30, tzinfo=timezone.utc)
    request = spider._article_request(BASE + "/world/2024/07/01/story?utm_source=x", "sitemap", when)
    request.meta["depth"] = 2
    request.headers["Referer"] = BASE + "/sitemaps/news.xml"
    entry = compact(request, spider)
    assert entry is not None
    again = rebuild(PendingRequest(*entry), spider)
    assert again.url == request.url == BASE + "/world/2024/07/01/story"
    assert again.callback == spider.parse_article
    assert (again.priority, again.dont_filter, again.method) == (request.priority, True, "GET")
    assert again.meta == request.meta
    assert again.headers.to_unicode_dict() == request.headers.to_unicode_dict()


def test_requests_that_cannot_be_rebuilt_exactly_are_not_held() -> None:
    spider = _spider()
    article = spider._article_request(BASE + "/world/2024/07/01/story", "link")
    assert compact(article, spider) is not None
    assert compact(article.replace(cookies={"a": "b"}), spider) is None
    assert compact(article.replace(cb_kwargs={"x": 1}), spider) is None
    assert compact(article.replace(meta={**article.meta, "proxy": "http://p:1"}), spider) is None
    assert compact(article.replace(headers={"Accept": "text/html"}), spider) is None
    assert compact(article.replace(errback=spider.parse), spider) is None
    assert compact(article.replace(callback=lambda r: None), spider) is None
    assert compact(Request(BASE + "/", callback=spider.parse), spider) is None  # not an article


def test_pending_queue_takes_hosts_in_turn_first_in_first_out(tmp_path: Path) -> None:
    scratch = ScratchDB(tmp_path)
    queue = PendingQueue(scratch)

    def entry(url: str) -> PendingRequest:
        return PendingRequest(url, "parse_article", 1, True, "link", None, 1, None)

    for i in range(5):
        queue.push("a.example", entry(f"https://a.example/{i}"))
    for i in range(2):
        queue.push("b.example", entry(f"https://b.example/{i}"))
    assert len(queue) == 7 and queue.hosts() == 2
    first = [e.url for e in queue.pop(4)]
    assert first == [
        "https://a.example/0",
        "https://a.example/1",
        "https://b.example/0",
        "https://b.example/1",
    ]
    assert queue.hosts() == 1
    assert [e.url for e in queue.pop(10)] == [f"https://a.example/{i}" for i in (2, 3, 4)]
    assert len(queue) == 0 and queue.pop(3) == []
    scratch.close()
    assert not scratch.directory.exists()


def test_key_set(tmp_path: Path) -> None:
    scratch = ScratchDB(tmp_path)
    keys = scratch.key_set("seen_keys")
    assert keys.add(b"k1") and not keys.add(b"k1")
    assert b"k1" in keys and b"k2" not in keys
    assert keys.add(b"k2") and len(keys) == 2
    assert keys.discard(b"k1") and not keys.discard(b"k1")
    assert b"k1" not in keys and len(keys) == 1
    scratch.close()


@pytest.fixture
def frontier(tmp_path: Path) -> Iterator[tuple[FrontierMiddleware, StubEngine]]:
    settings = {
        "NEWSCRAWL_FRONTIER_LOW": 3,
        "NEWSCRAWL_FRONTIER_HIGH": 10,
        "NEWSCRAWL_SCRATCH_DIR": str(tmp_path),
    }
    crawler = project_crawler(**settings)
    crawler.spider = spider = _spider()
    crawler.engine = StubEngine(spider)  # type: ignore[assignment]
    yield FrontierMiddleware.from_crawler(crawler), crawler.engine  # type: ignore[misc]
    crawl_state(crawler).close()


def test_scheduler_is_fed_between_watermarks_and_the_crawl_stays_open(
    frontier: tuple[FrontierMiddleware, StubEngine],
) -> None:
    middleware, engine = frontier
    spider = engine.spider
    urls = [f"{BASE}/world/2024/07/01/story-{i}" for i in range(95)]
    section = Request(BASE + "/world/", callback=spider.parse)
    item = {"not": "a request"}
    output = [section, *(spider._article_request(u, "link") for u in urls), item]
    listing = HtmlResponse(BASE + "/", body=b"<html></html>")

    passed = list(middleware.process_spider_output(listing, output))

    assert passed == [section, item]  # only article requests are held back
    assert len(engine.scheduler) == 10 and middleware.pending == 85
    fetched: list[str] = []
    idle_calls = 0
    while engine.scheduler or middleware.pending:
        if not engine.scheduler:  # the engine finds nothing to do: the spider is idle
            idle_calls += 1
            with pytest.raises(DontCloseSpider):
                middleware.spider_idle(spider)
            continue
        fetched.append(engine.scheduler.pop(0).url)
        held = len(engine.scheduler)
        middleware.maybe_top_up()  # as the request reaches the downloader
        if held >= 3:
            assert len(engine.scheduler) == held  # no top-up above the low watermark
        else:
            assert len(engine.scheduler) == 10 or middleware.pending == 0
    middleware.spider_idle(spider)  # nothing pending: the crawl may close
    assert fetched == urls
    assert engine.most_held == 10
    assert idle_calls == 0  # the low watermark kept the scheduler from running dry
    stats = middleware.stats.get_stats()
    assert stats["newscrawl/frontier/held"] == stats["newscrawl/frontier/fed"] == 95


def test_idle_spider_with_pending_requests_is_kept_open_and_fed(
    frontier: tuple[FrontierMiddleware, StubEngine],
) -> None:
    middleware, engine = frontier
    spider = engine.spider
    middleware.low = 0  # no top-up as the scheduler drains: only the idle handler may feed
    response = HtmlResponse(BASE + "/", body=b"<html></html>")
    output = [spider._article_request(f"{BASE}/b/{i}", "link") for i in range(15)]
    assert list(middleware.process_spider_output(response, output)) == []
    assert len(engine.scheduler) == 10 and middleware.pending == 5  # room for 10 at once
    engine.scheduler.clear()  # the engine took them (no signal reached the frontier)
    with pytest.raises(DontCloseSpider):
        middleware.spider_idle(spider)
    assert len(engine.scheduler) == 5 and middleware.pending == 0
    engine.scheduler.clear()
    middleware.spider_idle(spider)  # all fed: closing is allowed


def test_off_when_disabled_or_distributed() -> None:
    with pytest.raises(NotConfigured):
        FrontierMiddleware.from_crawler(project_crawler(NEWSCRAWL_FRONTIER_ENABLED=False))
    with pytest.raises(NotConfigured):
        FrontierMiddleware.from_crawler(project_crawler(NEWSCRAWL_REDIS_URL="redis://127.0.0.1:6379/0"))
    with pytest.raises(ValueError):
        FrontierMiddleware.from_crawler(
            project_crawler(NEWSCRAWL_FRONTIER_LOW=10, NEWSCRAWL_FRONTIER_HIGH=10)
        )


# --- whole crawls -------------------------------------------------------------------------------


def _listing_page(paths: list[str]) -> bytes:
    return listing_page([(p, f"Story {i}") for i, p in enumerate(paths)], "All stories").encode()


@pytest.fixture(scope="module")
def listing_server() -> Iterator[SiteServer]:
    with serve() as server:
        paths = sorted(server.site.article_paths())
        server.routes[LISTING_PATH] = Response(_listing_page(paths))
        yield server


def _crawl(server: SiteServer, tmp: Path, *args: str, **settings: str) -> tuple[dict, list[str], list[str]]:
    server.clear_log()
    result = crawl_site(
        tmp,
        "-a",
        f"url={server.base}{LISTING_PATH}",
        "-a",
        "depth=0",
        "-a",
        "robots=0",
        *args,
        settings={
            "NEWSCRAWL_FRONTIER_LOW": "2",
            "NEWSCRAWL_FRONTIER_HIGH": "6",
            "CONCURRENT_REQUESTS": "1",  # the scheduler fills up: one request leaves it at a time
            "EXTENSIONS": extensions_with_probe(),
            "NEWSCRAWL_SCRATCH_DIR": str(tmp / "scratch"),
            **settings,
        },
    )
    assert result.returncode == 0, result.log[-3000:]
    return result.stats, [i["url"].removeprefix(server.base) for i in result.items], server.article_requests()


@pytest.mark.crawl
def test_crawl_fetches_every_listed_article_once_in_bounded_batches(
    listing_server: SiteServer, tmp_path: Path
) -> None:
    stats, items, fetched = _crawl(listing_server, tmp_path)
    articles = sorted(listing_server.site.article_paths())
    assert sorted(items) == articles
    assert Counter(fetched) == Counter(articles)  # each fetched exactly once
    assert stats["probe/scheduler_max"] <= 6  # never more than the high watermark
    assert stats["newscrawl/frontier/held"] == stats["newscrawl/frontier/fed"] == len(articles)
    assert stats["newscrawl/frontier/pending"] == 0
    assert stats["newscrawl/frontier/batches"] >= len(articles) // 6
    assert stats["finish_reason"] == "finished"
    assert not list((tmp_path / "scratch").iterdir())  # the scratch file is gone


@pytest.mark.crawl
def test_without_the_frontier_the_scheduler_holds_every_article(
    listing_server: SiteServer, tmp_path: Path
) -> None:
    stats, items, _fetched = _crawl(listing_server, tmp_path, NEWSCRAWL_FRONTIER_ENABLED="False")
    assert sorted(items) == sorted(listing_server.site.article_paths())
    assert stats["probe/scheduler_max"] > 30  # what the frontier prevents
    assert "newscrawl/frontier/held" not in stats


@pytest.mark.crawl
def test_max_articles_closes_the_crawl_with_requests_still_pending(
    listing_server: SiteServer, tmp_path: Path
) -> None:
    stats, items, fetched = _crawl(listing_server, tmp_path, "-a", "max_articles=5")
    assert stats["finish_reason"] == "max_articles"
    assert len(items) == 5
    assert len(set(fetched)) == len(fetched)
    assert stats["newscrawl/frontier/pending"] > 0
