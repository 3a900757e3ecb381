"""End to end: the real spider, pipelines and feed exporter replay the bundled fixture site."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newscrawl.fixtures import iter_fixtures
from tests.helpers import FIXTURES, REPO, CrawlResult, run_crawl

SCHEMA = json.loads((REPO / "newscrawl" / "schema" / "article.schema.json").read_text())
DEMO = FIXTURES / "www.northbridge-gazette.example"
EXPECTED = {f.url: f.expected for f in iter_fixtures(DEMO) if f.expected}


@pytest.fixture(scope="module")
def demo_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("demo")
    result = run_crawl(tmp, "-a", "site=northbridge", settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)})
    assert result.returncode == 0, result.log[-3000:]
    return result


def test_fixture_site_has_enough_articles() -> None:
    assert len(EXPECTED) >= 5


@pytest.mark.crawl
def test_every_article_of_the_site_is_emitted_once(demo_crawl: CrawlResult) -> None:
    urls = [item["url"] for item in demo_crawl.items]
    assert sorted(urls) == sorted(EXPECTED)


@pytest.mark.crawl
@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_item_matches_expected_field_by_field(demo_crawl: CrawlResult, url: str) -> None:
    item = next(i for i in demo_crawl.items if i["url"] == url)
    expected = EXPECTED[url]
    assert set(item) == set(expected)
    for field, value in expected.items():
        assert item[field] == value, f"{url}: field {field}"


@pytest.mark.crawl
def test_every_exported_line_validates_against_the_schema(demo_crawl: CrawlResult) -> None:
    assert demo_crawl.items
    for item in demo_crawl.items:
        jsonschema.validate(item, SCHEMA)
        assert item["headline"] and item["articleBody"]


@pytest.mark.crawl
def test_non_article_page_gives_no_item_and_a_stat(demo_crawl: CrawlResult) -> None:
    assert demo_crawl.stats["newscrawl/pages/not_article"] == 1
    assert not any("puzzles" in item["url"] for item in demo_crawl.items)


@pytest.mark.crawl
def test_missing_fixture_fails_loudly_and_is_counted(tmp_path: Path) -> None:
    missing = "https://www.northbridge-gazette.example/news/2026/11/26/a-page-nobody-saved-for-replay"
    result = run_crawl(tmp_path, "-a", f"url={missing}", settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)})
    assert result.returncode == 0
    assert result.stats["newscrawl/replay/missing"] == 1
    assert f"No saved page for {missing}" in result.log
    assert result.items == []


@pytest.mark.crawl
def test_stats_file_is_written_after_the_last_seen_store_sync(demo_crawl: CrawlResult) -> None:
    # The seen-store writer syncs its last batch at spider close: the stats file must include it.
    stats = demo_crawl.stats
    synced = stats.get("newscrawl/seen/synced_records", 0)
    assert synced >= len(demo_crawl.items) > 0
    assert f"'newscrawl/seen/synced_records': {synced}," in demo_crawl.log
    assert stats["finish_reason"] == "finished"
