"""Parse.ly metadata: the ``parsely-page`` / ``parsely-metadata`` JSON and ``parsely-*`` meta tags."""

from __future__ import annotations

import logging
from typing import Any

from newscrawl.extract.jsonld import parse_json_tolerant
from newscrawl.extract.metatags import MetaTags

logger = logging.getLogger(__name__)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def parsely_fields(meta: MetaTags) -> dict[str, Any]:
    """Parse.ly's fields under neutral names: title, link, authors, pub_date, section, tags, image_url."""
    page: dict[str, Any] = {}
    for key in ("parsely-page", "parsely-metadata"):
        for raw in meta.all(key):
            for value in parse_json_tolerant(raw):
                if isinstance(value, dict):
                    page = {**value, **page}
    authors = _as_list(page.get("authors")) or _as_list(page.get("author")) or meta.all("parsely-author")
    return {
        "title": page.get("title") or meta.first("parsely-title"),
        "link": page.get("link") or meta.first("parsely-link"),
        "authors": authors,
        "pub_date": page.get("pub_date") or meta.first("parsely-pub-date"),
        "section": page.get("section") or meta.first("parsely-section"),
        "tags": _as_list(page.get("tags")) or _as_list(meta.first("parsely-tags")),
        "image_url": page.get("image_url") or meta.first("parsely-image-url"),
    }
