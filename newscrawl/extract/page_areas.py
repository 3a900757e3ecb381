"""Which parts of a page are not the article: navigation, page header/footer, comments, related lists."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

_OUTSIDE_TAGS = {"nav", "aside", "form", "script", "style", "noscript", "template"}
# A header or footer is the page's (site chrome) unless it belongs to an article or section.
_CHROME_TAGS = {"header", "footer"}
_SECTIONING = {"article", "section", "main"}
_OUTSIDE_MARK = re.compile(
    r"comment|related|sidebar|(?<!entry-)(?<!article-)(?<!post-)(?<!story-)footer|recommend|promo|newsletter|more-from|teaser|outbrain|taboola|"
    r"trending|most-?read|popular",
    re.I,
)
# Words one of which every ASCII match of `_OUTSIDE_MARK` contains once lower-cased: a plain
# substring test rules out most class/id values far faster than the regex, which has no literal
# prefix to skip ahead with and tries every branch at every position of long utility-class lists.
_WORDS = (
    "comment related sidebar footer recommend promo newsletter more-from teaser outbrain taboola trending"
)
_OUTSIDE_WORDS = (*_WORDS.split(), "most", "popular")


def _is_article_node(el: etree._Element) -> bool:
    """Whether ``el`` is the node of the page's own article: an ``<article>`` (or ``role=article``,
    or an ``Article`` item type) that holds a ``<h1>``. CMSs put state words on that node (Drupal's
    ``node--promoted``, "sticky"): they say how the article is listed elsewhere, not that the
    article is a promo, so they must not put the whole article outside itself."""
    kind = f"{el.get('itemtype', '')} {el.get('typeof', '')}"
    if el.tag != "article" and el.get("role") != "article" and "Article" not in kind:
        return False
    return next(el.iter("h1"), None) is not None


@lru_cache(maxsize=4096)
def _marks_outside(value: str) -> bool:
    """Whether a "class id" value names navigation, comments, related lists or the like."""
    if value.isascii():
        lowered = value.lower()
        if not any(word in lowered for word in _OUTSIDE_WORDS):
            return False
    return _OUTSIDE_MARK.search(value) is not None


def outside_article(el: etree._Element) -> bool:
    """Whether ``el`` sits in navigation, the page header/footer, comments, a related list or similar."""
    in_chrome = False
    for node in (el, *el.iterancestors()):
        tag = node.tag
        if tag in ("body", "html"):
            # Page-level classes ("one-sidebar", "has-comments") describe the layout, not the element.
            break
        if tag in _OUTSIDE_TAGS:
            return True
        if tag in _CHROME_TAGS:
            in_chrome = True
        elif tag in _SECTIONING:
            in_chrome = False
        if _marks_outside(f"{node.get('class', '')} {node.get('id', '')}") and not _is_article_node(node):
            return True
    return in_chrome
