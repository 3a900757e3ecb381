"""``newscrawl extract``: the library call from the command line, anywhere, for many pages at once.

    newscrawl extract https://site/a/story page.html saved/*.html -   # URLs, files, stdin
    newscrawl extract --url https://site/a/story page.html            # the URL of a saved page

One JSON line per input on stdout: the `Article`'s fields plus ``isArticle`` (does the page read as
an article page?) and ``profile`` (the site profile used, or null). A file next to a fixture
sidecar (``name.json``) takes its URL from it. An input that cannot be read — no such file, a
failed download, bytes that are not HTML (a PDF, an image) — gets one line on stderr naming it and
the reason, and the exit code is 1; the other inputs are still extracted. Needs no Scrapy project.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from newscrawl.article import extract_page
from newscrawl.extract import ExtractionError
from newscrawl.fixtures import load_fixture
from newscrawl.items import Extraction
from newscrawl.options import ExtractOptions

# Bounds for fetching a URL: a page larger than this or slower than the timeout is an error.
FETCH_TIMEOUT = 30
FETCH_MAX_BYTES = 16 * 1024 * 1024
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl; extract command)"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


class InputError(ValueError):
    """An input that gives no page: the message says why."""


def fetch(url: str, user_agent: str = USER_AGENT) -> tuple[bytes, str]:
    """The body and final URL of one GET request (redirects followed); refuses non-HTML types."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.8"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind not in _HTML_TYPES:
            raise InputError(f"not an HTML page ({kind})")
        body = response.read(FETCH_MAX_BYTES + 1)
        if len(body) > FETCH_MAX_BYTES:
            raise InputError(f"page larger than {FETCH_MAX_BYTES} bytes")
        return body, response.geturl()


def read_file(path: Path) -> tuple[bytes, str | None]:
    """A saved page's bytes and, when a fixture sidecar (``<name>.json``) is beside it, its URL."""
    sidecar = path.with_suffix(".json")
    fixture = load_fixture(sidecar) if sidecar.exists() and sidecar != path else None
    return path.read_bytes(), fixture.url if fixture else None


def read_input(target: str, stdin: IO[bytes], url: str | None = None) -> tuple[bytes, str]:
    """The bytes and URL of one input: ``-`` (stdin), an http(s) URL, or a file."""
    if target == "-":
        return stdin.read(FETCH_MAX_BYTES + 1), url or "file:///dev/stdin"
    if urlsplit(target).scheme in ("http", "https"):
        body, final = fetch(target)
        return body, url or final
    path = Path(target)
    if not path.is_file():
        raise InputError("no such file")
    body, sidecar_url = read_file(path)
    return body, url or sidecar_url or path.resolve().as_uri()


def extract_inputs(
    targets: list[str], options: ExtractOptions, *, url: str | None = None, stdin: IO[bytes] | None = None
) -> Iterator[tuple[str, Extraction | str]]:
    """``(input, Extraction)`` for each input that gave a page, ``(input, reason)`` for the others."""
    for target in targets:
        try:
            body, page_url = read_input(target, stdin or sys.stdin.buffer, url)
            yield target, extract_page(body, page_url, options=options)
        except (OSError, ValueError, ExtractionError) as exc:
            yield target, str(exc) or type(exc).__name__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description="Clean news articles from HTML pages.")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract", help="extract pages (URLs, files or - for stdin) and print one JSON line each"
    )
    extract.add_argument("inputs", nargs="+", metavar="URL|FILE|-")
    extract.add_argument("--url", help="the page's URL, for a file or stdin (one input only)")
    extract.add_argument("--keep-boilerplate", action="store_true", help="keep every visible text block")
    extract.add_argument("--no-profiles", action="store_true", help="generic engine only, no site profile")
    extract.add_argument(
        "--articles-only", action="store_true", help="print nothing for pages that are not articles"
    )
    return parser


def run_extract(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """Print one JSON line per extracted input; returns the exit code (1 when an input failed)."""
    if args.url and len(args.inputs) > 1:
        stderr.write("newscrawl extract: --url names the URL of one input only\n")
        return 2
    options = ExtractOptions(
        boilerplate="keep" if args.keep_boilerplate else "drop", use_profiles=not args.no_profiles
    )
    failed = 0
    for target, result in extract_inputs(args.inputs, options, url=args.url):
        if isinstance(result, str):
            failed += 1
            stderr.write(f"newscrawl extract: {target}: {result}\n")
        elif result.is_article or not args.articles_only:
            line = {**result.article.to_dict(), "isArticle": result.is_article, "profile": result.profile}
            stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """The ``newscrawl`` console script."""
    args = build_parser().parse_args(argv)
    return run_extract(args, sys.stdout, sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
