"""``scrapy extract FILE_OR_URL [--url URL] [--keep-boilerplate] [--no-profiles]``.

The command-line twin of `newscrawl.extract_article`: reads a saved HTML file (or fetches one URL
with a plain GET) and prints the extracted `Article` as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl import ExtractionError, extract_article
from newscrawl.fixtures import load_fixture

logger = logging.getLogger(__name__)

# Bounds for fetching a URL: a page larger than this or slower than the timeout is an error.
FETCH_TIMEOUT = 30
FETCH_MAX_BYTES = 16 * 1024 * 1024


def fetch(url: str, user_agent: str) -> tuple[bytes, str]:
    """The body and final URL of one GET request (redirects followed)."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.8"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        body = response.read(FETCH_MAX_BYTES + 1)
        if len(body) > FETCH_MAX_BYTES:
            raise ValueError(f"page larger than {FETCH_MAX_BYTES} bytes")
        return body, response.geturl()


def read_file(path: Path) -> tuple[bytes, str | None]:
    """A saved page's bytes and, when a fixture sidecar (``<name>.json``) is beside it, its URL."""
    fixture = load_fixture(path.with_suffix(".json")) if path.with_suffix(".json").exists() else None
    return path.read_bytes(), fixture.url if fixture else None


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, object]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "FILE_OR_URL [--url URL] [--keep-boilerplate] [--no-profiles]"

    def short_desc(self) -> str:
        return "Extract one article page (saved file or URL) and print it as one JSON line"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's URL (default: the fixture sidecar's, or the URL given)")
        parser.add_argument(
            "--keep-boilerplate", action="store_true", help="keep every visible text block in articleBody"
        )
        parser.add_argument("--no-profiles", action="store_true", help="generic engine only, no site profile")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one FILE_OR_URL")
        target = args[0]
        try:
            if urlsplit(target).scheme in ("http", "https"):
                assert self.settings is not None
                html, url = fetch(target, self.settings.get("USER_AGENT") or "newscrawl")
            else:
                path = Path(target)
                if not path.is_file():
                    raise UsageError(f"no such file: {target}")
                html, url = read_file(path)
                url = url or path.resolve().as_uri()
            article = extract_article(
                html,
                opts.url or url,
                boilerplate="keep" if opts.keep_boilerplate else "drop",
                use_profiles=not opts.no_profiles,
            )
        except (OSError, ValueError, ExtractionError) as exc:
            print(f"extract: {target}: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(json.dumps(asdict(article), ensure_ascii=False))
