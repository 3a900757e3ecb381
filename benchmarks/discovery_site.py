"""A crawl of a local site that serves real pages at their real URL paths: is every article found?

The site (127.0.0.1, one port) serves every AEB page of ``../shared`` — real news articles from
181 publishers, whose URLs have every shape (dates, numeric and opaque ids, bare slugs, query ids)
— at its original path and query, plus the chrome a news site has: a home page linking every
article, section fronts, and the real navigation, tag and author links of those publishers (the
negatives of `benchmarks/data/discovery_urls.tsv`), each served as a small listing page. Two runs:

- ``sitemap``: robots.txt names a plain sitemap listing every article (the site vouches for them);
- ``links``: no sitemap; only the home page's and the listings' links.

For each run: articles emitted out of all, anything else emitted, and the fetches that were not
articles (from the server's own request log): the chrome pages read as listings (sections, which a
crawl must read) and the pages fetched as possible articles that were none (the probes' waste).

    python -m benchmarks.discovery_site [--limit N] [--runs sitemap,links]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import SHARED  # noqa: E402
from benchmarks.discovery_data import load  # noqa: E402

SECTIONS = ("news", "world", "politics", "business", "sport", "culture")
FAST = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
    "NEWSCRAWL_REDIRECT_ALLOWED_HOSTS": "",
}


def _local(url: str) -> str:
    """A URL's path and query, the query sorted as the crawler writes it (the routes' key)."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (parts.path or "/") + (f"?{query}" if query else "")


@dataclass
class Site:
    """Routes (local path -> content type, body) and what each path is."""

    articles: dict[str, str] = field(default_factory=dict)  # local path -> original URL
    others: set[str] = field(default_factory=set)
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)


def _listing(title: str, links: list[str]) -> bytes:
    items = "".join(
        f'<li><a href="{link}">{link.strip("/").split("/")[-1] or title}</a></li>' for link in links
    )
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><h1>{title}</h1><ul>{items}</ul></body></html>"
    ).encode()


def build_site(limit: int | None = None, sitemap: bool = True) -> Site:
    """The site: every AEB page at its own path, the chrome around them, robots.txt (and a sitemap)."""
    site = Site()
    truth = json.loads((SHARED / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, entry in sorted(truth.items())[:limit]:
        path = _local(entry["url"])
        if path in site.routes or path == "/":
            continue
        body = gzip.decompress((SHARED / "aeb" / "html" / f"{page_id}.html.gz").read_bytes())
        site.routes[path] = ("text/html; charset=utf-8", body)
        site.articles[path] = entry["url"]
    article_paths = sorted(site.articles)
    negatives = [_local(url) for label, url in load() if label == "not_article"]
    negatives = [p for p in dict.fromkeys(negatives) if p not in site.routes and p != "/"][
        : 2 * len(article_paths)
    ]
    for n, path in enumerate(negatives):
        sample = article_paths[n % len(article_paths) :][:3]
        site.routes[path] = ("text/html; charset=utf-8", _listing("Listing", sample))
        site.others.add(path)
    fronts = [f"/{name}/" for name in SECTIONS]
    for n, front in enumerate(fronts):
        share = article_paths[n :: len(fronts)]
        site.routes[front] = ("text/html; charset=utf-8", _listing(front.strip("/").title(), share))
        site.others.add(front)
    home_links = fronts + negatives + article_paths
    site.routes["/"] = ("text/html; charset=utf-8", _listing("Home", home_links))
    robots = "User-agent: *\nAllow: /\n" + ("Sitemap: /sitemap.xml\n" if sitemap else "")
    site.routes["/robots.txt"] = ("text/plain", robots.encode())
    if sitemap:
        urls = "".join(
            f"<url><loc>http://HOST{path.replace('&', '&amp;')}</loc></url>" for path in article_paths
        )
        xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        site.routes["/sitemap.xml"] = ("application/xml", xml.encode())
    return site


def serve(site: Site) -> tuple[ThreadingHTTPServer, str]:
    """Serve the site on a free 127.0.0.1 port; returns the server and its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = _local(self.path)
            site.requested.append(path)
            kind, body = site.routes.get(path, ("text/html", b""))
            if not body:
                self.send_error(404)
                return
            body = body.replace(b"http://HOST", f"http://{self.headers['Host']}".encode())
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def crawl(base: str, workdir: Path) -> tuple[list[dict], dict]:
    """``scrapy crawl news -a url=BASE`` with fast settings; returns its items and stats."""
    out, stats = workdir / "items.jsonl", workdir / "stats.json"
    settings = {**FAST, "NEWSCRAWL_STATS_FILE": str(stats), "NEWSCRAWL_STATE_DIR": str(workdir / "state")}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}", "-O", str(out)]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, timeout=1800, check=False)
    items = (
        [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    )
    return items, json.loads(stats.read_text()) if stats.exists() else {}


def run(kind: str, limit: int | None) -> dict[str, float]:
    site = build_site(limit, sitemap=kind == "sitemap")
    server, base = serve(site)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            items, stats = crawl(base, Path(tmp))
    finally:
        server.shutdown()
    emitted = {_local(item["url"]) for item in items}
    fetched = set(site.requested)
    fetched_others = fetched & site.others
    return {
        "articles": len(site.articles),
        "emitted_articles": len(emitted & set(site.articles)),
        "emitted_other": len(emitted - set(site.articles)),
        "fetched": len(fetched),
        "fetched_not_article": len(fetched_others),
        "waste_share": len(fetched_others) / max(1, len(fetched)),
        "probed_not_article": stats.get("newscrawl/pages/not_article", 0),
        "listings": stats.get("newscrawl/pages/listing", 0),
        "missed": sorted(set(site.articles) - emitted)[:15],  # type: ignore[dict-item]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N AEB pages")
    parser.add_argument("--runs", default="sitemap,links")
    args = parser.parse_args(argv)
    print(
        "| run | articles | emitted | other emitted | fetched | fetched, not article | of which read as "
        "listings | fetched as a possible article, not one |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    results = {kind: run(kind, args.limit) for kind in args.runs.split(",")}
    for kind, r in results.items():
        print(
            f"| {kind} | {r['articles']} | {r['emitted_articles']} | {r['emitted_other']} | {r['fetched']} "
            f"| {r['fetched_not_article']} ({r['waste_share']:.0%}) | {r['listings']} "
            f"| {r['probed_not_article']} |"
        )
    for kind, r in results.items():
        if r["missed"]:
            print(f"\n{kind}: not emitted (first 15): {' '.join(r['missed'])}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
