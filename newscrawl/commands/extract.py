"""``scrapy extract URL|FILE|- ... [--url URL] [--keep-boilerplate] [--no-profiles]``.

The ``newscrawl extract`` console script (`newscrawl.cli`) as a Scrapy command: the same inputs,
options and JSON lines.
"""

from __future__ import annotations

import argparse
import sys
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.cli import run_extract


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, object]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "URL|FILE|- ... [--url URL] [--keep-boilerplate] [--no-profiles] [--articles-only]"

    def short_desc(self) -> str:
        return "Extract article pages (saved files, URLs or stdin) and print one JSON line each"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's URL (default: the fixture sidecar's, or the URL given)")
        parser.add_argument(
            "--keep-boilerplate", action="store_true", help="keep every visible text block in articleBody"
        )
        parser.add_argument("--no-profiles", action="store_true", help="generic engine only, no site profile")
        parser.add_argument(
            "--articles-only", action="store_true", help="print nothing for pages that are not articles"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one URL, FILE or -")
        opts.inputs = args
        self.exitcode = run_extract(opts, sys.stdout, sys.stderr)
