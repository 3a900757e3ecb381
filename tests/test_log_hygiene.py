"""A crawl's log stays readable (issue #16, item 8).

Every duplicate drop logged the whole article at WARNING (about 7 KB: a 2,000-page crawl wrote a 12 MB
log), and every run warned that ``StatsFile`` and ``FixtureReplayMiddleware`` were disabled although
they were simply not asked for.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.extensions.stats_file import StatsFile
from newscrawl.extensions.summary import CrawlSummary
from newscrawl.items import Article
from newscrawl.logformatter import NewscrawlLogFormatter
from newscrawl.middlewares.fixture_replay import FixtureReplayMiddleware
from newscrawl.pipelines.dedup import DedupPipeline
from newscrawl.pipelines.seen import UnchangedArticle
from tests.crawlers import project_crawler
from tests.helpers import FIXTURES, run_crawl

EASTMERE = FIXTURES / "www.eastmere-courier.example"


def test_a_drop_is_one_short_line_with_url_and_reason() -> None:
    spider = None  # the formatter needs no spider for drops
    article = Article(url="https://n.example/a", headline="H", articleBody="x" * 7000, fingerprint="f")
    formatter = NewscrawlLogFormatter()
    drop = DropItem("duplicate (same body as an earlier article)")
    line = formatter.dropped(article, drop, None, spider)  # type: ignore[arg-type]
    assert line["level"] == logging.INFO
    text = line["msg"] % line["args"]
    assert text == "Dropped https://n.example/a: duplicate (same body as an earlier article)"
    unchanged = UnchangedArticle("unchanged since last emitted")
    quiet = formatter.dropped(article, unchanged, None, spider)  # type: ignore[arg-type]
    assert quiet["level"] == logging.DEBUG


@pytest.mark.crawl
def test_a_crawl_with_duplicates_logs_no_item_and_no_warning_for_components_left_off(tmp_path: Path) -> None:
    urls = ",".join(
        "https://www.eastmere-courier.example/" + path
        for path in (
            "news/2026/11/20/council-approves-eastmere-tram-extension",
            "transport/2026/11/20/eastmere-tram-extension-gets-green-light",
        )
    )
    result = run_crawl(
        tmp_path, "-a", f"url={urls}", "-a", "depth=0",
        settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES), "NEWSCRAWL_STATS_FILE": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    dropped = [line for line in result.log.splitlines() if "Dropped" in line]
    assert len(dropped) == 1, result.log[-3000:]
    assert re.search(r"\] INFO: Dropped https://\S+: duplicate \(same (url|body) ", dropped[0])
    assert len(dropped[0]) < 400
    assert "'articleBody'" not in result.log and "articleBody=" not in result.log
    disabled = [line for line in result.log.splitlines() if "WARNING: Disabled" in line]
    assert disabled == [], disabled


@pytest.mark.parametrize(
    ("component", "settings"),
    [
        (StatsFile, {"NEWSCRAWL_STATS_FILE": ""}),
        (FixtureReplayMiddleware, {"NEWSCRAWL_REPLAY_DIR": ""}),
        (CrawlSummary, {"NEWSCRAWL_SUMMARY_ENABLED": False}),
        (DedupPipeline, {"NEWSCRAWL_DEDUP_ENABLED": False}),
    ],
)
def test_a_component_switched_off_by_its_setting_is_off_without_a_warning(component: type, settings: dict):
    # Scrapy logs "Disabled <component>: <reason>" at WARNING for a NotConfigured with a reason.
    with pytest.raises(NotConfigured) as off:
        component.from_crawler(project_crawler(**settings))
    assert off.value.args == ()
