"""Page extraction in worker processes, so that a crawl uses more than one core.

Scrapy runs every callback in one thread; parsing, extracting and cleaning a 100 KB news page costs
several milliseconds of pure CPU there, about as much as the engine's own work per response. An
`ExtractionPool` runs the library call, `newscrawl.extract_page`, with the crawl's `ExtractOptions` in
worker processes (``python -m newscrawl.workers.process``) while the crawl process keeps downloading,
scheduling and exporting. With ``processes=0`` it calls the same function in the calling process, so
the results are identical. Nothing here knows Scrapy.

The workers talk to the crawl over their stdin/stdout (length-prefixed pickles) through asyncio's
non-blocking pipes, so the crawl's thread never blocks on a busy worker and no helper threads compete
with it for the GIL. A worker that dies (a crash in a C extension, the OOM killer) is replaced and the
pages it had in flight are tried again, up to `MAX_ATTEMPTS` times each; a page that runs past the
time limit gets its worker killed and is given up with `ExtractionTimeoutError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from newscrawl.article import extract_page
from newscrawl.extract import ExtractionError
from newscrawl.items import Extraction
from newscrawl.options import ExtractOptions

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Pages sent to one worker before it answers: enough to keep it busy, few enough to find a culprit.
MAX_IN_FLIGHT = 2
# A download waiting for room in the pool checks again at least this often (seconds), whatever happens.
ROOM_RECHECK_S = 0.25
HEADER_BYTES = 8
# The task id of the message a worker sends once it has warmed up.
READY = -1
PIPE_BYTES = 1 << 20
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class WorkerCrashedError(ExtractionError):
    """A page whose extraction killed its worker process every time it was tried."""


class ExtractionTimeoutError(ExtractionError):
    """A page whose extraction ran longer than the pool's time limit."""


class _WorkerDiedError(Exception):
    """The worker exited with this page in flight (the page is tried again elsewhere)."""


def default_processes() -> int:
    """Worker processes for ``auto``: one per usable core beyond the first, at most 4; 0 on one core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(0, min(cores - 1, 4))


def parse_processes(value: object) -> int:
    """The worker count a setting asks for: a number, or ``auto`` (see `default_processes`)."""
    text = str(value if value is not None else "auto").strip().lower()
    if text in ("", "auto"):
        return default_processes()
    count = int(text)
    if count < 0:
        raise ValueError(f"worker processes must be >= 0 or 'auto', not {value!r}")
    return count


def frame(message: Any) -> bytes:
    """One protocol message: its pickle's length (8 bytes, big-endian), then the pickle."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(payload).to_bytes(HEADER_BYTES, "big") + payload


