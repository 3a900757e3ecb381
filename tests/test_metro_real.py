"""The Metro profile on a real metro.co.uk page (read from ../shared, never copied)."""

from __future__ import annotations

import json

import pytest

from newscrawl import Article, extract_article
from newscrawl.article import extract_raw
from tests.helpers import SHARED, needs_shared
from tests.sites_support import token_f1

PAGE = SHARED / "real" / "metro.co.uk" / "king-speech-2024-07-17.html"
EXPECTED = SHARED / "real" / "metro.co.uk" / "king-speech-2024-07-17.expected.json"

pytestmark = needs_shared


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article(expected: dict) -> Article:
    return extract_article(PAGE.read_bytes(), expected["url"], saved="2024-07-17")


def test_the_metro_profile_handles_the_page(expected: dict) -> None:
    assert extract_raw(PAGE.read_bytes(), expected["url"], saved="2024-07-17").profile == "metro@V1"


def test_headline_authors_and_date(article: Article, expected: dict) -> None:
    assert article.headline == expected["headline"]
    assert article.authors == ["Jen Mills"] == expected["authors"]
    assert article.datePublished == "2024-07-17T11:21:03+01:00" == expected["datePublished"]


def test_keywords_come_from_the_article_tags(article: Article, expected: dict) -> None:
    assert article.keywords == expected["keywords"]


def test_body_token_f1_is_at_least_0_99(article: Article, expected: dict) -> None:
    assert token_f1(article.articleBody or "", expected["articleBody"]) >= 0.99


def test_body_has_no_caption_more_line_video_fallback_or_contact_line(article: Article) -> None:
    body = article.articleBody or ""
    captions = [image["caption"] for image in article.images]
    assert len(captions) >= 10
    for caption in captions:
        assert caption not in body
    assert "(Picture:" not in body
    for line in body.splitlines():
        assert not line.startswith("MORE")
    assert "enable JavaScript" not in body
    assert "Get in touch with our news team" not in body
    assert "webnews@metro.co.uk" not in body
    assert "For more stories like this" not in body


def test_captions_carry_their_credit_separately(article: Article) -> None:
    first = article.images[0]
    assert (
        first["caption"]
        == "The King and Queen arrive in the Norman Porch for the State Opening of Parliament"
    )
    assert first["credit"] == "Getty"


def test_keep_mode_shows_the_flagged_blocks_once_each(expected: dict) -> None:
    kept = extract_article(PAGE.read_bytes(), expected["url"], boilerplate="keep").articleBody or ""
    lines = kept.splitlines()
    fallback = (
        "To view this video please enable JavaScript, and consider upgrading to a web browser that"
        " supports HTML5 video"
    )
    assert lines.count(fallback) == 2
    assert any(line.startswith("Got a story? Get in touch with our news team") for line in lines)
    assert sum(line.startswith("MORE :") for line in lines) == 3


def test_generic_engine_keep_mode_shows_each_video_fallback_as_one_line(expected: dict) -> None:
    kept = extract_article(PAGE.read_bytes(), expected["url"], boilerplate="keep", use_profiles=False)
    fallback = (
        "To view this video please enable JavaScript, and consider upgrading to a web browser that"
        " supports HTML5 video"
    )
    assert (kept.articleBody or "").splitlines().count(fallback) == 2
