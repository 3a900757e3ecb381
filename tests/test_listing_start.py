"""A start page whose URL looks like an article's but which is a listing is read as a listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.newssite_support import crawl_site, serve

pytestmark = pytest.mark.crawl

LISTING_PATH = "/bench/articles-50000.html"


def _listing_page(paths: list[str]) -> bytes:
    links = "\n".join(f'<li><a href="{p}?utm_source=list">Story {i}</a></li>' for i, p in enumerate(paths))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>All articles</title></head>'
        f"<body><h1>All articles</h1><ul>{links}</ul></body></html>"
    ).encode()


def test_article_like_start_url_that_is_a_listing_is_followed(tmp_path: Path) -> None:
    with serve() as server:
        paths = [a.path for a in server.site.articles if a.section == "world"]
        server.extra[LISTING_PATH] = ("text/html; charset=utf-8", _listing_page(paths))
        result = crawl_site(
            tmp_path, "-a", f"url={server.base}{LISTING_PATH}", "-a", "depth=0", "-a", "robots=0"
        )
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(item["url"].removeprefix(server.base) for item in result.items) == sorted(paths)
    assert result.stats.get("newscrawl/pages/listing") == 1
    assert "newscrawl/pages/not_article" not in result.stats
