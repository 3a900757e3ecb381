"""``scrapy shell URL`` inside the project: the URL the user named is trusted, even on a private host
(see `newscrawl.commands.fetch`)."""

from __future__ import annotations

import argparse

from scrapy.commands.shell import Command as ScrapyShellCommand

from newscrawl.commands.fetch import trust_named_host


class Command(ScrapyShellCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        trust_named_host(self.settings, args)
