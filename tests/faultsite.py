"""A fault-injecting news site for the hostile-crawl tests: "The Harbourside Herald".

`FaultServer` is a `MockServer` whose route table serves a front page linking to good articles and
to URLs that misbehave: errors then success, 429 with Retry-After, resets, slow or endless bodies, a
gzip bomb, a 50 MB page, files served as HTML, charset lies, unsafe redirects, soft-404s, walls.
Article pages are realistic (JSON-LD ``NewsArticle``, an ``<article>`` with several paragraphs) in
several languages and encodings, written with `tests.pagebuilder`; the unit tests of charsets and
page checks use the same stories and pages.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from tests import pagebuilder as pb
from tests.mockserver import (
    HTML,
    MockServer,
    Response,
    Route,
    cut_off,
    delayed,
    fail_first,
    length_lie,
    redirect,
    reset,
    stream,
)

SITE_NAME = "The Harbourside Herald"
ARTICLE_PREFIX = "/news/2026/11/20/"
PUBLISHED = "2026-11-20T08:00:00+00:00"
MODIFIED = "2026-11-20T09:30:00+00:00"
SLOW_FIRST_BYTE_SECONDS = 20.0
RETRY_AFTER_SECONDS = 2
HUGE_PAGE_BYTES = 50 * 1024 * 1024
ENDLESS_CAP_BYTES = 512 * 1024 * 1024  # the "endless" body still ends somewhere


@dataclass
class Story:
    """One article of the site."""

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

_HEADER = f'<header><a href="/">{SITE_NAME}</a><nav><a href="/about">About us</a></nav></header>'
_FOOTER = f"<footer>&copy; 2026 {SITE_NAME}</footer>"


def article_html(story: Story, *, meta_charset: str | None = "utf-8") -> str:
    """The article page of ``story`` (``meta_charset=None`` declares no charset in the page)."""
    ld = pb.news_article_ld(
        story.headline,
        published=PUBLISHED,
        modified=MODIFIED,
        authors=[story.author],
        section=story.section,
        publisher=SITE_NAME,
        lang=story.lang,
    )
    return pb.article_page(
        story.headline,
        site_name=SITE_NAME,
        body_html=pb.paragraphs(story.paragraphs),
        lang=story.lang,
        charset=meta_charset,
        byline_html=pb.byline(story.author),
        ld=ld,
        header_html=_HEADER,
        footer_html=_FOOTER,
    )


def home_html(links: list[tuple[str, str]]) -> str:
    """The front page: one teaser per (href, title)."""
    teasers = "".join(pb.teaser(href, title) for href, title in links)
    header = f'<header><h1>{SITE_NAME}</h1><nav><a href="/about">About us</a></nav></header>'
    return pb.section_page("Latest stories", teasers, site_name=SITE_NAME, lang="en", header_html=header)


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


def p(slug: str) -> str:
    """The path of an article slug."""
    return ARTICLE_PREFIX + slug


# Good stories, served plainly.
GOOD = [
    english_story("harbour-ferry-timetable-changes-for-the-winter", "Ferry timetable changes for the winter"),
    english_story("city-council-approves-new-cycle-lanes-plan", "Council approves new cycle lanes"),
    english_story("local-bakery-wins-national-bread-award-today", "Local bakery wins national award"),
    english_story("storm-warning-issued-for-the-northern-coast", "Storm warning for the northern coast"),
]
# Stories that arrive only after the crawler retries (status or reset on the first attempts).
FLAKY = {
    p("flaky-500-story-about-the-lighthouse-repairs"): (500, 1),
    p("flaky-502-story-about-the-market-square-works"): (502, 2),
    p("flaky-503-story-about-the-school-orchestra-tour"): (503, 2),
}
RATE_LIMITED = p("rate-limited-story-about-the-harbour-festival")
RESET_TWICE = p("connection-reset-story-about-the-railway-station")
MOVED_FROM = p("moved-story-about-the-old-fish-market")
MOVED_TO = p("moved-story-about-the-old-fish-market-new-home")
# Charset cases: (story, body encoding, header charset or None, meta charset or None).
_CHARSET_CASES = [
    ("charset-conflict-header-latin1-meta-utf8-story", CYRILLIC_STORY, "utf-8", "iso-8859-1", "utf-8"),
    ("charset-conflict-header-utf8-meta-cp1251-story", CYRILLIC_STORY, "cp1251", "utf-8", "windows-1251"),
    ("undeclared-windows-1251-story-about-the-ferry", CYRILLIC_STORY, "cp1251", None, None),
    ("undeclared-shift-jis-story-about-the-bridge", JAPANESE_STORY, "shift_jis", None, None),
    ("undeclared-latin1-story-about-the-quay-cafe", LATIN1_STORY, "latin-1", None, None),
]
CHARSET_CASES: dict[str, tuple[Story, str, str | None, str | None]] = {
    p(slug): (story_copy(story, slug), encoding, header, meta)
    for slug, story, encoding, header, meta in _CHARSET_CASES
}

# Misbehaving URLs, by misbehaviour.
SLOW_FIRST_BYTE = p("slow-first-byte-story-about-the-harbour-wall")
CUT_OFF = p("cut-off-body-story-about-the-swing-bridge")
LENGTH_LIE = p("content-length-lie-story-about-the-museum")
ENDLESS = p("endless-body-story-about-the-river-festival")
GZIP_BOMB = p("gzip-bomb-story-about-the-old-quarry-site")
HUGE_PAGE = p("huge-page-story-about-the-town-archive")
PDF_AS_HTML = p("pdf-served-as-html-story-about-the-budget")
PNG_AS_HTML = p("image-served-as-html-story-about-the-regatta")
LOOP_A = p("redirect-loop-story-about-the-roundabout-one")
LOOP_B = p("redirect-loop-story-about-the-roundabout-two")
OFFSITE = p("redirect-offsite-story-about-the-partner-paper")
META_REFRESH_OFFSITE = p("meta-refresh-offsite-story-about-the-sister-paper")
FILE_SCHEME = p("redirect-file-scheme-story-about-the-archive")
PRIVATE_10 = p("redirect-private-address-story-about-the-intranet")
PRIVATE_192 = p("redirect-router-address-story-about-the-modem")
SOFT_404 = p("soft-404-story-that-no-longer-exists-here")
EMPTY = p("empty-page-story-about-nothing-at-all")
INTERSTITIAL = p("cookie-wall-story-about-the-summer-regatta")
NOT_FOUND = p("missing-story-that-returns-a-real-404")
ALWAYS_503 = p("always-503-story-about-the-power-cut")

OFFSITE_TARGET = "http://offsite-news.example/news/2026/11/20/partner-story-about-the-regatta"
META_REFRESH_TARGET = "http://sister-paper.example/news/2026/11/20/sister-story-about-the-regatta"
FILE_TARGET = "file:///etc/passwd"
PRIVATE_10_TARGET = "http://10.0.0.1/news/2026/11/20/intranet-story-about-the-staff-canteen"
PRIVATE_192_TARGET = "http://192.168.1.1/admin/config"
# A link on the front page straight into a private network.
PRIVATE_LINK = "http://10.0.0.1/news/2026/11/20/private-network-link-story-about-the-office"


def _page(story: Story) -> Response:
    return Response(article_html(story).encode("utf-8"))


def _endless_pieces() -> Iterator[bytes]:
    piece = b"<p>" + b"and the river kept on flowing " * 2000 + b"</p>\n"
    yield b"<!DOCTYPE html><html><head><title>Endless</title></head><body>"
    sent = 0
    while sent < ENDLESS_CAP_BYTES:
        yield piece
        sent += len(piece)


def _huge_pieces() -> Iterator[bytes]:
    head = b"<!DOCTYPE html><html><head><title>Archive</title></head><body>"
    tail = b"</body></html>"
    row = b"<p>Archive entry: minutes of the harbour board meeting, kept for the record.</p>\n"
    block = row * (65536 // len(row))
    yield head
    left = HUGE_PAGE_BYTES - len(head) - len(tail)
    while left > 0:
        piece = block[:left]
        yield piece
        left -= len(piece)
    yield tail


class FaultServer(MockServer):
    """The hostile news site on a mock server; ``url(path)`` for absolute URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.bomb = pb.GzipBomb(2 << 30)
        self.routes.update(self._routes())

    def good_articles(self) -> dict[str, Story]:
        """URL -> story of every article the crawler must emit."""
        stories: dict[str, Story] = {self.url(s.path): s for s in GOOD}
        for path in (*FLAKY, RATE_LIMITED, RESET_TWICE):
            slug = path.rsplit("/", 1)[1]
            stories[self.url(path)] = english_story(slug, slug.replace("-", " ").capitalize())
        moved_slug = MOVED_TO.rsplit("/", 1)[1]
        stories[self.url(MOVED_TO)] = english_story(moved_slug, "The old fish market finds a new home")
        for path, (story, *_rest) in CHARSET_CASES.items():
            stories[self.url(path)] = story
        return stories

    def _front_page_links(self) -> list[tuple[str, str]]:
        hostile = [
            SLOW_FIRST_BYTE, CUT_OFF, LENGTH_LIE, ENDLESS, GZIP_BOMB, HUGE_PAGE, PDF_AS_HTML, PNG_AS_HTML,
            LOOP_A, OFFSITE, META_REFRESH_OFFSITE, FILE_SCHEME, PRIVATE_10, PRIVATE_192,
            SOFT_404, EMPTY, INTERSTITIAL, NOT_FOUND, ALWAYS_503, MOVED_FROM,
        ]  # fmt: skip
        links = [(s.path, s.headline) for s in GOOD]
        links += [(path, "Story") for path in (*FLAKY, RATE_LIMITED, RESET_TWICE, *CHARSET_CASES, *hostile)]
        links.append((PRIVATE_LINK, "Intranet story"))
        return links

    def _routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {
            "/": Response(home_html(self._front_page_links()).encode()),
            "/robots.txt": Response(pb.robots_txt().encode(), content_type="text/plain"),
        }
        for url, story in self.good_articles().items():
            path = url.removeprefix(self.base)
            routes[path] = _page(story)
        for path, (status, failures) in FLAKY.items():
            error = Response(b"<html><body><h1>Server error</h1></body></html>", status)
            routes[path] = fail_first(failures, error, routes[path])
        slow_down = Response(
            b"<html><body>Slow down</body></html>", 429, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
        )
        routes[RATE_LIMITED] = fail_first(1, slow_down, routes[RATE_LIMITED])
        routes[RESET_TWICE] = fail_first(2, reset, routes[RESET_TWICE])
        for path, (story, encoding, header, meta) in CHARSET_CASES.items():
            body = article_html(story, meta_charset=meta).encode(encoding)
            content_type = f"text/html; charset={header}" if header else "text/html"
            routes[path] = Response(body, content_type=content_type)
        huge_headers = {"Content-Type": HTML, "Content-Length": str(HUGE_PAGE_BYTES)}
        bomb_headers = {
            "Content-Type": HTML,
            "Content-Encoding": "gzip",
            "Content-Length": str(self.bomb.compressed_size),
        }
        routes.update(
            {
                MOVED_FROM: redirect(MOVED_TO),
                SLOW_FIRST_BYTE: delayed(SLOW_FIRST_BYTE_SECONDS, _page(english_story("slow", "Too slow"))),
                CUT_OFF: cut_off(article_html(english_story("cut", "Cut off")).encode()),
                LENGTH_LIE: length_lie(article_html(english_story("lie", "Length lie")).encode()),
                ENDLESS: stream(_endless_pieces, {"Content-Type": HTML}, chunked=True),
                GZIP_BOMB: stream(self.bomb.chunks, bomb_headers),
                HUGE_PAGE: stream(_huge_pieces, huge_headers),
                PDF_AS_HTML: Response(pb.fake_pdf(), content_type="text/html"),
                PNG_AS_HTML: Response(pb.tiny_png(), content_type="text/html; charset=utf-8"),
                LOOP_A: redirect(LOOP_B),
                LOOP_B: redirect(LOOP_A),
                OFFSITE: redirect(OFFSITE_TARGET),
                META_REFRESH_OFFSITE: Response(meta_refresh_html(META_REFRESH_TARGET)),
                FILE_SCHEME: redirect(FILE_TARGET),
                PRIVATE_10: redirect(PRIVATE_10_TARGET),
                PRIVATE_192: redirect(PRIVATE_192_TARGET),
                SOFT_404: Response(SOFT_404_HTML.encode()),
                EMPTY: Response(b"", content_type="text/html"),
                INTERSTITIAL: Response(INTERSTITIAL_HTML.encode()),
                NOT_FOUND: Response(SOFT_404_HTML.encode(), 404),
                ALWAYS_503: Response(b"<html><body>Service unavailable</body></html>", 503),
            }
        )
        return routes
