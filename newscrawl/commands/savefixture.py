"""``scrapy savefixture URL [--name NAME] [--dir fixtures] [--expected] [--force]``: record one page.

The page is fetched by a one-request crawl with the project's settings, so robots.txt, the
User-Agent, ``DOWNLOAD_MAXSIZE``, retries and redirects apply exactly as in a real crawl. The result
is written in the layout of `newscrawl.fixtures`:

- ``<dir>/<host>/<name>.html`` — the body bytes exactly as served (after Content-Encoding is undone),
  never re-encoded; the server's ``Content-Type`` (charset included) goes to the sidecar, so replay
  decodes the bytes the way the live crawl did.
- ``<dir>/<host>/<name>.json`` — ``url`` (the final URL after redirects, the one replay answers),
  ``requested_url``, ``saved`` (now, ISO 8601 UTC), ``status``, ``content_type``, ``parser`` (the
  site profile's parser version for today, when the profile has versions) and ``expected``: null
  (not computed yet), or with ``--expected`` today's output — the article, or ``false`` for a page
  that is not one —, which must be checked by hand before a test relies on it.

The body file's suffix follows the Content-Type; a generic one (``application/octet-stream``, none)
is judged as the crawl judges it, by the URL and the body (Scrapy's response types), so an HTML page
served as ``application/octet-stream`` is saved as ``.html`` and gets its ``expected``.

Only a 2xx page is saved; any other status, a robots.txt refusal or a download error exits with 1
and writes nothing. An existing fixture is never overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.datatypes import SequenceExclude
from twisted.python.failure import Failure
from w3lib.url import is_url

from newscrawl.extract import ExtractionError
from newscrawl.fixture_expectations import expectation
from newscrawl.fixtures import Fixture
from newscrawl.sites import profile_for_url

logger = logging.getLogger(__name__)

MAX_NAME_CHARS = 80
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_DASHES = re.compile(r"-{2,}")
_PAGE_EXTENSION = re.compile(r"\.(html?|xhtml|php|aspx?|jsp|cms|shtml|xml|rss|txt)$", re.I)
# Body file suffix by media type (the suffixes `newscrawl.fixtures.load_fixture` looks for).
_SUFFIXES = (
    ("text/html", ".html"),
    ("application/xhtml", ".html"),
    ("application/rss", ".rss"),
    ("application/atom", ".xml"),
    ("application/xml", ".xml"),
    ("text/xml", ".xml"),
    ("text/plain", ".txt"),
)


def safe_name(text: str) -> str:
    """``text`` reduced to lower-case letters, digits, ``.``, ``_`` and ``-``, at most 80 characters."""
    name = _DASHES.sub("-", _UNSAFE.sub("-", text.lower()))
    return name[:MAX_NAME_CHARS].strip("-.")


def default_name(url: str) -> str:
    """A file name from the URL's last path segment (plus its query), ``home`` for the site root."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    stem = _PAGE_EXTENSION.sub("", segments[-1]) if segments else ""
    if parts.query:
        stem = f"{stem}-{unquote(parts.query)}" if stem else unquote(parts.query)
    return safe_name(stem) or "home"


def checked_name(given: str) -> str:
    """A ``--name`` without its ``.html``/``.json`` suffix; `UsageError` unless it is already safe."""
    stem = _PAGE_EXTENSION.sub("", given.removesuffix(".json"))
    if not stem or safe_name(stem) != stem:
        raise UsageError(f"--name {given!r}: use lower-case letters, digits, '.', '_' and '-' only")
    return stem


# Content-Types that say nothing of the body: the crawl looks at the URL and the bytes instead.
_GENERIC_TYPES = frozenset(("", "application/octet-stream", "binary/octet-stream", "application/unknown"))
_SUFFIX_BY_RESPONSE = ((HtmlResponse, ".html"), (XmlResponse, ".xml"), (TextResponse, ".txt"))


def body_suffix(content_type: str, body: bytes = b"", url: str = "") -> str:
    """The body file's suffix for a Content-Type (``.bin`` for anything unknown).

    For a generic type (``application/octet-stream``, none), what a crawl makes of the URL and body.
    """
    media = content_type.split(";")[0].strip().lower()
    if media in _GENERIC_TYPES and (body or url):
        kind = responsetypes.from_args(url=url or None, body=body or None)
        return next((suffix for cls, suffix in _SUFFIX_BY_RESPONSE if issubclass(kind, cls)), ".bin")
    return next((suffix for prefix, suffix in _SUFFIXES if media.startswith(prefix)), ".bin")


def parser_version(url: str, saved: datetime) -> str | None:
    """``profile@version`` of the site parser that reads this URL on ``saved``; None without versions."""
    profile = profile_for_url(url)
    version = profile.version_for(saved) if profile is not None else None
    return f"{profile.name}@{version.name}" if profile is not None and version is not None else None


@dataclass
class FetchedPage:
    """One response as the crawl got it."""

    requested_url: str
    url: str
    status: int
    content_type: str
    body: bytes


@dataclass
class FetchOutcome:
    """Filled by the one-request spider: the page, or why there is none."""

    page: FetchedPage | None = None
    error: str = ""


def content_type_of(response: Response) -> str:
    """The server's Content-Type; when it sent none, what Scrapy decided the body is."""
    header = response.headers.get("Content-Type")
    if header:
        return header.decode("latin-1").strip()
    if isinstance(response, HtmlResponse):
        return f"text/html; charset={response.encoding}"
    if isinstance(response, TextResponse):
        return f"text/plain; charset={response.encoding}"
    return "application/octet-stream"


