"""The streaming listing reader finds the same links as parsel's full tree, and keeps no tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from newscrawl.discovery.feeds import feed_links
from newscrawl.discovery.listing import CHUNK, listing_links
from tests.helpers import FIXTURES

BASE = "https://www.example.com/news/"
PAGES = sorted(FIXTURES.glob("*/*.html"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_links_equal_parsel_on_every_fixture(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    page = Selector(text=text)
    assert listing_links(text, BASE) == (feed_links(page, BASE), page.css("a::attr(href)").getall())


def test_a_long_listing_across_many_chunks_keeps_order_feeds_and_odd_markup() -> None:
    rows = "\n".join(
        f'<li><a href="/story/{i}?x=1&amp;y=2">Story {i}</a> <a name="anchor{i}">no href</a></li>'
        for i in range(3 * CHUNK // 60)
    )
    text = (
        '<html><head><link rel="Alternate stylesheet" href="/style.css">'
        '<link rel=" alternate  " type="application/rss+xml; charset=utf-8" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" href="/rss.xml"></head>'
        f"<body><!-- <a href='/commented'>x</a> --><ul>{rows}</ul><p><a href=''>empty</a></body></html>"
    )
    feeds, hrefs = listing_links(text, BASE)
    assert feeds == ["https://www.example.com/rss.xml"]
    assert hrefs[0] == "/story/0?x=1&y=2" and hrefs[-1] == ""
    assert len(hrefs) == 3 * CHUNK // 60 + 1 and "/commented" not in hrefs
    page = Selector(text=text)
    assert (feeds, hrefs) == (feed_links(page, BASE), page.css("a::attr(href)").getall())
