"""Pure extraction: one HTML page and its URL in, the raw fields of an article out.

`read_page` parses a page once into a `Page` (tree, metas, JSON-LD article node, canonical links,
the "declares an article" verdict); `extract_generic` reads every field from it with no site
knowledge. Nothing here imports Scrapy, the site profiles or the cleaning stages: the layers above
(``newscrawl.sites``, ``newscrawl.article``) build on it.
"""

from __future__ import annotations

from newscrawl.extract.generic import extract_generic
from newscrawl.extract.htmlparse import ExtractionError, parse_html
from newscrawl.extract.page import Page, page_from_tree, read_page

__all__ = ["ExtractionError", "Page", "extract_generic", "page_from_tree", "parse_html", "read_page"]