class OnePageSpider(scrapy.Spider):
    """Fetches one URL (redirects followed) and hands the response to a `FetchOutcome`."""

    name = "savefixture"
    # A recording run exports nothing: no per-run feed or summary file.
    custom_settings: ClassVar[dict[str, Any]] = {
        "FEEDS": {},
        "NEWSCRAWL_REJECTS_FEED": "",
        "NEWSCRAWL_SUMMARY_ENABLED": False,
    }

    def __init__(self, url: str, outcome: FetchOutcome, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        # The request guard trusts the hosts a crawl starts from (a local server included).
        self.start_urls = [url]
        self.outcome = outcome

    async def start(self) -> AsyncIterator[Any]:
        # Every status but a redirect reaches the callback, so a 404 is reported, not just dropped.
        meta = {"handle_httpstatus_list": SequenceExclude(range(300, 400))}
        yield scrapy.Request(self.url, callback=self.keep, errback=self.failed, meta=meta, dont_filter=True)

    def keep(self, response: Response) -> None:
        redirects = response.meta.get("redirect_urls") or [self.url]
        self.outcome.page = FetchedPage(
            requested_url=redirects[0],
            url=response.url,
            status=response.status,
            content_type=content_type_of(response),
            body=response.body,
        )
        self.crawler.stats.inc_value("newscrawl/savefixture/fetched")

    def failed(self, failure: Failure) -> None:
        self.outcome.error = failure.getErrorMessage() or type(failure.value).__name__
        self.crawler.stats.inc_value("newscrawl/savefixture/failed")
        logger.error("Could not fetch %s: %s", self.url, self.outcome.error)


def fixture_paths(folder: Path, page: FetchedPage, name: str) -> tuple[Path, Path]:
    """Where the body and the sidecar of ``page`` go: ``folder/<host>/<name>.<ext>`` and ``.json``."""
    host = (urlsplit(page.url).hostname or "unknown-host").lower().rstrip(".")
    base = folder / host / name
    suffix = body_suffix(page.content_type, page.body, page.url)
    return base.with_name(name + suffix), base.with_name(name + ".json")


def sidecar(page: FetchedPage, saved: datetime) -> dict[str, Any]:
    """The sidecar fields of a fetched page (``expected`` still null)."""
    meta: dict[str, Any] = {
        "url": page.url,
        "requested_url": page.requested_url,
        "saved": saved.astimezone(timezone.utc).isoformat(timespec="seconds"),
        "status": page.status,
        "content_type": page.content_type,
    }
    parser = parser_version(page.url, saved)
    if parser:
        meta["parser"] = parser
    meta["expected"] = None
    return meta


def expected_output(body_path: Path, meta_path: Path, meta: dict[str, Any]) -> dict[str, Any] | bool | None:
    """Today's item for the saved page (`expectation`); False when it is no article, None when it
    cannot be read."""
    fixture = Fixture(
        url=meta["url"],
        saved=meta["saved"],
        body_path=body_path,
        meta_path=meta_path,
        status=meta["status"],
        content_type=meta["content_type"],
    )
    try:
        return expectation(fixture)
    except ExtractionError as exc:
        logger.warning("No expected item for %s: %s", meta["url"], exc)
        return None


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--name NAME] [--dir DIR] [--expected] [--force] URL"

    def short_desc(self) -> str:
        return "Record one live page as a fixture (body + sidecar JSON) for offline replay"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--name", help="file name without suffix (default: from the URL's last segment)")
        parser.add_argument("--dir", default="fixtures", help="fixtures folder (default: fixtures)")
        parser.add_argument(
            "--expected", action="store_true", help="store today's output as `expected` (check it by hand)"
        )
        parser.add_argument("--force", action="store_true", help="overwrite an existing fixture")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or not is_url(args[0]):
            raise UsageError("give exactly one http(s) URL")
        name = checked_name(opts.name) if opts.name is not None else None
        outcome = self._fetch(args[0])
        self.exitcode = self._save(outcome, Path(opts.dir), name, opts)

    def _fetch(self, url: str) -> FetchOutcome:
        outcome = FetchOutcome()
        assert self.crawler_process is not None
        self.crawler_process.crawl(OnePageSpider, url=url, outcome=outcome)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed and not outcome.error:
            outcome.error = "the crawl could not start"
        return outcome

    def _save(self, outcome: FetchOutcome, folder: Path, name: str | None, opts: argparse.Namespace) -> int:
        page = outcome.page
        if page is None:
            _fail(f"nothing saved: {outcome.error or 'no response'}")
            return 1
        if not 200 <= page.status < 300:
            _fail(f"nothing saved: {page.url} answered HTTP {page.status}")
            return 1
        body_path, meta_path = fixture_paths(folder, page, name or default_name(page.url))
        existing = [p for p in (body_path, meta_path) if p.exists()]
        if existing and not opts.force:
            _fail(f"nothing saved: {existing[0]} exists (use --force to overwrite, or --name)")
            return 1
        meta = sidecar(page, datetime.now(timezone.utc))
        body_path.parent.mkdir(parents=True, exist_ok=True)
        body_path.write_bytes(page.body)
        note = "null (not computed; use --expected or `scrapy refresh_fixtures --write`)"
        if opts.expected and body_path.suffix != ".html":
            note = "null (not an HTML page)"
        elif opts.expected:
            meta["expected"] = expected_output(body_path, meta_path, meta)
            if meta["expected"] is False:
                note = "false (today's output: not an article)"
            elif meta["expected"] is None:
                note = "null (the page could not be read)"
            else:
                note = "today's output — TO BE CHECKED BY HAND before a test relies on it"
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if page.url != page.requested_url:
            print(f"redirected: {page.requested_url} -> {page.url}")
        print(f"wrote {body_path}")
        print(f"wrote {meta_path}")
        print(f"expected: {note}")
        return 0


def _fail(message: str) -> None:
    print(f"savefixture: {message}", file=sys.stderr)
