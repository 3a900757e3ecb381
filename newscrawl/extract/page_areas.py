"""Which parts of a page are not the article: navigation, footers, comments, related-story lists."""

from __future__ import annotations

import re

from lxml import etree

_OUTSIDE_TAGS = {"nav", "footer", "aside", "form", "script", "style", "noscript", "template"}
_OUTSIDE_MARK = re.compile(
    r"comment|related|sidebar|footer|recommend|promo|newsletter|more-from|teaser|outbrain|taboola|"
    r"trending|most-?read|popular",
    re.I,
)


def outside_article(el: etree._Element) -> bool:
    """Whether ``el`` sits in navigation, a footer, comments, a related/promo list or similar."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("body", "html"):
            # Page-level classes ("one-sidebar", "has-comments") describe the layout, not the element.
            return False
        if node.tag in _OUTSIDE_TAGS:
            return True
        if _OUTSIDE_MARK.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False
