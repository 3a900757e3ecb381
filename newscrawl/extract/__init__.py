"""Pure extraction: one HTML page and its URL in, the raw fields of an article out.

Nothing here imports Scrapy's engine. `extract_raw` chooses the site profile for the URL (if any)
and falls back to the generic engine field by field.
"""

from __future__ import annotations

from datetime import date, datetime

from newscrawl.clean.cfemail import decode_cfemail_in_tree, may_hold_cfemail
from newscrawl.extract.generic import extract_generic
from newscrawl.extract.htmlparse import ExtractionError, parse_html
from newscrawl.items import RawArticle

__all__ = ["ExtractionError", "extract_raw", "parse_html"]


def extract_raw(
    html: str | bytes,
    url: str,
    *,
    use_profiles: bool = True,
    saved: date | datetime | str | None = None,
) -> RawArticle:
    """Extract the raw article fields of one page.

    With ``use_profiles`` the site profile registered for the URL's domain refines the generic
    engine's fields; any field it leaves empty keeps the generic value. ``saved`` (when the page
    was fetched; today when None) picks the profile's parser version for that date.
    """
    from newscrawl.sites import profile_for_url

    root = parse_html(html)
    if may_hold_cfemail(html):
        decode_cfemail_in_tree(root)
    raw = extract_generic(root, url)
    profile = profile_for_url(url) if use_profiles else None
    if profile is not None:
        raw = profile.apply(root, url, raw, saved)
    return raw
