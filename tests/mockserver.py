"""The one mock HTTP server of the crawl tests: a route table on a free local port, in a thread.

Like Scrapy's own tests (``tests/mockserver/``), every crawl test talks to one kind of server. A
route table maps a request path — or, for a request sent through the server as a proxy, the whole
request target — to a route: a `Response` (status, headers, body), or a handler called with the
`Exchange` (the request, its attempt number and its connection) that returns a `Response` or writes
the answer itself. The handlers for hostile behaviour are built here: `redirect`, `fail_first`
(errors, 429 + Retry-After or resets before the real page), `reset`, `delayed` (slow first byte),
`cut_off` (body cut midway), `length_lie` (Content-Length larger than the body) and `stream`
(endless bodies, gzip bombs, huge pages). A request missing from the table goes to ``fallback``
(a generated site renders its pages there), else it gets a 404.

The server is threaded stdlib HTTP/1.1 with one request per connection, so a slow or endless answer
never blocks the others, and every loop a handler runs ends when the server stops. The crawls under
test run in their own processes (``scrapy crawl``), so a thread in the test process is enough. Each
request is recorded: ``requests`` (request target and User-Agent, in arrival order) and ``hits``
(path without query -> arrival times, which `fail_first` counts attempts from).

The server listens on 127.0.0.1 unless given another ``host``: a second server on 127.0.0.2 is a
private address that is not the crawl's start host (the tests of private-address refusals).

`TripwireMiddleware` is the last downloader middleware of the hostile test crawl: only 127.0.0.1
gets through it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Response:
    """A plain answer: status, body, Content-Type (None: no header) and other headers."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = HTML
    headers: Mapping[str, str] = field(default_factory=dict)


NOT_FOUND = Response(b"<html><body><h1>404 Not Found</h1></body></html>", 404)


class Hit(NamedTuple):
    """One recorded request: its target as sent (path and query, or a proxied absolute URL)."""

    target: str
    user_agent: str


class Exchange:
    """One request being answered, handed to handler routes."""

    def __init__(self, handler: _Handler, server: MockServer, attempt: int) -> None:
        self.handler = handler
        self.server = server
        self.target = handler.path
        self.path = urlsplit(handler.path).path
        self.attempt = attempt  # 1 for the first request of this path
        self.headers = handler.headers

    @property
    def stopping(self) -> threading.Event:
        return self.server.stopping

    def send(self, response: Response) -> None:
        """Answer with ``response`` (Content-Length from the body; the connection then closes)."""
        h = self.handler
        h.send_response(response.status)
        if response.content_type:
            h.send_header("Content-Type", response.content_type)
        h.send_header("Content-Length", str(len(response.body)))
        h.send_header("Connection", "close")
        for name, value in response.headers.items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(response.body)

    def stream(
        self, status: int, headers: Mapping[str, str], pieces: Iterable[bytes], *, chunked: bool
    ) -> None:
        """Write the body piece by piece (chunked or not), stopping early when the server stops."""
        h = self.handler
        h.send_response(status)
        for name, value in headers.items():
            h.send_header(name, value)
        if chunked:
            h.send_header("Transfer-Encoding", "chunked")
        h.send_header("Connection", "close")
        h.end_headers()
        for piece in pieces:
            if self.stopping.is_set():
                return
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            h.wfile.write(b"0\r\n\r\n")

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) instead of answering."""
        connection = self.handler.connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()


Handler = Callable[[Exchange], "Response | None"]
Route = Response | Handler


def answer(route: Route, exchange: Exchange) -> None:
    """Run ``route`` for ``exchange``: send a `Response`, or let a handler answer."""
    response = route(exchange) if callable(route) else route
    if response is not None:
        exchange.send(response)


# --- routes for hostile behaviour ----------------------------------------------------------------


def redirect(location: str, status: int = 302) -> Response:
    """A redirect to ``location`` (any URL: other hosts, other schemes, private addresses)."""
    return Response(b"", status, headers={"Location": location})


def fail_first(times: int, failure: Route, then: Route) -> Handler:
    """``failure`` for the first ``times`` requests of the path, ``then`` afterwards."""

    def route(ex: Exchange) -> Response | None:
        answer(failure if ex.attempt <= times else then, ex)
        return None

    return route


def reset(ex: Exchange) -> None:
    """Reset the connection instead of answering."""
    ex.reset()


def delayed(seconds: float, then: Route) -> Handler:
    """Wait ``seconds`` before answering with ``then`` (in small steps: the server's stop ends it)."""

    def route(ex: Exchange) -> Response | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not ex.stopping.is_set():
            time.sleep(min(0.05, seconds))
        answer(then, ex)
        return None

    return route


def cut_off(body: bytes, content_type: str = HTML) -> Handler:
    """A chunked body cut midway: half of it in one chunk, then the connection shut, no final chunk."""

    def route(ex: Exchange) -> None:
        h = ex.handler
        half = body[: len(body) // 2]
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        h.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)

    return route


def length_lie(body: bytes, factor: int = 3, content_type: str = HTML) -> Handler:
    """A Content-Length ``factor`` times the body's, the body, then the connection shut."""

    def route(ex: Exchange) -> None:
        h = ex.handler
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body) * factor))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)

    return route


