"""The generic engine: metadata + body for any news page, with no site-specific knowledge."""

from __future__ import annotations

from urllib.parse import urlsplit

from newscrawl.extract.body import extract_body
from newscrawl.extract.metadata import extract_metadata
from newscrawl.extract.page import Page
from newscrawl.items import Image, RawArticle

# An undeclared page needs this much story text (characters) to count as an article.
MIN_UNDECLARED_BODY_CHARS = 600


def extract_generic(page: Page) -> RawArticle:
    """Extract raw article fields from a page."""
    meta = extract_metadata(page)
    jsonld_body = meta.pop("jsonldBody", None)
    lead_image = meta.pop("leadImage", None)
    raw = RawArticle(url=page.url, **meta)
    raw.blocks, raw.images = extract_body(page.root, page.url, jsonld_body, raw.headline, events=raw.events)
    add_lead_image(raw.images, lead_image)
    # A body found only by the safety net (a relaxed reading) counts its story text alone.
    relaxed = "extract/fallback" in raw.events
    body_chars = sum(
        len(b.text) for b in raw.blocks if b.kind != "caption" and (b.boilerplate is None or not relaxed)
    )
    raw.isArticle = page.declares_article or (bool(raw.headline) and body_chars >= MIN_UNDECLARED_BODY_CHARS)
    return raw


def _image_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path


def add_lead_image(images: list[Image], lead: Image | None) -> None:
    """Append the metadata's lead image unless the body already has that image (query ignored)."""
    if lead is None or any(_image_key(i.url) == _image_key(lead.url) for i in images):
        return
    images.append(lead)
