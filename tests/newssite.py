"""A generated news site for discovery and incremental-crawl tests (content only, no server).

"The Wend Valley Courier": 52 articles in five sections, each a realistic article page (JSON-LD
NewsArticle, byline, 4-6 paragraphs of varied text); a sitemap index pointing at a news sitemap and
a gzipped archive sitemap; an RSS feed and an Atom feed; section pages, tag pages, a home page;
robots.txt listing the sitemap index. Links carry tracking parameters and fragments, pages link to
tag pages and to other sites, so a crawler has to tell articles from everything else. The site can
gain articles and change existing ones between runs (with moved ``lastmod``).
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

SITE_NAME = "The Wend Valley Courier"
SECTIONS = ("world", "business", "sport", "culture", "science")
TAGS = ("climate", "elections", "transport", "health", "education", "housing", "energy", "football")
FIRST_DAY = datetime(2024, 6, 1, 6, 0, tzinfo=timezone.utc)
OFFSITE = "https://partner-wire.example/2024/06/30/partner-story-about-regional-rail-plans"

_SUBJECTS = (
    "Council",
    "Regional rail operator",
    "Hospital trust",
    "University researchers",
    "Harbour board",
    "Local brewery",
    "Youth orchestra",
    "Water company",
    "City museum",
    "Farmers' union",
    "Wend Rovers",
    "Tech start-up",
    "Housing association",
    "Police commissioner",
    "Library service",
)
_VERBS = (
    "unveils plan for",
    "warns over",
    "wins backing for",
    "delays decision on",
    "celebrates",
    "faces questions over",
    "doubles funding for",
    "opens consultation on",
    "reports record",
    "scraps proposal for",
)
_OBJECTS = (
    "riverside housing",
    "night bus routes",
    "solar farm",
    "cup semi-final",
    "winter exhibition",
    "flood defences",
    "school meals",
    "new maternity ward",
    "electric ferries",
    "summer festival",
    "cycle lanes",
    "seed vault",
    "rent controls",
    "apprentice scheme",
    "heritage tram line",
)
_PLACES = ("Northbridge", "Eastmoor", "Wendford", "Castle Hythe", "Ludworth", "Saltmarsh", "Ashby Green")
_FIRST = ("Amira", "Tom", "Priya", "Gareth", "Sofia", "Owen", "Hannah", "Kwame", "Mei", "Declan", "Ruth")
_LAST = ("Okafor", "Lindqvist", "Patel", "Hughes", "Moreau", "Baptiste", "Kowalski", "Reyes", "Doyle")
_SENTENCES = (
    "{name}, who has followed the issue in {place} for years, said the announcement came as a surprise.",
    "The figures published on {weekday} show a rise of {pct} per cent compared with the same period last "
    "year.",
    "Residents at a packed meeting in {place} town hall asked how the £{money}m cost would be met.",
    "Officials said the first phase would begin in {month}, subject to a final vote by the committee.",
    "Opposition members argued that {place} had been overlooked in previous rounds of investment.",
    "A spokesperson for the group said it had received more than {count} responses from the public.",
    '{name} told the Courier: "We have waited a long time for this, and people deserve clear answers."',
    "Critics pointed to a report from {year} which found similar schemes had run over budget.",
    "The plan includes {count} new jobs and a training programme run with the local college.",
    "Campaigners in {place} welcomed the move but said they would keep pressing for a firm timetable.",
    "Independent analysts estimated that the change could save households about £{small} a year.",
    "Work on the site is expected to take {months} months, with road closures announced in advance.",
    "The decision follows a review that examined {count} submissions from businesses and charities.",
    "{name}, a volunteer with a neighbourhood group, said many families had not heard about the proposals.",
    "In a statement, the board said safety and value for money remained its first priorities.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("September", "October", "January", "March", "the spring", "the autumn")


@dataclass
class SiteArticle:
    """One article of the generated site."""

    section: str
    slug: str
    headline: str
    summary: str
    author: str
    published: datetime
    modified: datetime
    tags: tuple[str, ...]
    paragraphs: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        day = self.published
        return f"/{self.section}/{day:%Y/%m/%d}/{self.slug}"


def _slugify(text: str) -> str:
    return "-".join("".join(c for c in word.lower() if c.isalnum()) for word in text.split())


class NewsSite:
    """The site's content; `pages(base)` renders every path to (content type, body)."""

    def __init__(self, count: int = 52, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.articles: list[SiteArticle] = []
        self._used: set[str] = set()
        for _ in range(count):
            self.add_article()

    # --- content ----------------------------------------------------------------------------

    def _paragraph(self) -> str:
        r = self.rng
        sentences = r.sample(_SENTENCES, r.randint(2, 4))
        values = {
            "name": f"{r.choice(_FIRST)} {r.choice(_LAST)}",
            "place": r.choice(_PLACES),
            "weekday": r.choice(_WEEKDAYS),
            "pct": r.randint(3, 48),
            "money": r.randint(2, 90),
            "month": r.choice(_MONTHS),
            "count": r.randint(120, 4800),
            "year": r.randint(2009, 2022),
            "small": r.randint(40, 380),
            "months": r.randint(4, 30),
        }
        return " ".join(s.format(**values) for s in sentences)

    def add_article(self) -> SiteArticle:
        """A new article, published after every existing one."""
        r = self.rng
        while True:
            headline = f"{r.choice(_SUBJECTS)} {r.choice(_VERBS)} {r.choice(_OBJECTS)} in {r.choice(_PLACES)}"
            if headline not in self._used:
                self._used.add(headline)
                break
        published = FIRST_DAY + timedelta(hours=19 * len(self.articles) + r.randint(0, 5))
        article = SiteArticle(
            section=SECTIONS[len(self.articles) % len(SECTIONS)],
            slug=_slugify(headline),
            headline=headline,
            summary=f"{headline.split(' in ')[0]}: what the decision means for {r.choice(_PLACES)}.",
            author=f"{r.choice(_FIRST)} {r.choice(_LAST)}",
            published=published,
            modified=published,
            tags=tuple(r.sample(TAGS, 2)),
            paragraphs=[self._paragraph() for _ in range(r.randint(4, 6))],
        )
        self.articles.append(article)
        return article

    def update_article(self, article: SiteArticle, when: datetime) -> None:
        """Change an article's text and move its dateModified / sitemap lastmod to ``when``."""
        article.paragraphs.append(
            f"Update, {when:%d %B}: {self._paragraph()} This article was amended after publication."
        )
        article.modified = when

    def latest(self, n: int) -> list[SiteArticle]:
        return sorted(self.articles, key=lambda a: a.published, reverse=True)[:n]

    def article_paths(self) -> set[str]:
        return {a.path for a in self.articles}

    # --- pages ------------------------------------------------------------------------------

    def pages(self, base: str) -> dict[str, tuple[str, bytes]]:
        """Every page of the site, rendered for the origin ``base`` (``http://127.0.0.1:PORT``)."""
        html = "text/html; charset=utf-8"
        pages: dict[str, tuple[str, bytes]] = {
            "/robots.txt": (
                "text/plain",
                f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n".encode(),
            ),
            "/": (html, self._home(base).encode()),
            "/about/": (html, self._shell(base, "About us", "<p>We cover the Wend valley.</p>").encode()),
            "/private/drafts/": (html, self._shell(base, "Drafts", "<p>Not for robots.</p>").encode()),
            "/sitemap_index.xml": ("application/xml", self._sitemap_index(base).encode()),
            "/sitemaps/news.xml": ("application/xml", self._news_sitemap(base).encode()),
            "/sitemaps/archive.xml.gz": ("application/x-gzip", gzip.compress(self._archive(base).encode())),
            "/rss.xml": ("application/rss+xml; charset=utf-8", self._rss(base).encode()),
            "/sport/atom.xml": ("application/atom+xml", self._atom(base, "sport").encode()),
        }
        for section in SECTIONS:
            pages[f"/{section}/"] = (html, self._section(base, section).encode())
        for tag in TAGS:
            items = [a for a in self.articles if tag in a.tags]
            pages[f"/tag/{tag}/"] = (html, self._listing(base, f"Tag: {tag}", items).encode())
        for article in self.articles:
            pages[article.path] = (html, self._article(base, article).encode())
        return pages

    def _nav(self) -> str:
        links = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in SECTIONS)
        return (
            '<header class="site-header"><a class="logo" href="/">' + SITE_NAME + "</a>"
            f'<nav class="main-nav"><ul><li><a href="/">Home</a></li>{links}'
            '<li><a href="/about/">About</a></li><li><a href="/private/drafts/">Drafts</a></li></ul></nav>'
            "</header>"
        )

    def _footer(self) -> str:
        return (
            '<footer class="site-footer"><ul><li><a href="/about/">About us</a></li>'
            '<li><a href="https://twitter.com/wendcourier">Twitter</a></li>'
            f'<li><a href="{OFFSITE}">Partner: regional rail plans</a></li></ul>'
            f"<p>&copy; 2024 {SITE_NAME}</p></footer>"
        )

    def _shell(self, base: str, title: str, main: str, head: str = "") -> str:
        return (
            f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)} | '
            f"{SITE_NAME}</title>{head}</head><body>{self._nav()}<main>{main}</main>{self._footer()}"
            "</body></html>"
        )

    def _teaser(self, a: SiteArticle, suffix: str = "") -> str:
        return (
            f'<li class="teaser"><a href="{a.path}{suffix}"><h3>{escape(a.headline)}</h3></a>'
            f"<p>{escape(a.summary)}</p></li>"
        )

    def _tag_links(self) -> str:
        return "".join(f'<a class="tag" href="/tag/{t}/">{t}</a> ' for t in TAGS)

    def _home(self, base: str) -> str:
        head = '<link rel="alternate" type="application/rss+xml" title="Latest" href="/rss.xml">'
        teasers = "".join(
            self._teaser(a, "?utm_source=homepage&utm_medium=promo" if i % 2 else "")
            for i, a in enumerate(self.latest(10))
        )
        main = f"<h1>Latest news</h1><ul>{teasers}</ul><div class=tags>{self._tag_links()}</div>"
        return self._shell(base, "Home", main, head)

    def _listing(self, base: str, title: str, items: list[SiteArticle]) -> str:
        teasers = "".join(self._teaser(a, "#comments" if i % 3 == 0 else "") for i, a in enumerate(items))
        main = f"<h1>{escape(title)}</h1><ul>{teasers}</ul><div class=tags>{self._tag_links()}</div>"
        return self._shell(base, title, main)

    def _section(self, base: str, section: str) -> str:
        items = [a for a in self.articles if a.section == section]
        teasers = "".join(
            self._teaser(a, "?utm_campaign=section&fbclid=abc123" if i % 2 else "")
            for i, a in enumerate(items)
        )
        head = (
            f'<link rel="alternate" type="application/atom+xml" href="/{section}/atom.xml">'
            if section == "sport"
            else ""
        )
        main = (
            f"<h1>{section.title()}</h1><ul>{teasers}</ul><div class=tags>{self._tag_links()}</div>"
            f'<aside><a href="{OFFSITE}">From our partners</a></aside>'
        )
        return self._shell(base, section.title(), main, head)

    def _article(self, base: str, a: SiteArticle) -> str:
        url = base + a.path
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.headline,
            "description": a.summary,
            "datePublished": a.published.isoformat(),
            "dateModified": a.modified.isoformat(),
            "author": [{"@type": "Person", "name": a.author}],
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "articleSection": a.section.title(),
            "keywords": list(a.tags),
            "mainEntityOfPage": url,
        }
        head = (
            f'<meta name="description" content="{escape(a.summary)}">'
            f'<link rel="canonical" href="{url}">'
            f'<meta property="og:type" content="article"><meta property="og:url" content="{url}">'
            f'<meta property="og:title" content="{escape(a.headline)}">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        )
        related = [b for b in self.articles if b.section == a.section and b is not a][:3]
        related_html = "".join(
            f'<li><a href="{b.path}?utm_source=related">{escape(b.headline)}</a></li>' for b in related
        )
        body = "".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
        tags = "".join(f'<li><a href="/tag/{t}/">{t}</a></li>' for t in a.tags)
        main = (
            f'<article class="story"><h1>{escape(a.headline)}</h1>'
            f'<p class="standfirst">{escape(a.summary)}</p>'
            f'<p class="byline">By <a rel="author" href="/author/{_slugify(a.author)}/">{a.author}</a> · '
            f'<time datetime="{a.published.isoformat()}">{a.published:%d %B %Y}</time></p>'
            f'<div class="article-body">{body}</div>'
            f'<ul class="article-tags">{tags}</ul></article>'
            f'<aside class="related"><h2>Related</h2><ul>{related_html}</ul></aside>'
        )
        return self._shell(base, a.headline, main, head)

    def _sitemap_index(self, base: str) -> str:
        newest = max(a.modified for a in self.articles).isoformat()
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<sitemap><loc>{base}/sitemaps/news.xml</loc><lastmod>{newest}</lastmod></sitemap>\n"
            f"<sitemap><loc>{base}/sitemaps/archive.xml.gz</loc><lastmod>{newest}</lastmod></sitemap>\n"
            "</sitemapindex>\n"
        )

    def _news_sitemap(self, base: str) -> str:
        entries = []
        for a in self.latest(20):
            entries.append(
                f"<url><loc>{base}{a.path}</loc><lastmod>{a.modified.isoformat()}</lastmod>"
                "<news:news><news:publication><news:name>"
                f"{SITE_NAME}</news:name><news:language>en</news:language></news:publication>"
                f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
                f"<news:title>{escape(a.headline)}</news:title></news:news></url>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            + "\n".join(entries)
            + "\n</urlset>\n"
        )

    def _archive(self, base: str) -> str:
        older = self.latest(len(self.articles))[20:]
        entries = [
            f"<url><loc>{base}{a.path}</loc><lastmod>{a.modified.isoformat()}</lastmod></url>" for a in older
        ]
        # Not articles: a tag page and another site's page must not be fetched as articles.
        entries.append(f"<url><loc>{base}/tag/climate/</loc></url>")
        entries.append(f"<url><loc>{OFFSITE}</loc></url>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries)
            + "\n</urlset>\n"
        )

    def _rss(self, base: str) -> str:
        items = "".join(
            f"<item><title>{escape(a.headline)}</title>"
            f"<link>{base}{a.path}?utm_source=rss&amp;utm_medium=feed</link>"
            f'<guid isPermaLink="false">{a.slug}</guid>'
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{escape(a.summary)}</description></item>"
            for a in self.latest(15)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{SITE_NAME}</title><link>{base}/</link><description>Latest</description>"
            f"{items}</channel></rss>\n"
        )

    def _atom(self, base: str, section: str) -> str:
        entries = "".join(
            f"<entry><title>{escape(a.headline)}</title>"
            f'<link rel="alternate" href="{base}{a.path}"/><id>{base}{a.path}</id>'
            f"<published>{a.published.isoformat()}</published><updated>{a.modified.isoformat()}</updated>"
            "</entry>"
            for a in self.articles
            if a.section == section
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{SITE_NAME}: {section}</title><id>{base}/{section}/</id>"
            f"<updated>{max(a.modified for a in self.articles).isoformat()}</updated>{entries}</feed>\n"
        )
