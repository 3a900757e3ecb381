"""Extraction in worker processes: the same `Extraction`s as in-process, and a crawl survives bad workers."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawl import ExtractionError, ExtractOptions, extract_page
from newscrawl.spiders.news import NewsSpider
from newscrawl.workers import (
    ExtractionPool,
    ExtractionTimeoutError,
    WorkerCrashedError,
    parse_processes,
)
from tests.crawlers import project_crawler
from tests.helpers import FIXTURES, run_crawl

DEMO = FIXTURES / "www.northbridge-gazette.example"
PAGES = sorted(DEMO.glob("article-*.html"))
URL = "https://www.northbridge-gazette.example/news/2024/05/14/{}"
DOWNLOADED = "2024-05-14T08:00:00+00:00"


class FaultyPool(ExtractionPool):
    worker_module = "tests.extraction_worker_faults"


def fields(raw: object) -> dict[str, object]:
    return dataclasses.asdict(raw)  # type: ignore[call-overload]


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def _extract_all(processes: int, options: ExtractOptions) -> list[object]:
    async def main() -> list[object]:
        pool = ExtractionPool(processes, options=options)
        try:
            return await asyncio.gather(
                *(pool.extract_page(p.read_text(), URL.format(p.stem), DOWNLOADED) for p in PAGES)
            )
        finally:
            await pool.close()

    return run(main())  # type: ignore[return-value]


@pytest.mark.crawl
@pytest.mark.parametrize("mode", ["drop", "keep"])
def test_workers_and_in_process_give_the_library_call_s_extractions(mode: str) -> None:
    """Workers and in-process mode (0 workers) both run exactly `newscrawl.extract_page`."""
    options = ExtractOptions(boilerplate=mode)  # type: ignore[arg-type]
    workers = _extract_all(2, options)
    in_process = _extract_all(0, options)
    want = [
        extract_page(p.read_text(), URL.format(p.stem), options=options, downloaded=DOWNLOADED)
        for p in PAGES
    ]
    assert len(PAGES) >= 5
    assert [fields(r) for r in workers] == [fields(r) for r in want]
    assert [fields(r) for r in in_process] == [fields(r) for r in want]
    assert all(e.article.dateDownloaded == DOWNLOADED for e in want)


@pytest.mark.crawl
def test_extraction_errors_come_back_as_extraction_errors() -> None:
    async def main() -> None:
        pool = FaultyPool(1)
        try:
            with pytest.raises(ExtractionError):
                await pool.extract_page("", "https://example.org/empty")
            with pytest.raises(RuntimeError, match="KeyError: 'a bug in extraction'"):
                await pool.extract_page("<p>x</p>", "https://example.org/bug")
            # the same worker is still there after both errors
            extraction = await pool.extract_page(PAGES[0].read_text(), URL.format(PAGES[0].stem))
            assert extraction.article.headline
            assert pool.crashes == 0
        finally:
            await pool.close()

    run(main())


@pytest.mark.crawl
def test_a_crashing_page_is_given_up_and_the_others_still_extract(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> tuple[list[object], int]:
        pool = FaultyPool(1)
        try:
            pages = [pool.extract_page(p.read_text(), URL.format(p.stem)) for p in PAGES]
            crash = pool.extract_page(PAGES[0].read_text(), "https://example.org/crash/story")
            results = await asyncio.gather(crash, *pages, return_exceptions=True)
            return results, pool.crashes
        finally:
            await pool.close()

    with caplog.at_level(logging.WARNING):
        results, crashes = run(main())  # type: ignore[misc]
    assert isinstance(results[0], WorkerCrashedError)
    assert all(getattr(getattr(r, "article", None), "headline", None) for r in results[1:]), results[1:]
    assert crashes == 3  # the crashing page was tried three times, each time in a fresh worker
    assert "An extraction worker died with https://example.org/crash/story in flight" in caplog.text


@pytest.mark.crawl
def test_a_page_past_the_time_limit_is_given_up_and_its_worker_replaced() -> None:
    async def main() -> tuple[object, object, int]:
        pool = FaultyPool(1, timeout=2.0)
        try:
            hang = pool.extract_page("<p>x</p>", "https://example.org/hang/story")
            other = pool.extract_page(PAGES[1].read_text(), URL.format(PAGES[1].stem))
            hung, fine = await asyncio.gather(hang, other, return_exceptions=True)
            after = await pool.extract_page(PAGES[2].read_text(), URL.format(PAGES[2].stem))
            assert after.article.headline
            return hung, fine, pool.timeouts
        finally:
            await pool.close()

    hung, fine, timeouts = run(main())  # type: ignore[misc]
    assert isinstance(hung, ExtractionTimeoutError)
    assert getattr(getattr(fine, "article", None), "headline", None)  # same worker, retried after the kill
    assert timeouts == 1


@pytest.mark.crawl
def test_workers_that_cannot_start_fall_back_to_in_process(caplog: pytest.LogCaptureFixture) -> None:
    class Missing(ExtractionPool):
        worker_module = "newscrawl.no_such_worker_module"

    async def main() -> object:
        pool = Missing(1)
        try:
            return await pool.extract_page(PAGES[0].read_text(), URL.format(PAGES[0].stem))
        finally:
            await pool.close()

    with caplog.at_level(logging.ERROR):
        extraction = run(main())
    assert getattr(getattr(extraction, "article", None), "headline", None)
    assert "extraction workers in a row exited before answering" in caplog.text


def test_process_count_setting() -> None:
    assert parse_processes("0") == 0
    assert parse_processes(3) == 3
    assert 0 <= parse_processes("auto") <= 4
    with pytest.raises(ValueError):
        parse_processes("-1")


@pytest.mark.crawl
def test_a_crawl_emits_the_same_articles_with_and_without_workers(tmp_path: Path) -> None:
    """Workers and the crawl process run the same library call: same items, same extraction stats."""
    runs, counted = {}, {}
    for processes in ("0", "2"):
        result = run_crawl(
            tmp_path / processes,
            "-a",
            "site=northbridge",
            settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES), "NEWSCRAWL_EXTRACT_PROCESSES": processes},
        )
        assert result.returncode == 0, result.log[-2000:]
        assert result.stats.get("newscrawl/extract_pool/processes") == int(processes)
        counted[processes] = {  # what the pages gave; not how often the feed happened to be synced
            k: v
            for k, v in result.stats.items()
            if k.startswith("newscrawl/") and not k.startswith(("newscrawl/extract_pool/", "newscrawl/seen/"))
        }
        runs[processes] = sorted(
            ({k: v for k, v in item.items() if k != "dateDownloaded"} for item in result.items),
            key=lambda item: item["url"],
        )
    assert len(runs["0"]) == 6
    assert runs["0"] == runs["2"]
    assert counted["0"] == counted["2"]
    assert any(k.startswith("newscrawl/boilerplate/") for k in counted["2"]), counted["2"]


@pytest.mark.crawl
def test_room_waits_while_the_workers_have_a_backlog() -> None:
    async def main() -> None:
        pool = ExtractionPool(1)
        try:
            pages = [
                asyncio.ensure_future(pool.extract_page(p.read_text(), URL.format(p.stem)))
                for p in PAGES[: pool.backlog_limit + 1]
            ]
            await asyncio.sleep(0)  # queued; the worker is still starting (it takes far longer)
            assert pool.backlog == pool.backlog_limit + 1
            waiter = asyncio.ensure_future(pool.room())
            await asyncio.sleep(0.01)
            assert not waiter.done()
            await asyncio.gather(*pages)
            await asyncio.wait_for(waiter, 5)  # released as the backlog drained
            assert pool.backlog == 0
        finally:
            await pool.close()

    run(main())


def test_a_spider_without_the_extension_extracts_in_process_with_the_settings_options() -> None:
    page = PAGES[0]
    url = URL.format(page.stem)
    crawler = project_crawler(
        NEWSCRAWL_BOILERPLATE="keep",
        EXTENSIONS={"newscrawl.extensions.extraction_workers.ExtractionWorkers": None},
    )
    spider = NewsSpider(url=url)
    spider.crawler = crawler  # a test crawler without the extension: no engine, no pool started
    crawler.stats.open_spider()
    headers = {"Date": "Tue, 14 May 2024 08:00:00 GMT"}
    response = HtmlResponse(url=url, body=page.read_bytes(), headers=headers)
    items = run(spider.parse_article(response))
    assert spider.extraction_pool.processes == 0
    options = ExtractOptions(boilerplate="keep")
    assert items == [extract_page(page.read_bytes(), url, options=options, downloaded=DOWNLOADED).article]
    assert crawler.stats.get_value("newscrawl/pages/article") == 1


@pytest.mark.crawl
def test_a_worker_s_start_is_not_counted_against_the_first_page_s_time_limit() -> None:
    class SlowStart(ExtractionPool):
        worker_module = "tests.extraction_worker_faults"

    async def main() -> object:
        # The warm-up of a fresh worker (imports, the language model) takes about a second: a page
        # timed from the moment it is sent would run out of a limit this tight.
        pool = SlowStart(1, timeout=0.8)
        try:
            return await pool.extract_page(PAGES[0].read_text(), URL.format(PAGES[0].stem))
        finally:
            await pool.close()

    assert run(main()).article.headline  # type: ignore[attr-defined]
