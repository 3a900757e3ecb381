"""Serve a `tests.newssite.NewsSite` on 127.0.0.1 and run crawls of it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.helpers import REPO, CrawlResult, run_crawl
from tests.newssite import NewsSite

# Settings every test crawl of the local site uses: fast, but robots.txt still obeyed.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "0",
    "NEWSCRAWL_FEED_FSYNC": "False",
}


class SiteServer:
    """A threaded HTTP server for a NewsSite; records every request path (with query)."""

    def __init__(self, site: NewsSite) -> None:
        self.site = site
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self.article_delay = 0.0
        # Pages served besides the site's own (hostile documents, ...).
        self.extra: dict[str, tuple[str, bytes]] = {}
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[str, bytes]] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.refresh()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def refresh(self) -> None:
        """Re-render the site after it changed."""
        pages = self.site.pages(self.base)
        with self._lock:
            self._pages = pages

    def page(self, path: str) -> tuple[str, bytes] | None:
        with self._lock:
            return self._pages.get(path) or self.extra.get(path)

    def paths_requested(self) -> list[str]:
        """Request paths without query strings, in arrival order."""
        with self._lock:
            return [urlsplit(p).path for p in self.requests]

    def article_requests(self) -> list[str]:
        articles = self.site.article_paths()
        return [p for p in self.paths_requested() if p in articles]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(self.path)
                    server.user_agents.add(self.headers.get("User-Agent", ""))
                path = urlsplit(self.path).path
                found = server.page(path)
                if found is None:
                    self.send_error(404)
                    return
                if server.article_delay and path in server.site.article_paths():
                    time.sleep(server.article_delay)
                content_type, body = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The crawler may be killed mid-response (resume tests).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def serve(site: NewsSite | None = None) -> Iterator[SiteServer]:
    """A running server for ``site`` (a fresh 52-article site by default)."""
    server = SiteServer(site or NewsSite()).start()
    try:
        yield server
    finally:
        server.stop()


def crawl_site(tmp: Path, *args: str, settings: dict[str, Any] | None = None) -> CrawlResult:
    """``scrapy crawl news ARGS`` against the local site with fast test settings."""
    tmp.mkdir(parents=True, exist_ok=True)
    return run_crawl(tmp, *args, settings={**FAST, **(settings or {})}, timeout=120)


def crawl_command(out: Path, *args: str, settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a test crawl writing its items to ``out``."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", str(out), *args]
    for key, value in {**FAST, **settings}.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd, {**os.environ, "PYTHONPATH": str(REPO)}


def stop_crawl_midway(out: Path, *args: str, settings: dict[str, Any], stop: int, lines: int = 12) -> None:
    """Run a test crawl writing to ``out`` and send it ``stop`` once ``lines`` items are written.

    Fails when the crawl ends on its own first (it must be stopped midway to test resuming).
    """
    cmd, env = crawl_command(out, *args, settings=settings)
    with out.with_suffix(".log").open("w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        deadline = time.monotonic() + 60
        while _line_count(out) < lines and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before it could be stopped"
        proc.send_signal(stop)
        proc.wait(timeout=60)


def _line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0
