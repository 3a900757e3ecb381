"""newscrawl: clean, structured news articles from news sites, as a Scrapy project and a library.

The library call runs the same extraction and cleaning as a crawl::

    from newscrawl import extract_article
    article = extract_article(html_bytes, "https://example.com/news/2024/01/01/story")

`extract_page` is the unit of work behind it (a crawl's extraction workers call exactly it): it returns an
`Extraction` with the article, whether the page is an article, the site profile used and the events
of extraction and cleaning.
"""

from __future__ import annotations

from newscrawl.article import extract_article, extract_page
from newscrawl.extract import ExtractionError
from newscrawl.items import Article, Block, Extraction, Image, RawArticle
from newscrawl.options import ExtractOptions

__all__ = [
    "Article",
    "Block",
    "ExtractOptions",
    "Extraction",
    "ExtractionError",
    "Image",
    "RawArticle",
    "extract_article",
    "extract_page",
]
