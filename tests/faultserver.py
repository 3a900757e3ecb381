"""A fault-injecting news site on 127.0.0.1 for hostile-crawl tests.

`FaultServer` serves "The Harbourside Herald": a front page linking to good articles and to URLs
that misbehave (errors then success, 429 with Retry-After, resets, slow or endless bodies, a gzip
bomb, a 50 MB page, files served as HTML, charset lies, unsafe redirects, soft-404s, walls...).
It is a threaded stdlib server, so a slow or endless response never blocks the others; every loop
it runs is bounded (by size, time, or the server stopping). Each request is recorded in ``hits``.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.faultserver_support import (
    ARTICLE_PREFIX,
    CYRILLIC_STORY,
    INTERSTITIAL_HTML,
    JAPANESE_STORY,
    LATIN1_STORY,
    SOFT_404_HTML,
    GzipBomb,
    Story,
    article_html,
    english_story,
    fake_pdf,
    home_html,
    meta_refresh_html,
    story_copy,
    tiny_png,
)

HTML = "text/html; charset=utf-8"
SLOW_FIRST_BYTE_SECONDS = 20.0
RETRY_AFTER_SECONDS = 2
HUGE_PAGE_BYTES = 50 * 1024 * 1024
ENDLESS_CAP_BYTES = 512 * 1024 * 1024  # the "endless" body still ends somewhere


def p(slug: str) -> str:
    """The path of an article slug."""
    return ARTICLE_PREFIX + slug


# Good stories, served plainly.
GOOD = [
    english_story("harbour-ferry-timetable-changes-for-the-winter", "Ferry timetable changes for the winter"),
    english_story("city-council-approves-new-cycle-lanes-plan", "Council approves new cycle lanes"),
    english_story("local-bakery-wins-national-bread-award-today", "Local bakery wins national award"),
    english_story("storm-warning-issued-for-the-northern-coast", "Storm warning for the northern coast"),
]
# Stories that arrive only after the crawler retries (status or reset on the first attempts).
FLAKY = {
    p("flaky-500-story-about-the-lighthouse-repairs"): (500, 1),
    p("flaky-502-story-about-the-market-square-works"): (502, 2),
    p("flaky-503-story-about-the-school-orchestra-tour"): (503, 2),
}
RATE_LIMITED = p("rate-limited-story-about-the-harbour-festival")
RESET_TWICE = p("connection-reset-story-about-the-railway-station")
MOVED_FROM = p("moved-story-about-the-old-fish-market")
MOVED_TO = p("moved-story-about-the-old-fish-market-new-home")
# Charset cases: (story, body encoding, header charset or None, meta charset or None).
_CHARSET_CASES = [
    ("charset-conflict-header-latin1-meta-utf8-story", CYRILLIC_STORY, "utf-8", "iso-8859-1", "utf-8"),
    ("charset-conflict-header-utf8-meta-cp1251-story", CYRILLIC_STORY, "cp1251", "utf-8", "windows-1251"),
    ("undeclared-windows-1251-story-about-the-ferry", CYRILLIC_STORY, "cp1251", None, None),
    ("undeclared-shift-jis-story-about-the-bridge", JAPANESE_STORY, "shift_jis", None, None),
    ("undeclared-latin1-story-about-the-quay-cafe", LATIN1_STORY, "latin-1", None, None),
]
CHARSET_CASES: dict[str, tuple[Story, str, str | None, str | None]] = {
    p(slug): (story_copy(story, slug), encoding, header, meta)
    for slug, story, encoding, header, meta in _CHARSET_CASES
}

# Misbehaving URLs, by misbehaviour.
SLOW_FIRST_BYTE = p("slow-first-byte-story-about-the-harbour-wall")
CUT_OFF = p("cut-off-body-story-about-the-swing-bridge")
LENGTH_LIE = p("content-length-lie-story-about-the-museum")
ENDLESS = p("endless-body-story-about-the-river-festival")
GZIP_BOMB = p("gzip-bomb-story-about-the-old-quarry-site")
HUGE_PAGE = p("huge-page-story-about-the-town-archive")
PDF_AS_HTML = p("pdf-served-as-html-story-about-the-budget")
PNG_AS_HTML = p("image-served-as-html-story-about-the-regatta")
LOOP_A = p("redirect-loop-story-about-the-roundabout-one")
LOOP_B = p("redirect-loop-story-about-the-roundabout-two")
OFFSITE = p("redirect-offsite-story-about-the-partner-paper")
META_REFRESH_OFFSITE = p("meta-refresh-offsite-story-about-the-sister-paper")
FILE_SCHEME = p("redirect-file-scheme-story-about-the-archive")
PRIVATE_10 = p("redirect-private-address-story-about-the-intranet")
PRIVATE_192 = p("redirect-router-address-story-about-the-modem")
SOFT_404 = p("soft-404-story-that-no-longer-exists-here")
EMPTY = p("empty-page-story-about-nothing-at-all")
INTERSTITIAL = p("cookie-wall-story-about-the-summer-regatta")
NOT_FOUND = p("missing-story-that-returns-a-real-404")
ALWAYS_503 = p("always-503-story-about-the-power-cut")

OFFSITE_TARGET = "http://offsite-news.example/news/2026/11/20/partner-story-about-the-regatta"
META_REFRESH_TARGET = "http://sister-paper.example/news/2026/11/20/sister-story-about-the-regatta"
FILE_TARGET = "file:///etc/passwd"
PRIVATE_10_TARGET = "http://10.0.0.1/news/2026/11/20/intranet-story-about-the-staff-canteen"
PRIVATE_192_TARGET = "http://192.168.1.1/admin/config"
# A link on the front page straight into a private network.
PRIVATE_LINK = "http://10.0.0.1/news/2026/11/20/private-network-link-story-about-the-office"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        attempt = site.record(path)
        self.close_connection = True
        route = site.routes.get(path)
        if route is None:
            self._send(404, HTML, b"<html><body><h1>404 Not Found</h1></body></html>")
            return
        # The crawler hangs up on bombs and endless bodies, as it should.
        with contextlib.suppress(OSError):
            route(self, attempt)

    # --- building blocks ---------------------------------------------------------------------

    def _send(self, status: int, content_type: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, HTML, b"", Location=location)

    def _stream(
        self, status: int, headers: dict[str, str], pieces: Iterator[bytes], *, chunked: bool
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        for piece in pieces:
            if self.server.site.stopping.is_set():
                return
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) instead of answering."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the default 5 drops connections when the crawler opens many at once
    site: FaultServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and hang-ups are the point of this server


Route = Callable[[_Handler, int], None]


class FaultServer:
    """The hostile news site; use as a context manager, ``url(path)`` for absolute URLs."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.hits: dict[str, list[float]] = defaultdict(list)
        self.bomb = GzipBomb(2 << 30)
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.site = self
        self.port = self.httpd.server_address[1]
        self.routes: dict[str, Route] = self._routes()
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1})
        self.thread.daemon = True

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def record(self, path: str) -> int:
        """Note a request for ``path``; returns which attempt this is (1 for the first)."""
        with self.lock:
            self.hits[path].append(time.monotonic())
            return len(self.hits[path])

    # --- the site ----------------------------------------------------------------------------

    def good_articles(self) -> dict[str, Story]:
        """URL -> story of every article the crawler must emit."""
        stories: dict[str, Story] = {self.url(s.path): s for s in GOOD}
        for path in (*FLAKY, RATE_LIMITED, RESET_TWICE):
            slug = path.rsplit("/", 1)[1]
            stories[self.url(path)] = english_story(slug, slug.replace("-", " ").capitalize())
        moved_slug = MOVED_TO.rsplit("/", 1)[1]
        stories[self.url(MOVED_TO)] = english_story(moved_slug, "The old fish market finds a new home")
        for path, (story, *_rest) in CHARSET_CASES.items():
            stories[self.url(path)] = story
        return stories

    def _front_page_links(self) -> list[tuple[str, str]]:
        hostile = [
            SLOW_FIRST_BYTE, CUT_OFF, LENGTH_LIE, ENDLESS, GZIP_BOMB, HUGE_PAGE, PDF_AS_HTML, PNG_AS_HTML,
            LOOP_A, OFFSITE, META_REFRESH_OFFSITE, FILE_SCHEME, PRIVATE_10, PRIVATE_192,
            SOFT_404, EMPTY, INTERSTITIAL, NOT_FOUND, ALWAYS_503, MOVED_FROM,
        ]  # fmt: skip
        links = [(s.path, s.headline) for s in GOOD]
        links += [(path, "Story") for path in (*FLAKY, RATE_LIMITED, RESET_TWICE, *CHARSET_CASES, *hostile)]
        links.append((PRIVATE_LINK, "Intranet story"))
        return links

    def _routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {
            "/": lambda h, n: h._send(200, HTML, home_html(self._front_page_links()).encode()),
            "/robots.txt": lambda h, n: h._send(200, "text/plain", b"User-agent: *\nAllow: /\n"),
        }
        good = self.good_articles()
        for url, story in good.items():
            path = url[len(self.url("")) :]
            if path in CHARSET_CASES:
                routes[path] = self._charset_route(path)
            else:
                routes[path] = self._article_route(story, path)
        routes[MOVED_FROM] = lambda h, n: h._redirect(MOVED_TO)
        routes.update(
            {
                SLOW_FIRST_BYTE: self._slow_first_byte,
                CUT_OFF: self._cut_off,
                LENGTH_LIE: self._length_lie,
                ENDLESS: self._endless,
                GZIP_BOMB: self._gzip_bomb,
                HUGE_PAGE: self._huge_page,
                PDF_AS_HTML: lambda h, n: h._send(200, "text/html", fake_pdf()),
                PNG_AS_HTML: lambda h, n: h._send(200, "text/html; charset=utf-8", tiny_png()),
                LOOP_A: lambda h, n: h._redirect(LOOP_B),
                LOOP_B: lambda h, n: h._redirect(LOOP_A),
                OFFSITE: lambda h, n: h._redirect(OFFSITE_TARGET),
                META_REFRESH_OFFSITE: lambda h, n: h._send(200, HTML, meta_refresh_html(META_REFRESH_TARGET)),
                FILE_SCHEME: lambda h, n: h._redirect(FILE_TARGET),
                PRIVATE_10: lambda h, n: h._redirect(PRIVATE_10_TARGET),
                PRIVATE_192: lambda h, n: h._redirect(PRIVATE_192_TARGET),
                SOFT_404: lambda h, n: h._send(200, HTML, SOFT_404_HTML.encode()),
                EMPTY: lambda h, n: h._send(200, "text/html", b""),
                INTERSTITIAL: lambda h, n: h._send(200, HTML, INTERSTITIAL_HTML.encode()),
                NOT_FOUND: lambda h, n: h._send(404, HTML, SOFT_404_HTML.encode()),
                ALWAYS_503: lambda h, n: h._send(503, HTML, b"<html><body>Service unavailable</body></html>"),
            }
        )
        return routes

    def _article_route(self, story: Story, path: str) -> Route:
        body = article_html(story).encode("utf-8")

        def route(h: _Handler, attempt: int) -> None:
            if path in FLAKY and attempt <= FLAKY[path][1]:
                h._send(FLAKY[path][0], HTML, b"<html><body><h1>Server error</h1></body></html>")
            elif path == RATE_LIMITED and attempt == 1:
                slow_down = b"<html><body>Slow down</body></html>"
                h._send(429, HTML, slow_down, Retry_After=str(RETRY_AFTER_SECONDS))
            elif path == RESET_TWICE and attempt <= 2:
                h._reset()
            else:
                h._send(200, HTML, body)

        return route

    def _charset_route(self, path: str) -> Route:
        story, encoding, header, meta = CHARSET_CASES[path]
        body = article_html(story, meta_charset=meta).encode(encoding)
        content_type = f"text/html; charset={header}" if header else "text/html"
        return lambda h, n: h._send(200, content_type, body)

    # --- misbehaviours ------------------------------------------------------------------------

    def _slow_first_byte(self, h: _Handler, attempt: int) -> None:
        # Waits in small steps so the thread ends soon after the server stops.
        deadline = time.monotonic() + SLOW_FIRST_BYTE_SECONDS
        while time.monotonic() < deadline and not self.stopping.is_set():
            time.sleep(0.05)
        h._send(200, HTML, article_html(english_story("slow", "Too slow")).encode())

    def _cut_off(self, h: _Handler, attempt: int) -> None:
        body = article_html(english_story("cut", "Cut off")).encode()
        half = body[: len(body) // 2]
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        h.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)  # no final zero-length chunk: the body is cut

    def _length_lie(self, h: _Handler, attempt: int) -> None:
        body = article_html(english_story("lie", "Length lie")).encode()
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", str(len(body) * 3))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)

    def _endless(self, h: _Handler, attempt: int) -> None:
        piece = b"<p>" + b"and the river kept on flowing " * 2000 + b"</p>\n"

        def pieces() -> Iterator[bytes]:
            yield b"<!DOCTYPE html><html><head><title>Endless</title></head><body>"
            sent = 0
            while sent < ENDLESS_CAP_BYTES:
                yield piece
                sent += len(piece)

        h._stream(200, {"Content-Type": HTML}, pieces(), chunked=True)

    def _gzip_bomb(self, h: _Handler, attempt: int) -> None:
        headers = {
            "Content-Type": HTML,
            "Content-Encoding": "gzip",
            "Content-Length": str(self.bomb.compressed_size),
        }
        h._stream(200, headers, self.bomb.chunks(), chunked=False)

    def _huge_page(self, h: _Handler, attempt: int) -> None:
        head = b"<!DOCTYPE html><html><head><title>Archive</title></head><body>"
        tail = b"</body></html>"
        row = b"<p>Archive entry: minutes of the harbour board meeting, kept for the record.</p>\n"
        filler = HUGE_PAGE_BYTES - len(head) - len(tail)
        block = row * (65536 // len(row))

        def pieces() -> Iterator[bytes]:
            yield head
            left = filler
            while left > 0:
                piece = block[:left]
                yield piece
                left -= len(piece)
            yield tail

        headers = {"Content-Type": HTML, "Content-Length": str(HUGE_PAGE_BYTES)}
        h._stream(200, headers, pieces(), chunked=False)