def stream(
    pieces: Callable[[], Iterable[bytes]],
    headers: Mapping[str, str],
    *,
    chunked: bool = False,
    status: int = 200,
) -> Handler:
    """A body written piece by piece from a fresh ``pieces()`` (endless bodies, bombs, huge pages)."""

    def route(ex: Exchange) -> None:
        ex.stream(status, headers, pieces(), chunked=chunked)

    return route


# --- the server --------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        mock = self.server.mock
        self.close_connection = True
        exchange = Exchange(self, mock, mock.record(self.path, self.headers.get("User-Agent", "")))
        route = mock.routes.get(exchange.target) or mock.routes.get(exchange.path)
        # The crawler hangs up on bombs, endless bodies and pages it was stopped in.
        with contextlib.suppress(OSError):
            if route is None and mock.fallback is not None:
                route = mock.fallback(exchange)
            answer(NOT_FOUND if route is None else route, exchange)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the default 5 drops connections when a crawl opens many at once
    mock: MockServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and hang-ups are the point of some routes


class MockServer:
    """A route table served on ``host`` (127.0.0.1 by default); use as a context manager (or `start`
    / `stop`).

    The port is known from construction, so routes that name the server's own URLs can be added
    before `start`. ``fallback(exchange)`` answers paths the table lacks (None: 404).
    """

    def __init__(
        self,
        routes: Mapping[str, Route] | None = None,
        *,
        fallback: Callable[[Exchange], Route | None] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.fallback = fallback
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.requests: list[Hit] = []
        self.hits: dict[str, list[float]] = defaultdict(list)
        self.httpd = _Server((host, 0), _Handler)
        self.httpd.mock = self
        self.host = host
        self.port: int = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> MockServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    @property
    def root(self) -> str:
        return self.base + "/"

    def url(self, path: str) -> str:
        return self.base + path

    def record(self, target: str, user_agent: str) -> int:
        """Note a request; returns which attempt at its path this is (1 for the first)."""
        with self.lock:
            self.requests.append(Hit(target, user_agent))
            times = self.hits[urlsplit(target).path]
            times.append(time.monotonic())
            return len(times)

    def hit_count(self, path: str) -> int:
        """How many requests for ``path`` (without query) arrived."""
        with self.lock:
            return len(self.hits.get(path, ()))

    @property
    def user_agents(self) -> set[str]:
        with self.lock:
            return {hit.user_agent for hit in self.requests}

    def paths_requested(self) -> list[str]:
        """Request paths without query strings, in arrival order."""
        with self.lock:
            return [urlsplit(hit.target).path for hit in self.requests]

    def clear_log(self) -> None:
        with self.lock:
            self.requests.clear()
            self.hits.clear()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now (for servers started elsewhere)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- tripwire -----------------------------------------------------------------------------------------


class TripwireMiddleware:
    """Last downloader middleware before the network in test crawls: only 127.0.0.1 gets through.

    If any request for another host or scheme gets this far, the crawler's own guards failed:
    count ``tripwire/blocked``, log an error and drop it, so no traffic ever leaves the machine.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TripwireMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme == "http" and parts.hostname == "127.0.0.1":
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("tripwire/blocked")
        logger.error("TRIPWIRE: %s reached the downloader", request.url)
        raise IgnoreRequest(f"tripwire: {request.url}")
