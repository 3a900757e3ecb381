"""``scrapy fetch URL`` inside the project: the URL the user named is trusted, even on a private host.

The project's request guard refuses private and loopback addresses that are not a crawl's start
host (`newscrawl.middlewares.request_guard`); ``fetch`` and ``shell`` have no crawl, so inside the
project they refused ``http://127.0.0.1:8765/``. These commands add the named URL's host to
``NEWSCRAWL_REDIRECT_ALLOWED_HOSTS`` (hosts the guard trusts) before the crawler is made.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from scrapy.commands.fetch import Command as ScrapyFetchCommand
from scrapy.settings import Settings


def trust_named_host(settings: Settings, args: list[str]) -> None:
    """Let the request guard through to the host of the URL on the command line (if there is one)."""
    if not args:
        return
    parts = urlsplit(args[0])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return
    hosts = settings.getlist("NEWSCRAWL_REDIRECT_ALLOWED_HOSTS")
    if parts.hostname not in hosts:
        settings.set("NEWSCRAWL_REDIRECT_ALLOWED_HOSTS", [*hosts, parts.hostname], priority="cmdline")


class Command(ScrapyFetchCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        trust_named_host(self.settings, args)
