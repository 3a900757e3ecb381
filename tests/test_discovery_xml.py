"""Pure discovery readers: news sitemaps, indexes, gzip, RSS/Atom, robots.txt, and hostile XML."""

from __future__ import annotations

import gzip
import io
from datetime import datetime, timezone

import pytest
from parsel import Selector

from newscrawl.dates import parse_date, parse_duration, parse_since
from newscrawl.discovery.feeds import feed_links, iter_feed
from newscrawl.discovery.robots import robots_sitemaps
from newscrawl.discovery.sitemaps import iter_sitemap
from newscrawl.discovery.xmlsafe import MalformedXMLError, UnsafeXMLError, iter_elements

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example/politics/2024/07/02/budget-vote-delayed-after-late-amendment</loc>
    <lastmod>2024-07-02T18:05:00+01:00</lastmod>
    <image:image><image:loc>https://cdn.news.example/budget.jpg</image:loc></image:image>
    <news:news>
      <news:publication><news:name>News Example</news:name>
        <news:language>en</news:language></news:publication>
      <news:publication_date>2024-07-02T09:30:00+01:00</news:publication_date>
      <news:title>Budget vote delayed after late amendment &amp; protests</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example/sport/2024/07/01/cup-final-report-in-full</loc></url>
</urlset>
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-news.xml</loc><lastmod>2024-07-02</lastmod></sitemap>
  <sitemap><loc>https://news.example/archive/2024-06.xml.gz</loc></sitemap>
</sitemapindex>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/&lol9;</loc></url></urlset>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><link>https://x.example/a/2024/07/01/x-y-z-w</link></item>
</channel></rss>
"""


def test_news_sitemap_keeps_news_children_and_lastmod() -> None:
    entries = list(iter_sitemap(NEWS_SITEMAP))
    assert [e.loc for e in entries] == [
        "https://news.example/politics/2024/07/02/budget-vote-delayed-after-late-amendment",
        "https://news.example/sport/2024/07/01/cup-final-report-in-full",
    ]
    first = entries[0]
    assert first.title == "Budget vote delayed after late amendment & protests"
    assert first.publication_date == datetime(2024, 7, 2, 8, 30, tzinfo=timezone.utc)
    assert first.lastmod == datetime(2024, 7, 2, 17, 5, tzinfo=timezone.utc)
    assert first.changed_at == first.lastmod
    assert not first.is_sitemap
    assert entries[1].lastmod is None and entries[1].changed_at is None


def test_sitemap_index_entries_are_sitemaps() -> None:
    entries = list(iter_sitemap(INDEX))
    assert [e.is_sitemap for e in entries] == [True, True]
    assert entries[1].loc.endswith(".xml.gz")
    assert entries[0].lastmod == datetime(2024, 7, 2, tzinfo=timezone.utc)


def test_gzipped_sitemap_reads_like_the_plain_one() -> None:
    assert list(iter_sitemap(gzip.compress(NEWS_SITEMAP))) == list(iter_sitemap(NEWS_SITEMAP))


def test_truncated_gzip_is_malformed_not_a_crash() -> None:
    with pytest.raises(MalformedXMLError):
        list(iter_sitemap(gzip.compress(NEWS_SITEMAP)[:60]))


def test_rss_items_with_relative_links_and_rfc822_dates() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>One</title><link>/world/2024/07/01/one-two-three-four</link>
      <pubDate>Mon, 01 Jul 2024 10:00:00 +0200</pubDate></item>
    <item><title>Guid only</title><guid>https://news.example/a/2024/07/02/guid-link-story</guid></item>
    <item><title>No link</title><guid isPermaLink="false">abc</guid></item>
    </channel></rss>"""
    entries = list(iter_feed(feed, "https://news.example/rss"))
    assert [e.link for e in entries] == [
        "https://news.example/world/2024/07/01/one-two-three-four",
        "https://news.example/a/2024/07/02/guid-link-story",
    ]
    assert entries[0].published == datetime(2024, 7, 1, 8, 0, tzinfo=timezone.utc)