def _widen_pipe(stream: asyncio.StreamWriter | None) -> None:
    """Make the pipe to a worker hold a whole page (Linux: 1 MiB instead of 64 KiB), so a page is
    written in one call instead of trickling out in 64 KiB pieces. Best effort: other systems keep
    their default."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", 1031) if fcntl is not None else None
    pipe = stream.get_extra_info("pipe") if stream is not None else None
    if set_size is None or pipe is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), set_size, PIPE_BYTES)


def _cpu_seconds(pid: int) -> float:
    """A live process's user + system CPU time in seconds; 0 where /proc is not available."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _peak_rss_mb(pid: int) -> float:
    """A live process's peak resident memory (``VmHWM``) in MB; 0 where /proc is not available."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


@dataclass
class _Task:
    """One page to extract, and where its answer goes."""

    id: int
    html: str
    url: str
    downloaded: str | None
    future: asyncio.Future[Extraction]
    alone: bool = False  # a retry after a worker died: sent to an idle worker, with nothing beside it
    timer: asyncio.TimerHandle | None = None

    def fail(self, exc: Exception) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if not self.future.done():
            self.future.set_exception(exc)

    def settle(self, ok: bool, value: Any) -> None:
        """Deliver the worker's answer: the `Extraction`, its `ExtractionError`, or a bug's traceback."""
        if not ok and not isinstance(value, ExtractionError):
            value = RuntimeError(f"extraction failed in a worker:\n{value}")
        if ok:
            if self.timer is not None:
                self.timer.cancel()
            if not self.future.done():
                self.future.set_result(value)
        else:
            self.fail(value)


class _Worker:
    """One worker process and the pages it has in flight."""

    def __init__(self, proc: asyncio.subprocess.Process, on_change: Callable[[], None]) -> None:
        self.proc = proc
        self.pending: dict[int, _Task] = {}
        self.alive = True
        self.killed = False
        self.answered = False
        self.ready = False  # warmed up: its pages' time limits run from now on
        self._on_change = on_change
        self.reader = asyncio.ensure_future(self._read_results())

    async def _read_results(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        try:
            while True:
                header = await stdout.readexactly(HEADER_BYTES)
                task_id, ok, value = pickle.loads(await stdout.readexactly(int.from_bytes(header, "big")))
                self.answered = True
                if task_id == READY:
                    self.ready = True
                    self._on_change()
                    continue
                task = self.pending.pop(task_id, None)
                if task is not None:
                    task.settle(ok, value)
                self._on_change()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.alive = False
            pending, self.pending = self.pending, {}
            for task in pending.values():
                task.fail(_WorkerDiedError())
            self._on_change()

    def room_for(self, task: _Task) -> bool:
        """Whether `task` may be sent now: never beside a page that is being retried alone."""
        if task.alone:
            return not self.pending
        return len(self.pending) < MAX_IN_FLIGHT and not any(t.alone for t in self.pending.values())

    def send(self, task: _Task) -> None:
        self.pending[task.id] = task
        assert self.proc.stdin is not None
        self.proc.stdin.write(frame((task.id, task.html, task.url, task.downloaded)))

    def kill(self) -> None:
        self.killed = True
        if self.proc.returncode is None:
            self.proc.kill()

    async def close(self) -> None:
        """Let the worker finish (end of input), then wait for it to exit."""
        if self.proc.stdin is not None and not self.proc.stdin.is_closing():
            self.proc.stdin.close()
        await self.proc.wait()
        await self.reader


class ExtractionPool:
    """`newscrawl.extract_page` in `processes` worker processes (in the calling process when 0).

    Pages wait in one queue and go to a worker with fewer than `MAX_IN_FLIGHT` pages, so the pipes
    never hold much and a dead worker's pages are known exactly; they are retried one at a time, so
    a page that kills workers cannot take an innocent page down with it again.
    """

    worker_module = "newscrawl.workers.process"

    def __init__(
        self, processes: int, timeout: float = 60.0, *, options: ExtractOptions | None = None
    ) -> None:
        self.processes = processes
        self.timeout = timeout
        # What every page's extraction is asked for (sent to each worker as its first message).
        self.options = options or ExtractOptions()
        self.crashes = 0
        self.timeouts = 0
        self._workers: list[_Worker] = []
        self._queue: deque[_Task] = deque()
        self._filling: asyncio.Future[None] | None = None
        self._ids = itertools.count()
        self._failed = False  # workers cannot be started here: extract in this process
        self._bad_starts = 0  # workers in a row that died before answering anything
        self._exiting: set[asyncio.Future[None]] = set()
        self._waiting_for_room: deque[asyncio.Future[None]] = deque()

    async def _spawn(self) -> _Worker:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (_PACKAGE_ROOT, env.get("PYTHONPATH"))))
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.worker_module,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
        )
        _widen_pipe(proc.stdin)
        assert proc.stdin is not None
        proc.stdin.write(frame(self.options))
        return _Worker(proc, self._dispatch)

    async def _fill(self) -> None:
        """Start missing workers, then hand them the waiting pages."""
        try:
            while len(self._workers) < self.processes:
                self._workers.append(await self._spawn())
        except Exception:
            logger.exception("Extraction workers do not start: extracting in the crawl process instead")
            self._give_up()
            return
        self._dispatch()

    def _give_up(self) -> None:
        """Extract in the crawl process from now on; waiting pages are retried there."""
        self._failed = True
        while self._queue:
            self._queue.popleft().fail(_WorkerDiedError())
        self._release_waiters()

    def _reap(self) -> None:
        """Forget dead workers (waiting for their exit in the background) and count how they died."""
        for worker in [w for w in self._workers if not w.alive]:
            self._workers.remove(worker)
            self.crashes += not worker.killed
            self._bad_starts = 0 if worker.answered or worker.killed else self._bad_starts + 1
            exiting = asyncio.ensure_future(worker.close())
            self._exiting.add(exiting)
            exiting.add_done_callback(self._exiting.discard)
        if self._bad_starts >= MAX_ATTEMPTS and not self._failed:
            logger.error(
                "%d extraction workers in a row exited before answering: extracting in the crawl "
                "process instead",
                self._bad_starts,
            )
            self._give_up()

    def _dispatch(self) -> None:
        """Send waiting pages to workers with room; start a refill when a worker is missing."""
        self._reap()
        refilling = self._filling is not None and not self._filling.done()
        if len(self._workers) < self.processes and not self._failed and not refilling:
            self._filling = asyncio.ensure_future(self._fill())
        live = [w for w in self._workers if w.alive]
        while self._queue:
            task = self._queue[0]
            if task.future.done():
                self._queue.popleft()
                continue
            ready = [w for w in live if w.room_for(task)]
            if not ready:
                break
            worker = min(ready, key=lambda w: len(w.pending))
            self._queue.popleft()
            worker.send(task)
        for worker in live:
            self._arm(worker)
        self._release_waiters()

    def _arm(self, worker: _Worker) -> None:
        """Start the clock of the page the worker is on (its oldest); the next one waits its turn, and
        a worker still warming up has no page on yet."""
        if not worker.ready:
            return
        oldest = next(iter(worker.pending.values()), None)
        if oldest is not None and oldest.timer is None:
            oldest.timer = asyncio.get_running_loop().call_later(self.timeout, self._expire, worker, oldest)

    def _expire(self, worker: _Worker, task: _Task) -> None:
        """A page ran past the time limit: give it up and restart its worker (its other pages are retried)."""
        if worker.pending.pop(task.id, None) is None:
            return
        self.timeouts += 1
        logger.error("Extraction of %s took over %.0f s: its worker is restarted", task.url, self.timeout)
        task.fail(ExtractionTimeoutError(f"extraction took over {self.timeout:.0f} s"))
        worker.kill()

    def start(self) -> None:
        """Start the workers now rather than at the first page (call from the running event loop)."""
        if self.processes:
            self._dispatch()

    def _in_process(self, html: str, url: str, downloaded: str | None) -> Extraction:
        return extract_page(html, url, options=self.options, downloaded=downloaded)

    async def extract_page(self, html: str, url: str, downloaded: str | None = None) -> Extraction:
        """`newscrawl.extract_page` of the page (``downloaded``: when it was fetched, ISO 8601); raises
        `ExtractionError` (or a subclass) like it."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if not self.processes or self._failed:
                return self._in_process(html, url, downloaded)
            future = asyncio.get_running_loop().create_future()
            task = _Task(next(self._ids), html, url, downloaded, future, alone=attempt > 1)
            self._queue.append(task)
            self._dispatch()
            try:
                return await task.future
            except _WorkerDiedError:
                if not self._failed:
                    logger.warning(
                        "An extraction worker died with %s in flight (attempt %d of %d)",
                        url,
                        attempt,
                        MAX_ATTEMPTS,
                    )
        if self._failed:
            return self._in_process(html, url, downloaded)
        raise WorkerCrashedError(f"the extraction worker died {MAX_ATTEMPTS} times on this page")

    @property
    def backlog(self) -> int:
        """Pages waiting for a worker or being extracted."""
        return len(self._queue) + sum(len(w.pending) for w in self._workers)

    @property
    def backlog_limit(self) -> int:
        """The backlog that keeps every worker busy; more only holds pages in memory."""
        return self.processes * (MAX_IN_FLIGHT + 2)

    def has_room(self, promised: int = 0) -> bool:
        """Whether one more page fits: the backlog plus ``promised`` pages (on their way, e.g. being
        downloaded) is under `backlog_limit`; always when extracting in-process."""
        return not self.processes or self._failed or self.backlog + promised < self.backlog_limit

    async def room(self, promised: Callable[[], int] | None = None, recheck: float = ROOM_RECHECK_S) -> None:
        """Wait until `has_room` (at once when extracting in-process).

        ``promised`` counts pages the caller let through that have not reached the pool yet; it is
        asked again at every check. Every waiter checks again whenever the backlog changes, when
        `wake` is called, and at least every ``recheck`` seconds: work let through that never
        becomes a page (a 404, a refused or skipped download) frees its room without the pool seeing
        anything, and must not leave the others waiting for ever. Waiters woken together check one
        after the other, each after the previous one's caller counted its page as promised.
        """
        count = promised or (lambda: 0)
        while not self.has_room(count()):
            waiter = asyncio.get_running_loop().create_future()
            self._waiting_for_room.append(waiter)
            try:
                await asyncio.wait_for(waiter, recheck)
            except asyncio.TimeoutError:
                pass
            finally:
                with contextlib.suppress(ValueError):
                    self._waiting_for_room.remove(waiter)

    def wake(self) -> None:
        """Make every waiter of `room` check again (something it counts as promised has gone)."""
        self._release_waiters()

    def _release_waiters(self) -> None:
        waiters, self._waiting_for_room = self._waiting_for_room, deque()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def worker_peak_rss_mb(self) -> float:
        """The summed peak memory of the live workers (each one's ``VmHWM``)."""
        return sum(_peak_rss_mb(w.proc.pid) for w in self._workers if w.alive)

    def worker_cpu_s(self) -> float:
        """The CPU seconds the live workers have used so far."""
        return sum(_cpu_seconds(w.proc.pid) for w in self._workers if w.alive)

    async def close(self) -> None:
        """Stop the workers, waiting for them to exit."""
        if self._filling is not None:
            await asyncio.gather(self._filling, return_exceptions=True)
        workers, self._workers = self._workers, []
        self.processes = 0  # nothing restarts them now
        self._release_waiters()
        await asyncio.gather(*(w.close() for w in workers), *self._exiting, return_exceptions=True)
