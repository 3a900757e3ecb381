"""``scrapy extract``: the command-line twin of `extract_article`, run in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from newscrawl import extract_article
from tests.helpers import FIXTURES, REPO
from tests.mockserver import MockServer, Response

pytestmark = pytest.mark.crawl

HARBOUR = (
    FIXTURES / "www.northbridge-gazette.example" / "article-harbour-bridge-reopens-after-two-year-restoration"
)


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "scrapy", "extract", *args]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120, env=env)


def one_json_line(stdout: str) -> dict:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    return json.loads(lines[0])


def test_fixture_file_prints_the_same_article_as_the_library():
    proc = run_extract(str(HARBOUR.with_suffix(".html")))
    assert proc.returncode == 0, proc.stderr
    printed = one_json_line(proc.stdout)
    sidecar = json.loads(HARBOUR.with_suffix(".json").read_text(encoding="utf-8"))
    library = asdict(extract_article(HARBOUR.with_suffix(".html").read_bytes(), sidecar["url"]))
    assert printed == {**library, "isArticle": True, "profile": "northbridge"}
    assert printed["url"] == sidecar["url"]  # taken from the sidecar
    assert printed["headline"] == sidecar["expected"]["headline"]
    assert "£38m" in proc.stdout  # one line, not ASCII-escaped


def test_url_option_keep_boilerplate_and_no_profiles(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='fr'><head><meta charset='utf-8'><title>Tempête sur la côte | Le Journal</title>"
        "<meta property='og:site_name' content='Le Journal'></head><body><article>"
        "<h1>Tempête sur la côte</h1><p>Le vent a soufflé toute la nuit sur le littoral.</p>"
        "<figure><img src='/a.jpg'><figcaption>La digue</figcaption></figure></article></body></html>",
        encoding="utf-8",
    )
    url = "https://www.lejournal.fr/2024/03/05/tempete"
    drop = one_json_line(run_extract(str(page), "--url", url, "--no-profiles").stdout)
    keep = one_json_line(run_extract(str(page), "--url", url, "--keep-boilerplate").stdout)
    assert drop["url"] == url
    assert drop["headline"] == "Tempête sur la côte"
    assert drop["inLanguage"] == "fr"
    assert drop["datePublished"] == "2024-03-05"
    assert "La digue" not in drop["articleBody"]
    assert "La digue" in keep["articleBody"]


def test_missing_file_and_non_html_fail_with_a_message(tmp_path: Path):
    missing = run_extract(str(tmp_path / "nope.html"))
    assert missing.returncode != 0
    assert "no such file" in missing.stderr
    binary = tmp_path / "blob.html"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    failed = run_extract(str(binary))
    assert failed.returncode == 1
    assert "binary content" in failed.stderr
    assert failed.stdout == ""


STORY = "/news/2026/11/24/harbour-bridge-reopens-after-two-year-restoration"


@pytest.fixture
def local_server() -> Iterator[str]:
    with MockServer({STORY: Response(HARBOUR.with_suffix(".html").read_bytes())}) as server:
        yield server.base


def test_url_is_fetched_with_a_get(local_server: str):
    url = f"{local_server}{STORY}"
    proc = run_extract(url)
    assert proc.returncode == 0, proc.stderr
    printed = one_json_line(proc.stdout)
    assert printed["url"] == url
    assert printed["headline"] == "Harbour bridge reopens after two-year restoration"
    assert printed["authors"] == ["Eleanor Marsh"]
