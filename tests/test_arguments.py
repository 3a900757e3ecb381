"""Spider arguments and NEWSCRAWL_* settings are checked before a crawl starts (issue #16, item 5).

A wrong one ends ``scrapy crawl`` with one line naming it and what is allowed, and exit code 2 —
not a 25-line traceback, not a crawl that retries ``ftp://`` URLs, not a silently ignored typo.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings

import newscrawl.settings as project
from newscrawl.arguments import ARGUMENTS, ArgumentError, check_arguments, markdown_table
from newscrawl.outcome import USAGE
from newscrawl.settings_check import SettingError, check_settings
from newscrawl.spiders.news import NewsSpider
from tests.helpers import FIXTURES, REPO


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("depth=abc", "-a depth=abc: expected a whole number >= 0"),
        ("depth=-1", "-a depth=-1: expected a whole number >= 0"),
        ("max_articles=ten", "-a max_articles=ten: expected a whole number >= 1"),
        ("max_articles=0", "-a max_articles=0: expected a whole number >= 1"),
        ("max_time=soon", "-a max_time=soon: expected a duration above 0: seconds, or 90s, 15m, 6h"),
        ("since=yesterday", "-a since=yesterday: expected a duration (90m, 6h, 2d, 1w) or a date "),
        ("url=ftp://x", "-a url=ftp://x: expected http:// or https:// URLs, not ftp://x"),
        (
            "url=127.0.0.1:8765/",
            "-a url=127.0.0.1:8765/: expected http:// or https:// URLs (did you mean http://127.0.0.1:8765/?)",
        ),
        ("feed=www.site.example/rss", "did you mean http://www.site.example/rss?"),
        ("full=maybe", "-a full=maybe: expected 1 or 0 (also true/false, yes/no)"),
        ("robots=sometimes", "-a robots=sometimes: expected auto, 1 or 0"),
        ("language=german", "-a language=german: expected language codes such as de,en or en-GB, not german"),
        ("site=northbrige", "expected one of apnews, bbc, cnn, guardian, metro, northbridge, reuters "
                            "(did you mean northbridge?)"),
        ("depht=2", "-a depht=2: unknown argument (did you mean depth?)"),
    ],
)  # fmt: skip
def test_a_bad_argument_is_named_with_what_is_allowed(argument: str, message: str) -> None:
    name, value = argument.split("=", 1)
    given = {"site": "northbridge", name: value} if name != "site" else {name: value}
    with pytest.raises(ArgumentError) as raised:
        check_arguments(given)
    assert message in raised.value.message
    assert "\n" not in raised.value.message


def test_good_arguments_are_parsed_once_for_the_spider_and_the_command() -> None:
    parsed = check_arguments({"url": "https://a.example/, http://b.example/x", "depth": "2", "full": "yes"})
    assert parsed["url"] == ["https://a.example/", "http://b.example/x"]
    assert parsed["depth"] == 2 and parsed["full"] is True and parsed["max_articles"] is None
    spider = NewsSpider(url="https://a.example/", depth="2", max_articles="3", since="2d", robots="0")
    assert (spider.max_depth, spider.max_articles, spider.robots) == (2, 3, "0")
    assert spider.since is not None


def test_scrapyd_job_ids_and_a_source_are_needed_but_private_arguments_pass() -> None:
    assert check_arguments({"site": "northbridge", "_job": "abc123"})["site"] == "northbridge"
    with pytest.raises(ArgumentError, match="give -a url="):
        check_arguments({"depth": "2"})


def test_the_spider_refuses_what_the_command_refuses() -> None:
    with pytest.raises(ArgumentError, match="depht"):
        NewsSpider(url="https://a.example/", depht="2")
    with pytest.raises(ArgumentError, match="ftp://x"):
        NewsSpider(url="ftp://x")


def test_readme_documents_every_argument_in_the_generated_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's spider argument table differs from newscrawl/arguments.py"
    assert {a.name for a in ARGUMENTS} >= {"url", "site", "robots", "since", "max_articles", "language"}


def _settings(**values: object) -> Settings:
    settings = Settings({k: v for k, v in vars(project).items() if k.isupper()}, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"NEWSCRAWL_BOILERPLAT": "keep"}, "-s NEWSCRAWL_BOILERPLAT=keep: unknown setting "
                                           "(did you mean NEWSCRAWL_BOILERPLATE?)"),
        ({"NEWSCRAWL_BOILERPLATE": "kep"}, "-s NEWSCRAWL_BOILERPLATE=kep: expected one of drop, keep"),
        ({"NEWSCRAWL_MIN_BODY_CHARS": "abc"}, "-s NEWSCRAWL_MIN_BODY_CHARS=abc: expected a whole number"),
        ({"NEWSCRAWL_FULL": "perhaps"}, "-s NEWSCRAWL_FULL=perhaps: expected 1/0 or True/False"),
        ({"NEWSCRAWL_RECHECK_AFTER": "often"}, "expected a duration"),
        ({"NEWSCRAWL_EXTRACT_PROCESSES": "many"}, "expected auto or a whole number >= 0"),
        ({"NEWSCRAWL_REDIS_URL": "127.0.0.1:6379"}, "expected a redis://, rediss:// or unix:// URL"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_named_with_what_is_allowed(values: dict, message: str) -> None:
    with pytest.raises(SettingError) as raised:
        check_settings(_settings(**values))
    assert message in raised.value.message


def test_the_project_defaults_and_good_values_pass() -> None:
    check_settings(_settings())
    check_settings(_settings(NEWSCRAWL_FULL="1", NEWSCRAWL_MIN_BODY_CHARS="50", NEWSCRAWL_BOILERPLATE="keep"))


def _scrapy(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    state = ["-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}"]
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", *args, *state]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.crawl
@pytest.mark.parametrize(
    "args",
    [
        ("-a", "depth=abc"),
        ("-a", "max_articles=ten"),
        ("-a", "url=ftp://x"),
        ("-a", "url=127.0.0.1:8765/"),
        ("-a", "depht=2"),
        ("-s", "NEWSCRAWL_BOILERPLAT=keep"),
    ],
)
def test_scrapy_crawl_says_what_is_wrong_in_one_line_and_exits_2(tmp_path: Path, args: tuple[str, ...]):
    result = _scrapy(tmp_path, "-a", "site=northbridge", *args)
    assert result.returncode == USAGE, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert re.match(r"newscrawl: (-a|-s) \w+=", lines[0])
    assert "Traceback" not in result.stderr


@pytest.mark.crawl
def test_good_arguments_still_crawl(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    result = _scrapy(
        tmp_path, "-a", "site=northbridge", "-a", "depth=1", "-o", str(out),
        "-s", f"NEWSCRAWL_REPLAY_DIR={FIXTURES}", "-s", f"NEWSCRAWL_REJECTS_FEED={tmp_path / 'r.jsonl'}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(out.read_text().splitlines()) == 6
