"""The generic engine: article fields from any news page (first, simple version)."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from lxml import etree

from newscrawl.items import Block, Image, RawArticle

_SKIP_ANCESTORS = "ancestor::nav|ancestor::aside|ancestor::footer|ancestor::header|ancestor::form"
_BOILERPLATE_CLASS = re.compile(
    r"share|social|newsletter|promo|related|tags|topics|byline|kicker|advert|\bad-|cookie|subscribe|comment",
    re.I,
)

BLOCK_TAGS = {"p": "p", "h2": "h", "h3": "h", "h4": "h", "li": "li", "blockquote": "quote", "pre": "pre"}


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


def _container(root: etree._Element) -> etree._Element:
    articles = root.xpath("//article")
    if articles:
        return max(articles, key=lambda el: len(el.xpath(".//p")))
    parents: dict[etree._Element, int] = {}
    for p in root.xpath("//p"):
        parent = p.getparent()
        parents[parent] = parents.get(parent, 0) + len(p.text_content())
    return max(parents, key=parents.get) if parents else root


def extract_generic(root: etree._Element, url: str) -> RawArticle:
    """Extract raw article fields from a parsed page with no site-specific knowledge."""
    ld = _jsonld_article(root)
    h1 = root.xpath("string(//h1)").strip()
    raw = RawArticle(
        url=url,
        canonicalUrl=(root.xpath("string(//link[@rel='canonical']/@href)") or None),
        headline=ld.get("headline") or _meta(root, "og:title") or h1 or None,
        description=ld.get("description") or _meta(root, "og:description", "description"),
        authors=_names(ld.get("author")) or ([a] if (a := _meta(root, "author")) else []),
        datePublishedRaw=ld.get("datePublished") or _meta(root, "article:published_time"),
        dateModifiedRaw=ld.get("dateModified") or _meta(root, "article:modified_time"),
        inLanguage=root.get("lang") or None,
        section=ld.get("articleSection") or _meta(root, "article:section"),
        publisher=_meta(root, "og:site_name"),
    )
    og_type = (_meta(root, "og:type") or "").lower()
    container = _container(root)
    for el in container.iter(*BLOCK_TAGS, "figcaption"):
        text = el.text_content()
        if not text.strip():
            continue
        if el.tag == "figcaption":
            raw.blocks.append(Block(text, "caption"))
            continue
        if el.xpath("ancestor::figcaption|" + _SKIP_ANCESTORS):
            continue
        marks = (f"{a.get('class', '')} {a.get('id', '')}" for a in el.iterancestors())
        if any(_BOILERPLATE_CLASS.search(m) for m in marks):
            continue
        if _BOILERPLATE_CLASS.search(el.get("class", "")):
            continue
        if el.tag == "p" and el.xpath("ancestor::li|ancestor::blockquote"):
            continue
        raw.blocks.append(Block(text, BLOCK_TAGS[el.tag]))
    for fig in container.iter("figure"):
        src = fig.xpath("string(.//img/@src)")
        if src:
            caption = fig.xpath("string(.//figcaption)") or None
            raw.images.append(Image(url=urljoin(url, src), caption=caption))
    body_chars = sum(len(b.text) for b in raw.blocks if b.kind != "caption")
    raw.isArticle = bool(ld) or og_type == "article" or (bool(raw.headline) and body_chars >= 600)
    return raw
