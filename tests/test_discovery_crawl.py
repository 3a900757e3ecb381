"""Each discovery route, crawled against the generated news site on 127.0.0.1.

Every route must find the articles it should and nothing else: no tag pages, no off-site links,
no second copy through tracking parameters or fragments, nothing robots.txt disallows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, CrawlResult, crawl_site
from tests.mockserver import Response
from tests.newssite import OFFSITE, SECTIONS, SiteServer, serve

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with serve() as running:
        running.routes["/hostile/bomb.xml"] = Response(_BOMB, content_type="application/xml")
        running.routes["/hostile/xxe.xml"] = Response(_xxe(running.base), content_type="application/xml")
        running.routes["/hostile/broken.xml"] = Response(_BROKEN, content_type="application/xml")
        running.routes["/hostile/feed.xml"] = Response(_FEED_BOMB, content_type="application/rss+xml")
        yield running


_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/world/2024/01/01/&d;</loc></url></urlset>
"""
_FEED_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><item><title>&b;</title><link>/world/2024/01/01/bomb-item-in-feed</link></item>
</channel></rss>
"""
_BROKEN = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/world/2024/01/01/this-never-closes-properly</loc></urlx>"""


def _xxe(base: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "{base}/xxe-target">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>&x;</loc></url></urlset>"
    ).encode()


def _paths(result: CrawlResult, server: SiteServer) -> list[str]:
    return [item["url"].removeprefix(server.base) for item in result.items]


def _assert_clean(result: CrawlResult, server: SiteServer) -> None:
    """Exactly-once, canonical, on-site articles; no tag, author or disallowed page was fetched."""
    assert result.returncode == 0, result.log[-3000:]
    urls = [item["url"] for item in result.items]
    assert len(urls) == len(set(urls))
    assert all(u.startswith(server.base) and "?" not in u and "#" not in u for u in urls)
    assert all(item["canonicalUrl"] == item["url"] for item in result.items)
    fetched = server.paths_requested()
    assert not [p for p in fetched if p.startswith(("/tag/", "/author/", "/private/"))]
    # Each article was downloaded once, whatever number of links and tracking variants led to it.
    articles = server.article_requests()
    assert len(articles) == len(set(articles))


def test_sitemap_index_route_finds_every_article_and_only_articles(
    server: SiteServer, tmp_path: Path
) -> None:
    server.clear_log()
    result = crawl_site(tmp_path, "-a", f"sitemap={server.base}/sitemap_index.xml")
    _assert_clean(result, server)
    assert sorted(_paths(result, server)) == sorted(server.site.article_paths())
    # The gzipped archive sitemap lists a tag page and an off-site page: neither is fetched.
    assert result.stats["newscrawl/discovery/sitemaps"] == 3
    assert result.stats["newscrawl/discovery/denied/tag"] == 1
    assert result.stats["newscrawl/discovery/offsite"] == 1
    fetched = set(server.paths_requested())
    assert fetched - server.site.article_paths() == {
        "/robots.txt",
        "/sitemap_index.xml",
        "/sitemaps/news.xml",
        "/sitemaps/archive.xml.gz",
    }
    news_titles = {item["headline"] for item in result.items}
    assert {a.headline for a in server.site.articles} == news_titles


def test_rss_feed_route_finds_the_feed_items_once_despite_tracking_parameters(
    server: SiteServer, tmp_path: Path
) -> None:
    server.clear_log()
    result = crawl_site(tmp_path, "-a", f"feed={server.base}/rss.xml")
    _assert_clean(result, server)
    assert sorted(_paths(result, server)) == sorted(a.path for a in server.site.latest(15))


def test_section_page_route_follows_article_links_only(server: SiteServer, tmp_path: Path) -> None:
    server.clear_log()
    result = crawl_site(tmp_path, "-a", f"url={server.base}/world/", "-a", "depth=0", "-a", "robots=0")
    _assert_clean(result, server)
    world = sorted(a.path for a in server.site.articles if a.section == "world")
    assert sorted(_paths(result, server)) == world
    assert set(server.paths_requested()) - set(world) == {"/robots.txt", "/world/"}
    assert OFFSITE not in {item["url"] for item in result.items}


def test_any_site_url_discovers_robots_sitemaps_feeds_and_sections(
    server: SiteServer, tmp_path: Path
) -> None:
    server.clear_log()
    result = crawl_site(tmp_path, "-a", f"url={server.base}/")
    _assert_clean(result, server)
    assert sorted(_paths(result, server)) == sorted(server.site.article_paths())
    fetched = set(server.paths_requested())
    # robots.txt gave the sitemap index; the home page announced the RSS feed, the sport section
    # its Atom feed; sections were read one level deep; utility pages were not.
    assert {"/sitemap_index.xml", "/sitemaps/archive.xml.gz", "/rss.xml", "/sport/atom.xml"} <= fetched
    assert {f"/{s}/" for s in SECTIONS} <= fetched
    assert "/about/" not in fetched
    assert result.stats["robotstxt/forbidden"] == 1  # the /private/ link, disallowed by robots.txt
    assert result.stats["newscrawl/incremental/new"] == len(server.site.articles)


def test_since_skips_older_sitemap_entries_without_fetching_them(server: SiteServer, tmp_path: Path) -> None:
    server.clear_log()
    since = datetime(2024, 7, 1, tzinfo=timezone.utc)
    result = crawl_site(tmp_path, "-a", f"sitemap={server.base}/sitemap_index.xml", "-a", "since=2024-07-01")
    _assert_clean(result, server)
    recent = sorted(a.path for a in server.site.articles if a.modified >= since)
    assert 5 < len(recent) < len(server.site.articles) - 5
    assert sorted(_paths(result, server)) == recent
    assert sorted(server.article_requests()) == recent
    assert result.stats["newscrawl/discovery/too_old"] == len(server.site.articles) - len(recent)


def test_hostile_sitemaps_are_refused_with_a_stat_and_the_good_ones_still_crawled(
    server: SiteServer, tmp_path: Path
) -> None:
    server.clear_log()
    hostile = ",".join(f"{server.base}/hostile/{n}.xml" for n in ("bomb", "xxe", "broken"))
    result = crawl_site(
        tmp_path,
        "-a",
        f"sitemap={hostile},{server.base}/sitemap_index.xml",
        "-a",
        f"feed={server.base}/hostile/feed.xml",
    )
    _assert_clean(result, server)
    assert sorted(_paths(result, server)) == sorted(server.site.article_paths())
    assert result.stats["newscrawl/discovery/xml_refused/entities"] == 3
    assert result.stats["newscrawl/discovery/xml_malformed"] == 1
    assert result.log.count("Refused sitemap") == 2
    assert result.log.count("Refused feed") == 1
    assert result.log.count("Malformed sitemap") == 1
    # The external entity was never resolved: its target URL was never requested.
    assert "/xxe-target" not in server.paths_requested()


def test_site_profile_sources_are_read_from_the_profile(tmp_path: Path) -> None:
    result = crawl_site(tmp_path, "-a", "site=northbridge", settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)})
    assert result.returncode == 0, result.log[-3000:]
    # The profile's news sitemap (also listed in robots.txt: read once) and its RSS feed.
    assert result.stats["newscrawl/discovery/sitemaps"] == 1
    assert result.stats["newscrawl/discovery/feeds"] == 1
    assert "newscrawl/replay/missing" not in result.stats
    assert len(result.items) == 6
    assert not [i for i in result.items if "?" in i["url"]]
