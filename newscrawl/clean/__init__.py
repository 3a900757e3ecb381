"""Pure cleaning stages: a `RawArticle` in, a clean `Article` out.

Each stage is a function ``stage(raw, options) -> None`` that fixes one aspect of the raw item in
place and records what it dropped in ``raw.events``. The item pipelines wrap the same functions one
by one, and `clean_article` runs them all, so crawls and library calls give identical items.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict

from newscrawl.clean.authors import clean_authors
from newscrawl.clean.boilerplate import mark_boilerplate
from newscrawl.clean.captions import split_captions
from newscrawl.clean.dates import check_date, parse_date
from newscrawl.clean.options import CleanOptions
from newscrawl.clean.text import join_lines, normalise_line
from newscrawl.clean.urls import canonical_url
from newscrawl.items import Article, RawArticle

__all__ = ["STAGES", "CleanOptions", "assemble", "clean_article"]

Stage = Callable[[RawArticle, CleanOptions], None]


def normalise_text(raw: RawArticle, options: CleanOptions) -> None:
    """Every text field as clean single lines; empty blocks removed."""
    raw.headline = normalise_line(raw.headline) or None
    raw.description = normalise_line(raw.description) or None
    raw.section = normalise_line(raw.section) or None
    raw.publisher = normalise_line(raw.publisher) or None
    raw.datePublishedRaw = normalise_line(raw.datePublishedRaw) or None
    raw.dateModifiedRaw = normalise_line(raw.dateModifiedRaw) or None
    for block in raw.blocks:
        block.text = normalise_line(block.text)
    raw.blocks = [b for b in raw.blocks if b.text]
    raw.keywords = list(dict.fromkeys(k for k in (normalise_line(k) for k in raw.keywords) if k))


def normalise_dates(raw: RawArticle, options: CleanOptions) -> None:
    """ISO dates with offset; implausible ones rejected; modified never before published."""
    for name in ("datePublished", "dateModified"):
        value = parse_date(getattr(raw, name + "Raw"), raw.timezone)
        problem = check_date(value, options)
        if problem:
            raw.events.append(f"dates/rejected_{problem}")
            value = None
        setattr(raw, name, value)
    if raw.datePublished and raw.dateModified and raw.dateModified < raw.datePublished:
        same_kind = ("T" in raw.dateModified) == ("T" in raw.datePublished)
        if same_kind:
            raw.events.append("dates/modified_before_published")
            raw.dateModified = raw.datePublished


def normalise_authors(raw: RawArticle, options: CleanOptions) -> None:
    """Person names only; agency and staff bylines go to ``publisher`` when it is empty."""
    people, agencies = clean_authors(raw.authors)
    raw.authors = people
    if agencies:
        raw.events.append("authors/agency")
        if not raw.publisher:
            raw.publisher = agencies[0]


STAGES: tuple[Stage, ...] = (
    normalise_text,
    mark_boilerplate,
    split_captions,
    normalise_dates,
    normalise_authors,
)


def body_text(raw: RawArticle, options: CleanOptions) -> str:
    """The article body: story blocks only (drop mode) or every block (keep mode)."""
    if options.boilerplate == "keep":
        return join_lines([b.text for b in raw.blocks])
    return join_lines([b.text for b in raw.blocks if b.boilerplate is None and b.kind != "caption"])


def fingerprint(body: str) -> str:
    """A stable hash of the clean body (SHA-256, hex, first 32 characters)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def assemble(raw: RawArticle, options: CleanOptions) -> Article:
    """Build the exported `Article` from a cleaned `RawArticle`."""
    body = body_text(raw, options)
    return Article(
        url=raw.url,
        canonicalUrl=canonical_url(raw.url, raw.canonicalUrl),
        headline=raw.headline,
        description=raw.description,
        articleBody=body,
        authors=list(raw.authors),
        datePublished=raw.datePublished,
        datePublishedRaw=raw.datePublishedRaw,
        dateModified=raw.dateModified,
        dateModifiedRaw=raw.dateModifiedRaw,
        inLanguage=raw.inLanguage,
        section=raw.section,
        keywords=list(raw.keywords),
        images=[asdict(image) for image in raw.images],
        isAccessibleForFree=raw.isAccessibleForFree,
        publisher=raw.publisher,
        dateDownloaded=raw.dateDownloaded,
        fingerprint=fingerprint(body),
    )


def clean_article(raw: RawArticle, options: CleanOptions | None = None) -> Article:
    """Run every cleaning stage on ``raw`` and assemble the `Article`."""
    options = options or CleanOptions()
    for stage in STAGES:
        stage(raw, options)
    return assemble(raw, options)
