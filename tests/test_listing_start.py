"""A start page whose URL looks like an article's but which is a listing is read as a listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import crawl_site
from tests.mockserver import Response
from tests.newssite import serve
from tests.pagebuilder import listing_page

pytestmark = pytest.mark.crawl

LISTING_PATH = "/bench/articles-50000.html"


def _listing_page(paths: list[str]) -> bytes:
    return listing_page([(f"{p}?utm_source=list", f"Story {i}") for i, p in enumerate(paths)]).encode()


def test_article_like_start_url_that_is_a_listing_is_followed(tmp_path: Path) -> None:
    with serve() as server:
        paths = [a.path for a in server.site.articles if a.section == "world"]
        server.routes[LISTING_PATH] = Response(_listing_page(paths))
        result = crawl_site(
            tmp_path, "-a", f"url={server.base}{LISTING_PATH}", "-a", "depth=0", "-a", "robots=0"
        )
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(item["url"].removeprefix(server.base) for item in result.items) == sorted(paths)
    assert result.stats.get("newscrawl/pages/listing") == 1
    assert "newscrawl/pages/not_article" not in result.stats
