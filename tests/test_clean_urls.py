"""Canonical URLs: tracking parameters gone, meaningful ones kept, canonical link on the same site."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from w3lib.url import canonicalize_url

from newscrawl.clean.urls import _PLAIN_ABSOLUTE, _plain_path, canonical_url, dedup_key, strip_tracking


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (
            "https://WWW.Example.com/news/story?utm_source=twitter&utm_medium=social&fbclid=abc#comments",
            "https://www.example.com/news/story",
        ),
        (
            "https://example.com/story?gclid=1&mc_cid=2&mc_eid=3&igshid=4&at_medium=5&ns_mchannel=6",
            "https://example.com/story",
        ),
        ("https://example.com/article.php?id=123&utm_campaign=x", "https://example.com/article.php?id=123"),
        ("https://example.com/a?page=2&id=7", "https://example.com/a?id=7&page=2"),  # sorted
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?amp", "https://example.com/a?amp"),
        ("https://example.com/s?q=a%20b&ref=home", "https://example.com/s?q=a%20b"),
        # dot segments and percent-encoding case, as w3lib's canonicalize_url normalises them
        ("https://example.com/news/./2024/../2024/story", "https://example.com/news/2024/story"),
        ("https://example.com/%7eeditor/caf%c3%a9", "https://example.com/~editor/caf%C3%A9"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        ("https://example.com/café", "https://example.com/caf%C3%A9"),
    ],
)
def test_strip_tracking(url: str, clean: str) -> None:
    assert strip_tracking(url) == clean


def test_declared_canonical_on_the_same_site_is_honoured() -> None:
    url = "https://m.example.co.uk/news/story-123?utm_source=x"
    assert (
        canonical_url(url, "https://www.example.co.uk/news/story-123")
        == "https://www.example.co.uk/news/story-123"
    )
    assert canonical_url(url, "/news/story-123?fbclid=z") == "https://m.example.co.uk/news/story-123"


@pytest.mark.parametrize(
    "declared",
    [
        "https://www.other-paper.com/news/story-123",  # syndicated copy: another site
        "https://www.example.co.uk/",  # CMS bug: front page as canonical
        "javascript:void(0)",
        "   ",
    ],
)
def test_unusable_canonical_falls_back_to_the_page_url(declared: str) -> None:
    url = "https://www.example.co.uk/news/story-123?utm_source=x"
    assert canonical_url(url, declared) == "https://www.example.co.uk/news/story-123"


def test_dedup_key_joins_spellings_of_one_url() -> None:
    keys = {
        dedup_key(strip_tracking(u))
        for u in (
            "https://www.example.com/news/story/",
            "http://example.com/news/story",
            "https://www.example.com/news/story?utm_source=rss",
        )
    }
    assert keys == {"example.com/news/story"}
    assert dedup_key("https://example.com/a?id=1") != dedup_key("https://example.com/a?id=2")


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/news/2024/story-1.html",
        "https://x.example/a/./b/../c",
        "https://x.example/a;p",
        "https://x.example/%7euser/caf%c3%a9",
        "https://x.example/a//b/",
        "https://x.example/a?",
        "https://x.example/a\tb",
        "http://x.example:8080/a?b=1&utm_source=x",
        "HTTPS://X.Example/Q",
        "https://bücher.example/ä",
    ],
)
def test_the_shortcuts_give_what_w3lib_and_urljoin_give(url: str) -> None:
    path = urlsplit(url).path or "/"
    if _plain_path(path):
        assert urlsplit(canonicalize_url("https://x.example" + path)).path == path
    if _PLAIN_ABSOLUTE.fullmatch(url):
        assert urljoin("https://x.example/page", url) == url
