"""Scheduling: deploy newscrawl to a real Scrapyd on loopback and schedule a crawl through its API.

The egg is built the way users build it, with ``scrapyd-deploy --build-egg`` (in a copy of the
project, so the working tree stays clean), uploaded with ``addversion.json``, and the crawl of the
local news site is started with ``schedule.json``; the items land in Scrapyd's ``items_dir``.
"""

from __future__ import annotations

import configparser
import json
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

from tests.helpers import REPO, read_jsonl
from tests.newssite import SiteServer, serve

pytestmark = pytest.mark.crawl

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    with urlopen(Request(url, data=data, headers=headers or {}), timeout=30) as response:
        return json.loads(response.read())


def _multipart(fields: dict[str, str], files: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, content in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.egg"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def build_egg(tmp: Path) -> Path:
    """``scrapyd-deploy --build-egg`` run in a copy of the project."""
    project = tmp / "project"
    shutil.copytree(REPO / "newscrawl", project / "newscrawl", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("setup.py", "pyproject.toml", "scrapy.cfg", "README.md"):
        shutil.copy(REPO / name, project / name)
    egg = tmp / "newscrawl.egg"
    subprocess.run(
        [str(BIN / "scrapyd-deploy"), f"--build-egg={egg}"],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return egg


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A Scrapyd listening on a free loopback port; yields its URL and its items_dir."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = _free_port()
    # The project's scrapyd.conf (README), on a free port, with its directories in the test's.
    config = configparser.ConfigParser()
    config.read(REPO / "scrapyd.conf")
    config["scrapyd"].update(
        http_port=str(port), eggs_dir=str(home / "eggs"), logs_dir=str(home / "logs"),
        items_dir=str(home / "items"), dbs_dir=str(home / "dbs"), max_proc="1", poll_interval="0.2",
    )  # fmt: skip
    with (home / "scrapyd.conf").open("w") as conf:
        config.write(conf)
    log = (home / "scrapyd.log").open("w")
    proc = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _call(f"{url}/daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError((home / "scrapyd.log").read_text()) from None
                time.sleep(0.2)
        yield url, home / "items"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with serve() as running:
        yield running


def test_deploy_to_scrapyd_and_schedule_a_crawl(
    scrapyd: tuple[str, Path], site: SiteServer, tmp_path: Path
) -> None:
    url, items_dir = scrapyd
    egg = build_egg(tmp_path)
    body, content_type = _multipart({"project": "newscrawl", "version": "r1"}, {"egg": egg.read_bytes()})
    added = _call(f"{url}/addversion.json", body, {"Content-Type": content_type})
    assert added["status"] == "ok", added
    assert _call(f"{url}/listspiders.json?project=newscrawl")["spiders"] == ["news"]

    params = [
        ("project", "newscrawl"),
        ("spider", "news"),
        ("sitemap", f"{site.base}/sitemap_index.xml"),
        ("setting", "DOWNLOAD_DELAY=0"),
        ("setting", "AUTOTHROTTLE_ENABLED=False"),
        ("setting", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}"),
        ("setting", "NEWSCRAWL_REJECTS_FEED="),
    ]
    scheduled = _call(f"{url}/schedule.json", urlencode(params).encode())
    assert scheduled["status"] == "ok", scheduled
    job = scheduled["jobid"]

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        jobs = _call(f"{url}/listjobs.json?project=newscrawl")
        if any(j["id"] == job for j in jobs["finished"]):
            break
        time.sleep(0.3)
    else:
        pytest.fail(f"job {job} did not finish: {jobs}")

    items = read_jsonl(items_dir / "newscrawl" / "news" / f"{job}.jl")
    assert sorted(i["url"] for i in items) == sorted(site.base + p for p in site.site.article_paths())
    assert all(i["headline"] and i["articleBody"] and i["fingerprint"] for i in items)
