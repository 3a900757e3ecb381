"""The scheduling recipes run as written on a fresh checkout (issue #16, item 3).

README's cron recipe failed on a fresh checkout (``flock: cannot open lock file .newscrawl/crawl.lock``,
then a ``FileNotFoundError`` for ``-s LOG_FILE=logs/...``), its rotation deleted only ``*.jsonl``
while every run leaves three files, and it named a ``scrapyd.conf`` the repository did not have.

Here the recipes are run the way an operator runs them: README's command, the line of
``deploy/cron/newscrawl.cron`` and the ``ExecStart`` of ``deploy/systemd/newscrawl.service``, each in
a copy of the checkout's tracked files (with the checkout's virtualenv), with only the install path
``/srv/newscrawl`` replaced by the copy's. The cron line and the unit name a live site; a settings
module in the copy makes them replay the demo fixtures instead (``SCRAPY_SETTINGS_MODULE``), and
they run with a cron-like minimal environment.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newscrawl.state.lock import StateLock
from tests.helpers import REPO, read_jsonl

INSTALL_PATH = "/srv/newscrawl"
VENV = Path(sys.executable).parent.parent


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=60
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return []
    return [name for name in listed.split("\0") if name]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The checkout's tracked files (a fresh clone's) with the virtualenv the README's command made."""
    copy = tmp_path / "newscrawl"
    names = _tracked_files()
    if names:
        for name in names:
            if (REPO / name).is_file():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, copy / name)
    else:  # not a git checkout (a source archive): everything but the local state
        ignore = shutil.ignore_patterns(".venv", ".git", "output", "logs", ".newscrawl", "__pycache__")
        shutil.copytree(REPO, copy, ignore=ignore)
    (copy / ".venv").symlink_to(VENV)
    # What a cron line or a systemd unit runs with: no venv on PATH, a bare environment.
    (copy / "replay_settings.py").write_text(
        f"from newscrawl.settings import *  # noqa: F403\nNEWSCRAWL_REPLAY_DIR = {str(copy / 'fixtures')!r}\n"
    )
    return copy


