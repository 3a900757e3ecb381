"""newscrawl: clean, structured news articles from news sites, as a Scrapy project and a library.

The library call `extract_article` runs the same extraction and cleaning as a crawl::

    from newscrawl import extract_article
    article = extract_article(html_bytes, "https://example.com/news/2024/01/01/story")
"""

from __future__ import annotations

from datetime import date, datetime

from newscrawl.clean import clean_article
from newscrawl.extract import ExtractionError, extract_raw
from newscrawl.items import Article, Block, Image, RawArticle
from newscrawl.options import BoilerplateMode, ExtractOptions

__all__ = ["Article", "Block", "ExtractOptions", "ExtractionError", "Image", "RawArticle", "extract_article"]


def extract_article(
    html: str | bytes,
    url: str,
    *,
    boilerplate: BoilerplateMode = "drop",
    use_profiles: bool = True,
    now: datetime | None = None,
    saved: date | datetime | str | None = None,
) -> Article:
    """Extract and clean one article page.

    ``boilerplate="keep"`` keeps every visible text block of the article in reading order.
    ``use_profiles=False`` skips site profiles (generic engine only). Raises `ExtractionError`
    when the input is not an HTML document. ``saved`` (when the page was fetched) picks the site
    profile's parser version for that date (the newest when None).
    """
    raw = extract_raw(html, url, use_profiles=use_profiles, saved=saved)
    if now:
        options = ExtractOptions(boilerplate=boilerplate, now=now)
    else:
        options = ExtractOptions(boilerplate=boilerplate)
    return clean_article(raw, options)
