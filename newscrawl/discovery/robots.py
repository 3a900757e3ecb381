"""The ``Sitemap:`` lines of a robots.txt file, read with Protego (the parser Scrapy obeys it with)."""

from __future__ import annotations

from urllib.parse import urljoin

from protego import Protego


def robots_sitemaps(text: str, base_url: str = "") -> list[str]:
    """Absolute sitemap URLs listed in robots.txt, in order, without repeats."""
    found = [urljoin(base_url, url.strip()) for url in Protego.parse(text).sitemaps]
    return [u for u in dict.fromkeys(found) if u.startswith(("http://", "https://"))]


def parser_sitemaps(robot_parser: object, base_url: str) -> list[str]:
    """The sitemaps of a robots.txt that Scrapy's `RobotsTxtMiddleware` parsed (``robots_parsed``).

    Scrapy's default parser wraps a Protego object (``.rp``); other parsers give none.
    """
    parsed = getattr(robot_parser, "rp", None)
    sitemaps = getattr(parsed, "sitemaps", None) if parsed is not None else None
    if sitemaps is None:
        return []
    found = [urljoin(base_url, url.strip()) for url in sitemaps]
    return [u for u in dict.fromkeys(found) if u.startswith(("http://", "https://"))]
