"""Item classes: the raw fields extraction finds, the clean `Article` that is exported, the result.

`RawArticle` is what the pure extraction layer returns for one page: text as found, every visible
text block of the article with the structural verdict of the extractor, dates and authors as the page
wrote them. The cleaning stages (``newscrawl.clean``) turn it into an `Article`, whose field names
follow schema.org / zyte-common-items so consumers recognise them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Image:
    """One editorial image of the article."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Article:
    """A clean news article: the item newscrawl exports, one JSON line each."""

    url: str
    canonicalUrl: str | None = None
    headline: str | None = None
    description: str | None = None
    articleBody: str | None = None
    authors: list[str] = field(default_factory=list)
    datePublished: str | None = None
    datePublishedRaw: str | None = None
    dateModified: str | None = None
    dateModifiedRaw: str | None = None
    inLanguage: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    isAccessibleForFree: bool | None = None
    publisher: str | None = None
    dateDownloaded: str | None = None
    fingerprint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The article as a plain dict: the JSON object a feed line holds."""
        return asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        """The article as one JSON line (non-ASCII characters kept as they are)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


# Kinds of text block the extractor reports.
BLOCK_KINDS = ("p", "h", "li", "quote", "pre", "caption", "other")


@dataclass
class Block:
    """One visible text block of the article area, in reading order.

    ``boilerplate`` is None for story text, otherwise a short reason (``"video-fallback"``,
    ``"promo"``, ``"related"`` ...) found from structure (element, class/id, link density) by the
    extractor or from phrase lists by the boilerplate stage.
    """

    text: str
    kind: str = "p"
    boilerplate: str | None = None


@dataclass
class RawArticle:
    """Raw fields of one article page, as the extraction layer found them (before cleaning)."""

    url: str
    canonicalUrl: str | None = None
    headline: str | None = None
    description: str | None = None
    blocks: list[Block] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    datePublishedRaw: str | None = None
    dateModifiedRaw: str | None = None
    # Filled by the date stage (ISO 8601).
    datePublished: str | None = None
    dateModified: str | None = None
    inLanguage: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    isAccessibleForFree: bool | None = None
    publisher: str | None = None
    dateDownloaded: str | None = None
    # Whether the page declares itself an article (JSON-LD / og:type) or reads like one.
    isArticle: bool = False
    # Which site profile (name@version) produced the fields, None for the generic engine.
    profile: str | None = None
    # IANA time zone of the site, for dates printed without an offset.
    timezone: str | None = None
    # A site profile's boilerplate phrases: (regular expression, reason) pairs.
    sitePhrases: list[tuple[str, str]] = field(default_factory=list)
    # Things extraction and cleaning dropped or fixed, as stat names ("dates/rejected_future", ...).
    events: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    """What one library call (`newscrawl.extract_page`) made of a page: the article and what happened to it.

    ``events`` counts, by reason, what extraction and cleaning dropped or fixed ("text/empty_block",
    "boilerplate/promo", "dates/rejected_future", "profile/failed" ...); a crawl counts each as the
    stat ``newscrawl/<event>``. Picklable: it crosses the pipe from an extraction worker.
    """

    article: Article
    # Whether the page is an article page (it declares one, or a headline and enough story text).
    is_article: bool
    # The site profile (name@version) that refined the fields, None for the generic engine only.
    profile: str | None = None
    events: dict[str, int] = field(default_factory=dict)


@dataclass
class Rejected:
    """An article page that did not make a valid article: written to the rejects feed."""

    url: str
    reason: str
    headline: str | None = None
    bodyChars: int = 0
