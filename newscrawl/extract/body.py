"""The generic body engine: the article's text blocks and images from any page (first version)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from newscrawl.items import Block, Image

_SKIP_ANCESTORS = "ancestor::nav|ancestor::aside|ancestor::footer|ancestor::header|ancestor::form"
_BOILERPLATE_CLASS = re.compile(
    r"share|social|newsletter|promo|related|tags|topics|byline|kicker|advert|\bad-|cookie|subscribe|comment",
    re.I,
)

BLOCK_TAGS = {"p": "p", "h2": "h", "h3": "h", "h4": "h", "li": "li", "blockquote": "quote", "pre": "pre"}


def _container(root: etree._Element) -> etree._Element:
    articles = root.xpath("//article")
    if articles:
        return max(articles, key=lambda el: len(el.xpath(".//p")))
    parents: dict[etree._Element, int] = {}
    for p in root.xpath("//p"):
        parent = p.getparent()
        parents[parent] = parents.get(parent, 0) + len(p.text_content())
    return max(parents, key=parents.get) if parents else root


def extract_body(
    root: etree._Element, url: str, jsonld_body: str | None = None
) -> tuple[list[Block], list[Image]]:
    """The article's text blocks in reading order and its editorial images.

    Captions come out as blocks of kind ``"caption"`` (kept only in keep mode) and on the images.
    """
    blocks: list[Block] = []
    images: list[Image] = []
    container = _container(root)
    for el in container.iter(*BLOCK_TAGS, "figcaption"):
        text = el.text_content()
        if not text.strip():
            continue
        if el.tag == "figcaption":
            blocks.append(Block(text, "caption"))
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
        blocks.append(Block(text, BLOCK_TAGS[el.tag]))
    for fig in container.iter("figure"):
        src = fig.xpath("string(.//img/@src)")
        if src:
            caption = fig.xpath("string(.//figcaption)") or None
            images.append(Image(url=urljoin(url, src), caption=caption))
    return blocks, images
