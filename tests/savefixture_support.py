"""A small news site on 127.0.0.1 for the `scrapy savefixture` tests, and a runner for the command."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.helpers import REPO

ARTICLE_PATH = "/news/2026/11/20/harbour-lights-festival-draws-record-crowds"
REDIRECT_PATH = "/go/harbour-lights"
MISSING_PATH = "/news/2026/11/20/a-story-that-was-taken-down"
PRIVATE_PATH = "/private/2026/11/20/draft-story-not-for-robots"
HUGE_PATH = "/news/2026/11/20/an-enormous-live-blog-page"
# The same story, its charset named only by the HTTP header (no <meta charset>).
HEADER_CHARSET_PATH = "/news/2026/11/21/harbour-lights-festival-extended-by-a-week"
ARTICLE_CONTENT_TYPE = "text/html; charset=utf-8"
LIVE_BLOG = b"<html><body>" + b"<p>live update</p>" * 4000 + b"</body></html>"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"

ARTICLE_TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
{charset_meta}
<title>Harbour lights festival draws record crowds | The Estuary Echo</title>
<meta name="description"
 content="Organisers counted 42,000 visitors over three nights, a fifth more than last year.">
<link rel="canonical" href="{base}{path}">
<meta property="og:type" content="article">
<meta property="og:title" content="Harbour lights festival draws record crowds">
<meta property="og:site_name" content="The Estuary Echo">
<meta property="article:published_time" content="2026-11-20T08:15:00+00:00">
<meta property="article:section" content="News">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour lights festival draws record crowds",
 "datePublished": "2026-11-20T08:15:00+00:00",
 "author": [{{"@type": "Person", "name": "Priya Ramsden"}}],
 "publisher": {{"@type": "Organization", "name": "The Estuary Echo"}}}}
</script>
</head>
<body>
<header class="site-header"><a href="/">The Estuary Echo</a>
<nav><a href="/news/">News</a> <a href="/sport/">Sport</a> <a href="/culture/">Culture</a></nav></header>
<main>
<article class="story">
<h1>Harbour lights festival draws record crowds</h1>
<p class="byline">By <a rel="author" href="/authors/priya-ramsden">Priya Ramsden</a></p>
<time datetime="2026-11-20T08:15:00+00:00">20 November 2026</time>
<div class="story-body">
<p>The harbour lights festival drew a record 42,000 visitors over its three nights, organisers said on
Thursday, a fifth more than last year’s total.</p>
<figure><img src="/img/lanterns.jpg" alt="">
<figcaption>Lanterns on the east quay (Photo: Tom Hale)</figcaption></figure>
<p>Extra late trains and a park-and-ride from the ring road kept the town centre moving, although the
quayside had to be closed for an hour on Saturday when the crowd grew too dense.</p>
<p>“We planned for growth, but not for this much,” said festival director Alan Moss. “Next year we will
spread the installations along the whole river front.”</p>
<p>Traders reported their busiest November weekend since the festival began in 2019, and the council
said it would publish a full economic assessment in the new year.</p>
<p class="promo">Sign up to our Morning Briefing newsletter</p>
</div>
</article>
</main>
<footer><p>© 2026 The Estuary Echo</p><a href="/about">About us</a></footer>
</body>
</html>
"""


@dataclass
class SiteServer:
    """The running site: its base URL and every request it answered (path, User-Agent)."""

    base: str
    requests: list[tuple[str, str]] = field(default_factory=list)
    # Extra pages by full request target (a proxied request asks for an absolute URL).
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def article_body(self, path: str = ARTICLE_PATH) -> bytes:
        """The story's page as served at ``path`` (UTF-8; only ARTICLE_PATH declares it in a meta)."""
        meta = '<meta charset="utf-8">' if path == ARTICLE_PATH else ""
        return ARTICLE_TEMPLATE.format(base=self.base, path=path, charset_meta=meta).encode("utf-8")


def _handler(site: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path in site.pages:
                self._send(200, *site.pages[self.path])
                return
            path = urlsplit(self.path).path
            if path == "/robots.txt":
                self._send(200, "text/plain", ROBOTS)
            elif path in (ARTICLE_PATH, HEADER_CHARSET_PATH):
                self._send(200, ARTICLE_CONTENT_TYPE, site.article_body(path))
            elif path == REDIRECT_PATH:
                self._send(301, "text/html", b"", location=site.url(ARTICLE_PATH))
            elif path in (HUGE_PATH, PRIVATE_PATH):
                self._send(
                    200, "text/html", b"<html><body>" + b"<p>live update</p>" * 4000 + b"</body></html>"
                )
            else:
                self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")

        def _send(self, status: int, content_type: str, body: bytes, location: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

    return Handler


@contextmanager
def serve_site() -> Iterator[SiteServer]:
    """Serve the site on a free port of 127.0.0.1 in a thread until the block ends."""
    site = SiteServer(base="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# Fast and quiet: no politeness delay against the local server.
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_ENABLED=False")


def run_savefixture(
    *args: str, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy savefixture ARGS`` in a subprocess from the repo root."""
    cmd = [sys.executable, "-m", "scrapy", "savefixture", *args, *FAST]
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=full_env)


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder`` (empty when it does not exist)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
