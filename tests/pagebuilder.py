"""The one page builder of the generated news sites, shared by the tests and the benchmarks.

Every site the tests crawl (``tests/faultsite.py``, ``tests/newssite.py``,
``tests/savefixture_support.py``) and the crawl benchmark's site (``benchmarks/sitegen.py``) write
their pages with these functions: HTML documents, article pages (metas, JSON-LD, byline, body),
section fronts and teasers, listing pages, sitemaps and sitemap indexes, RSS and Atom feeds,
robots.txt — and the bodies that are not pages at all (a PDF, a PNG, a gzip bomb) that hostile
sites serve. Sites own their content and their chrome (navigation, footer); the markup is here.

The output is compact (one line after the doctype) and is the benchmark's page format byte for byte,
so the benchmark's published numbers stay comparable. Text is HTML-escaped here; arguments named
``*_html`` are inserted as they are.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Any

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"


# --- HTML -----------------------------------------------------------------------------------------


def document(head_html: str, body_html: str, *, lang: str | None = "en-GB") -> str:
    """An HTML5 document: the doctype on its own line, then ``<html>`` with head and body."""
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    return f"<!DOCTYPE html>\n<html{lang_attr}><head>{head_html}</head><body>{body_html}</body></html>"


def head(
    title: str,
    *,
    charset: str | None = "utf-8",
    viewport: bool = False,
    meta_html: str = "",
    extra_html: str = "",
) -> str:
    """``<head>`` contents: ``<meta charset>`` (None: no declaration), viewport, title, then the rest."""
    parts = [f'<meta charset="{escape(charset)}">' if charset else ""]
    if viewport:
        parts.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    parts.append(f"<title>{escape(title)}</title>{meta_html}{extra_html}")
    return "".join(parts)


def article_meta(
    *,
    url: str = "",
    headline: str = "",
    description: str = "",
    image: str = "",
    site_name: str = "",
    published: str = "",
    modified: str = "",
    section: str = "",
) -> str:
    """An article's meta tags: description, canonical link, Open Graph, ``article:*`` (empty: left out)."""
    tags = []
    if description:
        tags.append(f'<meta name="description" content="{escape(description)}">')
    if url:
        tags.append(f'<link rel="canonical" href="{escape(url)}">')
    tags.append('<meta property="og:type" content="article">')
    named = [
        ("og:url", url),
        ("og:title", headline),
        ("og:image", image),
        ("og:site_name", site_name),
        ("article:published_time", published),
        ("article:modified_time", modified),
        ("article:section", section),
    ]
    tags += [f'<meta property="{name}" content="{escape(value)}">' for name, value in named if value]
    return "".join(tags)


