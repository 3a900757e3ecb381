"""Failing machines for fault tests: a feed storage on a "disk" that fills up, a resolver that
answers private addresses, a tiny route-table HTTP server, a helper to run the same crawl many times.

Small pieces on purpose, so they can move into the shared mock server: each takes plain data (routes,
sizes, names) and knows nothing of the tests that use it.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import ipaddress
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred, fail, succeed
from twisted.internet.error import DNSLookupError

from newscrawl.extensions.feed_files import DurableFileFeedStorage
from newscrawl.resolver import PrivateAddressResolver

# --- a disk that fills up ---------------------------------------------------------------------------

# The setting that gives a test feed file its free space in bytes (per file; unset = unlimited).
SPACE_SETTING = "FAULT_FEED_SPACE_BYTES"


class _FillingFile(io.FileIO):
    """An unbuffered file on a disk with ``space`` bytes free: the write that crosses it writes what
    fits (as a real disk does), the next one raises ``ENOSPC``."""

    def __init__(self, path: Path, mode: str, space: int) -> None:
        super().__init__(str(path), mode.replace("b", ""))
        self.space = space

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.space <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        part = data[: self.space]
        written = super().write(part) or 0
        self.space -= written
        return written


class FullDiskFeedStorage(DurableFileFeedStorage):
    """The project's local feed storage, its files on a disk with ``FAULT_FEED_SPACE_BYTES`` free."""

    crawler: Crawler | None

    def _open_file(self, path: Path, mode: str) -> IO[bytes]:
        space = self.crawler.settings.getint(SPACE_SETTING, 0) if self.crawler is not None else 0
        if space <= 0:
            return super()._open_file(path, mode)
        return _FillingFile(path, mode, space)  # type: ignore[return-value]


# --- a small route-table server -------------------------------------------------------------------

Route = Callable[["RouteHandler"], None]


class RouteHandler(BaseHTTPRequestHandler):
    """Answers from the server's ``routes`` (path -> handler), 404 otherwise; counts every path."""

    protocol_version = "HTTP/1.1"
    server: RouteServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
        self.close_connection = True
        route = self.server.routes.get(path)
        if route is None:
            self.send(404, "text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>")
            return
        with contextlib.suppress(OSError):  # the crawler hung up
            route(self)

    def send(self, status: int, content_type: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)


class RouteServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), RouteHandler)
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@contextmanager
def route_server(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[RouteServer]:
    """A running `RouteServer` on a free port of ``host``."""
    server = RouteServer(routes, host)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def page(
    body: bytes | str,
    content_type: str | None = "text/html; charset=utf-8",
    status: int = 200,
    **headers: str,
) -> Route:
    """A route that always answers ``body``."""
    data = body.encode() if isinstance(body, str) else body
    return lambda h: h.send(status, content_type, data, **headers)


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# --- a site whose sitemap is mostly dead ----------------------------------------------------------


def urlset(urls: list[str]) -> bytes:
    """A plain sitemap urlset of ``urls``."""
    entries = "".join(f"<url><loc>{u}</loc><lastmod>2026-11-20</lastmod></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


def sitemap_index(urls: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    ).encode()


def dead_sitemap_site(server: RouteServer, live: int = 10, dead: int = 50) -> list[str]:
    """robots.txt names a gzipped urlset of ``live + dead`` article URLs; the dead ones answer 404.

    Adds the routes to ``server`` and returns the live article paths.
    """
    from dataclasses import replace

    from tests.faultsite import article_html, english_story

    paths = [f"/news/2026/11/20/story-number-{n:03d}-about-the-harbour-works" for n in range(live + dead)]
    # The live ones last: Scrapy's scheduler is last-in first-out, so they go out in the first wave and
    # are still being extracted when the 404s of that wave come back and the rest go out.
    live_paths = paths[dead:]
    for n, path in enumerate(live_paths):
        story = english_story(path.rsplit("/", 1)[1], f"Harbour works, part {n}")
        # Long pages: their extraction takes a while, so the workers' backlog fills and requests wait.
        story = replace(story, paragraphs=[f"{p} ({n}.{k})" for k in range(200) for p in story.paragraphs])
        server.routes[path] = page(article_html(story))
    def gone(h: RouteHandler) -> None:
        time.sleep(0.3)  # the 404s come back while the live pages are still being extracted
        h.send(404, "text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>")

    for path in paths[:dead]:
        server.routes[path] = gone
    server.routes["/"] = page("<!DOCTYPE html><html><head><title>Herald</title></head><body></body></html>")
    server.routes["/robots.txt"] = page(
        f"User-agent: *\nAllow: /\nSitemap: {server.url('/sitemap.xml.gz')}\n", "text/plain"
    )
    server.routes["/sitemap.xml.gz"] = page(
        gzipped(urlset([server.url(p) for p in paths])), "application/x-gzip"
    )
    return live_paths


# --- a resolver with made-up names ----------------------------------------------------------------

# The setting with the made-up names: a JSON object, name -> IPv4 address.
DNS_SETTING = "FAULT_DNS_MAP"


class FakeDNSResolver(PrivateAddressResolver):
    """The crawl's resolver (address checks included), answering from ``FAULT_DNS_MAP`` instead of
    DNS; any other name does not exist. Nothing leaves the machine."""

    names: dict[str, str]

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> FakeDNSResolver:
        resolver = super().from_crawler(crawler, reactor)
        assert isinstance(resolver, FakeDNSResolver)
        resolver.names = {k.lower(): v for k, v in crawler.settings.getdict(DNS_SETTING).items()}
        return resolver

    def _lookup(self, name: str, timeout: Any) -> Deferred[str]:
        address = self.names.get(name.lower()) or (name if _is_ip(name) else None)
        if address is None:
            return fail(DNSLookupError(f"{name}: no such test name"))
        return succeed(address)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
