"""The real Metro page in ../shared: metadata through the whole pipeline (generic engine only)."""

from __future__ import annotations

import json

from newscrawl import extract_article
from newscrawl.article import extract_raw
from tests.helpers import SHARED, needs_shared

METRO = SHARED / "real" / "metro.co.uk" / "king-speech-2024-07-17"


def _expected() -> dict:
    return json.loads(METRO.with_suffix(".expected.json").read_text(encoding="utf-8"))


@needs_shared
def test_metro_metadata_after_cleaning():
    expected = _expected()
    article = extract_article(METRO.with_suffix(".html").read_bytes(), expected["url"], use_profiles=False)
    assert article.headline == expected["headline"]
    assert article.authors == expected["authors"] == ["Jen Mills"]
    assert article.datePublished == expected["datePublished"] == "2024-07-17T11:21:03+01:00"
    assert article.inLanguage == expected["inLanguage"] == "en"
    assert article.keywords == expected["keywords"]
    assert article.publisher == "Metro"
    assert article.section == "News"
    assert article.canonicalUrl.startswith("https://metro.co.uk/2024/07/17/king-charles-arrives-parliament")
    assert "?ico=" not in article.canonicalUrl


@needs_shared
def test_metro_raw_values_are_as_found():
    expected = _expected()
    raw = extract_raw(METRO.with_suffix(".html").read_bytes(), expected["url"], use_profiles=False)
    assert raw.datePublishedRaw == "2024-07-17T11:21:03+01:00"
    assert raw.dateModifiedRaw == "2024-07-17T18:39:23+0100"
    assert raw.isArticle is True
    lead = [image for image in raw.images if "87441003-0-image-a-5_1721213524755" in image.url]
    assert lead, "the og:image lead picture is among the images"
