"""The crawl always ends: downloads waiting for extraction room are never stranded (issue #17, item 2).

robots.txt names a gzipped urlset of 60 article-shaped URLs, 10 live and 50 answering 404. The live
pages go out first and are still being extracted when the 404s come back, so the rest of the
article requests wait for room in the extraction pool; once the pool drains, the waiters it released
were 404s that never became extraction work — and nothing woke the others: the process never exited.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.workers import ExtractionPool
from tests.fault_support import dead_sitemap_site
from tests.helpers import REPO, read_jsonl
from tests.mockserver import MockServer

RUNS = 20
RUN_TIMEOUT_S = 60  # one run takes 2-5 s; a hung one never ends


def test_waiters_check_again_when_work_let_through_leaves_without_reaching_the_pool() -> None:
    async def main() -> None:
        pool = ExtractionPool(1)  # no page is ever sent: the backlog stays 0
        promised: set[object] = {object() for _ in range(pool.backlog_limit)}

        async def download() -> None:
            await pool.room(lambda: len(promised), recheck=0.05)
            promised.add(object())  # let through: on its way to the pool

        waiting = [asyncio.ensure_future(download()) for _ in range(3)]
        await asyncio.sleep(0.2)
        assert not any(w.done() for w in waiting)
        promised.clear()  # the downloads let through were 404s: gone, and the pool saw nothing
        await asyncio.wait_for(asyncio.gather(*waiting), 2)
        assert len(promised) == 3  # each waiter counted itself before the next one checked
        promised.clear()
        more = [asyncio.ensure_future(download()) for _ in range(pool.backlog_limit + 2)]
        await asyncio.sleep(0.2)
        assert sum(w.done() for w in more) == pool.backlog_limit  # never more than the room
        promised.clear()
        pool.wake()
        await asyncio.wait_for(asyncio.gather(*more), 2)
        await pool.close()

    asyncio.run(main())


def _crawl(root: str, out: Path, state: Path) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(out), "-a", f"url={root}"]
    settings = {
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "NEWSCRAWL_STATE_DIR": str(state),
        "NEWSCRAWL_REJECTS_FEED": "",
        "NEWSCRAWL_EXTRACT_PROCESSES": "1",
        "LOG_LEVEL": "INFO",
    }
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


@pytest.mark.crawl
def test_a_mostly_dead_sitemap_never_hangs_the_crawl(tmp_path: Path) -> None:
    held = 0
    with MockServer() as server:
        live = dead_sitemap_site(server)
        for run in range(RUNS):
            out = tmp_path / f"run{run}.jsonl"
            cmd = _crawl(server.url("/"), out, tmp_path / f"state{run}")
            started = time.monotonic()
            try:
                done = subprocess.run(
                    cmd,
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                    timeout=RUN_TIMEOUT_S,
                    env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                )
            except subprocess.TimeoutExpired as hung:
                log = hung.stderr.decode() if isinstance(hung.stderr, bytes) else hung.stderr or ""
                pytest.fail(f"run {run + 1} of {RUNS} hung (killed after {RUN_TIMEOUT_S} s):\n{log[-3000:]}")
            assert done.returncode == 0, done.stderr[-3000:]
            urls = sorted(item["url"] for item in read_jsonl(out))
            assert urls == sorted(server.url(p) for p in live), f"run {run + 1}"
            assert time.monotonic() - started < RUN_TIMEOUT_S
            held += "'newscrawl/extract_pool/download_held'" in done.stderr
    assert held, "no run made a download wait for extraction room: the case was not tried"
