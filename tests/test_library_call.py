"""The library call is the unit of work: `extract_page` gives the article and what happened to it,
and a crawl (workers or not) counts exactly those events as its stats."""

from __future__ import annotations

import gc
import pickle
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import newscrawl.article
from newscrawl import Extraction, ExtractOptions, extract_article, extract_page
from newscrawl.article import extract_raw
from newscrawl.clean import clean_article
from newscrawl.extract.htmlparse import ExtractionError
from newscrawl.fixtures import load_fixture
from tests.helpers import FIXTURES, run_crawl

DEMO = FIXTURES / "www.northbridge-gazette.example"
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def test_an_article_page_gives_the_article_its_verdict_profile_and_events() -> None:
    fixture = load_fixture(DEMO / "article-harbour-bridge-reopens-after-two-year-restoration.json")
    options = ExtractOptions(now=NOW)
    extraction = extract_page(fixture.body(), fixture.url, options=options, saved=fixture.saved)
    assert isinstance(extraction, Extraction)
    assert extraction.is_article
    assert extraction.profile == "northbridge"  # a profile without a parser: its name only
    assert extraction.article == extract_article(fixture.body(), fixture.url, now=NOW, saved=fixture.saved)
    assert extraction.events and all(isinstance(n, int) and n > 0 for n in extraction.events.values())
    assert all(e.split("/")[0] in ("text", "boilerplate", "captions", "dates", "authors", "profile")
               for e in extraction.events)  # fmt: skip
    assert pickle.loads(pickle.dumps(extraction)) == extraction  # it crosses the workers' pipe


def test_events_count_each_flagged_block_by_reason() -> None:
    fixture = load_fixture(FIXTURES / "metro.co.uk" / "tube-strike-called-off-2024-07-02.json")
    options = ExtractOptions(boilerplate="keep", now=NOW)
    extraction = extract_page(fixture.body(), fixture.url, options=options)
    assert extraction.profile == "metro@V1"
    raw = extract_raw(fixture.body(), fixture.url)
    clean_article(raw, options)
    flagged = Counter(
        f"boilerplate/{b.boilerplate}" for b in raw.blocks if b.boilerplate and b.kind != "caption"
    )
    events = extraction.events.items()
    counted = {e: n for e, n in events if e.startswith("boilerplate/") and e != "boilerplate/image"}
    assert counted == flagged
    assert sum(flagged.values()) > 0


def test_a_page_that_is_no_article_says_so() -> None:
    fixture = load_fixture(DEMO / "puzzle-crossword-2026-11-24.json")
    extraction = extract_page(fixture.body(), fixture.url)
    assert not extraction.is_article
    assert extraction.article.url == fixture.url  # still extracted and cleaned (the library call's article)


def test_the_download_time_is_the_article_s_and_the_reference_for_future_dates() -> None:
    fixture = load_fixture(DEMO / "article-school-meals-price-rise-paused.json")
    downloaded = "2026-11-19T09:00:00+00:00"
    options = ExtractOptions(now=NOW)
    extraction = extract_page(fixture.body(), fixture.url, options=options, downloaded=downloaded)
    assert extraction.article.dateDownloaded == downloaded
    early = extract_page(fixture.body(), fixture.url, downloaded="2020-01-01T00:00:00+00:00")
    assert early.article.datePublished is None  # published after that download: a future date
    assert early.events.get("dates/rejected_future", 0) >= 1


def test_the_download_time_picks_the_parser_version_when_no_saved_date_is_given() -> None:
    fixture = load_fixture(FIXTURES / "www.bbc.co.uk" / "news-uk-england-snow-schools-2018-02-28.json")
    downloaded = "2018-02-28T10:00:00+00:00"
    assert extract_page(fixture.body(), fixture.url, downloaded=downloaded).profile == "bbc@V1"
    assert extract_page(fixture.body(), fixture.url).profile == "bbc@V1_1"  # the newest without a date


