"""Bodies that lie about themselves, loops and too-deep sitemaps (issue #17, items 6, 7 and 9).

One crawl of a small site whose pages each misbehave in one way, checked one test per case: a UTF-8
page with one invalid sequence, a gzip body cut after two of five paragraphs, bodies whose
``Content-Encoding`` names another format than the one sent, a meta-refresh loop, sitemap indexes
nested five deep, a page with a NUL byte in its first kilobyte. Each is either read right or
accounted for with one line and a stat — never a traceback, never a silent half-article.
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass, replace
from typing import Any

import brotli
import pytest

from newscrawl.responses.charset import choose_encoding, decode_html, invalid_utf8
from newscrawl.responses.decompression import (
    CorruptStreamError,
    DecompressionError,
    TruncatedStreamError,
    decompress,
    sniff_encoding,
)
from tests import pagebuilder as pb
from tests.faultsite import Story, article_html, english_story, home_html, meta_refresh_html
from tests.helpers import CrawlResult, run_crawl
from tests.mockserver import MockServer, Response

try:
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:
    from backports import zstd

P = "/news/2026/11/20/"
INVALID_UTF8 = P + "invalid-utf8-story-about-zurich-and-sao-paulo-trams"
TRUNCATED = P + "truncated-gzip-story-about-the-harbour-crane-works"
BR_IS_GZIP = P + "brotli-label-gzip-body-story-about-the-ferry-fares"
ZSTD_IS_GZIP = P + "zstd-label-gzip-body-story-about-the-night-market"
GZIP_IS_PLAIN = P + "gzip-label-plain-body-story-about-the-tide-tables"
LOOP_ONE = P + "meta-refresh-loop-story-about-the-roundabout-one"
LOOP_TWO = P + "meta-refresh-loop-story-about-the-roundabout-two"
NUL_PAGE = P + "stray-nul-byte-story-about-the-lighthouse-keeper"
NUL_UNTYPED = P + "stray-nul-byte-untyped-story-about-the-lifeboat-crew"
DEEP_ARTICLE = P + "too-deep-sitemap-story-about-the-old-archive"
SITEMAPS = [f"/sitemaps/level-{n}.xml" for n in range(5)]  # level-0 (from robots.txt) ... level-4
XML = "application/xml"

INTERNATIONAL = Story(
    slug=INVALID_UTF8.rsplit("/", 1)[1],
    headline="Trams return to Zürich and São Paulo",
    paragraphs=[
        "Zürich and São Paulo reopened their old tram lines this week, the transport authorities of "
        "both cities said on Thursday, after long works on the tracks and the overhead wires.",
        "In Zürich the first tram left the Bahnhofstrasse depot at dawn; in São Paulo crowds waited at "
        "Praça da Sé for the inaugural ride, which was led by the mayor and a brass band.",
        "Engineers from Łódź and Plzeň who advised on the works said the müller-type bogies had been "
        "rebuilt by hand, and that the line would carry ten thousand passengers a day.",
    ],
)
FIVE_PARAGRAPHS = english_story(TRUNCATED.rsplit("/", 1)[1], "The harbour crane works")


def _article(path: str, headline: str) -> bytes:
    return article_html(english_story(path.rsplit("/", 1)[1], headline)).encode()


def _invalid_utf8_page() -> bytes:
    body = article_html(INTERNATIONAL).encode("utf-8")
    marker = b"the mayor and a brass band"
    return body.replace(marker, marker + b" \xed\xa0\x80")  # one invalid (surrogate) sequence


def _truncated_gzip() -> tuple[bytes, int]:
    """A gzip stream of the five-paragraph story, cut after its second paragraph; and the cut."""
    html = article_html(FIVE_PARAGRAPHS).encode()
    third = html.index(FIVE_PARAGRAPHS.paragraphs[2][:40].encode())
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = compressor.compress(html[:third]) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return head, third


def _encoded(body: bytes, content_encoding: str) -> Response:
    """An HTML answer whose Content-Encoding header says ``content_encoding``, true or not."""
    return Response(body, headers={"Content-Encoding": content_encoding})


def _nul_page(path: str = NUL_PAGE, headline: str = "The lighthouse keeper retires") -> bytes:
    body = _article(path, headline)
    return body.replace(b"<title>", b"\x00<title>", 1)


@dataclass
class Crawl:
    server: MockServer
    result: CrawlResult

    def item(self, path: str) -> dict[str, Any] | None:
        url = self.server.url(path)
        return next((item for item in self.result.items if item["url"] == url), None)

    def lines(self, pattern: str) -> list[str]:
        return [line for line in self.result.log.splitlines() if re.search(pattern, line)]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("responses")
    with MockServer() as server:
        cut, _ = _truncated_gzip()
        gzip_body = pb.gzipped(_article(BR_IS_GZIP, "Ferry fares go up"))
        server.routes.update(
            {
                "/robots.txt": Response(
                    pb.robots_txt(sitemaps=[server.url(SITEMAPS[0])]).encode(), content_type="text/plain"
                ),
                INVALID_UTF8: Response(_invalid_utf8_page()),
                TRUNCATED: _encoded(cut, "gzip"),
                BR_IS_GZIP: _encoded(gzip_body, "br"),
                ZSTD_IS_GZIP: _encoded(pb.gzipped(_article(ZSTD_IS_GZIP, "The night market")), "zstd"),
                GZIP_IS_PLAIN: _encoded(_article(GZIP_IS_PLAIN, "Tide tables for the winter"), "gzip"),
                LOOP_ONE: Response(meta_refresh_html(server.url(LOOP_TWO))),
                LOOP_TWO: Response(meta_refresh_html(server.url(LOOP_ONE))),
                NUL_PAGE: Response(_nul_page()),
                # No Content-Type at all: what the page is must come from its bytes.
                NUL_UNTYPED: Response(_nul_page(NUL_UNTYPED, "The lifeboat crew"), content_type=None),
                DEEP_ARTICLE: Response(_article(DEEP_ARTICLE, "The old archive")),
            }
        )
        for level, path in enumerate(SITEMAPS[:-1]):
            index = pb.sitemap_index([(server.url(SITEMAPS[level + 1]), "")])
            server.routes[path] = Response(index.encode(), content_type=XML)
        deepest = pb.urlset([pb.SitemapEntry(server.url(DEEP_ARTICLE), "2026-11-20")])
        server.routes[SITEMAPS[-1]] = Response(deepest.encode(), content_type=XML)
        links = [(path, "Story") for path in (INVALID_UTF8, TRUNCATED, BR_IS_GZIP, ZSTD_IS_GZIP)]
        links += [(path, "Story") for path in (GZIP_IS_PLAIN, LOOP_ONE, NUL_PAGE, NUL_UNTYPED)]
        server.routes["/"] = Response(home_html(links).encode())
        result = run_crawl(
            tmp,
            "-a",
            f"url={server.url('/')}",
            settings={
                "AUTOTHROTTLE_ENABLED": "False",
                "DOWNLOAD_DELAY": "0",
                "RETRY_TIMES": "1",
                "NEWSCRAWL_RETRY_BACKOFF_BASE": "0.1",
            },
            timeout=120,
        )
        yield Crawl(server, result)


@pytest.mark.crawl
def test_no_traceback_and_exit_0(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.log[-3000:]
    assert "Traceback" not in crawl.result.log, crawl.result.log[crawl.result.log.find("Traceback") - 500 :][
        :3000
    ]


# --- item 6: one invalid UTF-8 sequence -------------------------------------------------------------


def test_declared_utf8_with_a_few_bad_bytes_stays_utf8() -> None:
    body = _invalid_utf8_page()
    assert choose_encoding(body, http_charset="utf-8") == "utf-8"
    assert invalid_utf8(body) == 3
    text = decode_html(body, http_charset="utf-8")
    assert "Zürich" in text and "São Paulo" in text and "Łódź" in text
    # A page in windows-1252 that only says it is UTF-8 is still read as windows-1252.
    latin = article_html(replace(INTERNATIONAL, paragraphs=["Café, crème brûlée, déjà vu à côté."] * 3))
    assert choose_encoding(latin.encode("cp1252"), http_charset="utf-8") == "cp1252"


@pytest.mark.crawl
def test_an_invalid_utf8_sequence_does_not_garble_the_page(crawl: Crawl) -> None:
    item = crawl.item(INVALID_UTF8)
    assert item is not None, crawl.result.log[-3000:]
    assert item["headline"] == INTERNATIONAL.headline
    assert "Zürich" in item["articleBody"] and "São Paulo" in item["articleBody"]
    assert "ZĂĽrich" not in item["articleBody"]
    assert crawl.result.stats["newscrawl/charset/invalid_utf8"] == 1
    assert len(crawl.lines(r"as UTF-8 with 3 invalid byte\(s\) replaced")) == 1


# --- item 7: a truncated gzip body ----------------------------------------------------------------


def test_a_cut_stream_is_truncated_not_shorter() -> None:
    cut, _ = _truncated_gzip()
    with pytest.raises(TruncatedStreamError):
        decompress(cut, "gzip")
    whole = gzip.compress(b"<p>x</p>" * 100)
    assert decompress(whole, "gzip") == b"<p>x</p>" * 100
    for encoding, compressed in (("br", brotli.compress(b"y" * 5000)), ("zstd", zstd.compress(b"y" * 5000))):
        with pytest.raises(TruncatedStreamError):
            decompress(compressed[: len(compressed) // 2], encoding)


@pytest.mark.crawl
def test_a_truncated_gzip_body_is_a_failed_download_not_an_article(crawl: Crawl) -> None:
    url = crawl.server.url(TRUNCATED)
    assert crawl.item(TRUNCATED) is None
    assert crawl.server.hit_count(TRUNCATED) == 2  # tried, retried once (RETRY_TIMES=1), given up
    assert crawl.result.stats["newscrawl/retried/truncated"] == 1
    assert crawl.result.stats["newscrawl/failed/truncated"] == 1
    assert len(crawl.lines(rf"Retrying {re.escape(url)}: truncated")) == 1
    assert len(crawl.lines(rf"Failed {re.escape(url)}: truncated")) == 1


# --- item 9: wrong Content-Encoding -----------------------------------------------------------------


def test_what_a_body_really_is() -> None:
    assert sniff_encoding(gzip.compress(b"x")) == "gzip"
    assert sniff_encoding(zstd.compress(b"x")) == "zstd"
    assert sniff_encoding(b"\n <!DOCTYPE html><html>") == "identity"
    assert sniff_encoding(brotli.compress(b"<html>" * 50)) is None
    with pytest.raises(CorruptStreamError):
        decompress(gzip.compress(b"x" * 100), "zstd")
    with pytest.raises(DecompressionError):  # to brotli (no signature) gzip bytes look corrupt or cut
        decompress(gzip.compress(b"x"), "br")


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("path", "declared", "actual"),
    [(BR_IS_GZIP, "br", "gzip"), (ZSTD_IS_GZIP, "zstd", "gzip"), (GZIP_IS_PLAIN, "gzip", "identity")],
)
def test_a_body_that_is_not_what_its_content_encoding_says_is_read_as_what_it_is(
    crawl: Crawl, path: str, declared: str, actual: str
) -> None:
    assert crawl.item(path) is not None, crawl.result.log[-3000:]
    url = re.escape(crawl.server.url(path))
    assert len(crawl.lines(rf"Content-Encoding of {url} says {declared} but the body is {actual}")) == 1
    assert crawl.result.stats["newscrawl/encoding/mislabelled"] == 3


# --- item 9: meta-refresh loop ---------------------------------------------------------------------


@pytest.mark.crawl
def test_a_meta_refresh_loop_stops_at_the_first_repeat(crawl: Crawl) -> None:
    assert crawl.server.hit_count(LOOP_ONE) == 1
    assert crawl.server.hit_count(LOOP_TWO) == 1
    assert crawl.result.stats["newscrawl/refused/redirect_loop"] == 1
    [line] = crawl.lines(r"Refused .*: redirect_loop")
    assert crawl.server.url(LOOP_ONE) in line


# --- item 9: sitemap indexes nested too deep ------------------------------------------------------


@pytest.mark.crawl
def test_sitemap_indexes_nested_too_deep_are_counted_and_logged(crawl: Crawl) -> None:
    assert [crawl.server.hit_count(path) for path in SITEMAPS] == [1, 1, 1, 1, 0]
    assert crawl.result.stats["newscrawl/discovery/sitemap_too_deep"] == 1
    [line] = crawl.lines(r"WARNING: .*nested")
    assert crawl.server.url(SITEMAPS[3]) in line and crawl.server.url(SITEMAPS[4]) in line
    assert crawl.item(DEEP_ARTICLE) is None


# --- item 9: a NUL byte in the first kilobyte of an HTML page ------------------------------------


@pytest.mark.crawl
def test_an_html_page_with_a_stray_nul_byte_is_read(crawl: Crawl) -> None:
    item = crawl.item(NUL_PAGE)
    assert item is not None, crawl.lines(r"lighthouse")
    assert item["headline"] == "The lighthouse keeper retires"
    untyped = crawl.item(NUL_UNTYPED)
    assert untyped is not None and untyped["headline"] == "The lifeboat crew", crawl.lines(r"lifeboat")
    assert "newscrawl/skipped/binary" not in crawl.result.stats
    assert "newscrawl/skipped/not_text" not in crawl.result.stats
