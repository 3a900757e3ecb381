"""``max_articles`` emits exactly N; ``since`` applies to every article (issue #16, item 6).

``max_articles=3`` emitted 14 (Scrapy's item count closes the crawl only after the Nth item, and every
item already on its way still went out) and ``since=2d`` still emitted 2018 articles found through
links (only sitemap and feed entries were filtered).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from newscrawl.items import Article
from newscrawl.pipelines.limits import MaxArticlesPipeline, SincePipeline
from tests.crawlers import project_crawler
from tests.helpers import FIXTURES, run_crawl

REPLAY = {"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)}


def _article(n: int, published: str | None = "2026-11-24T07:15:00+00:00") -> Article:
    url = f"https://n.example/news/{n}"
    return Article(
        url=url, canonicalUrl=url, headline=f"Story {n}", datePublished=published, fingerprint=f"f{n}"
    )


def test_since_drops_older_articles_and_keeps_undated_ones() -> None:
    crawler = project_crawler(NEWSCRAWL_SINCE="2024-07-01")
    pipeline = SincePipeline.from_crawler(crawler)
    assert pipeline.process_item(_article(1, "2024-07-02T09:00:00+01:00"))
    assert pipeline.process_item(_article(2, None))
    assert pipeline.process_item(_article(3, "2024-07-01"))  # date only: that day counts
    with pytest.raises(DropItem, match=r"too_old: published 2018-03-01T10:00:00\+00:00"):
        pipeline.process_item(_article(4, "2018-03-01T10:00:00+00:00"))
    assert crawler.stats.get_value("newscrawl/dropped/too_old") == 1


def test_max_articles_lets_exactly_n_through_whatever_is_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = project_crawler(NEWSCRAWL_MAX_ARTICLES=3)
    pipeline = MaxArticlesPipeline.from_crawler(crawler)
    closed: list[int] = []
    monkeypatch.setattr(pipeline, "close_crawl", lambda: closed.append(pipeline.emitted) or "closing")
    articles = [_article(n) for n in range(6)]
    passed = []
    for article in articles:  # all six reach the pipeline before any is written (items in flight)
        with contextlib.suppress(DropItem):
            passed.append(pipeline.process_item(article))
    assert passed == articles[:3]
    assert crawler.stats.get_value("newscrawl/dropped/max_articles") == 3
    # One of the three is dropped further on (the distributed claim): its place is free again.
    pipeline.item_dropped(articles[1], exception=DropItem("duplicate"))
    assert pipeline.process_item(articles[4]) is articles[4]
    for article in (articles[0], articles[2]):
        pipeline.item_scraped(article)
    assert closed == []
    pipeline.item_scraped(articles[4])
    assert pipeline.emitted == 3 and closed == [3]  # closed once, at the third


@pytest.mark.crawl
def test_a_crawl_emits_exactly_max_articles_and_records_only_those(tmp_path: Path) -> None:
    first = run_crawl(tmp_path, "-a", "site=northbridge", "-a", "max_articles=2", settings=REPLAY)
    assert first.returncode == 0, first.log[-2000:]
    assert len(first.items) == 2
    assert first.stats["finish_reason"] == "max_articles"
    with sqlite3.connect(tmp_path / "state" / "seen.sqlite3") as db:
        recorded = {row[0] for row in db.execute("SELECT url FROM seen")}
    emitted = {i["canonicalUrl"] for i in first.items}
    assert emitted <= recorded and len(recorded - emitted) <= 2  # (a fetched URL may differ from canonical)
    # The articles left out were not recorded: the next run emits them.
    second = run_crawl(tmp_path / "again", "-a", "site=northbridge", settings={
        **REPLAY, "NEWSCRAWL_STATE_DIR": str(tmp_path / "state")})  # fmt: skip
    assert sorted(i["canonicalUrl"] for i in second.items + first.items) == sorted(
        {i["canonicalUrl"] for i in second.items} | emitted
    )
    assert len(second.items) == 4


@pytest.mark.crawl
def test_since_applies_to_articles_found_through_links_too(tmp_path: Path) -> None:
    # The sitemap and feed date all six articles, so the spider skips the older ones there; the
    # section pages link all six, and those links carry no date.
    result = run_crawl(tmp_path, "-a", "site=northbridge", "-a", "since=2026-11-21", settings=REPLAY)
    assert result.returncode == 0, result.log[-2000:]
    published = sorted(i["datePublished"] for i in result.items)
    assert published and all(p >= "2026-11-21" for p in published), published
    assert len(published) == 4
    assert result.stats["newscrawl/dropped/too_old"] == 2