def test_atom_entries_use_the_alternate_link_and_updated() -> None:
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>A</title><link rel="edit" href="https://news.example/edit/1"/>
      <link rel="alternate" href="https://news.example/x/2024/07/01/atom-story-one"/>
      <published>2024-07-01T00:00:00Z</published><updated>2024-07-03T12:00:00Z</updated></entry>
    </feed>"""
    (entry,) = iter_feed(feed)
    assert entry.link == "https://news.example/x/2024/07/01/atom-story-one"
    assert entry.changed_at == datetime(2024, 7, 3, 12, tzinfo=timezone.utc)


def test_feed_links_from_html_alternate_links() -> None:
    html = """<html><head>
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="https://news.example/atom">
      <link rel="alternate" hreflang="de" href="/de/">
      <link rel="stylesheet" type="text/css" href="/x.css">
    </head><body></body></html>"""
    links = feed_links(Selector(text=html), "https://news.example/section/")
    assert links == ["https://news.example/rss.xml", "https://news.example/atom"]


def test_robots_sitemap_lines() -> None:
    text = "User-agent: *\nDisallow: /search\nSitemap: https://n.example/a.xml\nsitemap:/b.xml\nSitemap: ftp://x/y\n"
    assert robots_sitemaps(text, "https://n.example/robots.txt") == [
        "https://n.example/a.xml",
        "https://n.example/b.xml",
    ]


def test_billion_laughs_is_refused_without_expansion() -> None:
    with pytest.raises(UnsafeXMLError) as info:
        list(iter_sitemap(BILLION_LAUGHS))
    assert info.value.reason == "entities"


def test_entity_declarations_hidden_behind_a_long_prolog_are_refused() -> None:
    padded = b'<?xml version="1.0"?>\n' + b"<!-- padding -->\n" * 400 + BILLION_LAUGHS.split(b"?>", 1)[1]
    with pytest.raises(UnsafeXMLError):
        list(iter_sitemap(padded))


def test_external_entity_is_refused() -> None:
    with pytest.raises(UnsafeXMLError) as info:
        list(iter_feed(XXE))
    assert info.value.reason == "entities"


def test_external_dtd_is_never_loaded() -> None:
    doc = (
        b'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "http://127.0.0.1:9/evil.dtd">'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://n.example/a/2024/01/01/safe-entry-here</loc></url></urlset>"
    )
    # Parsed without fetching the DTD (port 9 would refuse; no_network forbids trying).
    assert [e.loc for e in iter_sitemap(doc)] == ["https://n.example/a/2024/01/01/safe-entry-here"]


def test_malformed_xml_yields_entries_before_the_error_then_raises() -> None:
    broken = NEWS_SITEMAP.replace(b"</urlset>", b"<url><loc>https://news.example/x</url>")
    entries = []
    with pytest.raises(MalformedXMLError):
        entries.extend(iter_sitemap(broken))
    assert len(entries) == 2


def _urlset(*middle: bytes, entries: int = 3) -> tuple[bytes, bytes]:
    """A urlset's head (with ``entries`` good entries) and its good tail, for breaking in between."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    good = b"".join(
        b"<url><loc>https://n.example/news/2024/07/0%d/story-%d</loc></url>\n" % (i + 1, i)
        for i in range(entries)
    )
    return head + good + b"".join(middle), good + b"</urlset>"


def _entries_before_error(body: bytes, reader: str = "sitemap") -> list[str]:
    entries: list[str] = []
    with pytest.raises(MalformedXMLError):
        if reader == "sitemap":
            entries.extend(e.loc for e in iter_sitemap(body))
        else:
            entries.extend(e.link for e in iter_feed(body))
    return entries


GOOD_LOCS = [f"https://n.example/news/2024/07/0{i + 1}/story-{i}" for i in range(3)]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"<url><loc>https://n.example/cut-off", id="truncated-in-a-loc"),
        pytest.param(b"<url><loc>https://n.example/cut-off</loc></u", id="truncated-in-an-end-tag"),
        pytest.param(b"<url><loc>https://n.example/unclosed</url>", id="unclosed-tag"),
        pytest.param(b"<url><loc>https://n.example/\xed\xa0\x80-bad</loc></url>", id="invalid-utf8"),
        pytest.param(b"<url><loc>https://n.example/\xc3</loc></url>", id="cut-utf8-sequence"),
        pytest.param(b"<url><loc>https://n.example/\x01-control</loc></url>", id="control-byte"),
        pytest.param(b"<url><loc>https://n.example/a?x=1&y=2</loc></url>", id="bare-ampersand"),
    ],
)
def test_malformed_sitemap_keeps_every_entry_before_the_damage(damage: bytes) -> None:
    before, after = _urlset(damage)
    truncated = damage.startswith(b"<url><loc>https://n.example/cut-off")
    body = before if truncated else before + after
    assert _entries_before_error(body) == GOOD_LOCS


@pytest.mark.parametrize("entries", [1, 2_000])
def test_malformed_sitemap_keeps_entries_across_read_chunks(entries: int) -> None:
    # 2,000 entries span several 64 KiB reads: the error comes in a later chunk than most entries.
    before, _after = _urlset(b"<url><loc>https://n.example/broken</url>", entries=entries)
    locs = _entries_before_error(before + b"</urlset>")
    assert len(locs) == entries
    assert locs[-1].endswith(f"story-{entries - 1}")


