"""Which parts of a page are not the article: navigation, page header/footer, comments, related lists."""

from __future__ import annotations

import re

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
        if _OUTSIDE_MARK.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return in_chrome