def test_options_switch_profiles_and_phrases_off() -> None:
    fixture = load_fixture(FIXTURES / "metro.co.uk" / "tube-strike-called-off-2024-07-02.json")
    generic = extract_page(fixture.body(), fixture.url, options=ExtractOptions(use_profiles=False, now=NOW))
    assert generic.profile is None
    assert generic.article == extract_article(fixture.body(), fixture.url, use_profiles=False, now=NOW)
    structural = extract_page(fixture.body(), fixture.url, options=ExtractOptions(boilerplate_phrases=False))
    full = extract_page(fixture.body(), fixture.url)
    assert sum(structural.events.values()) < sum(full.events.values())


# What replayed crawls of the fixtures counted before the cleaning pipelines were replaced by the
# library call (recorded with `scrapy crawl news ... -s NEWSCRAWL_STATS_FILE=...` on the commit before).
# Feed-sync and worker stats are left out: they depend on timing and on the machine.
OTHER_HOSTS = [
    "https://apnews.com/article/france-farmers-protest-lyon-fuel-tax-4b7e2d9c1a3f5e6d8c0b2a4f6e8d0c1b",
    "https://edition.cnn.com/2024/03/12/europe/iceland-volcano-eruption-grindavik-intl/index.html",
    "https://metro.co.uk/2024/01/18/"
    "putin-loses-grip-weeks-before-election-as-russians-hurl-snowballs-at-police-20145678/",
    "https://metro.co.uk/2024/07/02/tube-strike-called-off-last-minute-pay-deal-21156734/",
    "https://www.bbc.co.uk/news/uk-england-43224516",
    "https://www.bbc.com/news/articles/c9x2kq7l1p0o",
    "https://www.reuters.com/business/rotterdam-port-throughput-falls-6-coal-imports-slump-2024-03-12/",
    "https://www.theguardian.com/world/2024/mar/12/venice-sets-dates-day-tripper-entry-fee-trial",
]
EASTMERE = [
    "https://www.eastmere-courier.example/news/2026/11/20/council-approves-eastmere-tram-extension",
    "https://www.eastmere-courier.example/news/2026/11/21/bin-collections-move-to-thursday-next-week",
    "https://www.eastmere-courier.example/news/2026/11/23/school-time-capsule-to-be-opened-in-centenary-year",
    "https://www.eastmere-courier.example/transport/2026/11/20/eastmere-tram-extension-gets-green-light",
    "https://www.eastmere-courier.example/world/2026/11/22/channel-ferry-strike-called-off-after-late-pay-offer",
]
RECORDED = {
    "northbridge": (
        ["-a", "site=northbridge"],
        {"NEWSCRAWL_EXTRACT_PROCESSES": "1"},
        {
            "newscrawl/articles/valid": 6,
            "newscrawl/boilerplate/ad": 6,
            "newscrawl/boilerplate/header": 24,  # kicker, headline, byline, share line of <header>
            "newscrawl/boilerplate/newsletter": 6,
            "newscrawl/boilerplate/tags": 6,
            "newscrawl/captions/credit_split": 3,
            "newscrawl/discovery/duplicate": 18,
            "newscrawl/discovery/feeds": 1,
            "newscrawl/discovery/link_not_article/about": 6,
            "newscrawl/discovery/link_not_article/contact": 6,
            "newscrawl/discovery/link_not_article/home": 12,
            "newscrawl/discovery/link_not_article/login": 6,
            "newscrawl/discovery/link_not_article/privacy": 6,
            "newscrawl/discovery/link_not_article/subscribe": 6,
            "newscrawl/discovery/offsite": 7,
            "newscrawl/discovery/robots_sitemaps": 1,
            "newscrawl/discovery/section_too_deep": 25,
            "newscrawl/discovery/sitemaps": 1,
            "newscrawl/discovery/templates_saved": 6,
            "newscrawl/frontier/batches": 7,
            "newscrawl/frontier/fed": 7,
            "newscrawl/frontier/held": 7,
            "newscrawl/frontier/pending": 0,
            "newscrawl/incremental/fetch_new": 7,
            "newscrawl/incremental/new": 6,
            "newscrawl/pages/article": 6,
            "newscrawl/pages/listing": 6,
            "newscrawl/pages/not_article": 1,
            "newscrawl/replay/served": 16,
        },
    ),
    "site profiles": (
        ["-a", "url=" + ",".join(OTHER_HOSTS)],
        {"NEWSCRAWL_EXTRACT_PROCESSES": "0"},
        {
            "newscrawl/articles/valid": 8,
            "newscrawl/boilerplate/ad": 1,
            "newscrawl/boilerplate/contact": 2,
            "newscrawl/boilerplate/credit": 2,
            "newscrawl/boilerplate/factbox": 3,
            "newscrawl/boilerplate/footer": 3,
            "newscrawl/boilerplate/newsletter": 9,
            "newscrawl/boilerplate/promo": 6,
            "newscrawl/boilerplate/related": 14,
            "newscrawl/boilerplate/separator": 2,
            "newscrawl/boilerplate/sign-off": 1,
            "newscrawl/boilerplate/video": 1,
            "newscrawl/boilerplate/video-fallback": 1,
            "newscrawl/discovery/templates_saved": 13,
            "newscrawl/incremental/new": 8,
            "newscrawl/pages/article": 8,
            "newscrawl/replay/robots_missing": 7,
            "newscrawl/replay/served": 8,
        },
    ),
    "eastmere, keep mode": (
        ["-a", "url=" + ",".join(EASTMERE)],
        {"NEWSCRAWL_EXTRACT_PROCESSES": "1", "NEWSCRAWL_BOILERPLATE": "keep"},
        {
            "newscrawl/articles/valid": 3,
            "newscrawl/authors/agency": 1,
            "newscrawl/authors/none_left": 1,
            "newscrawl/boilerplate/contact": 4,
            "newscrawl/boilerplate/credit": 1,
            "newscrawl/boilerplate/label": 1,
            "newscrawl/boilerplate/media": 2,
            "newscrawl/boilerplate/promo": 2,
            "newscrawl/boilerplate/related": 2,
            "newscrawl/captions/credit_split": 4,
            "newscrawl/dates/modified_before_published": 1,
            "newscrawl/dates/rejected_future": 1,
            "newscrawl/dedup/duplicate": 1,
            "newscrawl/dedup/duplicate_body": 1,
            "newscrawl/discovery/templates_saved": 4,
            "newscrawl/incremental/new": 3,
            "newscrawl/pages/article": 5,
            "newscrawl/rejected/short_body": 1,
            "newscrawl/replay/robots_missing": 1,
            "newscrawl/replay/served": 5,
        },
    ),
}


