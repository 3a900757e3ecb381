"""``newscrawl extract``: the library call for many pages, outside any Scrapy project."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl import extract_page
from newscrawl.cli import build_parser, run_extract
from tests.helpers import FIXTURES, REPO

DEMO = FIXTURES / "www.northbridge-gazette.example"
HARBOUR = DEMO / "article-harbour-bridge-reopens-after-two-year-restoration.html"
SECTION = "<html><head><title>News | Gazette</title></head><body><nav><a href='/a'>A</a></nav></body></html>"


def run(*args: str) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_extract(build_parser().parse_args(["extract", *args]), out, err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_many_files_give_one_line_each_with_the_verdict(tmp_path: Path) -> None:
    section = tmp_path / "section.html"
    section.write_text(SECTION, encoding="utf-8")
    code, lines, err = run(str(HARBOUR), str(section))
    assert code == 0, err
    assert [line["isArticle"] for line in lines] == [True, False]
    sidecar = json.loads(HARBOUR.with_suffix(".json").read_text(encoding="utf-8"))
    expected = extract_page(HARBOUR.read_bytes(), sidecar["url"])
    assert lines[0] == {**expected.article.to_dict(), "isArticle": True, "profile": expected.profile}
    assert lines[1]["articleBody"] == ""


def test_articles_only_leaves_out_pages_that_are_not_articles(tmp_path: Path) -> None:
    section = tmp_path / "section.html"
    section.write_text(SECTION, encoding="utf-8")
    code, lines, _ = run("--articles-only", str(section), str(HARBOUR))
    assert code == 0
    assert [line["headline"] for line in lines] == ["Harbour bridge reopens after two-year restoration"]


def test_bad_inputs_are_named_with_the_reason_and_the_rest_still_extracted(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n")
    code, lines, err = run(str(pdf), str(tmp_path / "missing.html"), str(HARBOUR))
    assert code == 1
    assert len(lines) == 1 and lines[0]["isArticle"]
    assert f"{pdf}: pdf content, not HTML" in err
    assert "missing.html: no such file" in err


def test_url_option_is_for_one_input_only() -> None:
    code, _, err = run("--url", "https://x.example/a", str(HARBOUR), str(HARBOUR))
    assert code == 2 and "one input only" in err


@pytest.mark.crawl
def test_console_script_reads_stdin_outside_any_project(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("newscrawl")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "newscrawl.cli"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [*command, "extract", "--url", "https://www.northbridge-gazette.example/news/x", "-"],
        input=HARBOUR.read_bytes(),
        cwd=tmp_path,  # no scrapy.cfg here
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    line = json.loads(proc.stdout)
    assert line["url"] == "https://www.northbridge-gazette.example/news/x"
    assert "£38m" in proc.stdout.decode("utf-8")
