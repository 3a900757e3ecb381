"""Every site profile over every one of its fixtures, field by field; the registry's lookups."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from newscrawl import extract_article
from newscrawl.article import extract_raw
from newscrawl.clean import clean_article
from newscrawl.discovery.urls import ARTICLE, profile_verdict
from newscrawl.extract import Page, read_page
from newscrawl.fixture_expectations import current_output
from newscrawl.fixtures import Fixture
from newscrawl.items import RawArticle
from newscrawl.sites import PROFILES, ParserVersion, SiteProfile, profile_for_url
from tests.helpers import FIXTURES, run_crawl
from tests.sites_support import article_fixtures, fixtures_by_profile, profiles_without_fixtures, sidecar

CASES = [
    pytest.param(fixture, id=f"{name}:{fixture.body_path.name}")
    for name, fixtures in sorted(fixtures_by_profile().items())
    for fixture in fixtures
]
SITE_FIXTURES = [f for name, fs in fixtures_by_profile().items() if name != "northbridge" for f in fs]


@pytest.mark.parametrize("fixture", CASES)
def test_profile_gives_the_expected_item_field_by_field(fixture: Fixture) -> None:
    expected = fixture.expected
    assert expected is not None
    output = current_output(fixture)
    assert output is not None, f"{fixture.url}: not recognised as an article"
    assert set(output) == set(expected)
    for field, value in expected.items():
        assert output[field] == value, f"{fixture.body_path.name}: field {field}"


@pytest.mark.parametrize("fixture", CASES)
def test_the_fixture_is_read_by_its_profile_and_the_parser_version_it_names(fixture: Fixture) -> None:
    raw = extract_raw(fixture.body(), fixture.url, saved=fixture.saved)
    profile = profile_for_url(fixture.url)
    assert profile is not None
    assert (raw.profile or "").split("@")[0] == profile.name
    parser = sidecar(fixture).get("parser")
    if profile.versions:
        assert parser, f"{fixture.meta_path.name}: say which parser version the page was saved under"
        assert raw.profile == parser


def test_every_registered_profile_has_a_fixture() -> None:
    assert profiles_without_fixtures(PROFILES, article_fixtures()) == []


def test_a_profile_without_fixtures_is_reported() -> None:
    lonely = SiteProfile(name="lonely", domains=("lonely-news.example",))
    profiles = {**PROFILES, "lonely": lonely}
    assert profiles_without_fixtures(profiles, article_fixtures()) == ["lonely"]


def test_at_least_six_real_sites_are_registered() -> None:
    assert len(set(PROFILES) - {"northbridge"}) >= 6
    for name, profile in PROFILES.items():
        assert profile.domains and profile.article_url_patterns, name
        assert profile.start_urls or profile.sitemaps or profile.feeds, name


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://metro.co.uk/2024/01/18/story-20145678/", "metro"),
        ("https://METRO.co.uk/news/", "metro"),
        ("https://www.metro.co.uk:443/news/", "metro"),
        ("https://notmetro.co.uk/2024/01/18/story-20145678/", None),
        ("https://metro.co.uk.evil.example/2024/01/18/story-20145678/", None),
        ("https://metro.com/news/", None),
        ("https://www.bbc.co.uk/news/articles/c4nn0v0ye4ko", "bbc"),
        ("https://www.bbc.com/news/world-europe-68551234", "bbc"),
        ("https://notbbc.co.uk/news/1", None),
        ("https://www.theguardian.com/world/2024/mar/12/story", "guardian"),
        ("https://apnews.com/article/ukraine-abc123", "apnews"),
        ("https://www.reuters.com/world/europe/story-2024-03-12/", "reuters"),
        ("https://edition.cnn.com/2024/03/12/europe/story/index.html", "cnn"),
        ("https://www.northbridge-gazette.example/news/2026/11/24/x", "northbridge"),
        ("not a url", None),
    ],
)
def test_profile_for_url_matches_domains_and_subdomains_only(url: str, name: str | None) -> None:
    profile = profile_for_url(url)
    assert (profile.name if profile else None) == name


def _noop(page: Page, raw: RawArticle) -> RawArticle:
    return raw


def test_parser_version_is_chosen_by_the_saved_date() -> None:
    v1 = ParserVersion("V1", date(2016, 1, 1), _noop)
    v1_1 = ParserVersion("V1_1", date(2023, 6, 1), _noop)
    profile = SiteProfile(name="x", domains=("x.example",), versions=(v1_1, v1))
    assert profile.version_for("2019-05-02") is v1
    assert profile.version_for("2023-05-31T23:00:00+00:00") is v1
    assert profile.version_for(date(2023, 6, 1)) is v1_1
    assert profile.version_for(None) is v1_1
    assert profile.version_for("2010-01-01") is v1  # older than every version: the oldest layout
    assert profile.version_for("garbage") is v1_1


@pytest.mark.crawl
def test_a_replayed_crawl_of_every_site_fixture_gives_the_expected_items(tmp_path: Path) -> None:
    urls = ",".join(f.url for f in SITE_FIXTURES)
    result = run_crawl(tmp_path, "-a", f"url={urls}", settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)})
    assert result.returncode == 0, result.log[-3000:]
    items = {item["url"]: item for item in result.items}
    assert sorted(items) == sorted(f.url for f in SITE_FIXTURES)
    for fixture in SITE_FIXTURES:
        assert items[fixture.url] == fixture.expected, fixture.url


_JSONLD = re.compile(rb"<script[^>]*application/ld\+json[^>]*>.*?</script>", re.S | re.I)


@pytest.mark.parametrize("fixture", SITE_FIXTURES, ids=lambda f: f.body_path.name)
def test_without_json_ld_the_profile_reads_the_visible_page(fixture: Fixture) -> None:
    html = _JSONLD.sub(b"", fixture.body())
    assert b"ld+json" not in html
    article = extract_article(html, fixture.url, saved=fixture.saved)
    expected = fixture.expected or {}
    assert article.headline == expected["headline"]
    assert article.authors == expected["authors"]
    assert article.datePublished == expected["datePublished"]
    assert article.articleBody == expected["articleBody"]


@pytest.mark.parametrize("fixture", SITE_FIXTURES, ids=lambda f: f.body_path.name)
def test_flagged_blocks_show_in_keep_mode_only(fixture: Fixture) -> None:
    raw = extract_raw(fixture.body(), fixture.url, saved=fixture.saved)
    clean_article(raw)  # the boilerplate stage applies the site's phrases; blocks keep their verdicts
    flagged = [b.text for b in raw.blocks if b.boilerplate]
    assert flagged, "every site fixture shows at least one of the site's boilerplate blocks"
    drop = extract_article(fixture.body(), fixture.url, saved=fixture.saved).articleBody or ""
    keep = (
        extract_article(fixture.body(), fixture.url, saved=fixture.saved, boilerplate="keep").articleBody
        or ""
    )
    keep_lines = keep.splitlines()
    story = iter(keep_lines)
    assert all(line in story for line in drop.splitlines()), "drop-mode lines appear in keep mode, in order"
    for text in flagged:
        line = " ".join(text.split())
        assert line in keep_lines
        assert line not in drop.splitlines()


def _broken(page: Page, raw: RawArticle) -> RawArticle:
    raw.headline = "half-written"
    raise RuntimeError("layout changed")


def test_a_failing_parser_leaves_the_generic_fields_and_records_the_failure() -> None:
    fixture = SITE_FIXTURES[0]
    generic = extract_raw(fixture.body(), fixture.url, use_profiles=False)
    profile = SiteProfile(
        name="broken", domains=("x.example",), versions=(ParserVersion("V1", date(2020, 1, 1), _broken),)
    )
    page = read_page(fixture.body(), fixture.url)
    raw = profile.apply(page, extract_raw(fixture.body(), fixture.url, use_profiles=False))
    assert raw.headline == generic.headline
    assert raw.events == ["profile/failed"]


def test_the_longest_matching_domain_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    sport = SiteProfile(name="bbc-sport", domains=("sport.bbc.co.uk",))
    monkeypatch.setitem(PROFILES, "bbc-sport", sport)
    assert profile_for_url("https://sport.bbc.co.uk/football/1234567") is sport
    assert profile_for_url("https://www.bbc.co.uk/news/uk-12345678") is PROFILES["bbc"]
    assert profile_for_url("https://www.bbc.co.uk./news/uk-12345678") is PROFILES["bbc"]


@pytest.mark.parametrize("name", sorted(set(PROFILES) - {"northbridge"}))
def test_article_url_patterns_take_the_fixtures_and_leave_the_start_pages(name: str) -> None:
    profile = PROFILES[name]
    patterns = tuple(re.compile(p) for p in profile.article_url_patterns)
    fixtures = fixtures_by_profile()[name]
    assert fixtures
    for fixture in fixtures:
        assert profile_verdict(fixture.url, patterns).verdict == ARTICLE, fixture.url
    for url in profile.start_urls:
        assert profile_verdict(url, patterns).verdict != ARTICLE, url


@pytest.mark.crawl
def test_a_site_crawl_reads_the_section_page_and_emits_its_article(tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path, "-a", "site=metro", "-a", "depth=0", settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)}
    )
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["newscrawl/pages/listing"] == 1
    seed = next(f for f in fixtures_by_profile()["metro"] if "putin" in f.url)
    assert result.items == [seed.expected]
    # The profile's news sitemap and feeds are requested too; no fixture holds them.
    profile = PROFILES["metro"]
    assert result.stats.get("newscrawl/replay/missing", 0) == len(profile.sitemaps) + len(profile.feeds)
