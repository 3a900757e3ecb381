"""The pipelines as Scrapy builds them: settings read, stats counted, items routed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.clean import assemble
from newscrawl.clean.urls import canonical_url, dedup_key
from newscrawl.items import Article, Block, RawArticle, Rejected
from newscrawl.options import ExtractOptions
from newscrawl.pipelines.cleaning import (
    AssemblyPipeline,
    AuthorPipeline,
    BoilerplatePipeline,
    CaptionPipeline,
    DatePipeline,
    TextNormalisationPipeline,
)
from newscrawl.pipelines.dedup import DedupPipeline, _digest
from newscrawl.pipelines.validate import ValidationPipeline
from newscrawl.state.scratch import close_scratch

CHAIN = (
    TextNormalisationPipeline,
    BoilerplatePipeline,
    CaptionPipeline,
    DatePipeline,
    AuthorPipeline,
    AssemblyPipeline,
)


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


def run_chain(crawler: Crawler, item: Any) -> Any:
    for cls in CHAIN:
        item = build_from_crawler(cls, crawler).process_item(item)
    return item


def test_the_stage_pipelines_make_an_article_and_count_what_they_did() -> None:
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    article = run_chain(crawler, raw_article())
    assert isinstance(article, Article)
    assert article.headline == "Floods hit the valley"
    assert article.articleBody == "Rain fell for three days, the Met Office said." * 3
    assert article.authors == ["Jane Doe"]
    assert article.dateModified is None
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/boilerplate/video-fallback"] == 1
    assert stats["newscrawl/boilerplate/related"] == 1
    assert stats["newscrawl/dates/rejected_future"] == 1
    assert stats["newscrawl/authors/agency"] == 1


def test_keep_mode_from_settings() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_BOILERPLATE": "keep"})
    crawler.stats.open_spider()
    article = run_chain(crawler, raw_article())
    assert len(article.articleBody.split("\n")) == 4
    assert article.articleBody.startswith("To view this video please enable JavaScript")


def test_a_bad_boilerplate_setting_fails_at_start() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_BOILERPLATE": "sometimes"})
    with pytest.raises(ValueError, match="drop"):
        build_from_crawler(TextNormalisationPipeline, crawler)


def test_other_items_pass_through_untouched() -> None:
    crawler = get_crawler(settings_dict={})
    rejected = Rejected(url="https://example.com/x", reason="short_body")
    for cls in (*CHAIN, DedupPipeline, ValidationPipeline):
        assert build_from_crawler(cls, crawler).process_item(rejected) is rejected


def article(url: str, body: str = "Body text " * 30, canonical: str | None = None) -> Article:
    raw = replace(raw_article(url), canonicalUrl=canonical, blocks=[Block(body)], dateModifiedRaw=None)
    return assemble(raw, ExtractOptions())


def test_dedup_by_url_and_by_body() -> None:
    crawler = get_crawler(settings_dict={})
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
    close_scratch(crawler)


def test_same_path_on_another_site_is_not_a_duplicate() -> None:
    crawler = get_crawler(settings_dict={})
    dedup = build_from_crawler(DedupPipeline, crawler)
    dedup.process_item(article("https://a.example/news/2024/01/02/story", "A " * 200))
    b = article(
        "https://b.example/news/2024/01/02/story", "B " * 200, "https://a.example/news/2024/01/02/story"
    )
    assert b.canonicalUrl == "https://b.example/news/2024/01/02/story"
    assert dedup.process_item(b) is b
    close_scratch(crawler)


def test_dedup_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(DedupPipeline, get_crawler(settings_dict={"NEWSCRAWL_DEDUP_ENABLED": False}))


@pytest.mark.parametrize(
    ("headline", "body", "reason"),
    [(None, "x" * 300, "no_headline"), ("H", "", "no_body"), ("H", "x" * 199, "short_body")],
)
def test_validation_turns_invalid_articles_into_rejects(headline: str | None, body: str, reason: str) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REJECTS_FEED": "rejects.jsonl"})
    crawler.stats.open_spider()
    validate = build_from_crawler(ValidationPipeline, crawler)
    item = Article(url="https://example.com/a", headline=headline, articleBody=body)
    rejected = validate.process_item(item)
    assert rejected == Rejected(
        url="https://example.com/a", reason=reason, headline=headline, bodyChars=len(body)
    )
    assert crawler.stats.get_value(f"newscrawl/rejected/{reason}") == 1


def test_validation_without_rejects_feed_drops_and_counts() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REJECTS_FEED": "", "NEWSCRAWL_MIN_BODY_CHARS": 10})
    crawler.stats.open_spider()
    validate = build_from_crawler(ValidationPipeline, crawler)
    with pytest.raises(DropItem):
        validate.process_item(Article(url="https://example.com/a", headline="H", articleBody="short"))
    good = Article(url="https://example.com/b", headline="H", articleBody="long enough body")
    assert validate.process_item(good) is good
    assert crawler.stats.get_value("newscrawl/rejected/short_body") == 1
    assert crawler.stats.get_value("newscrawl/articles/valid") == 1
