"""One crawl at a time on a state directory: an exclusive ``flock`` on ``<state dir>/crawl.lock``.

Two crawls sharing a seen-store would both fetch and emit what neither has recorded yet, and the
second would reconcile the first's feed while it is being written. The crawl's `CrawlState` takes
this lock when the crawl starts and holds it until the engine stops; the kernel drops it when the
process dies, however it dies, so a killed crawl never leaves a stale lock behind. The file holds
the holder's pid, start time and command line, for the message the next crawl shows.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # not POSIX: no locking
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "crawl.lock"


class StateDirLocked(RuntimeError):
    """Another crawl holds the state directory's lock; the message says which and what to do."""


class StateLock:
    """The exclusive lock of one state directory."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / LOCK_NAME
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def _try(self, file: IO[str]) -> bool:
        if fcntl is None:
            return True
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def holder(self) -> str:
        """Who holds the lock, as written in the lock file (empty when unknown)."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        if not isinstance(info, dict):
            return ""
        return f"pid {info.get('pid')}, started {info.get('started')}: {info.get('command')}"

    def acquire(self, wait: float = 0.0, *, poll: float = 0.5, on_wait: object = None) -> None:
        """Take the lock, waiting up to ``wait`` seconds (``inf``: as long as it takes).

        Raises `StateDirLocked` when another process still holds it after that.
        """
        if self._file is not None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        file = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + wait
        waited = False
        while not self._try(file):
            if time.monotonic() >= deadline:
                file.close()
                holder = self.holder()
                raise StateDirLocked(
                    f"another crawl{f' ({holder})' if holder else ''} is using the state directory "
                    f"{self.directory}: wait for it to finish, give this crawl its own "
                    "-s NEWSCRAWL_STATE_DIR=DIR, or let it wait with -s NEWSCRAWL_STATE_LOCK_WAIT=SECONDS"
                )
            if not waited and callable(on_wait):
                on_wait(self.holder())
            waited = True
            time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
        file.seek(0)
        file.truncate()
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        file.write(json.dumps({"pid": os.getpid(), "started": started, "command": " ".join(sys.argv)}))
        file.flush()
        self._file = file

    def release(self) -> None:
        """Let the next crawl in (the file stays: removing it would race with a crawl opening it)."""
        file, self._file = self._file, None
        if file is None:
            return
        if fcntl is not None:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
        file.close()
