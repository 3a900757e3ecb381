"""The pipelines as Scrapy builds them: settings read, stats counted, items routed."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler

from newscrawl.clean import assemble, clean_article
from newscrawl.clean.urls import canonical_url, dedup_key
from newscrawl.extensions.extraction_workers import options_from_settings
from newscrawl.items import Article, Block, Extraction, RawArticle, Rejected
from newscrawl.options import ExtractOptions
from newscrawl.pipelines.dedup import DedupPipeline, _digest
from newscrawl.pipelines.validate import ValidationPipeline
from newscrawl.spiders.news import NewsSpider
from tests.crawlers import crawl_state, project_crawler


def raw_article(url: str = "https://example.com/news/2024/01/02/story") -> RawArticle:
    return RawArticle(
        url=url,
        canonicalUrl=url,
        headline="  Floods\u00a0hit the valley ",
        blocks=[
            Block("To view this video please enable JavaScript, and consider upgrading to a web\nbrowser"),
            Block("Rain fell for\tthree days, the Met Office said." * 3),
            Block("Read more: What to do in a flood"),
            Block("Flooded fields (Picture: AFP)", kind="caption"),
        ],
        authors=["By Jane Doe, Environment Correspondent", "PA Media"],
        datePublishedRaw="2024-01-02T10:00:00Z",
        dateModifiedRaw="2099-01-01T00:00:00Z",
        publisher="The Courier",
        dateDownloaded="2024-01-03T08:00:00+00:00",
    )


def extract_in_crawl(crawler: Crawler, raw: RawArticle) -> Article:
    """What a crawl does with a page since the cleaning pipelines went: the library call's cleaning
    with the options the settings ask for, its events counted by the spider (see `_article`)."""
    raw.events.clear()
    article = clean_article(raw, options_from_settings(crawler.settings))
    spider = NewsSpider(url="https://example.com/")
    spider.crawler = crawler
    extraction = Extraction(article, True, None, dict(Counter(raw.events)))
    return spider._article(extraction)


def test_a_crawl_counts_what_cleaning_did_as_stats() -> None:
    crawler = project_crawler()
    crawler.stats.open_spider()
    article = extract_in_crawl(crawler, raw_article())
    assert isinstance(article, Article)
    assert article.headline == "Floods hit the valley"
    assert article.articleBody == "Rain fell for three days, the Met Office said." * 3
    assert article.authors == ["Jane Doe", "PA Media"]  # the agency is credited too
    assert article.dateModified is None
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/boilerplate/video-fallback"] == 1
    assert stats["newscrawl/boilerplate/related"] == 1
    assert stats["newscrawl/dates/rejected_future"] == 1
    assert stats["newscrawl/authors/agency"] == 1
    assert stats["newscrawl/pages/article"] == 1


def test_keep_mode_from_settings() -> None:
    crawler = project_crawler(NEWSCRAWL_BOILERPLATE="keep")
    crawler.stats.open_spider()
    article = extract_in_crawl(crawler, raw_article())
    assert len(article.articleBody.split("\n")) == 4
    assert article.articleBody.startswith("To view this video please enable JavaScript")


def test_cleaning_switches_are_options_from_settings() -> None:
    settings = project_crawler(NEWSCRAWL_BOILERPLATE_PHRASES=False, NEWSCRAWL_SITE_PROFILES="0").settings
    options = options_from_settings(settings)
    assert (options.boilerplate, options.boilerplate_phrases, options.use_profiles) == ("drop", False, False)


def test_a_bad_boilerplate_setting_fails_at_start() -> None:
    # The extraction workers refuse it when the crawl builds them.
    with pytest.raises(ValueError, match="drop"):
        project_crawler(NEWSCRAWL_BOILERPLATE="sometimes")


def test_other_items_pass_through_untouched() -> None:
    crawler = project_crawler()
    rejected = Rejected(url="https://example.com/x", reason="short_body")
    for cls in (DedupPipeline, ValidationPipeline):
        assert build_from_crawler(cls, crawler).process_item(rejected) is rejected


def article(url: str, body: str = "Body text " * 30, canonical: str | None = None) -> Article:
    raw = replace(raw_article(url), canonicalUrl=canonical, blocks=[Block(body)], dateModifiedRaw=None)
    return assemble(raw, ExtractOptions())


def test_dedup_by_url_and_by_body() -> None:
    crawler = project_crawler()
    crawler.stats.open_spider()
    dedup = build_from_crawler(DedupPipeline, crawler)
    first = article("https://www.example.com/news/2024/01/02/story")
    assert dedup.process_item(first) is first
    with pytest.raises(DropItem):  # same canonical through a tracking link
        dedup.process_item(article("https://www.example.com/news/2024/01/02/story?utm_source=x&fbclid=y"))
    with pytest.raises(DropItem):  # another URL declaring the first as canonical
        dedup.process_item(
            article(
                "https://www.example.com/amp/story",
                "Other body " * 30,
                "https://www.example.com/news/2024/01/02/story",
            )
        )
    with pytest.raises(DropItem):  # same body under another URL
        dedup.process_item(article("https://www.example.com/print/story"))
    other = article("https://www.example.com/news/2024/01/03/other", "Different text " * 30)
    assert dedup.process_item(other) is other
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/dedup/duplicate"] == 3
    assert stats["newscrawl/dedup/duplicate_url"] == 2
    assert stats["newscrawl/dedup/duplicate_body"] == 1
    # only short digests are kept (on disk), never the items
    digest = _digest(dedup_key(canonical_url(other.url)))
    assert len(digest) == 12 and digest in dedup.urls
    assert len(dedup.urls) == 2 and len(dedup.bodies) == 2
    crawl_state(crawler).close()


def test_same_path_on_another_site_is_not_a_duplicate() -> None:
    crawler = project_crawler()
    dedup = build_from_crawler(DedupPipeline, crawler)
    dedup.process_item(article("https://a.example/news/2024/01/02/story", "A " * 200))
    b = article(
        "https://b.example/news/2024/01/02/story", "B " * 200, "https://a.example/news/2024/01/02/story"
    )
    assert b.canonicalUrl == "https://b.example/news/2024/01/02/story"
    assert dedup.process_item(b) is b
    crawl_state(crawler).close()


def test_dedup_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(DedupPipeline, project_crawler(NEWSCRAWL_DEDUP_ENABLED=False))


@pytest.mark.parametrize(
    ("headline", "body", "reason"),
    [(None, "x" * 300, "no_headline"), ("H", "", "no_body"), ("H", "x" * 199, "short_body")],
)
def test_validation_turns_invalid_articles_into_rejects(headline: str | None, body: str, reason: str) -> None:
    crawler = project_crawler(NEWSCRAWL_REJECTS_FEED="rejects.jsonl")
    crawler.stats.open_spider()
    validate = build_from_crawler(ValidationPipeline, crawler)
    item = Article(url="https://example.com/a", headline=headline, articleBody=body)
    rejected = validate.process_item(item)
    assert rejected == Rejected(
        url="https://example.com/a", reason=reason, headline=headline, bodyChars=len(body)
    )
    assert crawler.stats.get_value(f"newscrawl/rejected/{reason}") == 1


def test_validation_without_rejects_feed_drops_and_counts() -> None:
    crawler = project_crawler(NEWSCRAWL_REJECTS_FEED="", NEWSCRAWL_MIN_BODY_CHARS=10)
    crawler.stats.open_spider()
    validate = build_from_crawler(ValidationPipeline, crawler)
    with pytest.raises(DropItem):
        validate.process_item(Article(url="https://example.com/a", headline="H", articleBody="short"))
    good = Article(url="https://example.com/b", headline="H", articleBody="long enough body")
    assert validate.process_item(good) is good
    assert crawler.stats.get_value("newscrawl/rejected/short_body") == 1
    assert crawler.stats.get_value("newscrawl/articles/valid") == 1
