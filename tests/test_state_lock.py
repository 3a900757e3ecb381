"""One crawl at a time on a state directory (issue #16, item 4).

Two crawls on one ``NEWSCRAWL_STATE_DIR`` ran side by side with no warning and emitted the same
articles twice. Now the second refuses to start with one line and exit code 75, or waits for the
first with ``NEWSCRAWL_STATE_LOCK_WAIT``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newscrawl.outcome import BUSY, OK
from newscrawl.state.lock import StateDirLocked, StateLock
from tests.helpers import FIXTURES, run_crawl

REPLAY = {"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)}


def test_a_second_holder_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    first, second = StateLock(tmp_path / "state"), StateLock(tmp_path / "state")
    first.acquire()
    try:
        with pytest.raises(StateDirLocked) as refused:
            second.acquire()
        message = str(refused.value)
        assert "another crawl (pid " in message and str(tmp_path / "state") in message
        assert "NEWSCRAWL_STATE_LOCK_WAIT" in message and "\n" not in message
    finally:
        first.release()
    second.acquire()  # free again once released
    second.release()


def test_a_waiting_crawl_gets_the_lock_when_the_first_lets_go(tmp_path: Path) -> None:
    first, second = StateLock(tmp_path), StateLock(tmp_path)
    first.acquire()
    threading.Timer(0.5, first.release).start()
    started = time.monotonic()
    second.acquire(wait=10, poll=0.05)
    assert second.held and time.monotonic() - started < 5
    second.release()


@pytest.mark.crawl
def test_a_crawl_on_a_state_directory_in_use_refuses_to_start(tmp_path: Path) -> None:
    lock = StateLock(tmp_path / "state")  # run_crawl's NEWSCRAWL_STATE_DIR
    lock.acquire()
    try:
        result = run_crawl(tmp_path, "-a", "site=northbridge", settings=REPLAY)
    finally:
        lock.release()
    assert result.returncode == BUSY, result.log[-2000:]
    said = [line for line in result.log.splitlines() if line.startswith("newscrawl: ")]
    assert len(said) == 1 and "is using the state directory" in said[0], result.log[-2000:]
    assert "Traceback" not in result.log
    assert result.items == [] and not (tmp_path / "state" / "seen.sqlite3").exists()


@pytest.mark.crawl
def test_a_crawl_told_to_wait_runs_once_the_other_is_done(tmp_path: Path) -> None:
    lock = StateLock(tmp_path / "state")
    lock.acquire()
    threading.Timer(3, lock.release).start()
    waiting = {**REPLAY, "NEWSCRAWL_STATE_LOCK_WAIT": 60}
    result = run_crawl(tmp_path, "-a", "site=northbridge", settings=waiting)
    assert result.returncode == OK, result.log[-2000:]
    assert "Waiting for the crawl holding" in result.log
    assert len(result.items) == 6
    after = StateLock(tmp_path / "state")
    after.acquire()  # the crawl let go of it
    after.release()