def json_ld(data: Mapping[str, Any]) -> str:
    """A JSON-LD ``<script>``; non-ASCII stays as characters, so the page's encoding matters."""
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def news_article_ld(
    headline: str,
    *,
    url: str = "",
    description: str = "",
    published: str = "",
    modified: str = "",
    authors: Sequence[str] = (),
    author_url: str = "",
    image: str = "",
    section: str = "",
    keywords: Sequence[str] = (),
    publisher: str = "",
    publisher_type: str = "Organization",
    publisher_logo: str = "",
    lang: str = "",
) -> dict[str, Any]:
    """A schema.org ``NewsArticle`` object (fields left empty are left out)."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle"}
    if url:
        data["mainEntityOfPage"] = url
        data["url"] = url
    data["headline"] = headline
    optional: list[tuple[str, Any]] = [
        ("description", description),
        ("datePublished", published),
        ("dateModified", modified),
        (
            "author",
            [
                {"@type": "Person", "name": name, **({"url": author_url} if author_url else {})}
                for name in authors
            ],
        ),
        ("image", [image] if image else []),
        ("articleSection", section),
        ("keywords", list(keywords)),
    ]
    data.update((key, value) for key, value in optional if value)
    if publisher:
        data["publisher"] = {
            "@type": publisher_type,
            "name": publisher,
            **({"logo": publisher_logo} if publisher_logo else {}),
        }
    if lang:
        data["inLanguage"] = lang
    return data


def paragraphs(texts: Sequence[str]) -> str:
    """One ``<p>`` per text."""
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def byline(author: str, *, author_url: str = "", time_html: str = "", tag: str = "p") -> str:
    """``By <author>``, the name linked with ``rel="author"`` when it has a page, then a ``<time>``."""
    name = (
        f'<a rel="author" href="{escape(author_url)}">{escape(author)}</a>' if author_url else escape(author)
    )
    shown_time = f" · {time_html}" if time_html else ""
    return f'<{tag} class="byline">By {name}{shown_time}</{tag}>'


def time_tag(iso: str, shown: str = "") -> str:
    """``<time datetime="ISO">shown</time>``."""
    return f'<time datetime="{escape(iso)}">{escape(shown)}</time>'


def figure(
    src: str,
    caption: str,
    *,
    credit: str = "",
    alt: str | None = None,
    srcset: str = "",
    size: tuple[int, int] | None = None,
    lazy: bool = False,
    css_class: str = "",
) -> str:
    """A ``<figure>`` with its image and caption; the credit in a ``<span class="credit">``."""
    attrs = f' srcset="{escape(srcset)}"' if srcset else ""
    attrs += f' alt="{escape(caption if alt is None else alt)}"'
    if size:
        attrs += f' width="{size[0]}" height="{size[1]}"'
    if lazy:
        attrs += ' loading="lazy"'
    credit_html = f' <span class="credit">{escape(credit)}</span>' if credit else ""
    cls = f' class="{css_class}"' if css_class else ""
    return (
        f'<figure{cls}><img src="{escape(src)}"{attrs}><figcaption>{escape(caption)}{credit_html}'
        "</figcaption></figure>"
    )


def article_page(
    headline: str,
    *,
    site_name: str,
    body_html: str,
    url: str = "",
    lang: str = "en-GB",
    charset: str | None = "utf-8",
    description: str = "",
    standfirst: bool = False,
    byline_html: str = "",
    meta_html: str | None = None,
    ld: Mapping[str, Any] | None = None,
    head_extra_html: str = "",
    header_html: str = "",
    footer_html: str = "",
    article_class: str = "",
    body_class: str = "",
    after_body_html: str = "",
    after_article_html: str = "",
) -> str:
    """An article page: metas and JSON-LD in the head, ``<article>`` with h1, standfirst, byline, body.

    ``body_class`` wraps the body in a ``<div>`` of that class; ``url`` is the canonical URL;
    ``meta_html`` replaces the default meta tags (`article_meta` of the URL, headline, description).
    """
    meta = (
        article_meta(url=url, headline=headline, description=description) if meta_html is None else meta_html
    )
    extra = (json_ld(ld) if ld is not None else "") + head_extra_html
    head_html = head(f"{headline} | {site_name}", charset=charset, meta_html=meta, extra_html=extra)
    body = f'<div class="{body_class}">{body_html}</div>' if body_class else body_html
    cls = f' class="{article_class}"' if article_class else ""
    summary = f'<p class="standfirst">{escape(description)}</p>' if standfirst and description else ""
    article = (
        f"<article{cls}><h1>{escape(headline)}</h1>{summary}{byline_html}{body}{after_body_html}</article>"
    )
    return document(
        head_html, f"{header_html}<main>{article}{after_article_html}</main>{footer_html}", lang=lang
    )


def teaser(
    href: str, headline: str, *, image: str = "", summary: str = "", time_iso: str | None = None
) -> str:
    """One ``<li class="teaser">`` of a section front: the linked headline, image, summary, time."""
    image_html = f'<img src="{escape(image)}" alt="">' if image else ""
    summary_html = f"<p>{escape(summary)}</p>" if summary else ""
    time_html = f'<time datetime="{escape(time_iso)}"></time>' if time_iso is not None else ""
    return (
        f'<li class="teaser"><a href="{escape(href)}">{image_html}<h3>{escape(headline)}</h3></a>'
        f"{summary_html}{time_html}</li>"
    )


def section_page(
    title: str,
    teasers_html: str,
    *,
    site_name: str,
    lang: str | None = "en-GB",
    head_extra_html: str = "",
    header_html: str = "",
    after_list_html: str = "",
    footer_html: str = "",
) -> str:
    """A section front (or home page): a heading and a list of teasers in ``<main>``."""
    head_html = head(f"{title} | {site_name}", extra_html=head_extra_html)
    main = f"<main><h1>{escape(title)}</h1><ul>{teasers_html}</ul>{after_list_html}</main>"
    return document(head_html, f"{header_html}{main}{footer_html}", lang=lang)


def listing_page(
    links: Sequence[tuple[str, str]], title: str = "All articles", *, lang: str | None = None
) -> str:
    """A bare listing: one ``<li>`` link per (href, text), nothing else to follow (a crawl's start page)."""
    items = "\n".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links)
    return document(head(title), f"<ul>\n{items}\n</ul>", lang=lang)