@pytest.mark.crawl
@pytest.mark.parametrize("name", sorted(RECORDED))
def test_a_replayed_crawl_counts_what_it_counted_before(name: str, tmp_path: Path) -> None:
    args, settings, expected = RECORDED[name]
    result = run_crawl(tmp_path, *args, settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES), **settings})
    assert result.returncode == 0, result.log[-3000:]
    counted = {
        k: v
        for k, v in result.stats.items()
        if k.startswith("newscrawl/") and not k.startswith(("newscrawl/extract_pool/", "newscrawl/seen/"))
    }
    assert counted == expected


def test_the_garbage_collector_is_paused_for_a_page_and_left_as_the_caller_had_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collector_running: list[bool] = []
    real_clean = newscrawl.article.clean_article

    def clean(*args: Any) -> Any:
        collector_running.append(gc.isenabled())
        return real_clean(*args)

    monkeypatch.setattr(newscrawl.article, "clean_article", clean)
    page = "<html><body><article><h1>Title</h1><p>" + "A sentence of story text. " * 20 + "</p></article>"
    try:
        extract_page(page, "https://news.example/a")
        assert collector_running == [False] and gc.isenabled()
        with pytest.raises(ExtractionError):
            extract_page("", "https://news.example/a")
        assert gc.isenabled()  # back on after a page that failed
        gc.disable()
        extract_page(page, "https://news.example/a")
        assert not gc.isenabled()  # the caller's choice stands
    finally:
        gc.enable()