def test_truncated_gzip_sitemap_keeps_the_entries_it_delivered() -> None:
    before, after = _urlset(entries=2_000)
    whole = gzip.compress(before + after)
    locs = _entries_before_error(whole[: len(whole) * 2 // 3])
    assert 100 < len(locs) < 2_000
    assert locs == [f"https://n.example/news/2024/07/0{i + 1}/story-{i}" for i in range(len(locs))]


def test_malformed_feed_keeps_items_before_the_damage() -> None:
    items = b"".join(
        b"<item><title>T%d</title><link>https://n.example/news/story-%d</link></item>" % (i, i)
        for i in range(3)
    )
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
        + items
        + b"<item><title>Broken \xff</title><link>https://n.example/x</link></item>"
        + items
        + b"</channel></rss>"
    )
    assert _entries_before_error(body, "feed") == [f"https://n.example/news/story-{i}" for i in range(3)]


def test_not_xml_at_all_is_malformed() -> None:
    with pytest.raises(MalformedXMLError):
        list(iter_feed(b"<html><body>Not found</p></body>"))


class _LazySitemap(io.RawIOBase):
    """A sitemap of ``count`` URLs produced on demand, never held in memory as a whole."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.next = 0
        self.bytes_read = 0
        self.buffer = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        self.total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = size if size and size > 0 else 65536
        while len(self.buffer) < size and self.next <= self.count:
            if self.next == self.count:
                self.buffer += b"</urlset>"
            else:
                self.buffer += (
                    f"<url><loc>https://big.example/news/2024/07/01/story-number-{self.next}-of-the-day</loc>"
                    "<lastmod>2024-07-01T10:00:00Z</lastmod></url>"
                ).encode()
            self.next += 1
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        self.bytes_read += len(out)
        return out


def test_sitemap_with_100000_urls_streams_in_bounded_memory() -> None:
    source = _LazySitemap(100_000)
    entries = iter_sitemap(source)
    first = next(entries)
    read_at_first = source.bytes_read
    count = 1 + sum(1 for _ in entries)
    assert first.loc.endswith("story-number-0-of-the-day")
    assert count == 100_000
    assert source.bytes_read > 10_000_000
    # The first entry comes after reading a small part of the document, not all of it.
    assert read_at_first < source.bytes_read / 50


def test_the_parsed_tree_does_not_grow_while_streaming() -> None:
    largest = 0
    for element in iter_elements(_LazySitemap(20_000), frozenset({"url"})):
        root = element.getparent()
        largest = max(largest, len(root), len(element.getroottree().getroot()))
    # Entries already yielded are cleared and removed: the root holds only what the current read chunk
    # (64 KiB, about 500 entries) brought in, never the 20,000 of the document.
    assert 0 < largest < 1_000


def test_entry_count_is_bounded() -> None:
    with pytest.raises(UnsafeXMLError) as info:
        list(iter_sitemap(_LazySitemap(50), max_entries=10))
    assert info.value.reason == "too_many"


def test_since_and_durations() -> None:
    now = datetime(2024, 7, 10, 12, tzinfo=timezone.utc)
    assert parse_since("2d", now) == datetime(2024, 7, 8, 12, tzinfo=timezone.utc)
    assert parse_since("6h", now) == datetime(2024, 7, 10, 6, tzinfo=timezone.utc)
    assert parse_since("2024-07-01", now) == datetime(2024, 7, 1, tzinfo=timezone.utc)
    assert parse_duration("15m") == 900
    with pytest.raises(ValueError):
        parse_since("last tuesday", now)
    assert parse_date("not a date") is None


def test_gzip_bomb_is_refused_once_the_size_limit_is_passed() -> None:
    padding = b"<!-- " + b"x" * 4_000_000 + b" -->"
    bomb = gzip.compress(NEWS_SITEMAP.replace(b"</urlset>", padding + b"</urlset>"))
    assert len(bomb) < 50_000
    with pytest.raises(UnsafeXMLError) as info:
        list(iter_elements(bomb, frozenset({"url"}), max_bytes=1_000_000))
    assert info.value.reason == "too_large"


RSS_WITH_NBSP = b"""
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Courier&nbsp;News</title>
<item><title>Budget&nbsp;vote &eacute;lys&eacute;e &amp; more &hellip;</title>
<link>https://n.example/news/2024/07/02/budget-vote-delayed</link></item>
<item><title>Second</title><link>https://n.example/news/2024/07/02/second-story-of-the-day</link></item>
</channel></rss>"""


def test_feed_with_a_blank_line_before_the_declaration_and_html_entities_is_read() -> None:
    entries = list(iter_feed(RSS_WITH_NBSP))
    assert [e.link for e in entries] == [
        "https://n.example/news/2024/07/02/budget-vote-delayed",
        "https://n.example/news/2024/07/02/second-story-of-the-day",
    ]
    assert entries[0].title == "Budget\u00a0vote élysée & more …"


def test_html_entities_cut_by_a_read_chunk_are_still_repaired() -> None:
    item = (
        b"<item><title>A&nbsp;B</title><link>https://n.example/news/2024/07/02/story-number-%d</link></item>"
    )
    body = (
        b'<?xml version="1.0"?><rss><channel>' + b"".join(item % n for n in range(3000)) + b"</channel></rss>"
    )
    entries = list(iter_feed(body))
    assert len(entries) == 3000
    assert {e.title for e in entries} == {"A\u00a0B"}


def test_an_unknown_entity_is_still_malformed_and_a_declared_one_still_refused() -> None:
    with pytest.raises(MalformedXMLError):
        list(
            iter_feed(
                b'<?xml version="1.0"?><rss><channel><item><title>&bogus;</title></item></channel></rss>'
            )
        )
    with pytest.raises(UnsafeXMLError):
        list(iter_feed(b'\n<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss/>'))
