"""Article metadata from the page's structured data, meta tags and visible markup (first version)."""

from __future__ import annotations

import json
from typing import Any

from lxml import etree


def _meta(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for el in root.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]", n=name):
            content = (el.get("content") or "").strip()
            if content:
                return content
    return None


def _jsonld_article(root: etree._Element) -> dict:
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if not isinstance(node, dict):
                continue
            stack.extend(node.get("@graph", []) if isinstance(node.get("@graph"), list) else [])
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith(("Article", "BlogPosting")) for k in kinds):
                return node
    return {}


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for v in value for name in _names(v)]
    return []


def extract_metadata(root: etree._Element, url: str) -> dict[str, Any]:
    """Metadata fields of a page, keyed by `RawArticle` field names.

    Besides those fields: ``declaresArticle`` (JSON-LD or og:type says article) and ``jsonldBody``
    (the JSON-LD ``articleBody`` text, when the page has one) as hints for the body engine.
    """
    ld = _jsonld_article(root)
    h1 = root.xpath("string(//h1)").strip()
    og_type = (_meta(root, "og:type") or "").lower()
    author = _meta(root, "author")
    return {
        "canonicalUrl": root.xpath("string(//link[@rel='canonical']/@href)") or None,
        "headline": ld.get("headline") or _meta(root, "og:title") or h1 or None,
        "description": ld.get("description") or _meta(root, "og:description", "description"),
        "authors": _names(ld.get("author")) or ([author] if author else []),
        "datePublishedRaw": ld.get("datePublished") or _meta(root, "article:published_time"),
        "dateModifiedRaw": ld.get("dateModified") or _meta(root, "article:modified_time"),
        "inLanguage": root.get("lang") or None,
        "section": ld.get("articleSection") or _meta(root, "article:section"),
        "publisher": _meta(root, "og:site_name"),
        "declaresArticle": bool(ld) or og_type == "article",
        "jsonldBody": ld.get("articleBody") if isinstance(ld.get("articleBody"), str) else None,
    }
