"""The ``news`` spider's arguments (``-a NAME=VALUE``), in one table: name, kind, default, allowed, help.

The table is the single definition: the spider parses its arguments with it, ``scrapy crawl`` checks
them with it before anything starts (`check_arguments`: one line naming the argument and what is
allowed, exit code 2), and README's "Spider arguments" table is generated from it (`markdown_table`;
a test holds the two together).

An argument whose name starts with ``_`` is passed on unchecked: Scrapyd gives every job ``_job``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newscrawl.dates import parse_duration, parse_since
from newscrawl.sites import PROFILES

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)
_TRUE = frozenset(("1", "true", "yes", "on"))
_FALSE = frozenset(("0", "false", "no", "off", ""))


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message is the one line an operator sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Invalid(ValueError):
    """Raised by a parser: what was expected (the caller names the argument)."""


def suggestion(word: str, choices: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """`` (did you mean X?)`` for the closest of ``choices``, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_urls(value: str) -> list[str]:
    """Comma-separated http(s) URLs with a host."""
    urls = _split(value)
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname:
            continue
        if not parts.scheme or "://" not in url:
            raise _Invalid(f"expected http:// or https:// URLs (did you mean http://{url}?)")
        raise _Invalid(f"expected http:// or https:// URLs, not {url}")
    return urls


def parse_site(value: str) -> str:
    if not value or value in PROFILES:
        return value
    raise _Invalid(f"expected one of {', '.join(sorted(PROFILES))}{suggestion(value, tuple(PROFILES))}")


def parse_depth(value: str) -> int:
    try:
        depth = int(value)
    except ValueError:
        depth = -1
    if depth < 0:
        raise _Invalid("expected a whole number >= 0")
    return depth


def parse_max_articles(value: str) -> int | None:
    if not value.strip():
        return None
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise _Invalid("expected a whole number >= 1")
    return count


def parse_since_argument(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return parse_since(value)
    except ValueError:
        raise _Invalid("expected a duration (90m, 6h, 2d, 1w) or a date (2024-07-01)") from None


def parse_max_time(value: str) -> float | None:
    if not value.strip():
        return None
    try:
        seconds = parse_duration(value)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise _Invalid("expected a duration above 0: seconds, or 90s, 15m, 6h")
    return seconds


def parse_flag(value: str) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Invalid("expected 1 or 0 (also true/false, yes/no)")


def parse_robots(value: str) -> str:
    text = value.strip().lower()
    if text == "auto":
        return "auto"
    if text in _TRUE:
        return "1"
    if text in _FALSE - {""}:
        return "0"
    raise _Invalid("expected auto, 1 or 0")


def parse_languages(value: str) -> str:
    for tag in _split(value):
        if not _LANGUAGE.match(tag):
            raise _Invalid(f"expected language codes such as de,en or en-GB, not {tag}")
    return ",".join(_split(value))


@dataclass(frozen=True)
class Argument:
    """One spider argument: how it is parsed and how README documents it."""

    name: str
    kind: str
    default: str
    help: str
    parse: Callable[[str], Any]


ARGUMENTS: tuple[Argument, ...] = (
    Argument("url", "URLs", "", "start pages or articles, comma-separated (http:// or https://)", parse_urls),
    Argument(
        "site", "site name", "",
        f"a site profile's start pages, sitemaps and feeds: {', '.join(sorted(PROFILES))}", parse_site,
    ),
    Argument("sitemap", "URLs", "", "sitemaps or sitemap indexes to read, comma-separated", parse_urls),
    Argument("feed", "URLs", "", "RSS/Atom feeds to read, comma-separated", parse_urls),
    Argument("depth", "whole number >= 0", "1", "section levels to follow from the start pages", parse_depth),
    Argument(
        "since", "duration or date", "",
        "only articles published since then (2d, 6h, 2024-07-01): older sitemap and feed entries are not "
        "fetched, and any article whose `datePublished` is older, however it was found, is dropped "
        "(`newscrawl/dropped/too_old`)",
        parse_since_argument,
    ),
    Argument(
        "robots", "auto, 1 or 0", "auto",
        "read the start sites' robots.txt `Sitemap:` lines: `auto` = for start pages (and for article "
        "URLs with `discover=1`), `1` = always, `0` = never",
        parse_robots,
    ),
    Argument(
        "discover", "0 or 1", "0",
        "1 = start URLs that are articles are start pages too (their links and their site's sitemaps "
        "are read); 0 = an article URL means that article only",
        parse_flag,
    ),
    Argument(
        "full", "0 or 1", "0", "1 = ignore the seen-store for this run: fetch and emit everything", parse_flag
    ),
    Argument(
        "max_articles", "whole number >= 1", "",
        "emit exactly this many articles (no more), then stop", parse_max_articles,
    ),
    Argument(
        "max_time", "duration", "", "stop after this long (seconds, or 90s, 15m, 6h)", parse_max_time
    ),
    Argument(
        "language", "language codes", "", "keep only articles in these languages (de,en)", parse_languages
    ),
)  # fmt: skip
BY_NAME: dict[str, Argument] = {argument.name: argument for argument in ARGUMENTS}
SOURCES = ("url", "site", "sitemap", "feed")


def parse_argument(name: str, value: str) -> Any:
    """``value`` parsed as argument ``name``; `ArgumentError` naming it and what is allowed."""
    try:
        return BY_NAME[name].parse(str(value))
    except _Invalid as exc:
        raise ArgumentError(f"-a {name}={value}: {exc}") from None


def check_arguments(given: Mapping[str, Any]) -> dict[str, Any]:
    """Every argument of ``given`` parsed (the defaults for the others); `ArgumentError` for the first
    unknown or invalid one, or when no source (url, site, sitemap, feed) is given."""
    for name, value in given.items():
        if name not in BY_NAME and not name.startswith("_"):
            known = ", ".join(BY_NAME)
            raise ArgumentError(
                f"-a {name}={value}: unknown argument{suggestion(name, tuple(BY_NAME))}; arguments: {known}"
            )
    parsed = {
        argument.name: parse_argument(argument.name, given.get(argument.name, argument.default))
        for argument in ARGUMENTS
    }
    if not any(parsed[name] for name in SOURCES):
        raise ArgumentError("give -a url=START_URL[,URL...], -a sitemap=URL, -a feed=URL or -a site=NAME")
    return parsed


def markdown_table() -> str:
    """README's table of the spider's arguments, made from `ARGUMENTS`."""
    rows = ["| argument | value | default | meaning |", "|---|---|---|---|"]
    for argument in ARGUMENTS:
        default = f"`{argument.default}`" if argument.default else "—"
        rows.append(f"| `{argument.name}` | {argument.kind} | {default} | {argument.help} |")
    return "\n".join(rows)
