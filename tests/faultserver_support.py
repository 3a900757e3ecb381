"""Pages and payloads for the fault-injecting test server, and a tripwire for the crawl under test.

The site is "The Harbourside Herald": realistic article pages (JSON-LD ``NewsArticle``, an
``<article>`` with several paragraphs) in several languages and encodings, plus the hostile
payloads (a gzip bomb streamed from one repeated compressed block, a PDF, a PNG).
"""

from __future__ import annotations

import html
import json
import logging
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

SITE_NAME = "The Harbourside Herald"
ARTICLE_PREFIX = "/news/2026/11/20/"


@dataclass
class Story:
    """One article of the test site."""

    slug: str
    headline: str
    paragraphs: list[str]
    author: str = "Maren Holt"
    lang: str = "en"
    section: str = "Local"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return ARTICLE_PREFIX + self.slug


_ENGLISH = [
    "The harbour authority confirmed on Thursday that the work will start early next month, after "
    "a long consultation with residents, fishermen and the owners of the small shops along the quay.",
    "Officials said the project had been planned for almost three years and would be paid for from "
    "the regional fund, with a smaller share coming from the town council's own reserves this year.",
    "Several residents who spoke at the public meeting welcomed the plans but asked for clearer "
    "information about noise, traffic and the hours during which the heavy machinery would be used.",
    "A spokesperson for the council said a detailed timetable would be published online and posted "
    "on the notice boards at the library and the ferry terminal before the end of the week.",
]


def english_story(slug: str, headline: str) -> Story:
    """A plain English story: its own opening line, then the site's usual four paragraphs."""
    opening = f"{headline}: the story our reporters followed in the harbour town this week."
    return Story(slug=slug, headline=headline, paragraphs=[opening, *_ENGLISH])


def story_copy(story: Story, slug: str) -> Story:
    """The same story at another URL, with a reference line so its body is not a duplicate."""
    return replace(story, slug=slug, paragraphs=[*story.paragraphs, f"Ref. {slug}"])


CYRILLIC_STORY = Story(
    slug="cyrillic-story-about-the-winter-ferry-schedule",
    headline="Паром в Калининград будет ходить и зимой",
    lang="ru",
    author="Анна Петрова",
    paragraphs=[
        "Администрация порта сообщила в четверг, что паромное сообщение не будет прервано зимой, "
        "несмотря на сильные ветры и лёд в заливе, которые в прошлом году задерживали рейсы.",
        "По словам представителя компании, новое судно уже прошло испытания и способно ходить "
        "в сложных погодных условиях. Расписание опубликуют на сайте порта до конца месяца.",
        "Жители прибрежных посёлков приветствовали это решение: для многих из них паром остаётся "
        "единственным удобным способом добраться до города, больницы и школы.",
    ],
)
JAPANESE_STORY = Story(
    slug="japanese-story-about-the-new-harbour-bridge",
    headline="港の新しい橋が来月開通へ",
    lang="ja",
    author="佐藤花子",
    paragraphs=[
        "市は木曜日、港に架かる新しい橋が来月の初めに開通すると発表した。工事は三年前に始まり、"
        "地元の住民や漁業関係者との話し合いを重ねながら進められてきた。",
        "市の担当者によると、橋の完成によって駅から市場までの移動時間が大幅に短くなる見込みだ。"
        "開通式には市長も出席する予定である。",
        "近くに住む人々は、工事中の騒音や交通の混雑が終わることを歓迎している。"
        "一方で、駐車場の不足を心配する声も聞かれた。",
        "橋の上には歩道と自転車道も整備され、夜には照明がともる。市は観光客の増加にも期待しており、"
        "週末には港の近くで記念の祭りが開かれる予定だ。",
        "市長は記者会見で「長い間待っていただいた市民の皆さんに感謝したい」と述べ、"
        "工事に関わった人々の努力をたたえた。",
    ],
)
LATIN1_STORY = Story(
    slug="latin1-story-about-the-cafe-on-the-quay",
    headline="Le café du quai rouvre après l'été: « déjà complet »",
    lang="fr",
    author="Hélène Dubois",
    paragraphs=[
        "Le célèbre café du quai a rouvert ses portes jeudi matin, après des travaux de rénovation "
        "qui ont duré tout l'été. Les habitués étaient déjà là à sept heures, pressés de "
        "retrouver leur table.",
        "« Nous avons gardé le comptoir en zinc et les grandes fenêtres », explique la gérante, très émue. "
        "Le menu, lui, s'enrichit de crêpes, de gâteaux aux pêches et d'un chocolat chaud épais.",
        "Über die Ostertage bleibt das Café geöffnet; mañana también, señor; les touristes étrangers "
        "apprécient l'accueil en plusieurs langues et la vue sur le port.",
    ],
)


