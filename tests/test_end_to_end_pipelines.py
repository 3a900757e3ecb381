"""End to end: a real crawl of the Eastmere Courier fixtures passes every item through all pipelines.

The site (``fixtures/www.eastmere-courier.example/``) holds the edge cases of the cleaning pipelines:
one article reached through two URLs (a newsletter link with tracking parameters), the same story
copied under another URL without a canonical link, a too-short article, agency copy and a page whose
publication date lies in the future.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newscrawl import extract_article
from newscrawl.fixtures import iter_fixtures
from tests.helpers import FIXTURES, REPO, CrawlResult, run_crawl

SITE = FIXTURES / "www.eastmere-courier.example"
SCHEMA = json.loads((REPO / "newscrawl" / "schema" / "article.schema.json").read_text())
FIXTURES_BY_NAME = {f.meta_path.stem: f for f in iter_fixtures(SITE)}
TRAM = FIXTURES_BY_NAME["article-council-approves-eastmere-tram-extension"]
TRAM_VIA_NEWSLETTER = FIXTURES_BY_NAME["article-council-approves-eastmere-tram-extension-newsletter-link"]
TRAM_COPY = FIXTURES_BY_NAME["article-eastmere-tram-extension-gets-green-light"]
SHORT = FIXTURES_BY_NAME["article-bin-collections-move-to-thursday"]
AGENCY = FIXTURES_BY_NAME["article-ferry-strike-called-off"]
FUTURE = FIXTURES_BY_NAME["article-time-capsule-to-be-opened"]
ORDER = [TRAM, TRAM_VIA_NEWSLETTER, TRAM_COPY, SHORT, AGENCY, FUTURE]


def crawl(tmp_path: Path, *urls: str, **settings: object) -> CrawlResult:
    result = run_crawl(
        tmp_path,
        "-a",
        "url=" + ",".join(urls),
        settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES), "CONCURRENT_REQUESTS": 1, **settings},
    )
    assert result.returncode == 0, result.log[-3000:]
    return result


@pytest.fixture(scope="module")
def site_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return crawl(tmp_path_factory.mktemp("eastmere"), *(f.url for f in ORDER))


@pytest.mark.crawl
def test_each_story_is_exported_once_and_validates(site_crawl: CrawlResult) -> None:
    urls = sorted(item["url"] for item in site_crawl.items)
    assert len(urls) == 3, urls
    tram = [i for i in site_crawl.items if i["fingerprint"] == TRAM.expected["fingerprint"]]
    assert len(tram) == 1
    assert tram[0]["canonicalUrl"] == TRAM.expected["canonicalUrl"]
    assert {AGENCY.url, FUTURE.url} <= set(urls)
    for item in site_crawl.items:
        jsonschema.validate(item, SCHEMA)


@pytest.mark.crawl
def test_items_equal_the_checked_expectations(site_crawl: CrawlResult) -> None:
    for item in site_crawl.items:
        fixture = next(f for f in ORDER if f.url == item["url"])
        assert item == fixture.expected, fixture.meta_path.name


@pytest.mark.crawl
def test_duplicates_are_counted_by_cue(site_crawl: CrawlResult) -> None:
    stats = site_crawl.stats
    # The newsletter link differs only by tracking parameters: the spider canonicalises it before
    # scheduling, so it is never fetched a second time.
    assert stats["newscrawl/replay/served"] == len(ORDER) - 1
    # The copy without a canonical link is fetched, then dropped for its body.
    assert stats["newscrawl/dedup/duplicate"] == 1
    assert stats["newscrawl/dedup/duplicate_body"] == 1


@pytest.mark.crawl
def test_short_article_goes_to_the_rejects_feed_with_url_and_reason(site_crawl: CrawlResult) -> None:
    assert site_crawl.rejects == [
        {
            "url": SHORT.url,
            "reason": "short_body",
            "headline": "Bin collections move to Thursday next week",
            "bodyChars": len(SHORT.expected["articleBody"]),
        }
    ]
    assert site_crawl.stats["newscrawl/rejected/short_body"] == 1
    assert site_crawl.stats["newscrawl/articles/valid"] == 3
    assert not any(item["url"] == SHORT.url for item in site_crawl.items)


@pytest.mark.crawl
def test_cleaning_stats_of_the_crawl(site_crawl: CrawlResult) -> None:
    stats = site_crawl.stats
    # Six URLs, five pages: the newsletter link is the tram article's URL plus tracking parameters.
    assert stats["newscrawl/pages/article"] == 5
    assert stats["newscrawl/dates/rejected_future"] == 1
    assert stats["newscrawl/dates/modified_before_published"] >= 1
    assert stats["newscrawl/authors/agency"] == 1
    # per tram page (two fetched): the video fallback (flagged by its player's class, or by its
    # words when the markup gives no cue), "Read more", the WhatsApp promo, two contact lines
    flagged = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newscrawl/boilerplate/")}
    assert flagged.get("video-fallback", 0) + flagged.get("media", 0) == 2
    assert flagged["related"] == 2
    assert flagged["promo"] == 2
    assert flagged["contact"] == 4


@pytest.mark.crawl
def test_agency_copy_and_future_date(site_crawl: CrawlResult) -> None:
    agency = next(i for i in site_crawl.items if i["url"] == AGENCY.url)
    assert agency["authors"] == ["Reuters"] and agency["publisher"] == "Reuters"
    future = next(i for i in site_crawl.items if i["url"] == FUTURE.url)
    assert future["datePublished"] is None
    assert future["datePublishedRaw"] == "2099-06-01T09:00:00+00:00"


@pytest.mark.crawl
def test_clean_text_of_the_tram_story(site_crawl: CrawlResult) -> None:
    tram = next(i for i in site_crawl.items if i["fingerprint"] == TRAM.expected["fingerprint"])
    body = tram["articleBody"]
    assert "\u00a0" not in body and "\n\n" not in body
    assert "Councillor Amrit Sandhu" in body and "−5°C" in body and "41–12" in body
    for boilerplate in (
        "JavaScript",
        "Read more",
        "WhatsApp",
        "Get in touch",
        "For more stories",
        "Picture:",
    ):
        assert boilerplate not in body
    assert tram["headline"] == "Council approves Eastmere tram extension & new depot"
    assert tram["images"][1] == {
        "url": "https://cdn.eastmere-courier.example/img/2026/11/castle-hill.jpg",
        "caption": "Castle Hill, where the line will climb a 7% gradient.",
        "credit": "Tom Hale/PA",
    }


@pytest.mark.crawl
def test_keep_mode_crawl_without_rejects_feed(tmp_path: Path) -> None:
    result = crawl(tmp_path, TRAM.url, SHORT.url, NEWSCRAWL_BOILERPLATE="keep", NEWSCRAWL_REJECTS_FEED="")
    assert [item["url"] for item in result.items] == [TRAM.url]
    body = result.items[0]["articleBody"].split("\n")
    assert body[0] == (
        "To view this video please enable JavaScript, and consider upgrading to a web browser that "
        "supports HTML5 video"
    )
    assert "Get in touch with our news team by emailing us at newsdesk@eastmere-courier.example." in body
    assert "An artist’s impression of the Fen Lane depot (Picture: Eastmere City Council)" in body
    assert result.rejects == []
    assert result.stats["newscrawl/rejected/short_body"] == 1


def test_library_call_gives_the_crawled_item() -> None:
    article = extract_article(TRAM.body(), TRAM.url, now=None)
    assert article.articleBody == TRAM.expected["articleBody"]
    assert article.images == TRAM.expected["images"]


@pytest.mark.parametrize("cli_feed", [None, "articles.jsonl"])
def test_feed_routing_survives_the_crawl_command(cli_feed: str | None) -> None:
    """As ``scrapy crawl news [-O FILE]`` builds it: -O merged into FEEDS, re-applied to the crawler, then
    routed by the project's add-on."""
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy.utils.conf import feed_process_params_from_cli

    from newscrawl.items import Article, Rejected
    from newscrawl.spiders.news import NewsSpider

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    if cli_feed:
        feeds = feed_process_params_from_cli(settings, [], overwrite_output=[cli_feed])
        settings.set("FEEDS", feeds, priority="cmdline")
    crawler = Crawler(NewsSpider, settings)
    crawler.settings.update(settings)  # the command's settings, applied again to the crawler
    crawler.addons.load_settings(crawler.settings)  # the add-ons, as the crawl starts (they route FEEDS)
    feeds = crawler.settings.getdict("FEEDS")
    articles = cli_feed or "output/%(name)s/%(time)s.jsonl"
    rejects = "output/%(name)s/%(time)s.rejects.jsonl"
    assert set(feeds) == {articles, rejects}
    assert feeds[articles]["item_classes"] == [Article]
    assert feeds[rejects]["item_classes"] == [Rejected]