def robots_txt(*, disallow: Sequence[str] = (), sitemaps: Sequence[str] = ()) -> str:
    """A robots.txt for every user agent: the disallowed prefixes (or ``Allow: /``) and the sitemaps."""
    rules = [f"Disallow: {path}" for path in disallow] or ["Allow: /"]
    return "\n".join(["User-agent: *", *rules, *(f"Sitemap: {url}" for url in sitemaps)]) + "\n"


# --- XML: sitemaps and feeds ------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of a urlset; with ``news_title`` it is a Google News entry."""

    loc: str
    lastmod: str = ""
    news_title: str = ""
    news_published: str = ""
    news_name: str = ""
    news_language: str = "en"


def _sitemap_url(entry: SitemapEntry) -> str:
    lastmod = f"<lastmod>{escape(entry.lastmod)}</lastmod>" if entry.lastmod else ""
    news = ""
    if entry.news_title:
        news = (
            f"<news:news><news:publication><news:name>{escape(entry.news_name)}</news:name>"
            f"<news:language>{entry.news_language}</news:language></news:publication>"
            f"<news:publication_date>{escape(entry.news_published)}</news:publication_date>"
            f"<news:title>{escape(entry.news_title)}</news:title></news:news>"
        )
    return f"<url><loc>{escape(entry.loc)}</loc>{lastmod}{news}</url>\n"


def urlset(entries: Sequence[SitemapEntry]) -> str:
    """A sitemap ``<urlset>``; the news namespace is declared when an entry has news data."""
    news_ns = f' xmlns:news="{NEWS_NS}"' if any(e.news_title for e in entries) else ""
    urls = "".join(_sitemap_url(e) for e in entries)
    return f'{XML_DECLARATION}<urlset xmlns="{SITEMAP_NS}"{news_ns}>\n{urls}</urlset>\n'


def sitemap_index(sitemaps: Sequence[tuple[str, str]]) -> str:
    """A sitemap index of (URL, lastmod or "") pairs."""
    entries = "".join(
        f"<sitemap><loc>{escape(url)}</loc>{f'<lastmod>{escape(lastmod)}</lastmod>' if lastmod else ''}"
        "</sitemap>\n"
        for url, lastmod in sitemaps
    )
    return f'{XML_DECLARATION}<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}</sitemapindex>\n'


def gzipped(data: bytes) -> bytes:
    """``data`` gzip-compressed with no timestamp, the same bytes every run (a ``.xml.gz`` sitemap, a
    body sent with ``Content-Encoding: gzip``)."""
    return gzip.compress(data, mtime=0)


@dataclass(frozen=True)
class FeedItem:
    """One RSS item or Atom entry; ``guid`` defaults to the link (a permalink)."""

    title: str
    link: str
    published: datetime
    updated: datetime | None = None
    guid: str = ""
    description: str = ""