def _environment(home: Path, copy: Path, *, replay_module: bool) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "SHELL": "/bin/sh", "LANG": "C.UTF-8"}
    if replay_module:
        env.update(SCRAPY_SETTINGS_MODULE="replay_settings", PYTHONPATH=str(copy))
    return env


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    shell = ["/bin/sh", "-c", command]
    return subprocess.run(shell, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def readme_command() -> str:
    """The command README's "Scheduling" section gives to try the script on the demo site."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scheduling\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0].strip()
    assert block.startswith("deploy/newscrawl-run "), block
    return block


def cron_command() -> str:
    lines = (REPO / "deploy" / "cron" / "newscrawl.cron").read_text().splitlines()
    entries = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert len(entries) == 1, entries
    fields = entries[0].split(None, 5)
    assert fields[:5] == ["*/15", "*", "*", "*", "*"]
    return fields[5]


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(REPO / "deploy" / "systemd" / name)
    return parser


def _runs(copy: Path) -> dict[str, list[Path]]:
    files = sorted((copy / "output" / "news").glob("*"))
    return {
        "feeds": [f for f in files if f.name.endswith(".jsonl") and not f.name.endswith(".rejects.jsonl")],
        "rejects": [f for f in files if f.name.endswith(".rejects.jsonl")],
        "summaries": [f for f in files if f.name.endswith(".summary.json")],
    }


def _age(path: Path, days: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}\n")
    old = time.time() - days * 86400
    os.utime(path, (old, old))


@pytest.mark.crawl
def test_readme_command_runs_twice_rotates_and_respects_the_lock(checkout: Path, tmp_path: Path) -> None:
    command = readme_command()
    env = _environment(tmp_path, checkout, replay_module=False)
    old = [
        checkout / "output" / "news" / "2020-01-01T00-00-00+00-00.jsonl",
        checkout / "output" / "news" / "2020-01-01T00-00-00+00-00.rejects.jsonl",
        checkout / "output" / "news" / "2020-01-01T00-00-00+00-00.summary.json",
        checkout / "logs" / "2020-01-01.log",
    ]
    for path in old:
        _age(path, 40)
    kept = checkout / "output" / "news" / "recent.jsonl"
    _age(kept, 3)
    notes = checkout / "output" / "notes.txt"  # not a file runs leave: never rotated
    _age(notes, 400)

    first = _run(command, checkout, env)
    assert first.returncode == 0, first.stderr + _log(checkout)
    assert first.stderr == "", "a good run prints nothing (cron mails any output)"
    assert not any(path.exists() for path in old), "rotation left files of old runs"
    assert kept.exists() and notes.exists()
    time.sleep(1.1)  # the per-run file names have second resolution
    second = _run(command, checkout, env)
    assert second.returncode == 0, second.stderr + _log(checkout)

    runs = _runs(checkout)
    feeds = [f for f in runs["feeds"] if f != kept]
    assert len(feeds) == 2 and len(runs["rejects"]) == 2 and len(runs["summaries"]) == 2
    assert sorted(len(read_jsonl(f)) for f in feeds) == [0, 6]  # the second run: nothing new
    log = _log(checkout)
    assert log.count("Spider closed (finished)") == 2

    lock = StateLock(checkout / ".newscrawl")
    lock.acquire()
    try:
        busy = _run(command, checkout, env)
    finally:
        lock.release()
    assert busy.returncode == 75, busy.stderr
    said = busy.stderr.strip().splitlines()
    assert said[0].startswith("newscrawl: another crawl (pid ") and "exited with 75" in said[-1]


def _log(checkout: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in sorted((checkout / "logs").glob("*.log")))


@pytest.mark.crawl
def test_the_cron_line_and_the_systemd_unit_run_as_written(checkout: Path, tmp_path: Path) -> None:
    env = _environment(tmp_path, checkout, replay_module=True)
    cron = cron_command().replace(INSTALL_PATH, str(checkout))
    assert INSTALL_PATH in cron_command()
    from_cron = _run(cron, tmp_path, env)  # cron starts commands in the user's home directory
    assert from_cron.returncode == 0, from_cron.stderr + _log(checkout)
    assert from_cron.stderr == ""
    assert [len(read_jsonl(f)) for f in _runs(checkout)["feeds"]] == [6]

    service, timer = _unit("newscrawl.service"), _unit("newscrawl.timer")
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["SuccessExitStatus"] == "75"
    assert timer["Timer"]["OnCalendar"] == "*:0/15" and timer["Install"]["WantedBy"] == "timers.target"
    workdir = Path(service["Service"]["WorkingDirectory"].replace(INSTALL_PATH, str(checkout)))
    exec_start = service["Service"]["ExecStart"].replace(INSTALL_PATH, str(checkout))
    assert shlex.split(exec_start)[0] == str(checkout / "deploy" / "newscrawl-run")
    time.sleep(1.1)
    from_systemd = subprocess.run(
        shlex.split(exec_start), cwd=workdir, env=env, capture_output=True, text=True, timeout=300
    )
    assert from_systemd.returncode == 0, from_systemd.stderr + _log(checkout)
    assert [len(read_jsonl(f)) for f in _runs(checkout)["feeds"]] == [6, 0]
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert (checkout / "logs" / f"{today}.log").exists()


def test_the_scrapyd_extra_and_config_the_readme_names_exist() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'scrapyd = ["scrapyd' in pyproject
    config = configparser.ConfigParser()
    config.read(REPO / "scrapyd.conf")
    assert config["scrapyd"]["http_port"] == "6800" and config["scrapyd"]["items_dir"]
    assert "scrapyd.conf" in (REPO / "README.md").read_text()


@pytest.mark.crawl
def test_a_log_file_in_a_directory_that_does_not_exist_yet(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "2026-12-06.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=northbridge",
        "-s", f"NEWSCRAWL_REPLAY_DIR={REPO / 'fixtures'}", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-o", str(tmp_path / "a.jsonl"),
        "-s", f"NEWSCRAWL_REJECTS_FEED={tmp_path / 'r.jsonl'}",
    ]  # fmt: skip
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Spider closed (finished)" in log.read_text()