def _json_ld(story: Story) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "datePublished": "2026-11-20T08:00:00+00:00",
        "dateModified": "2026-11-20T09:30:00+00:00",
        "author": {"@type": "Person", "name": story.author},
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "articleSection": story.section,
        "inLanguage": story.lang,
    }
    # Non-ASCII stays as characters so the page's encoding really matters.
    return json.dumps(data, ensure_ascii=False)


def article_html(story: Story, *, meta_charset: str | None = "utf-8") -> str:
    """A realistic article page for ``story`` (``meta_charset=None`` declares no charset)."""
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    paragraphs = "\n".join(f"      <p>{html.escape(p)}</p>" for p in story.paragraphs)
    title = html.escape(story.headline)
    return f"""<!DOCTYPE html>
<html lang="{story.lang}">
<head>
  {meta}
  <title>{title} | {SITE_NAME}</title>
  <meta property="og:type" content="article">
  <meta property="og:title" content="{title}">
  <script type="application/ld+json">{_json_ld(story)}</script>
</head>
<body>
  <header><a href="/">{SITE_NAME}</a><nav><a href="/about">About us</a></nav></header>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">By {html.escape(story.author)}</p>
{paragraphs}
    </article>
  </main>
  <footer>&copy; 2026 {SITE_NAME}</footer>
</body>
</html>
"""


def home_html(links: list[tuple[str, str]]) -> str:
    """The front page: one list item per (href, title)."""
    items = "\n".join(f'    <li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for h, t in links)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{SITE_NAME} – local news</title></head>
<body>
  <header><h1>{SITE_NAME}</h1><nav><a href="/about">About us</a></nav></header>
  <main><h2>Latest stories</h2>
  <ul>
{items}
  </ul></main>
</body></html>
"""


def meta_refresh_html(target: str) -> bytes:
    """A page that sends the browser elsewhere with ``<meta http-equiv="refresh">``."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">'
        f"<title>Redirecting</title></head><body><p>This story has moved.</p></body></html>"
    ).encode()


SOFT_404_HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | {SITE_NAME}</title></head>
<body><header><a href="/">{SITE_NAME}</a></header>
<main><h1>Sorry, we couldn't find that page</h1>
<p>The page you requested could not be found. It may have been moved or deleted.</p>
<p><a href="/">Back to the front page</a></p></main></body></html>
"""

INTERSTITIAL_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title>
<script>document.cookie = "wall=1"; location.reload();</script></head>
<body><noscript>This site needs JavaScript.</noscript>
<div class="wall"><h1>One more step</h1>
<p>Please enable cookies and JavaScript in your browser to continue reading.</p></div>
</body></html>
"""


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


# --- gzip bomb ------------------------------------------------------------------------------------


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


# --- tripwire -------------------------------------------------------------------------------------


class TripwireMiddleware:
    """Last downloader middleware before the network in test crawls: only 127.0.0.1 gets through.

    If any request for another host or scheme gets this far, the crawler's own guards failed:
    count ``tripwire/blocked``, log an error and drop it, so no traffic ever leaves the machine.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TripwireMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme == "http" and parts.hostname == "127.0.0.1":
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("tripwire/blocked")
        logger.error("TRIPWIRE: %s reached the downloader", request.url)
        raise IgnoreRequest(f"tripwire: {request.url}")
