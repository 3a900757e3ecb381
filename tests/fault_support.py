"""Failing machines for fault tests: a feed storage on a "disk" that fills up, a resolver that
answers private addresses, a site on the mock server whose sitemap is mostly dead.

Small pieces on purpose: each takes plain data (a server, sizes, names) and knows nothing of the tests
that use it. Pages are served by the one `tests.mockserver.MockServer` and written with
`tests.pagebuilder`.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import os
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred, fail, succeed
from twisted.internet.error import DNSLookupError

from newscrawl.extensions.feed_files import DurableFileFeedStorage
from newscrawl.resolver import PrivateAddressResolver
from tests import pagebuilder as pb
from tests.faultsite import article_html, english_story
from tests.mockserver import NOT_FOUND, MockServer, Response, delayed

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


# --- a site whose sitemap is mostly dead ----------------------------------------------------------


def dead_sitemap_site(server: MockServer, live: int = 10, dead: int = 50) -> list[str]:
    """robots.txt names a gzipped urlset of ``live + dead`` article URLs; the dead ones answer 404.

    Adds the routes to ``server`` and returns the live article paths.
    """
    paths = [f"/news/2026/11/20/story-number-{n:03d}-about-the-harbour-works" for n in range(live + dead)]
    # The live ones last: Scrapy's scheduler is last-in first-out, so they go out in the first wave and
    # are still being extracted when the 404s of that wave come back and the rest go out.
    live_paths = paths[dead:]
    for n, path in enumerate(live_paths):
        story = english_story(path.rsplit("/", 1)[1], f"Harbour works, part {n}")
        # Long pages: their extraction takes a while, so the workers' backlog fills and requests wait.
        story = replace(story, paragraphs=[f"{p} ({n}.{k})" for k in range(200) for p in story.paragraphs])
        server.routes[path] = Response(article_html(story).encode())
    # The 404s come back while the live pages are still being extracted.
    gone = delayed(0.3, NOT_FOUND)
    for path in paths[:dead]:
        server.routes[path] = gone
    server.routes["/"] = Response(
        b"<!DOCTYPE html><html><head><title>Herald</title></head><body></body></html>"
    )
    server.routes["/robots.txt"] = Response(
        pb.robots_txt(sitemaps=[server.url("/sitemap.xml.gz")]).encode(), content_type="text/plain"
    )
    sitemap = pb.urlset([pb.SitemapEntry(server.url(p), "2026-11-20") for p in paths])
    server.routes["/sitemap.xml.gz"] = Response(
        pb.gzipped(sitemap.encode()), content_type="application/x-gzip"
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
