"""A crawl never touches a file it did not write (issue #16, item 1).

``-O a.json`` wrote a valid JSON array; the next run "cut a half-written line" (the closing ``]``) off
it, because the reconciliation of a killed run's feed tail treated every journaled file as JSON lines.
Now only JSON-lines bytes the crawl itself wrote, after a run that did not close cleanly, are read
back or cut; ``-O`` says so before it replaces a file; README's demo command appends instead of
replacing the last demo's articles.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.extensions.feed_files import DurableFileFeedStorage, FeedFiles
from newscrawl.extensions.seen_store_writer import SeenStoreWriter
from tests.crawlers import crawl_state, project_crawler
from tests.helpers import FIXTURES, REPO


def _line(n: int) -> bytes:
    url = f"https://n.example/news/{n}"
    return json.dumps({"url": url, "canonicalUrl": url, "fingerprint": f"fp{n}"}).encode() + b"\n"


def _killed_run(tmp_path: Path, feed: Path, feed_format: str, *, append: bool = False) -> tuple[Path, Path]:
    """A run that opened ``feed`` through the crawl's storage, wrote two lines and a torn one, and was
    killed (its journal is not marked clean). Returns the journal and the state directory."""
    job, state = tmp_path / "job", tmp_path / "state"
    crawler = project_crawler(JOBDIR=str(job), NEWSCRAWL_STATE_DIR=str(state))
    writer = SeenStoreWriter(crawler)
    writer.spider_opened(crawler.spider)  # type: ignore[arg-type]
    options = {"format": feed_format, "overwrite": not append}
    storage = DurableFileFeedStorage.from_crawler(crawler, str(feed), feed_options=options)
    file = storage.open(crawler.spider)  # type: ignore[arg-type]
    file.write(_line(1) + _line(2) + b'{"url": "https://n.example/news/3", "he')
    file.close()
    if writer.loop is not None:
        writer.loop.stop()
    crawl_state(crawler).close()  # no spider_closed: killed
    return job / "newscrawl-feeds.json", state


def _next_run(job_journal: Path, state: Path) -> SeenStoreWriter:
    crawler = project_crawler(JOBDIR=str(job_journal.parent), NEWSCRAWL_STATE_DIR=str(state))
    writer = SeenStoreWriter(crawler)
    writer._reconcile(job_journal)
    crawl_state(crawler).close()
    return writer


def test_a_killed_runs_json_lines_tail_is_still_reconciled_and_cut(tmp_path: Path) -> None:
    feed = tmp_path / "run1.jsonl"
    journal, state = _killed_run(tmp_path, feed, "jsonlines")
    writer = _next_run(journal, state)
    assert writer.stats.get_value("newscrawl/incremental/reconciled") == 2
    assert feed.read_bytes() == _line(1) + _line(2)


@pytest.mark.parametrize("feed_format", ["json", "csv", "xml"])
def test_a_feed_in_another_format_is_never_read_back_or_cut(tmp_path: Path, feed_format: str) -> None:
    feed = tmp_path / f"run1.{feed_format}"
    journal, state = _killed_run(tmp_path, feed, feed_format)
    before = feed.read_bytes()
    writer = _next_run(journal, state)
    assert feed.read_bytes() == before
    assert writer.stats.get_value("newscrawl/incremental/reconciled") is None


def test_nothing_before_the_crawls_first_line_is_read_or_cut(tmp_path: Path) -> None:
    # -o appends to a file the user had: its own torn last line is theirs, not the crawl's.
    feed = tmp_path / "mine.jsonl"
    users = b'{"url": "https://n.example/theirs", "fingerprint": "u"}\n{"note": "unfinished'
    feed.write_bytes(users)
    journal, state = _killed_run(tmp_path, feed, "jsonlines", append=True)
    writer = _next_run(journal, state)
    assert feed.read_bytes() == users + _line(1) + _line(2)
    assert writer.stats.get_value("newscrawl/incremental/reconciled") == 2  # 1 and 2, not "theirs"


def test_a_file_replaced_after_the_run_is_left_alone(tmp_path: Path) -> None:
    feed = tmp_path / "run1.jsonl"
    journal, state = _killed_run(tmp_path, feed, "jsonlines")
    replacement = tmp_path / "other.jsonl"
    replacement.write_bytes(_line(7) + b'{"torn')
    os.replace(replacement, feed)  # same name, another file (another inode)
    _next_run(journal, state)
    assert feed.read_bytes() == _line(7) + b'{"torn'


def test_a_run_that_closed_normally_leaves_nothing_to_reconcile(tmp_path: Path) -> None:
    crawler = project_crawler(JOBDIR=str(tmp_path / "job"), NEWSCRAWL_STATE_DIR=str(tmp_path / "state"))
    writer = SeenStoreWriter(crawler)
    writer.spider_opened(crawler.spider)  # type: ignore[arg-type]
    feed = tmp_path / "out.jsonl"
    file = DurableFileFeedStorage.from_crawler(crawler, str(feed), feed_options={"format": "jsonl"}).open(
        crawler.spider  # type: ignore[arg-type]
    )
    file.write(b'{"url": "https://n.example/x", "he')  # bytes appended to the file after the run ...
    file.close()
    writer.spider_closed(crawler.spider)  # type: ignore[arg-type]
    crawl_state(crawler).close()
    journal = json.loads((tmp_path / "job" / "newscrawl-feeds.json").read_text())
    assert journal["clean"] is True
    assert journal["feeds"][0]["format"] == "jsonl" and crawler.get_extension(FeedFiles) is not None
    _next_run(tmp_path / "job" / "newscrawl-feeds.json", tmp_path / "state")
    assert feed.read_bytes() == b'{"url": "https://n.example/x", "he'  # ... are nobody's to cut


def _crawl(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


@pytest.mark.crawl
def test_a_later_run_leaves_an_earlier_runs_json_array_intact(tmp_path: Path) -> None:
    replay = ("-a", "site=northbridge", "-s", f"NEWSCRAWL_REPLAY_DIR={FIXTURES}")
    first = _crawl(tmp_path, *replay, "-O", "a.json")
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(json.loads((tmp_path / "a.json").read_text())) == 6
    second = _crawl(tmp_path, *replay, "-a", "full=1", "-O", "b.json")
    assert second.returncode == 0, second.stderr[-2000:]
    assert "Cut a half-written line" not in second.stderr
    assert len(json.loads((tmp_path / "a.json").read_text())) == 6, "the earlier run's output was changed"
    assert len(json.loads((tmp_path / "b.json").read_text())) == 6
    third = _crawl(tmp_path, *replay, "-a", "full=1", "-O", "a.json")
    assert re.search(r"-O \S*a\.json replaces an existing file \(\d+ bytes, last written ", third.stderr)


def _readme_demo_crawl() -> list[str]:
    """The ``scrapy crawl`` part of README's first command (the offline demo)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Two commands on a fresh machine", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    command = block.strip().split("&& .venv/bin/scrapy ", 1)[1]
    return shlex.split(command)


@pytest.mark.crawl
def test_running_the_readme_demo_again_keeps_the_last_demos_articles(tmp_path: Path) -> None:
    args = _readme_demo_crawl()
    assert args[:2] == ["crawl", "news"]
    (tmp_path / "fixtures").symlink_to(FIXTURES)
    for _ in range(2):
        result = _crawl(tmp_path, *args[2:])
        assert result.returncode == 0, result.stderr[-2000:]
    lines = (tmp_path / "articles.jsonl").read_text().splitlines()
    assert len(lines) == 6, "the second demo run wiped the first one's articles"
