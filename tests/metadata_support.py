"""Helpers for the metadata tests: build a small page and run the metadata extractor on it."""

from __future__ import annotations

import json
from typing import Any

from newscrawl.extract import read_page
from newscrawl.extract.metadata import extract_metadata

URL = "https://www.example-news.com/world/2024/03/05/storm-hits-coast"


def page(head: str = "", body: str = "", *, lang: str | None = "en") -> str:
    """A minimal HTML document with the given head and body markup."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    )


def ld(data: Any) -> str:
    """A JSON-LD script element for ``data`` (a string is used verbatim, for broken JSON)."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f'<script type="application/ld+json">{text}</script>'


def meta(key: str, content: str, attribute: str = "name") -> str:
    """One meta tag."""
    return f'<meta {attribute}="{key}" content="{content}">'


def og(key: str, content: str) -> str:
    """One OpenGraph-style meta tag (``property=``)."""
    return meta(key, content, "property")


def extract(html: str, url: str = URL) -> dict[str, Any]:
    """The metadata dict of a page."""
    page = read_page(html, url)
    found = extract_metadata(page)
    found["declaresArticle"] = page.declares_article  # the Page's verdict
    return found
