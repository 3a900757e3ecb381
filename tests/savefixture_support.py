"""A small news site on 127.0.0.1 for the `scrapy savefixture` tests, and a runner for the command.

"The Estuary Echo" is a route table on a `MockServer`: one story (also at a second URL whose charset
only the HTTP header names), a redirect to it, a page that is gone, a page robots.txt disallows and
a page too big to save. Pages are written with `tests.pagebuilder`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests import pagebuilder as pb
from tests.helpers import REPO
from tests.mockserver import MockServer, Response, redirect

ARTICLE_PATH = "/news/2026/11/20/harbour-lights-festival-draws-record-crowds"
REDIRECT_PATH = "/go/harbour-lights"
MISSING_PATH = "/news/2026/11/20/a-story-that-was-taken-down"
PRIVATE_PATH = "/private/2026/11/20/draft-story-not-for-robots"
HUGE_PATH = "/news/2026/11/20/an-enormous-live-blog-page"
# The same story, its charset named only by the HTTP header (no <meta charset>).
HEADER_CHARSET_PATH = "/news/2026/11/21/harbour-lights-festival-extended-by-a-week"
ARTICLE_CONTENT_TYPE = "text/html; charset=utf-8"
LIVE_BLOG = b"<html><body>" + b"<p>live update</p>" * 4000 + b"</body></html>"
ROBOTS = pb.robots_txt(disallow=["/private/"]).encode()

SITE_NAME = "The Estuary Echo"
HEADLINE = "Harbour lights festival draws record crowds"
PUBLISHED = "2026-11-20T08:15:00+00:00"
AUTHOR = "Priya Ramsden"
PARAGRAPHS = [
    "The harbour lights festival drew a record 42,000 visitors over its three nights, organisers said on "
    "Thursday, a fifth more than last year’s total.",
    "Extra late trains and a park-and-ride from the ring road kept the town centre moving, although the "
    "quayside had to be closed for an hour on Saturday when the crowd grew too dense.",
    "“We planned for growth, but not for this much,” said festival director Alan Moss. “Next year we will "
    "spread the installations along the whole river front.”",
    "Traders reported their busiest November weekend since the festival began in 2019, and the council "
    "said it would publish a full economic assessment in the new year.",
]


def article_page(base: str, path: str) -> bytes:
    """The story as served at ``path`` (UTF-8; only ARTICLE_PATH declares it in a ``<meta charset>``)."""
    description = "Organisers counted 42,000 visitors over three nights, a fifth more than last year."
    meta = pb.article_meta(
        url=base + path,
        headline=HEADLINE,
        description=description,
        site_name=SITE_NAME,
        published=PUBLISHED,
        section="News",
    )
    ld = pb.news_article_ld(HEADLINE, published=PUBLISHED, authors=[AUTHOR], publisher=SITE_NAME)
    figure = pb.figure("/img/lanterns.jpg", "Lanterns on the east quay", credit="(Photo: Tom Hale)", alt="")
    body = (
        pb.paragraphs(PARAGRAPHS[:1])
        + figure
        + pb.paragraphs(PARAGRAPHS[1:])
        + '<p class="promo">Sign up to our Morning Briefing newsletter</p>'
    )
    byline = pb.byline(AUTHOR, author_url="/authors/priya-ramsden") + pb.time_tag(
        PUBLISHED, "20 November 2026"
    )
    nav = '<nav><a href="/news/">News</a> <a href="/sport/">Sport</a> <a href="/culture/">Culture</a></nav>'
    return pb.article_page(
        HEADLINE,
        site_name=SITE_NAME,
        body_html=body,
        url=base + path,
        charset="utf-8" if path == ARTICLE_PATH else None,
        byline_html=byline,
        meta_html=meta,
        ld=ld,
        header_html=f'<header class="site-header"><a href="/">{SITE_NAME}</a>{nav}</header>',
        footer_html=f'<footer><p>© 2026 {SITE_NAME}</p><a href="/about">About us</a></footer>',
        article_class="story",
        body_class="story-body",
    ).encode("utf-8")


class SiteServer(MockServer):
    """The running site: ``requests`` holds every request's (target, User-Agent); ``routes`` takes
    extra pages, by path or by full request target (a proxied request asks for an absolute URL)."""

    def __init__(self) -> None:
        super().__init__()
        story = Response(self.article_body(), content_type=ARTICLE_CONTENT_TYPE)
        header_only = Response(self.article_body(HEADER_CHARSET_PATH), content_type=ARTICLE_CONTENT_TYPE)
        self.routes.update(
            {
                "/robots.txt": Response(ROBOTS, content_type="text/plain"),
                ARTICLE_PATH: story,
                HEADER_CHARSET_PATH: header_only,
                REDIRECT_PATH: redirect(self.url(ARTICLE_PATH), 301),
                HUGE_PATH: Response(LIVE_BLOG, content_type="text/html"),
                PRIVATE_PATH: Response(LIVE_BLOG, content_type="text/html"),
            }
        )

    def article_body(self, path: str = ARTICLE_PATH) -> bytes:
        """The story's page as served at ``path``."""
        return article_page(self.base, path)


@contextmanager
def serve_site() -> Iterator[SiteServer]:
    """Serve the site on a free port of 127.0.0.1 in a thread until the block ends."""
    with SiteServer() as site:
        yield site


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
