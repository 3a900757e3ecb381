"""The crawl benchmark's generated site: realistic page sizes, consistent links, sitemaps and feed."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from parsel import Selector

from benchmarks.crawl import parse_stats
from benchmarks.profiles import summarise
from benchmarks.servers import ServeOptions, free_port, nginx_config, resolve_page, run_python_server
from benchmarks.sitegen import (
    COPY_PATH_MARKER,
    FEED_PATH,
    LISTING_PATH,
    MAX_PAGE_BYTES,
    MIN_PAGE_BYTES,
    SECTIONS,
    SITEMAP_INDEX_PATH,
    GeneratedSite,
    copy_path,
    generate_site,
    listing_path,
    memory_mode_paths,
)

BASE = "http://127.0.0.1:8123"
PAGES = 12
URLS = 30
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSite:
    return generate_site(tmp_path_factory.mktemp("site"), BASE, PAGES, listing_urls=URLS)


def read(site: GeneratedSite, url_or_path: str) -> bytes:
    path = url_or_path.removeprefix(site.base_url)
    target, _ = resolve_page(site.root, path)
    return target.read_bytes()


def test_article_pages_are_60_to_120_kb(site: GeneratedSite) -> None:
    assert len(site.sizes) == PAGES
    for spec, size in zip(site.articles, site.sizes, strict=True):
        assert MIN_PAGE_BYTES <= size <= MAX_PAGE_BYTES
        assert len(read(site, spec.path)) == size


def test_article_markup_is_a_full_news_page(site: GeneratedSite) -> None:
    for spec in site.articles:
        sel = Selector(text=read(site, spec.path).decode("utf-8"))
        assert sel.css("h1::text").get() == spec.headline
        assert sel.css("title::text").get().startswith(spec.headline)
        ld = json.loads(sel.css('script[type="application/ld+json"]::text').get())
        assert ld["@type"] == "NewsArticle" and ld["headline"] == spec.headline
        assert ld["datePublished"] == spec.published
        paragraphs = sel.css(".article-body > p")
        assert 6 <= len(paragraphs) <= 20
        assert len(sel.css("figure figcaption")) >= 2
        assert sel.css("nav a") and sel.css("footer a") and sel.css(".related a")
        assert sel.css("style") and sel.xpath("//script[contains(., 'window.__STATE__')]")


def test_sitemaps_list_every_article_once(site: GeneratedSite) -> None:
    index = ElementTree.fromstring(read(site, SITEMAP_INDEX_PATH))
    locs: list[str] = []
    for sitemap in index.iter(f"{SM}loc"):
        assert sitemap.text.startswith(BASE)
        urlset = ElementTree.fromstring(read(site, sitemap.text))
        assert urlset.tag == f"{SM}urlset"
        locs += [loc.text for loc in urlset.iter(f"{SM}loc")]
    assert sorted(locs) == sorted(site.article_urls())


def test_feed_and_section_fronts_link_existing_articles(site: GeneratedSite) -> None:
    articles = set(site.article_urls())
    feed = ElementTree.fromstring(read(site, FEED_PATH))
    links = [link.text for link in feed.iter("link")][1:]  # the first is the channel's own link
    assert links and set(links) <= articles
    for section in SECTIONS:
        hrefs = Selector(text=read(site, f"/{section}/").decode()).css("main a::attr(href)").getall()
        assert hrefs and set(hrefs) <= articles
    robots = read(site, "/robots.txt").decode()
    assert "Allow: /" in robots and f"Sitemap: {BASE}{SITEMAP_INDEX_PATH}" in robots


def test_listing_pages_link_exactly_the_benchmark_urls(site: GeneratedSite) -> None:
    listed = Selector(text=read(site, LISTING_PATH).decode()).css("a::attr(href)").getall()
    assert listed == site.article_urls()
    memory = Selector(text=read(site, listing_path(URLS)).decode()).css("a::attr(href)").getall()
    assert len(memory) == len(set(memory)) == URLS
    assert memory == [BASE + p for p in memory_mode_paths(site.articles, URLS)]
    for url in memory:  # every copy URL maps back to a stored article page
        target, _ = resolve_page(site.root, url.removeprefix(BASE))
        assert target.is_file()


def test_copy_paths_keep_the_slug_and_date() -> None:
    assert copy_path("/news/2026/11/24/slug-100001", 0) == "/news/2026/11/24/slug-100001"
    assert copy_path("/news/2026/11/24/slug-100001", 3) == "/news/2026/11/24/c3/slug-100001"


def test_nginx_config_binds_localhost_and_rewrites_copies(tmp_path: Path) -> None:
    conf = nginx_config(tmp_path / "site", 8123, tmp_path, ServeOptions(charset=False, gzip=True))
    assert "listen 127.0.0.1:8123;" in conf and "daemon off;" in conf
    assert f"sub_filter '{COPY_PATH_MARKER}' 'c$copy/';" in conf
    assert "gzip on;" in conf and "charset utf-8" not in conf


def fetch(url: str) -> tuple[str, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.headers["Content-Type"], response.headers.get("Content-Encoding") or "", body


@pytest.mark.crawl
def test_python_server_serves_copies_as_distinct_articles(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = generate_site(tmp_path / "site", base, 3, listing_urls=6)
    article = site.articles[1]
    with run_python_server(site.root, port, ServeOptions(charset=False, gzip=True), workers=1):
        ctype, encoding, original = fetch(base + article.path)
        _, _, copy = fetch(base + copy_path(article.path, 1))
    assert ctype == "text/html" and encoding == "gzip"
    canonical = re.compile(rb'<link rel="canonical" href="([^"]+)"')
    assert canonical.search(original)[1].decode() == base + article.path
    assert canonical.search(copy)[1].decode() == base + copy_path(article.path, 1)
    assert COPY_PATH_MARKER.encode() not in original + copy
    assert original != copy


def test_parse_stats_reads_the_final_dump() -> None:
    log = (
        "2026-11-27 09:54:08 [scrapy.statscollectors] INFO: Dumping Scrapy stats:\n"
        "{'downloader/response_count': 301,\n 'elapsed_time_seconds': 2.18,\n"
        " 'finish_time': datetime.datetime(2026, 11, 27, 9, 54, 8),\n 'item_scraped_count': 300}\n"
        "2026-11-27 09:54:08 [scrapy.core.engine] INFO: Spider closed (finished)\n"
    )
    stats = parse_stats(log)
    assert stats == {
        "downloader/response_count": 301,
        "elapsed_time_seconds": 2.18,
        "item_scraped_count": 300,
    }
    assert parse_stats("no dump here") == {}


def test_profile_summary_charges_the_innermost_known_frame() -> None:
    raw = "\n".join(
        [
            "run (twisted/internet/base.py:1);extract_raw (newscrawl/extract/__init__.py:2);"
            "document_fromstring (lxml/html/__init__.py:3) 7",
            "run (twisted/internet/base.py:1);extract_raw (newscrawl/extract/__init__.py:2) 2",
            "run (twisted/internet/base.py:1);clean_article (newscrawl/clean/__init__.py:5) 1",
            "worker (threading.py:1);Condition.wait (threading.py:327) 50",
        ]
    )
    counts, total = summarise(raw)
    assert total == 10  # the idle thread's samples are left out
    assert counts == {"lxml parse": 7, "newscrawl extract": 2, "newscrawl clean": 1}
