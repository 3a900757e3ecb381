"""A generated news site of thousands of small article pages, served on 127.0.0.1 from a temp dir.

Home page -> section pages (``/section/<name>``) -> articles
(``/news/2026/11/<day>/<long-slug>-<id>``) with JSON-LD, a headline and paragraphs of 200+ chars.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SECTIONS = ("politics", "business", "science", "culture", "sport", "health", "world", "climate")
_WORDS = [
    "harbour",
    "council",
    "budget",
    "river",
    "school",
    "market",
    "bridge",
    "station",
    "library",
    "museum",
    "festival",
    "farmers",
    "orchestra",
    "hospital",
    "tram",
    "ferry",
    "vineyard",
    "university",
    "lighthouse",
    "airport",
    "bakery",
    "cyclists",
    "archive",
    "observatory",
]


@dataclass
class NewsSite:
    """The site's files under ``root`` and what it holds: canonical URL path -> headline."""

    root: Path
    articles: dict[str, str] = field(default_factory=dict)  # path -> headline
    revision: dict[str, int] = field(default_factory=dict)  # path -> body revision

    def article_path(self, n: int) -> str:
        a, b, c = (_WORDS[(n * k + k) % len(_WORDS)] for k in (3, 5, 7))
        return f"/news/2026/11/{1 + n % 28:02d}/{a}-{b}-and-the-{c}-question-{n:05d}"

    def write_article(self, n: int, revision: int = 0) -> str:
        """Write article ``n`` (revision ``revision`` of its text) and return its path."""
        path = self.article_path(n)
        headline = f"Story {n}: the {path.split('/')[-1].replace('-', ' ')[:-6].strip()}"
        paragraphs = [
            f"Paragraph {i + 1} of story {n}, revision {revision}. "
            + " ".join(f"The {_WORDS[(n + i + j) % len(_WORDS)]}" for j in range(8))
            + " drew residents, officials and visitors to a long meeting that ran well into the evening, "
            "where everyone present agreed that more would be said about it in the weeks to come."
            for i in range(4)
        ]
        modified = f"2026-11-{1 + n % 28:02d}T{10 + revision:02d}:30:00+00:00"
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "datePublished": f"2026-11-{1 + n % 28:02d}T08:00:00+00:00",
            "dateModified": modified,
            "author": [{"@type": "Person", "name": "Mara Quill"}],
            "publisher": {"@type": "Organization", "name": "The Loopback Ledger"},
        }
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        page = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(headline)} | The Loopback Ledger</title>
<link rel="canonical" href="{path}">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/section/politics">Politics</a></nav></header>
<main><article><h1>{html.escape(headline)}</h1>
<p class="byline">By Mara Quill</p>
<time datetime="{ld["datePublished"]}">{ld["datePublished"][:10]}</time>
{body}
</article></main><footer><p>&copy; The Loopback Ledger</p></footer></body></html>
"""
        self._write(path, page)
        self.articles[path] = headline
        self.revision[path] = revision
        return path

    def write_listings(self) -> None:
        """The home page (links to every section) and one page per section (links to its articles)."""
        paths = sorted(self.articles)
        links = "\n".join(f'<li><a href="/section/{s}">{s.title()}</a></li>' for s in SECTIONS)
        self._write(
            "/", f"<!DOCTYPE html><html><body><h1>The Loopback Ledger</h1><ul>{links}</ul></body></html>"
        )
        for i, section in enumerate(SECTIONS):
            mine = paths[i :: len(SECTIONS)]
            items = "\n".join(f'<li><a href="{p}">{html.escape(self.articles[p])}</a></li>' for p in mine)
            self._write(
                f"/section/{section}",
                f"<!DOCTYPE html><html><body><h1>{section.title()}</h1><ul>{items}</ul></body></html>",
            )

    def _write(self, path: str, text: str) -> None:
        target = self.root / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def generate_site(root: Path, count: int) -> NewsSite:
    """A site of ``count`` articles spread over the sections."""
    site = NewsSite(root)
    for n in range(count):
        site.write_article(n)
    site.write_listings()
    return site


def canonical(path: str) -> str:
    """The key of an article in `canonical_counts`: the path of the canonical URL its page declares."""
    return path


class _Handler(BaseHTTPRequestHandler):
    root: Path

    def do_GET(self) -> None:
        target = self.root / self.path.split("?")[0].strip("/") / "index.html"
        if ".." in self.path or not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free 127.0.0.1 port in a thread; yield the base URL."""
    handler = type("SiteHandler", (_Handler,), {"root": root})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
