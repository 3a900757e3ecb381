"""Pure cleaning stages: a `RawArticle` in, a clean `Article` out.

Each stage is a function ``stage(raw, options) -> None`` that fixes one aspect of the raw item in
place and records what it dropped in ``raw.events``. `clean_article` runs them all and assembles the
`Article`; the library call (`newscrawl.article.extract`) is its one caller in a crawl and outside one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from newscrawl.clean.authors import clean_authors
from newscrawl.clean.boilerplate import mark_boilerplate
from newscrawl.clean.captions import split_captions
from newscrawl.clean.language import check_language
from newscrawl.clean.text import join_lines, normalise_line
from newscrawl.clean.urls import canonical_url
from newscrawl.dates import as_datetime, check_date, iso_date, modified_before_published
from newscrawl.items import Article, RawArticle
from newscrawl.options import ExtractOptions

__all__ = ["STAGES", "assemble", "clean_article"]

Stage = Callable[[RawArticle, ExtractOptions], None]

# The boilerplate reason the body engine gives a block that repeats the headline.
HEADLINE_REPEAT = "headline"

_KEYWORD_SEPARATORS = re.compile(r"\s*[,;，、；]\s*")


def _first_text(value: object) -> str | None:
    """A text field as one string, whatever shape the page's metadata gave it (list, dict, number)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _first_text(value.get("name") or value.get("@value"))
    if isinstance(value, (list, tuple)):
        return next((t for t in (_first_text(v) for v in value) if t and t.strip()), None)
    return str(value)


def _texts(value: object) -> list[str]:
    """A list field as a list of strings (a single string or dict becomes a one-item list)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return [t for t in (_first_text(v) for v in values) if t]


def _split_keywords(values: list[str]) -> list[str]:
    """Keywords as single clean strings; one comma-separated string becomes a list."""
    cleaned = [normalise_line(k) for k in _texts(values)]
    if len(cleaned) == 1:
        cleaned = [normalise_line(k) for k in _KEYWORD_SEPARATORS.split(cleaned[0])]
    return list(dict.fromkeys(k for k in cleaned if k))


def normalise_text(raw: RawArticle, options: ExtractOptions) -> None:
    """Every text field as clean single lines; empty blocks removed (see `newscrawl.clean.text`)."""
    raw.headline = normalise_line(_first_text(raw.headline)) or None
    raw.description = normalise_line(_first_text(raw.description)) or None
    raw.section = normalise_line(_first_text(raw.section)) or None
    raw.publisher = normalise_line(_first_text(raw.publisher)) or None
    raw.inLanguage = normalise_line(_first_text(raw.inLanguage)) or None
    raw.canonicalUrl = normalise_line(_first_text(raw.canonicalUrl)) or None
    raw.datePublishedRaw = normalise_line(_first_text(raw.datePublishedRaw)) or None
    raw.dateModifiedRaw = normalise_line(_first_text(raw.dateModifiedRaw)) or None
    blocks = len(raw.blocks)
    for block in raw.blocks:
        block.text = normalise_line(block.text)
    raw.blocks = [b for b in raw.blocks if b.text]
    raw.events.extend(["text/empty_block"] * (blocks - len(raw.blocks)))
    raw.keywords = _split_keywords(raw.keywords)
    raw.authors = [a for a in (normalise_line(a) for a in _texts(raw.authors)) if a]
    for image in raw.images:
        image.caption = normalise_line(_first_text(image.caption)) or None
        image.credit = normalise_line(_first_text(image.credit)) or None


def _reference_time(raw: RawArticle, options: ExtractOptions) -> datetime:
    """The reference for the future check: when the page was downloaded, else the options' clock."""
    if raw.dateDownloaded:
        try:
            return as_datetime(raw.dateDownloaded)
        except ValueError:
            pass
    return options.now


def normalise_dates(raw: RawArticle, options: ExtractOptions) -> None:
    """ISO dates with offset; unparseable or implausible ones dropped and counted; modified >= published."""
    now = _reference_time(raw, options)
    language = re.split(r"[-_]", raw.inLanguage or "")[0].lower() or None  # as declared: checked later
    for name in ("datePublished", "dateModified"):
        text = _first_text(getattr(raw, name + "Raw"))
        setattr(raw, name + "Raw", text)
        value = iso_date(text, raw.timezone, language)
        if text and value is None:
            raw.events.append("dates/unparseable")
        problem = check_date(value, options, now)
        if problem:
            raw.events.append(f"dates/rejected_{problem}")
            value = None
        setattr(raw, name, value)
    if (
        raw.datePublished
        and raw.dateModified
        and modified_before_published(raw.datePublished, raw.dateModified)
    ):
        raw.events.append("dates/modified_before_published")
        raw.dateModified = raw.datePublished


def normalise_authors(raw: RawArticle, options: ExtractOptions) -> None:
    """The people and agencies the byline credits; an agency byline also goes to ``publisher``.

    Agency copy (agencies but no person in the byline) is published under the agency's name; when
    people wrote it with agency help, the site stays the publisher (the agency is used only when the
    page names no publisher).
    """
    before = len(raw.authors)
    authors, agencies = clean_authors(raw.authors)
    raw.authors = authors
    people = [a for a in authors if a not in agencies]
    if agencies:
        raw.events.append("authors/agency")
        if not people or not raw.publisher:
            raw.publisher = agencies[0]
    if before and not authors:
        raw.events.append("authors/none_left")


STAGES: tuple[Stage, ...] = (
    normalise_text,
    mark_boilerplate,
    split_captions,
    normalise_dates,
    normalise_authors,
    check_language,
)


def body_text(raw: RawArticle, options: ExtractOptions) -> str:
    """The article body: story blocks only (drop mode) or every block (keep mode).

    Drop mode leaves out blocks flagged as boilerplate and captions (which live in ``images``).
    Keep mode leaves out only a repeat of the headline, which has its own field.
    """
    if options.boilerplate == "keep":
        return join_lines([b.text for b in raw.blocks if b.boilerplate != HEADLINE_REPEAT])
    return join_lines([b.text for b in raw.blocks if b.boilerplate is None and b.kind != "caption"])


def fingerprint(body: str) -> str:
    """A stable hash of the clean body (SHA-256, hex, first 32 characters)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def assemble(raw: RawArticle, options: ExtractOptions) -> Article:
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


def clean_article(raw: RawArticle, options: ExtractOptions | None = None) -> Article:
    """Run every cleaning stage on ``raw`` and assemble the `Article`."""
    options = options or ExtractOptions()
    for stage in STAGES:
        stage(raw, options)
    return assemble(raw, options)
