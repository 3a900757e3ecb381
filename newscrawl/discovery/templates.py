"""URL templates a crawl learns per site: which link shapes turned out to be articles.

A site names its articles one way (``/news/articles/{id}``, ``/story/{num}/{slug}``,
``/politik/{slug-num}.html``). Once the page check has judged a few fetched pages of one shape,
links of that shape need no guess: `TemplateBook.verdict` promotes an ``unknown`` link whose shape was
an article every time, and demotes one whose shape never was. The book is plain counts, so the crawl
can keep it in its state store and start the next run with what this one learnt.

Two keys per URL: the *template* keeps single-word segments as written (``/sport/{slug}``), the
*shape* abstracts them too (``/{w}/{slug}``); the template decides when it has enough evidence,
the shape otherwise (a new section of a site whose article shape is known).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from newscrawl.discovery.urls import (
    ARTICLE,
    NOT_ARTICLE,
    UNKNOWN,
    UrlVerdict,
    classify_url,
    is_opaque_id,
    registered_domain,
    segments_of,
    slug_words,
)

# Evidence needed before a shape decides: this many pages, nearly all of one kind.
MIN_EVIDENCE = 2
MIN_SHARE = 0.8
# A shape the URL rules call an article is demoted only on stronger evidence.
MIN_EVIDENCE_AGAINST_RULES = 5
_EXTENSION = re.compile(r"(\.(?:s?html?|php\d?|aspx?|jsp|cms|ece|cfm))$", re.I)
_NUMBER = re.compile(r"\d+")
_LONG_NUMBER = re.compile(r"\d{5,}")


def _segment_class(segment: str, keep_words: bool) -> str:
    match = _EXTENSION.search(segment)
    extension = match.group(1).lower() if match else ""
    stem = segment[: len(segment) - len(extension)]
    if stem.isdigit():
        token = "{num}"
    elif is_opaque_id(segment):
        token = "{id}"
    elif slug_words(segment) >= 2:
        token = "{slug-num}" if _LONG_NUMBER.search(stem) else "{slug}"
    elif _NUMBER.search(stem):
        token = "{word-num}"
    else:
        token = stem.lower() if keep_words else "{w}"
    return token + extension


def url_keys(url: str) -> tuple[str, str]:
    """``(template, shape)`` of a URL's path and id-carrying query keys."""
    parts = urlsplit(url)
    segments = segments_of(parts.path or "/")
    query = sorted(
        key.lower() for key, value in parse_qsl(parts.query, keep_blank_values=True) if _NUMBER.search(value)
    )
    tail = "?" + "&".join(f"{key}={{v}}" for key in query) if query else ""
    template = "/" + "/".join(_segment_class(s, True) for s in segments) + tail
    shape = "/" + "/".join(_segment_class(s, False) for s in segments) + tail
    return template, shape


@dataclass
class Counts:
    """Pages of one template the page check judged: articles and others."""

    articles: int = 0
    others: int = 0

    def lean(self, minimum: int) -> str | None:
        total = self.articles + self.others
        if total < minimum:
            return None
        if self.articles >= MIN_SHARE * total:
            return ARTICLE
        if self.others >= MIN_SHARE * total:
            return NOT_ARTICLE
        return None


Row = tuple[str, str, int, int]


class TemplateBook:
    """Per site, per template and shape: how many fetched pages were articles and how many not.

    ``loader`` (optional) gives a site's rows from a store the first time the site comes up, so a
    crawl reads only what earlier runs learnt about the sites it meets.
    """

    def __init__(self, loader: Callable[[str], Iterable[Row]] | None = None) -> None:
        self.counts: dict[tuple[str, str], Counts] = {}
        self.changed: set[tuple[str, str]] = set()
        self.loader = loader
        self.sites: set[str] = set()
        self.learnt_sites: set[str] = set()  # sites with counts (learnt now or loaded)

    def site_of(self, url: str) -> str:
        """The URL's site (registered domain), its learnt rows loaded on first sight."""
        site = registered_domain(urlsplit(url).hostname or "")
        if site not in self.sites:
            self.sites.add(site)
            if self.loader is not None:
                self.load(self.loader(site))
        return site

    def learn(self, url: str, is_article: bool) -> bool:
        """Record the page check's verdict on a fetched page; True when it changed what a template or
        shape of the site leans to (links of that shape may now have another verdict)."""
        site = self.site_of(url)
        changed = False
        for key in dict.fromkeys(url_keys(url)):
            counts = self.counts.setdefault((site, key), Counts())
            before = counts.lean(MIN_EVIDENCE)
            if is_article:
                counts.articles += 1
            else:
                counts.others += 1
            self.changed.add((site, key))
            changed = changed or counts.lean(MIN_EVIDENCE) != before
        self.learnt_sites.add(site)
        return changed

    def lean(self, url: str, minimum: int = MIN_EVIDENCE) -> str | None:
        """What the learnt counts say of a URL's shape (article / not_article), or None."""
        site = self.site_of(url)
        template, shape = url_keys(url)
        for key in (template, shape):
            counts = self.counts.get((site, key))
            if counts is not None:
                verdict = counts.lean(minimum)
                if verdict is not None:
                    return verdict
        return None

    def verdict(self, url: str) -> UrlVerdict:
        """The URL rules' verdict, refined by what the crawl learnt about the site's shapes.

        Only sites with something learnt cost more than the rules' (cached) verdict.
        """
        ruled = classify_url(url)
        if ruled.verdict == NOT_ARTICLE or self.site_of(url) not in self.learnt_sites:
            return ruled
        if ruled.verdict == UNKNOWN:
            learnt = self.lean(url)
            if learnt is not None:
                return UrlVerdict(learnt, "learnt")
        elif self.lean(url, MIN_EVIDENCE_AGAINST_RULES) == NOT_ARTICLE:
            return UrlVerdict(NOT_ARTICLE, "learnt")
        return ruled

    # --- persistence: plain rows, for whatever store the crawl keeps its state in ---------------

    def rows(self, only_changed: bool = False) -> Iterator[Row]:
        """``(site, key, articles, others)`` rows (all, or those changed since the last call)."""
        keys: Iterable[tuple[str, str]] = sorted(self.changed) if only_changed else sorted(self.counts)
        for site, key in keys:
            counts = self.counts[(site, key)]
            yield site, key, counts.articles, counts.others
        if only_changed:
            self.changed.clear()

    def load(self, rows: Iterable[Row]) -> None:
        """Add counts read back from a store (a previous run's)."""
        for site, key, articles, others in rows:
            self.learnt_sites.add(site)
            counts = self.counts.setdefault((site, key), Counts())
            counts.articles += int(articles)
            counts.others += int(others)
