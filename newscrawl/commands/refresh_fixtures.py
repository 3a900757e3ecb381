"""``scrapy refresh_fixtures [--write] [DIR]``: compare (or rewrite) fixtures' expected items.

Every fixture a crawl reads as an HTML page (whatever its Content-Type says: `is_html_page`) is
extracted again and compared with its ``expected``: the article, ``false`` (not an article) or
``null`` (not computed yet, always listed). ``--write`` writes today's output.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand

from newscrawl.fixture_expectations import expectation, is_html_page
from newscrawl.fixtures import iter_fixtures


class Command(ScrapyCommand):
    requires_project = False
    default_settings: ClassVar[dict[str, object]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--write] [FIXTURES_DIR]"

    def short_desc(self) -> str:
        return "Show fixtures whose expected item differs from today's output; --write updates them"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--write", action="store_true", help="write today's output as expected")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        root = Path(args[0] if args else "fixtures")
        changed = 0
        for fixture in iter_fixtures(root):
            if not is_html_page(fixture):
                continue
            output = expectation(fixture)
            if output == fixture.expected and fixture.expected is not None:
                continue
            changed += 1
            state = "not computed" if fixture.expected is None else "differs"
            print(f"{'updated' if opts.write else state}: {fixture.meta_path}")
            if opts.write:
                meta = json.loads(fixture.meta_path.read_text(encoding="utf-8"))
                meta["expected"] = output
                text = json.dumps(meta, ensure_ascii=False, indent=1) + "\n"
                fixture.meta_path.write_text(text, encoding="utf-8")
        print(f"{changed} fixture(s) {'updated' if opts.write else 'differ'}")
        self.exitcode = 1 if changed and not opts.write else 0
