"""`scrapy savefixture` against a live site on 127.0.0.1: files, sidecar, refusals, and replay."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy.exceptions import UsageError

from newscrawl import extract_article
from newscrawl.article import extract_raw
from newscrawl.commands.savefixture import checked_name, default_name, parser_version
from newscrawl.fixture_expectations import current_output, saved_at
from newscrawl.fixtures import load_fixture
from tests.helpers import FIXTURES, REPO, run_crawl
from tests.mockserver import Response
from tests.savefixture_support import (
    ARTICLE_CONTENT_TYPE,
    ARTICLE_PATH,
    HEADER_CHARSET_PATH,
    HUGE_PATH,
    MISSING_PATH,
    PRIVATE_PATH,
    REDIRECT_PATH,
    ROBOTS,
    SiteServer,
    files_under,
    run_savefixture,
    serve_site,
)
from tests.sites_support import sidecar

ARTICLE_NAME = "harbour-lights-festival-draws-record-crowds"
SIDECAR_KEYS = ["url", "requested_url", "saved", "status", "content_type", "expected"]


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    with serve_site() as running:
        yield running


def read_meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://news.example/news/2026/11/20/harbour-lights-festival", "harbour-lights-festival"),
        ("https://news.example/world/story/", "story"),
        ("https://news.example/a/Caf%C3%A9%20Owner's%20Story.html", "caf-owner-s-story"),
        ("https://news.example/article.php?id=123&page=2", "article-id-123-page-2"),
        ("https://news.example/", "home"),
        ("https://news.example", "home"),
        ("https://news.example/sitemap.xml", "sitemap"),
        ("https://news.example/robots.txt", "robots"),
    ],
)
def test_default_name_comes_from_the_last_path_segment(url: str, name: str) -> None:
    assert default_name(url) == name


def test_default_name_is_bounded() -> None:
    name = default_name("https://news.example/news/" + "very-long-slug-" * 20)
    assert len(name) <= 80
    assert name.startswith("very-long-slug-") and not name.endswith("-")


@pytest.mark.parametrize("given", ["../escape", "a/b", "Upper", "with space", "", ".html"])
def test_unsafe_names_are_refused(given: str) -> None:
    with pytest.raises(UsageError):
        checked_name(given)


def test_a_given_name_loses_its_suffix() -> None:
    assert checked_name("my-page.html") == checked_name("my-page.json") == "my-page"


def test_parser_version_agrees_with_every_site_fixture_sidecar() -> None:
    fixtures = [f for f in map(load_fixture, sorted(FIXTURES.rglob("*.json"))) if f is not None]
    named = [(f, p) for f, p in ((f, sidecar(f).get("parser")) for f in fixtures) if p]
    assert named
    for fixture, parser in named:
        assert parser_version(fixture.url, saved_at(fixture)) == parser, fixture.meta_path.name


# --- recording a live page -------------------------------------------------------------------------


@pytest.mark.crawl
def test_article_is_saved_byte_for_byte_with_its_sidecar(site: SiteServer, tmp_path: Path) -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    proc = run_savefixture(site.url(ARTICLE_PATH), "--dir", str(tmp_path), "--expected")
    assert proc.returncode == 0, proc.stderr[-3000:]
    body_path = tmp_path / "127.0.0.1" / f"{ARTICLE_NAME}.html"
    meta_path = body_path.with_suffix(".json")
    assert files_under(tmp_path) == [body_path, meta_path]
    assert body_path.read_bytes() == site.article_body()

    meta = read_meta(meta_path)
    assert list(meta) == SIDECAR_KEYS  # no "parser": 127.0.0.1 has no site profile
    assert meta["url"] == meta["requested_url"] == site.url(ARTICLE_PATH)
    assert meta["status"] == 200
    assert meta["content_type"] == ARTICLE_CONTENT_TYPE
    saved = datetime.fromisoformat(meta["saved"])
    assert saved.utcoffset() == timedelta(0)
    assert before <= saved <= datetime.now(timezone.utc)

    fixture = load_fixture(meta_path)
    assert fixture is not None
    assert meta["expected"] == current_output(fixture)
    assert meta["expected"]["headline"] == "Harbour lights festival draws record crowds"
    assert "Morning Briefing" not in meta["expected"]["articleBody"]

    assert f"wrote {body_path}" in proc.stdout and f"wrote {meta_path}" in proc.stdout
    assert "TO BE CHECKED BY HAND" in proc.stdout
    # Fetched through the project's settings: robots.txt first, the project's User-Agent.
    seen = [(path, agent) for path, agent in site.requests if path in ("/robots.txt", ARTICLE_PATH)]
    assert {path for path, _ in seen} == {"/robots.txt", ARTICLE_PATH}
    assert all(agent.startswith("newscrawl/") for _, agent in seen)
    assert not (REPO / "output" / "savefixture").exists()


@pytest.mark.crawl
def test_without_expected_the_sidecar_leaves_it_null(site: SiteServer, tmp_path: Path) -> None:
    proc = run_savefixture(site.url(ARTICLE_PATH), "--dir", str(tmp_path), "--name", "plain")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert read_meta(tmp_path / "127.0.0.1" / "plain.json")["expected"] is None
    assert "TO BE CHECKED BY HAND" not in proc.stdout


@pytest.mark.crawl
def test_a_non_html_page_keeps_its_type_and_gets_no_expected(site: SiteServer, tmp_path: Path) -> None:
    proc = run_savefixture(site.url("/robots.txt"), "--dir", str(tmp_path), "--expected")
    assert proc.returncode == 0, proc.stderr[-3000:]
    host = tmp_path / "127.0.0.1"
    assert files_under(tmp_path) == [host / "robots.json", host / "robots.txt"]
    fixture = load_fixture(host / "robots.json")
    assert fixture is not None and fixture.body_path == host / "robots.txt"
    assert fixture.content_type == "text/plain" and fixture.expected is None
    assert fixture.body() == ROBOTS
    assert "not an HTML page" in proc.stdout


@pytest.mark.crawl
def test_a_redirect_is_saved_under_its_final_url(site: SiteServer, tmp_path: Path) -> None:
    proc = run_savefixture(site.url(REDIRECT_PATH), "--dir", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    meta = read_meta(tmp_path / "127.0.0.1" / f"{ARTICLE_NAME}.json")
    assert meta["url"] == site.url(ARTICLE_PATH)
    assert meta["requested_url"] == site.url(REDIRECT_PATH)
    assert meta["status"] == 200
    assert (tmp_path / "127.0.0.1" / f"{ARTICLE_NAME}.html").read_bytes() == site.article_body()


@pytest.mark.crawl
def test_an_existing_fixture_is_kept_unless_forced(site: SiteServer, tmp_path: Path) -> None:
    body_path = tmp_path / "127.0.0.1" / "story.html"
    assert run_savefixture(site.url(ARTICLE_PATH), "--dir", str(tmp_path), "--name", "story").returncode == 0
    body_path.write_bytes(b"edited by hand")
    meta_before = body_path.with_suffix(".json").read_bytes()

    refused = run_savefixture(site.url(ARTICLE_PATH), "--dir", str(tmp_path), "--name", "story")
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    assert body_path.read_bytes() == b"edited by hand"
    assert body_path.with_suffix(".json").read_bytes() == meta_before

    forced = run_savefixture(site.url(ARTICLE_PATH), "--dir", str(tmp_path), "--name", "story", "--force")
    assert forced.returncode == 0, forced.stderr[-3000:]
    assert body_path.read_bytes() == site.article_body()


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("path", "extra", "message"),
    [
        (MISSING_PATH, (), "answered HTTP 404"),
        (PRIVATE_PATH, (), "Forbidden by robots.txt"),
        (HUGE_PATH, ("-s", "DOWNLOAD_MAXSIZE=10000"), "larger than download max size"),
    ],
    ids=["404", "robots-disallowed", "over-maxsize"],
)
def test_a_page_that_cannot_be_had_writes_nothing(
    site: SiteServer, tmp_path: Path, path: str, extra: tuple[str, ...], message: str
) -> None:
    proc = run_savefixture(site.url(path), "--dir", str(tmp_path), *extra)
    assert proc.returncode != 0
    assert "savefixture: nothing saved: " in proc.stderr and message in proc.stderr
    assert files_under(tmp_path) == []
    if path == PRIVATE_PATH:
        assert PRIVATE_PATH not in [p for p, _ in site.requests]


# --- the saved page replays -----------------------------------------------------------------------


def save_and_replay(site: SiteServer, tmp_path: Path, path: str) -> tuple[dict, dict, bytes]:
    """Record ``path`` with --expected, replay it through the news spider: (sidecar, item, body)."""
    fixtures = tmp_path / "fixtures"
    proc = run_savefixture(site.url(path), "--dir", str(fixtures), "--expected")
    assert proc.returncode == 0, proc.stderr[-3000:]
    meta_path = fixtures / "127.0.0.1" / f"{default_name(site.url(path))}.json"
    meta = read_meta(meta_path)
    result = run_crawl(
        tmp_path / "crawl", "-a", f"url={site.url(path)}", settings={"NEWSCRAWL_REPLAY_DIR": str(fixtures)}
    )
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["newscrawl/replay/served"] >= 1
    assert len(result.items) == 1
    return meta, result.items[0], meta_path.with_suffix(".html").read_bytes()


@pytest.mark.crawl
def test_the_saved_fixture_replays_to_the_same_item(site: SiteServer, tmp_path: Path) -> None:
    meta, item, body = save_and_replay(site, tmp_path, ARTICLE_PATH)
    saved = datetime.fromisoformat(meta["saved"])
    direct = asdict(extract_article(body, meta["url"], now=saved, saved=saved))
    direct["dateDownloaded"] = meta["saved"]
    assert item == direct
    assert item == meta["expected"]


@pytest.mark.crawl
def test_a_charset_given_only_by_the_http_header_replays_to_the_expected_item(
    site: SiteServer, tmp_path: Path
) -> None:
    meta, item, body = save_and_replay(site, tmp_path, HEADER_CHARSET_PATH)
    assert b"<meta charset" not in body and meta["content_type"] == ARTICLE_CONTENT_TYPE
    assert "last year’s total" in item["articleBody"]
    assert item == meta["expected"]


@pytest.mark.crawl
def test_a_site_profile_page_records_its_parser_version(site: SiteServer, tmp_path: Path) -> None:
    # Scrapy's HttpProxyMiddleware sends the request for metro.co.uk to the local server.
    metro = FIXTURES / "metro.co.uk" / "tube-strike-called-off-2024-07-02.json"
    url = read_meta(metro)["url"].replace("https://", "http://")
    page = metro.with_suffix(".html").read_bytes()
    site.routes[url] = Response(page, content_type="text/html; charset=UTF-8")
    proxy = {"http_proxy": site.base, "HTTP_PROXY": site.base, "no_proxy": "", "NO_PROXY": ""}
    proc = run_savefixture(url, "--dir", str(tmp_path), "--name", "tube-strike", "--expected", env=proxy)
    assert proc.returncode == 0, proc.stderr[-3000:]

    meta_path = tmp_path / "metro.co.uk" / "tube-strike.json"
    meta = read_meta(meta_path)
    assert list(meta) == [*SIDECAR_KEYS[:-1], "parser", "expected"]
    assert meta["parser"] == "metro@V1"
    body = meta_path.with_suffix(".html").read_bytes()
    assert extract_raw(body, url, saved=meta["saved"]).profile == meta["parser"]
    assert meta["expected"]["publisher"]
