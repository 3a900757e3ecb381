"""Fixture tools and Scrapy's own commands, inside the project (issue #16, item 11).

``savefixture`` saved a page served as ``application/octet-stream`` as ``.bin``, after which
``refresh_fixtures --write`` reported 0 updated; ``expected: null`` meant both "not an article" and
"not computed yet"; ``scrapy shell URL`` and ``scrapy fetch URL`` refused loopback hosts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.commands.refresh_fixtures import Command as RefreshFixtures
from newscrawl.commands.savefixture import body_suffix
from newscrawl.fixture_expectations import is_html_page
from newscrawl.fixtures import iter_fixtures, load_fixture
from tests.helpers import FIXTURES, REPO
from tests.mockserver import Response
from tests.savefixture_support import ARTICLE_PATH, SiteServer, run_savefixture, serve_site

OCTET_PATH = "/news/2026/11/22/harbour-lights-festival-served-as-octet-stream"
NORTHBRIDGE = FIXTURES / "www.northbridge-gazette.example"


@pytest.mark.parametrize(
    ("content_type", "body", "url", "suffix"),
    [
        ("application/octet-stream", b"<!DOCTYPE html><html><head><title>x</title></head>", "", ".html"),
        ("", b"<html><body><p>story</p></body></html>", "https://s.example/a/story", ".html"),
        ("application/octet-stream", b'<?xml version="1.0"?><urlset></urlset>', "", ".xml"),
        ("application/octet-stream", b"%PDF-1.7\x00\x01\x02binary", "", ".bin"),
        ("text/html; charset=utf-8", b"anything", "", ".html"),
        ("image/png", b"\x89PNG", "", ".bin"),
    ],
)
def test_a_generic_content_type_is_judged_by_the_body_as_the_crawl_judges_it(
    content_type: str, body: bytes, url: str, suffix: str
) -> None:
    assert body_suffix(content_type, body, url) == suffix


def _copy(name: str, folder: Path, **meta: object) -> Path:
    """A copy of a Northbridge fixture in ``folder`` with sidecar fields replaced."""
    source = NORTHBRIDGE / f"{name}.json"
    sidecar = {**json.loads(source.read_text(encoding="utf-8")), **meta}
    target = folder / "www.northbridge-gazette.example"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(NORTHBRIDGE / f"{name}.html", target / f"{name}.html")
    (target / f"{name}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return target / f"{name}.json"


def _refresh(folder: Path, *, write: bool, capsys: pytest.CaptureFixture[str]) -> str:
    command = RefreshFixtures()
    command.run([str(folder)], argparse.Namespace(write=write))
    return capsys.readouterr().out


def test_refresh_fixtures_fills_in_an_octet_stream_page_and_tells_not_computed_from_not_an_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = _copy(
        "article-harbour-bridge-reopens-after-two-year-restoration", tmp_path,
        content_type="application/octet-stream", expected=None,
    )  # fmt: skip
    puzzle = _copy("puzzle-crossword-2026-11-24", tmp_path, expected=None)
    section = _copy("section-news", tmp_path)  # "expected": false in the repository: known, not an article
    assert all(is_html_page(f) for f in iter_fixtures(tmp_path))

    listed = _refresh(tmp_path, write=False, capsys=capsys)
    assert f"not computed: {article}" in listed and f"not computed: {puzzle}" in listed
    assert str(section) not in listed and "2 fixture(s) differ" in listed

    written = _refresh(tmp_path, write=True, capsys=capsys)
    assert "2 fixture(s) updated" in written
    expected = load_fixture(article).expected  # type: ignore[union-attr]
    assert isinstance(expected, dict) and expected["headline"].startswith("Harbour bridge reopens")
    assert load_fixture(puzzle).expected is False  # type: ignore[union-attr]
    assert "0 fixture(s) differ" in _refresh(tmp_path, write=False, capsys=capsys)


def test_the_repositorys_fixtures_say_which_pages_are_not_articles() -> None:
    pages = [f for f in iter_fixtures(FIXTURES) if is_html_page(f)]
    assert pages and all(f.expected is not None for f in pages), "an HTML fixture without an expectation"
    assert {f.meta_path.stem for f in pages if f.expected is False} >= {"puzzle-crossword-2026-11-24", "home"}


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    with serve_site() as running:
        page = running.article_body(ARTICLE_PATH)
        running.routes[OCTET_PATH] = Response(page, content_type="application/octet-stream")
        yield running


@pytest.mark.crawl
def test_savefixture_saves_an_octet_stream_page_as_html_with_its_expected_article(
    site: SiteServer, tmp_path: Path
) -> None:
    proc = run_savefixture(site.url(OCTET_PATH), "--dir", str(tmp_path), "--expected")
    assert proc.returncode == 0, proc.stderr[-3000:]
    name = OCTET_PATH.rsplit("/", 1)[1]
    body = tmp_path / "127.0.0.1" / f"{name}.html"
    assert body.read_bytes() == site.article_body(ARTICLE_PATH)
    meta = json.loads(body.with_suffix(".json").read_text())
    assert meta["content_type"] == "application/octet-stream"
    assert meta["expected"]["headline"] == "Harbour lights festival draws record crowds"


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "scrapy", *args]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.crawl
def test_scrapy_fetch_and_shell_reach_a_loopback_url_inside_the_project(site: SiteServer) -> None:
    fetched = _scrapy("fetch", "--nolog", site.url(ARTICLE_PATH))
    assert fetched.returncode == 0, fetched.stderr[-2000:]
    assert "Harbour lights festival draws record crowds" in fetched.stdout
    shell = _scrapy("shell", "--nolog", site.url(ARTICLE_PATH), "-c", "(response.status, response.url)")
    assert shell.returncode == 0, shell.stderr[-2000:]
    assert f"(200, '{site.url(ARTICLE_PATH)}')" in shell.stdout
