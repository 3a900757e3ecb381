"""Pure extraction: one HTML page and its URL in, the raw fields of an article out.

Nothing here imports Scrapy's engine. `extract_raw` chooses the site profile for the URL (if any)
and falls back to the generic engine field by field.
"""

from __future__ import annotations

from newscrawl.clean.cfemail import decode_cfemail_in_tree
from newscrawl.extract.generic import extract_generic
from newscrawl.extract.htmlparse import ExtractionError, parse_html
from newscrawl.items import RawArticle

__all__ = ["ExtractionError", "extract_raw", "parse_html"]


def extract_raw(html: str | bytes, url: str, *, use_profiles: bool = True) -> RawArticle:
    """Extract the raw article fields of one page.

    With ``use_profiles`` the site profile registered for the URL's domain runs first; any field it
    leaves empty comes from the generic engine.
    """
    from newscrawl.sites import profile_for_url

    root = parse_html(html)
    decode_cfemail_in_tree(root)
    raw = extract_generic(root, url)
    profile = profile_for_url(url) if use_profiles else None
    if profile is not None:
        raw = profile.apply(root, url, raw)
    return raw