def rss_feed(title: str, link: str, items: Sequence[FeedItem], *, description: str = "") -> str:
    """An RSS 2.0 channel."""

    def item(i: FeedItem) -> str:
        guid = (
            f'<guid isPermaLink="false">{escape(i.guid)}</guid>'
            if i.guid
            else f"<guid>{escape(i.link)}</guid>"
        )
        desc = f"<description>{escape(i.description)}</description>" if i.description else ""
        return (
            f"<item><title>{escape(i.title)}</title><link>{escape(i.link)}</link>{guid}"
            f"<pubDate>{format_datetime(i.published)}</pubDate>{desc}</item>\n"
        )

    channel_desc = f"<description>{escape(description)}</description>" if description else ""
    return (
        f'{XML_DECLARATION}<rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>{escape(link)}</link>{channel_desc}\n{''.join(item(i) for i in items)}</channel></rss>\n"
    )


def atom_feed(title: str, feed_id: str, updated: datetime, entries: Sequence[FeedItem]) -> str:
    """An Atom feed; each entry's id is its link."""
    body = "".join(
        f'<entry><title>{escape(e.title)}</title><link rel="alternate" href="{escape(e.link)}"/>'
        f"<id>{escape(e.link)}</id><published>{e.published.isoformat()}</published>"
        f"<updated>{(e.updated or e.published).isoformat()}</updated></entry>"
        for e in entries
    )
    return (
        f'{XML_DECLARATION}<feed xmlns="{ATOM_NS}"><title>{escape(title)}</title><id>{escape(feed_id)}</id>'
        f"<updated>{updated.isoformat()}</updated>{body}</feed>\n"
    )


# --- bodies that are not pages ------------------------------------------------------------------------


def fake_pdf() -> bytes:
    """A small but well-formed one-page PDF."""
    text = b"BT /F1 12 Tf 72 720 Td (Council budget 2026) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_png() -> bytes:
    """A valid 2x2 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80\x00\x80\x80")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from CRC-32(A), CRC-32(B) and len(B) (zlib's algorithm, GF(2) matrices)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


_BOMB_BLOCK = 1 << 20  # one MiB of zeros per repeated compressed block


class GzipBomb:
    """A gzip stream of ``size`` zero bytes (a multiple of 1 MiB), produced block by block.

    The deflate output of one MiB of zeros after a full flush is the same ~1 KB every time, so a
    2 GiB bomb is ~2 MB on the wire and never exists uncompressed anywhere.
    """

    def __init__(self, size: int = 2 << 30) -> None:
        if size % _BOMB_BLOCK:
            raise ValueError("size must be a multiple of 1 MiB")
        self.size = size
        self.blocks = size // _BOMB_BLOCK
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        zeros = bytes(_BOMB_BLOCK)
        self.block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
        again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
        if again != self.block:
            raise RuntimeError("deflate output of repeated blocks differs")
        self.end = compressor.flush(zlib.Z_FINISH)
        crc = zlib.crc32(zeros)
        length = _BOMB_BLOCK
        total_crc, remaining = 0, self.blocks
        while remaining:  # CRC of `blocks` MiB of zeros by binary doubling
            if remaining & 1:
                total_crc = crc32_combine(total_crc, crc, length)
            crc = crc32_combine(crc, crc, length)
            length *= 2
            remaining >>= 1
        self.crc = total_crc
        self.header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        self.trailer = struct.pack("<II", self.crc, self.size & 0xFFFFFFFF)

    @property
    def compressed_size(self) -> int:
        return len(self.header) + self.blocks * len(self.block) + len(self.end) + len(self.trailer)

    def chunks(self, blocks_per_chunk: int = 64) -> Iterator[bytes]:
        """The compressed stream in pieces of ``blocks_per_chunk`` blocks."""
        yield self.header
        for start in range(0, self.blocks, blocks_per_chunk):
            yield self.block * min(blocks_per_chunk, self.blocks - start)
        yield self.end + self.trailer
