"""The generated news site of the crawl tests, and the mock server that serves it.

"The Wend Valley Courier": articles in five sections, each a realistic page (JSON-LD NewsArticle,
standfirst, byline, 4-6 paragraphs of varied text), written with `tests.pagebuilder`. With
``discovery=True`` (the default, 52 articles) it is a site to discover articles in: a sitemap index
pointing at a news sitemap and a gzipped archive sitemap, an RSS feed and an Atom feed, tag pages,
robots.txt listing the sitemap index and disallowing ``/private/``; links carry tracking parameters
and fragments, pages link to tag pages and to other sites, so a crawler has to tell articles from
everything else. With ``discovery=False`` it is only a home page linking the sections, section fronts
linking their own articles and nothing else, and articles, with no robots.txt, sitemap, feed or trap:
what the distributed crawls (thousands of articles, one level of sections) follow.

The site can gain articles and change existing ones between runs (with a moved ``dateModified`` and
sitemap ``lastmod``). `SiteServer` is a `MockServer` that renders the site's pages when asked, so a
change shows at once; pages a test adds go into its route table.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import escape

from tests import pagebuilder as pb
from tests.mockserver import HTML, Exchange, MockServer, Response, Route, delayed

SITE_NAME = "The Wend Valley Courier"
SECTIONS = ("world", "business", "sport", "culture", "science")
TAGS = ("climate", "elections", "transport", "health", "education", "housing", "energy", "football")
FIRST_DAY = datetime(2024, 6, 1, 6, 0, tzinfo=timezone.utc)
# Articles appear 19 hours apart; closer together on big sites, so that none is dated in the future.
EVERY = timedelta(hours=19)
SPAN = timedelta(days=400)
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
_XML = "application/xml"


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
    """The site's content; `page(path, base)` renders one page for the origin ``base``."""

    def __init__(self, count: int = 52, seed: int = 7, *, discovery: bool = True) -> None:
        self.rng = random.Random(seed)
        self.discovery = discovery
        self.every = min(EVERY, SPAN / max(count, 1))
        self.articles: list[SiteArticle] = []
        self._index: tuple[int, int, dict[str, SiteArticle]] = (0, 0, {})
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

    def _headline(self) -> str:
        r = self.rng
        for _ in range(100):
            headline = f"{r.choice(_SUBJECTS)} {r.choice(_VERBS)} {r.choice(_OBJECTS)} in {r.choice(_PLACES)}"
            if headline not in self._used:
                break
        else:  # a big site ran out of combinations: number it
            headline = f"{headline} ({len(self.articles)})"
        self._used.add(headline)
        return headline

    def add_article(self) -> SiteArticle:
        """A new article, published after every existing one."""
        r = self.rng
        headline = self._headline()
        published = FIRST_DAY + self.every * len(self.articles) + timedelta(hours=r.randint(0, 5))
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

    def update_article(self, article: SiteArticle, when: datetime | None = None) -> SiteArticle:
        """Change an article's text and move its dateModified / sitemap lastmod (an hour on by default)."""
        when = when or article.modified + timedelta(hours=1)
        article.paragraphs.append(
            f"Update, {when:%d %B}: {self._paragraph()} This article was amended after publication."
        )
        article.modified = when
        return article

    def latest(self, n: int) -> list[SiteArticle]:
        return sorted(self.articles, key=lambda a: a.published, reverse=True)[:n]

    def article_paths(self) -> set[str]:
        return set(self._by_path())

    def article(self, path: str) -> SiteArticle | None:
        return self._by_path().get(path)

    def _by_path(self) -> dict[str, SiteArticle]:
        """Path -> article, rebuilt when ``articles`` grew or was replaced (a test may swap it)."""
        key = (id(self.articles), len(self.articles))
        if self._index[:2] != key:
            self._index = (*key, {a.path: a for a in self.articles})
        return self._index[2]

    # --- pages ------------------------------------------------------------------------------

    def page(self, path: str, base: str) -> tuple[str, bytes] | None:
        """The page at ``path`` as (content type, body), rendered for ``base`` (``http://127.0.0.1:PORT``)."""
        article = self.article(path)
        if article is not None:
            return HTML, self._article(base, article).encode()
        render = self.renderers().get(path)
        return render(base) if render else None

    def renderers(self) -> dict[str, Callable[[str], tuple[str, bytes]]]:
        """Every page but the articles: path -> renderer for a base (a subclass may leave some out)."""

        def html(render: Callable[[str], str]) -> Callable[[str], tuple[str, bytes]]:
            return lambda base: (HTML, render(base).encode())

        pages = {"/": html(self._home)}
        for section in SECTIONS:
            pages[f"/{section}/"] = html(lambda base, s=section: self._section(base, s))
        if not self.discovery:
            return pages
        pages.update(
            {
                "/robots.txt": lambda base: (
                    "text/plain",
                    pb.robots_txt(disallow=["/private/"], sitemaps=[f"{base}/sitemap_index.xml"]).encode(),
                ),
                "/about/": html(lambda base: self._shell("About us", "<p>We cover the Wend valley.</p>")),
                "/private/drafts/": html(lambda base: self._shell("Drafts", "<p>Not for robots.</p>")),
                "/sitemap_index.xml": lambda base: (_XML, self._sitemap_index(base).encode()),
                "/sitemaps/news.xml": lambda base: (_XML, self._news_sitemap(base).encode()),
                "/sitemaps/archive.xml.gz": lambda base: (
                    "application/x-gzip",
                    gzip.compress(self._archive(base).encode()),
                ),
                "/rss.xml": lambda base: ("application/rss+xml; charset=utf-8", self._rss(base).encode()),
                "/sport/atom.xml": lambda base: ("application/atom+xml", self._atom(base, "sport").encode()),
            }
        )
        for tag in TAGS:
            items = [a for a in self.articles if tag in a.tags]
            pages[f"/tag/{tag}/"] = html(lambda base, t=tag, i=items: self._listing(f"Tag: {t}", i))
        return pages

    def _nav(self) -> str:
        links = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in SECTIONS)
        extra = '<li><a href="/about/">About</a></li><li><a href="/private/drafts/">Drafts</a></li>'
        return (
            f'<header class="site-header"><a class="logo" href="/">{SITE_NAME}</a>'
            f'<nav class="main-nav"><ul><li><a href="/">Home</a></li>{links}'
            f"{extra if self.discovery else ''}</ul></nav></header>"
        )

    def _footer(self) -> str:
        links = (
            '<ul><li><a href="/about/">About us</a></li>'
            '<li><a href="https://twitter.com/wendcourier">Twitter</a></li>'
            f'<li><a href="{OFFSITE}">Partner: regional rail plans</a></li></ul>'
        )
        notice = f"<p>&copy; 2024 {SITE_NAME}</p>"
        return f'<footer class="site-footer">{links if self.discovery else ""}{notice}</footer>'

    def _shell(self, title: str, main: str) -> str:
        return pb.document(
            pb.head(f"{title} | {SITE_NAME}"), f"{self._nav()}<main>{main}</main>{self._footer()}"
        )

    def _teasers(self, items: list[SiteArticle], suffix: Callable[[int], str]) -> str:
        return "".join(
            pb.teaser(a.path + (suffix(i) if self.discovery else ""), a.headline, summary=a.summary)
            for i, a in enumerate(items)
        )

    def _tag_links(self) -> str:
        if not self.discovery:
            return ""
        return (
            "<div class=tags>" + "".join(f'<a class="tag" href="/tag/{t}/">{t}</a> ' for t in TAGS) + "</div>"
        )

    def _front(self, title: str, teasers: str, *, head: str = "", after: str = "", nav: bool = True) -> str:
        return pb.section_page(
            title,
            teasers,
            site_name=SITE_NAME,
            head_extra_html=head,
            header_html=self._nav() if nav else "",
            after_list_html=self._tag_links() + after,
            footer_html=self._footer(),
        )

    def _home(self, base: str) -> str:
        feed = '<link rel="alternate" type="application/rss+xml" title="Latest" href="/rss.xml">'
        teasers = self._teasers(
            self.latest(10), lambda i: "?utm_source=homepage&utm_medium=promo" if i % 2 else ""
        )
        return self._front("Latest news", teasers, head=feed if self.discovery else "")

    def _listing(self, title: str, items: list[SiteArticle]) -> str:
        return self._front(title, self._teasers(items, lambda i: "#comments" if i % 3 == 0 else ""))

    def _section(self, base: str, section: str) -> str:
        items = [a for a in self.articles if a.section == section]
        teasers = self._teasers(items, lambda i: "?utm_campaign=section&fbclid=abc123" if i % 2 else "")
        if not self.discovery:  # its own articles only: a crawl started here stays in the section
            return self._front(section.title(), teasers, nav=False)
        atom = f'<link rel="alternate" type="application/atom+xml" href="/{section}/atom.xml">'
        partners = f'<aside><a href="{OFFSITE}">From our partners</a></aside>'
        return self._front(section.title(), teasers, head=atom if section == "sport" else "", after=partners)

    def _article(self, base: str, a: SiteArticle) -> str:
        url = base + a.path
        ld = pb.news_article_ld(
            a.headline,
            url=url,
            description=a.summary,
            published=a.published.isoformat(),
            modified=a.modified.isoformat(),
            authors=[a.author],
            section=a.section.title(),
            keywords=a.tags,
            publisher=SITE_NAME,
        )
        byline = pb.byline(
            a.author,
            author_url=f"/author/{_slugify(a.author)}/",
            time_html=pb.time_tag(a.published.isoformat(), f"{a.published:%d %B %Y}"),
        )
        tags, related = "", ""
        if self.discovery:
            tag_items = "".join(f'<li><a href="/tag/{t}/">{t}</a></li>' for t in a.tags)
            tags = f'<ul class="article-tags">{tag_items}</ul>'
            others = [b for b in self.articles if b.section == a.section and b is not a][:3]
            related_items = "".join(
                f'<li><a href="{b.path}?utm_source=related">{escape(b.headline)}</a></li>' for b in others
            )
            related = f'<aside class="related"><h2>Related</h2><ul>{related_items}</ul></aside>'
        return pb.article_page(
            a.headline,
            site_name=SITE_NAME,
            body_html=pb.paragraphs(a.paragraphs),
            url=url,
            description=a.summary,
            standfirst=True,
            byline_html=byline,
            ld=ld,
            header_html=self._nav(),
            footer_html=self._footer(),
            article_class="story",
            body_class="article-body",
            after_body_html=tags,
            after_article_html=related,
        )

    def _sitemap_index(self, base: str) -> str:
        newest = max(a.modified for a in self.articles).isoformat()
        return pb.sitemap_index(
            [(f"{base}/sitemaps/news.xml", newest), (f"{base}/sitemaps/archive.xml.gz", newest)]
        )

    def _news_sitemap(self, base: str) -> str:
        return pb.urlset(
            [
                pb.SitemapEntry(
                    base + a.path,
                    lastmod=a.modified.isoformat(),
                    news_title=a.headline,
                    news_published=a.published.isoformat(),
                    news_name=SITE_NAME,
                )
                for a in self.latest(20)
            ]
        )

    def _archive(self, base: str) -> str:
        older = self.latest(len(self.articles))[20:]
        entries = [pb.SitemapEntry(base + a.path, lastmod=a.modified.isoformat()) for a in older]
        # Not articles: a tag page and another site's page must not be fetched as articles.
        entries += [pb.SitemapEntry(f"{base}/tag/climate/"), pb.SitemapEntry(OFFSITE)]
        return pb.urlset(entries)

    def _rss(self, base: str) -> str:
        items = [
            pb.FeedItem(
                a.headline,
                f"{base}{a.path}?utm_source=rss&utm_medium=feed",
                a.published,
                guid=a.slug,
                description=a.summary,
            )
            for a in self.latest(15)
        ]
        return pb.rss_feed(SITE_NAME, f"{base}/", items, description="Latest")

    def _atom(self, base: str, section: str) -> str:
        entries = [
            pb.FeedItem(a.headline, base + a.path, a.published, updated=a.modified)
            for a in self.articles
            if a.section == section
        ]
        updated = max(a.modified for a in self.articles)
        return pb.atom_feed(f"{SITE_NAME}: {section}", f"{base}/{section}/", updated, entries)


class SiteServer(MockServer):
    """A `MockServer` for a `NewsSite`: the site's pages come from the site itself, as it is now.

    ``routes`` holds pages a test adds (hostile documents, listings); ``article_delay`` slows every
    article answer down (to stop a crawl midway).
    """

    def __init__(self, site: NewsSite) -> None:
        super().__init__(fallback=self._site_page)
        self.site = site
        self.article_delay = 0.0

    def _site_page(self, exchange: Exchange) -> Route | None:
        found = self.site.page(exchange.path, self.base)
        if found is None:
            return None
        content_type, body = found
        page = Response(body, content_type=content_type)
        if self.article_delay and self.site.article(exchange.path) is not None:
            return delayed(self.article_delay, page)
        return page

    def article_requests(self) -> list[str]:
        """Paths of the article requests, in arrival order (repeats included)."""
        return [p for p in self.paths_requested() if self.site.article(p) is not None]


@contextmanager
def serve(site: NewsSite | None = None) -> Iterator[SiteServer]:
    """A running server for ``site`` (a fresh 52-article site by default)."""
    with SiteServer(site or NewsSite()) as server:
        yield server
