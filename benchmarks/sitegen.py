"""Generate a realistic static news site for crawl benchmarks.

Every article page is 60–120 KB like a real news page: a long ``<head>`` (meta tags, JSON-LD, a big
inline stylesheet), header and navigation, the article (headline, standfirst, byline, figures with
captions and credits, 6–20 paragraphs with sub-headings, a quote and an in-body promo), related links,
most-read list, footer, and a large inline JSON state script that brings the page to its target size.
The site also has section fronts, a sitemap index with news sitemaps, an RSS feed, a permissive
``robots.txt`` and, for the benchmark, one listing page that links every article URL. The markup comes
from `tests.pagebuilder`, the page builder the test sites use too; this module decides what the pages say.

Pages carry two markers that the benchmark servers rewrite so that one stored page can be served as
many distinct articles (memory mode): `COPY_PATH_MARKER` (in canonical/og/JSON-LD URLs) and
`COPY_TEXT_MARKER` (in the first paragraph, so each copy has its own body fingerprint).
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

from tests import pagebuilder as pb

logger = logging.getLogger(__name__)

SITE_NAME = "The Benchmark Herald"
SECTIONS = ("news", "business", "sport", "culture", "science", "politics", "world", "opinion")
MIN_PAGE_BYTES = 60_000
MAX_PAGE_BYTES = 120_000
SITEMAP_URLS_PER_FILE = 1_000
SECTION_FRONT_LINKS = 60
FEED_ITEMS = 100
LISTING_PATH = "/bench/articles.html"
EMPTY_LISTING_PATH = "/bench/empty.html"  # a start page without links: measures a crawler's fixed cost
SITEMAP_INDEX_PATH = "/sitemap.xml"
FEED_PATH = "/rss/latest.xml"
MANIFEST = "manifest.json"
# Markers rewritten by the servers: "" and "edition 1" for the stored page, "c<k>/" and
# "edition 1-c<k>" for copy k.
COPY_PATH_MARKER = "{copy-path}"
COPY_TEXT_MARKER = "edition 1"
_EPOCH = datetime(2026, 11, 24, 18, 0, tzinfo=timezone.utc)

_SUBJECTS = (
    "The council",
    "Residents",
    "The chief executive",
    "A spokesperson for the trust",
    "Local traders",
    "Ministers",
    "The harbour authority",
    "Campaigners",
    "The opposition leader",
    "Police",
    "The university",
    "Health officials",
    "Parents at the school",
    "The club's manager",
    "Economists",
    "The regulator",
    "Union representatives",
    "Farmers in the valley",
    "The museum's director",
    "Emergency services",
    "Independent analysts",
    "The transport operator",
    "Shop owners",
)
_VERBS = (
    "said",
    "warned",
    "confirmed",
    "announced",
    "insisted",
    "argued",
    "suggested",
    "revealed",
    "acknowledged",
    "told the Herald",
    "claimed",
    "predicted",
    "admitted",
    "explained",
)
_CLAIMS = (
    "the plan would cost £4.2m over three years",
    "the decision had been delayed by months of talks",
    "the figures were the highest since records began",
    "nobody had been consulted before the change",
    "work on the site would start in the spring",
    "prices had risen faster than wages in the region",
    "the service would be restored by the weekend",
    "the new rules were unworkable in practice",
    "more than 1,200 people had signed the petition",
    "the report's findings were “deeply troubling”",
    "the scheme had already saved 340 jobs",
    "the team had trained harder than ever before",
    "the café on the corner would close after 40 years",
    "the bridge was safe for buses again",
    "the inquiry would publish its findings in January",
    "the budget gap had narrowed to £18m",
    "the results surprised even the researchers",
    "flood defences had held along most of the river",
    "the vote was a turning point for the town",
    "demand for school places would keep rising",
)
_TAILS = (
    "according to figures seen by the Herald",
    "in a statement on Tuesday",
    "at a packed public meeting",
    "despite repeated assurances",
    "after a review of the evidence",
    "during a visit to the site",
    "in an interview with local radio",
    "citing pressure on public finances",
    "as talks continued",
    "though details remain unclear",
    "while critics called for a fresh approach",
    "on Monday evening",
)
_CONNECTORS = ("However,", "Meanwhile,", "In response,", "Earlier this year,", "By contrast,", "Separately,")
_HEADLINE_WORDS = (
    "council",
    "budget",
    "bridge",
    "school",
    "harbour",
    "river",
    "festival",
    "hospital",
    "rail",
    "housing",
    "museum",
    "market",
    "election",
    "strike",
    "flood",
    "stadium",
    "library",
    "ferry",
    "energy",
    "park",
    "workers",
    "residents",
    "plan",
    "vote",
    "report",
    "funding",
    "record",
    "delay",
    "rescue",
    "deal",
)
_HEADLINE_VERBS = (
    "backs",
    "rejects",
    "delays",
    "unveils",
    "faces",
    "wins",
    "loses",
    "opens",
    "cuts",
    "plans",
)
_FIRST = ("Hannah", "Joe", "Priya", "Tom", "Aoife", "Marcus", "Lena", "Samuel", "Chloé", "Ravi", "Grace")
_LAST = ("Lindqvist", "Baptiste", "Okafor", "Kendrick", "Murphy", "Novak", "Hughes", "Da Silva", "Patel")


@dataclass(frozen=True)
class ArticleSpec:
    """One article of the generated site: where it lives and what it says."""

    index: int
    section: str
    path: str
    headline: str
    published: str
    author: str
    target_bytes: int


@dataclass
class GeneratedSite:
    """What `generate_site` wrote: the folder, base URL, article paths and their page sizes in bytes."""

    root: Path
    base_url: str
    articles: list[ArticleSpec]
    sizes: list[int]

    def article_urls(self) -> list[str]:
        """Absolute URL of every article, in index order."""
        return [self.base_url + a.path for a in self.articles]


def copy_path(path: str, copy: int) -> str:
    """The URL path of copy `copy` of an article (copy 0 is the article's own path)."""
    if copy == 0:
        return path
    head, _, slug = path.rpartition("/")
    return f"{head}/c{copy}/{slug}"


def memory_mode_paths(articles: list[ArticleSpec], urls: int) -> list[str]:
    """`urls` distinct article paths: URL i is copy i // len(articles) of article i % len(articles)."""
    return [copy_path(articles[i % len(articles)].path, i // len(articles)) for i in range(urls)]


def _headline(rng: random.Random) -> str:
    a, b = rng.sample(_HEADLINE_WORDS, 2)
    verb = rng.choice(_HEADLINE_VERBS)
    tail = rng.choice(
        ("after long row", "in surprise move", "as costs soar", "for second year", "amid protest")
    )
    return f"{a.capitalize()} {verb} {b} {tail}"


def _slugify(text: str) -> str:
    return "-".join(w.lower() for w in text.split() if w.isalnum())


def plan_site(pages: int, seed: int = 7) -> list[ArticleSpec]:
    """The article list of a site with `pages` articles (deterministic for a seed)."""
    rng = random.Random(seed)
    specs = []
    for i in range(pages):
        section = SECTIONS[i % len(SECTIONS)]
        published = _EPOCH - timedelta(minutes=17 * i)
        headline = _headline(rng)
        path = f"/{section}/{published:%Y/%m/%d}/{_slugify(headline)}-{100000 + i}"
        specs.append(
            ArticleSpec(
                index=i,
                section=section,
                path=path,
                headline=headline,
                published=published.isoformat(timespec="seconds"),
                author=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                target_bytes=rng.randint(MIN_PAGE_BYTES + 2_000, MAX_PAGE_BYTES - 2_000),
            )
        )
    return specs


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} that {rng.choice(_CLAIMS)}, {rng.choice(_TAILS)}."
    return f"{rng.choice(_CONNECTORS)} {text[0].lower()}{text[1:]}" if rng.random() < 0.2 else text


def _paragraph(rng: random.Random, base_url: str, specs: list[ArticleSpec]) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.25:
        other = rng.choice(specs)
        words = sentences[-1].split(" ")
        cut = rng.randint(1, max(1, len(words) - 3))
        link = f'<a href="{base_url}{other.path}">{" ".join(words[cut : cut + 3])}</a>'
        sentences[-1] = " ".join([*words[:cut], link, *words[cut + 3 :]])
    return " ".join(sentences)


def _stylesheet(rng: random.Random) -> str:
    rules = []
    for i in range(rng.randint(180, 260)):
        block = rng.choice(("card", "nav", "teaser", "article", "footer", "promo", "grid", "btn", "ad"))
        rules.append(
            f".{block}__el-{i}{{margin:{rng.randint(0, 32)}px {rng.randint(0, 24)}px;"
            f"color:#{rng.randrange(0xFFFFFF):06x};font-size:{rng.randint(10, 28)}px;"
            f"line-height:{rng.randint(12, 18) / 10};display:{rng.choice(('flex', 'block', 'grid'))}}}"
        )
    return "\n".join(rules)


def _teaser(rng: random.Random, base_url: str, spec: ArticleSpec) -> dict[str, object]:
    return {
        "id": spec.index,
        "headline": spec.headline,
        "url": base_url + spec.path,
        "section": spec.section,
        "image": {"src": f"{base_url}/img/{spec.index}/640x360.jpg", "width": 640, "height": 360},
        "summary": _sentence(rng),
        "published": spec.published,
        "flags": {"live": False, "premium": rng.random() < 0.1, "video": rng.random() < 0.2},
    }


def _state_script(rng: random.Random, base_url: str, specs: list[ArticleSpec], size: int) -> str:
    """A ``window.__STATE__`` JSON blob of about `size` bytes (the framework state real sites inline)."""
    state: dict[str, object] = {"config": {"env": "production", "ads": {"slots": ["top", "mpu", "native"]}}}
    teasers: list[dict[str, object]] = []
    state["teasers"] = teasers
    used = 200
    while used < size:
        teaser = _teaser(rng, base_url, rng.choice(specs))
        teasers.append(teaser)
        used += len(json.dumps(teaser, ensure_ascii=False).encode()) + 1
    return f"<script>window.__STATE__ = {json.dumps(state, ensure_ascii=False)};</script>"


def _json_ld(spec: ArticleSpec, base_url: str, modified: str, keywords: list[str]) -> str:
    data = pb.news_article_ld(
        spec.headline,
        url=f"{base_url}{copy_path_marked(spec.path)}",
        published=spec.published,
        modified=modified,
        authors=[spec.author],
        author_url=f"{base_url}/authors/{_slugify(spec.author)}",
        image=f"{base_url}/img/{spec.index}/1200x675.jpg",
        section=spec.section.capitalize(),
        keywords=keywords,
        publisher=SITE_NAME,
        publisher_type="NewsMediaOrganization",
        publisher_logo=f"{base_url}/logo.png",
    )
    return pb.json_ld(data)


def copy_path_marked(path: str) -> str:
    """An article path with `COPY_PATH_MARKER` before the slug (rewritten by the servers)."""
    head, _, slug = path.rpartition("/")
    return f"{head}/{COPY_PATH_MARKER}{slug}"


def _nav(base_url: str) -> str:
    links = "".join(f'<li><a href="{base_url}/{s}/">{s.capitalize()}</a></li>' for s in SECTIONS)
    extra = "".join(
        f'<li><a href="{base_url}/{s}/{sub}/">{sub.replace("-", " ").capitalize()}</a></li>'
        for s in SECTIONS[:4]
        for sub in ("local", "national", "analysis", "in-pictures")
    )
    return (
        f'<header class="site-header"><a class="logo" href="{base_url}/"><img src="{base_url}/logo.svg" '
        f'alt="{SITE_NAME}"></a><nav aria-label="Sections"><ul>{links}</ul><ul class="sub">{extra}</ul></nav>'
        f'<form action="{base_url}/search"><input name="q" placeholder="Search"></form>'
        f'<a class="btn" href="{base_url}/subscribe">Subscribe</a></header>'
    )


def _figure(base_url: str, spec: ArticleSpec, n: int, rng: random.Random) -> str:
    credit = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}/{SITE_NAME}"
    caption = _sentence(rng).rstrip(".")
    image = f"{base_url}/img/{spec.index}/{n}"
    return pb.figure(
        f"{image}-1200x675.jpg",
        f"{caption}.",
        credit=f"Photograph: {credit}",
        alt=caption,
        srcset=f"{image}-640x360.jpg 640w, {image}-1200x675.jpg 1200w",
        size=(1200, 675),
        lazy=True,
        css_class="media",
    )


def render_article(spec: ArticleSpec, specs: list[ArticleSpec], base_url: str, seed: int = 7) -> str:
    """The full HTML of one article page, close to `spec.target_bytes` bytes in UTF-8."""
    rng = random.Random(seed * 1_000_003 + spec.index)
    modified = (datetime.fromisoformat(spec.published) + timedelta(minutes=rng.randint(5, 300))).isoformat()
    keywords = sorted({w.capitalize() for w in rng.sample(_HEADLINE_WORDS, 4)})
    canonical = f"{base_url}{copy_path_marked(spec.path)}"
    standfirst = _sentence(rng)
    body: list[str] = []
    paragraphs = rng.randint(6, 20)
    for i in range(paragraphs):
        text = _paragraph(rng, base_url, specs)
        if i == 0:
            text = f"{text} (Filed for the Herald's {COPY_TEXT_MARKER}.)"
        body.append(f"<p>{text}</p>")
        if i == 2:
            body.append(_figure(base_url, spec, 2, rng))
        if i == 3:
            other = rng.choice(specs)
            body.append(
                f'<aside class="inline-promo"><p>Read more: <a href="{base_url}{other.path}">'
                f"{escape(other.headline)}</a></p></aside>"
            )
        if i > 0 and i % 5 == 0:
            body.append(f"<h2>{escape(_headline(rng))}</h2>")
        if i == paragraphs // 2:
            body.append(f"<blockquote><p>“{escape(rng.choice(_CLAIMS).capitalize())}.”</p></blockquote>")
    related = rng.sample(specs, min(6, len(specs)))
    most_read = rng.sample(specs, min(10, len(specs)))
    tags = "".join(f'<li><a href="{base_url}/topic/{k.lower()}">{k}</a></li>' for k in keywords)
    related_items = "".join(
        f'<li><a href="{base_url}{r.path}"><img src="{base_url}/img/{r.index}/320x180.jpg" alt="">'
        f"{escape(r.headline)}</a></li>"
        for r in related
    )
    most_read_items = "".join(
        f'<li><a href="{base_url}{m.path}">{escape(m.headline)}</a></li>' for m in most_read
    )
    meta = pb.article_meta(
        url=canonical,
        headline=spec.headline,
        description=standfirst,
        image=f"{base_url}/img/{spec.index}/1200x675.jpg",
        published=spec.published,
        modified=modified,
        section=spec.section.capitalize(),
    )
    head = pb.head(
        f"{spec.headline} | {SITE_NAME}",
        viewport=True,
        meta_html=meta,
        extra_html=(
            f'<link rel="stylesheet" href="{base_url}/static/main.css"><link rel="preload" href="{base_url}/'
            f'static/app.js" as="script">{_json_ld(spec, base_url, modified, keywords)}'
            f"<style>{_stylesheet(rng)}</style>"
            f"<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{'section':'{spec.section}',"
            f"'articleId':'{spec.index}','wordCount':{paragraphs * 60}}});</script>"
        ),
    )
    shown = f"{datetime.fromisoformat(spec.published):%d %B %Y, %H:%M}"
    byline = pb.byline(
        spec.author,
        author_url=f"{base_url}/authors/{_slugify(spec.author)}",
        time_html=pb.time_tag(spec.published, shown),
        tag="div",
    )
    article = (
        f'<main id="main"><article class="article"><header><p class="kicker">'
        f'<a href="{base_url}/{spec.section}/">'
        f"{spec.section.capitalize()}</a></p><h1>{escape(spec.headline)}</h1>"
        f'<p class="standfirst">{escape(standfirst)}</p>{byline}'
        f'<div class="share"><a href="https://twitter.com/intent/tweet">Share on X</a> '
        f'<a href="https://www.facebook.com/sharer.php">Share on Facebook</a></div></header>'
        f'{_figure(base_url, spec, 1, rng)}<div class="article-body">{"".join(body)}</div>'
        f'<aside class="newsletter"><h3>Sign up to the Morning Briefing</h3><p>Get the day\'s top stories in '
        f"your inbox every morning.</p><form><input type=email><button>Sign up</button></form></aside>"
        f'<ul class="tags">{tags}</ul></article>'
        f'<section class="related"><h2>Related stories</h2><ul>{related_items}</ul></section>'
        f'<aside class="most-read"><h2>Most read</h2><ol>{most_read_items}</ol></aside></main>'
    )
    footer = (
        '<footer class="site-footer"><ul>'
        + "".join(
            f'<li><a href="{base_url}/{p}">{p.replace("-", " ").capitalize()}</a></li>'
            for p in ("about", "contact", "privacy", "terms", "cookies", "advertise", "careers", "help")
        )
        + f"</ul><p>© 2026 {SITE_NAME}. All rights reserved.</p></footer>"
        '<div id="cookie-banner" hidden><p>We use cookies to improve your experience.</p>'
        "<button>Accept all</button></div>"
        f'<script src="{base_url}/static/app.js" defer></script>'
    )
    page_without_state = pb.document(head, f"{_nav(base_url)}{article}{footer}")
    room = spec.target_bytes - len(page_without_state.encode())
    state = _state_script(rng, base_url, specs, room) if room > 0 else ""
    return pb.document(head, f"{_nav(base_url)}{article}{state}{footer}")


def render_section(section: str, specs: list[ArticleSpec], base_url: str) -> str:
    """A section front linking its latest articles."""
    latest = [s for s in specs if s.section == section][:SECTION_FRONT_LINKS]
    teasers = "".join(
        pb.teaser(
            base_url + s.path, s.headline, image=f"{base_url}/img/{s.index}/320x180.jpg", time_iso=s.published
        )
        for s in latest
    )
    return pb.section_page(section.capitalize(), teasers, site_name=SITE_NAME, header_html=_nav(base_url))


def render_listing(urls: list[str], title: str = "All articles") -> str:
    """The benchmark's start page: one link per article URL, nothing else to follow."""
    return pb.listing_page([(u, str(i)) for i, u in enumerate(urls)], title)


def render_news_sitemap(specs: list[ArticleSpec], base_url: str) -> str:
    """A Google News sitemap for `specs`."""
    return pb.urlset(
        [
            pb.SitemapEntry(
                base_url + s.path,
                lastmod=s.published,
                news_title=s.headline,
                news_published=s.published,
                news_name=SITE_NAME,
            )
            for s in specs
        ]
    )


def render_sitemap_index(sitemap_urls: list[str]) -> str:
    """A sitemap index pointing at the news sitemaps."""
    return pb.sitemap_index([(u, "") for u in sitemap_urls])


def render_feed(specs: list[ArticleSpec], base_url: str) -> str:
    """An RSS 2.0 feed of the latest articles."""
    items = [
        pb.FeedItem(s.headline, base_url + s.path, datetime.fromisoformat(s.published))
        for s in specs[:FEED_ITEMS]
    ]
    return pb.rss_feed(SITE_NAME, f"{base_url}/", items)


def _write(root: Path, path: str, text: str) -> int:
    """Write `text` for URL path `path` (directories get ``index.html``); returns the byte size."""
    target = root / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    target.write_bytes(data)
    return len(data)


def generate_site(
    root: Path, base_url: str, pages: int, seed: int = 7, listing_urls: int = 0
) -> GeneratedSite:
    """Write a site of `pages` articles into `root` for `base_url` (no trailing slash).

    `listing_urls` > `pages` adds ``/bench/copies-<n>k.html`` listing that many article URLs
    (copies of the articles, see `memory_mode_paths`) for the memory benchmark.
    """
    specs = plan_site(pages, seed)
    sizes = [_write(root, s.path, render_article(s, specs, base_url, seed)) for s in specs]
    for section in SECTIONS:
        _write(root, f"/{section}/", render_section(section, specs, base_url))
    sitemaps = []
    for n, start in enumerate(range(0, pages, SITEMAP_URLS_PER_FILE), 1):
        path = f"/sitemaps/news-{n}.xml"
        _write(root, path, render_news_sitemap(specs[start : start + SITEMAP_URLS_PER_FILE], base_url))
        sitemaps.append(base_url + path)
    _write(root, SITEMAP_INDEX_PATH, render_sitemap_index(sitemaps))
    _write(root, FEED_PATH, render_feed(specs, base_url))
    _write(root, "/robots.txt", pb.robots_txt(sitemaps=[base_url + SITEMAP_INDEX_PATH]))
    _write(root, "/", render_section("news", specs, base_url))
    _write(root, LISTING_PATH, render_listing([base_url + s.path for s in specs]))
    _write(root, EMPTY_LISTING_PATH, render_listing([], title="No articles"))
    if listing_urls > pages:
        paths = memory_mode_paths(specs, listing_urls)
        _write(root, listing_path(listing_urls), render_listing([base_url + p for p in paths]))
    site = GeneratedSite(root=root, base_url=base_url, articles=specs, sizes=sizes)
    manifest = {"base_url": base_url, "pages": pages, "seed": seed, "sizes": sizes}
    manifest["articles"] = [asdict(s) for s in specs]
    (root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    logger.info("Generated %d articles (%.1f MB) in %s", pages, sum(sizes) / 1e6, root)
    return site


def listing_path(urls: int) -> str:
    """The URL path of the memory-mode listing page of `urls` article URLs."""
    return f"/bench/copies-{urls // 1000}k.html"  # no long number: it would look like an article id
