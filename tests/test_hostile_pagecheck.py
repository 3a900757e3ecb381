"""Page checks: binary files, empty pages, interstitial walls and soft-404s are named; articles pass."""

from __future__ import annotations

import pytest

from newscrawl.responses.page_check import check_page, has_article_markup, sniff_binary, visible_text
from tests.faultsite import INTERSTITIAL_HTML, SOFT_404_HTML, article_html, english_story, home_html
from tests.pagebuilder import fake_pdf, tiny_png

STORY = english_story("a-story-about-the-harbour-wall-repairs", "Harbour wall repairs begin")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (fake_pdf(), "pdf"),
        (tiny_png(), "png"),
        (b"GIF89a\x01\x00\x01\x00", "gif"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"PK\x03\x04\x14\x00", "zip"),
        (b"\x00\x00\x00\x18ftypmp42", "video"),
        (b"<html>\x00\x01\x02</html>", "binary"),
    ],
)
def test_binary_files_are_recognised(body: bytes, kind: str) -> None:
    assert sniff_binary(body) == kind
    assert check_page(body) == "binary"


def test_html_and_utf16_text_are_not_binary() -> None:
    assert sniff_binary(article_html(STORY).encode()) is None
    assert sniff_binary("\ufeff<html><p>text</p></html>".encode("utf-16")) is None


def test_article_page_passes() -> None:
    html = article_html(STORY)
    assert has_article_markup(html)
    assert check_page(html.encode(), html) is None


def test_front_page_passes() -> None:
    html = home_html([(f"/news/2026/11/20/story-number-{n}-about-the-town", f"Story {n}") for n in range(20)])
    assert check_page(html.encode()) is None


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n\t ", b"<html><head><title>Home</title></head><body>\n</body></html>", b"<html></html>"],
)
def test_empty_pages_are_empty(body: bytes) -> None:
    assert check_page(body) == "empty"


def test_cookie_and_javascript_wall_is_an_interstitial() -> None:
    assert check_page(INTERSTITIAL_HTML.encode()) == "interstitial"
    cloudflare = (
        b"<html><head><title>Attention Required! | Cloudflare</title></head><body><p>x</p></body></html>"
    )
    assert check_page(cloudflare) == "interstitial"


def test_article_mentioning_javascript_is_not_an_interstitial() -> None:
    story = english_story("js-story-about-the-web", "Why sites ask you to enable JavaScript")
    html = article_html(story).replace(
        "</article>", "<p>Please enable JavaScript to see comments.</p></article>"
    )
    assert check_page(html.encode()) is None


def test_not_found_page_with_200_is_a_soft_404() -> None:
    assert check_page(SOFT_404_HTML.encode()) == "soft_404"


def test_not_found_page_under_a_big_navigation_is_a_soft_404() -> None:
    nav = "".join(f'<li><a href="/section-{n}">Section number {n} of the site</a></li>' for n in range(150))
    page = SOFT_404_HTML.replace("<main>", f"<nav><ul>{nav}</ul></nav><main>")
    assert check_page(page.encode()) == "soft_404"


def test_short_front_page_with_a_javascript_footer_is_not_a_wall() -> None:
    links = [(f"/news/2026/11/20/story-number-{n}-about-the-town", f"Story {n}") for n in range(20)]
    footer = "<footer>Please enable JavaScript for comments.</footer>"
    page = home_html(links).replace("</main>", "</main>" + footer)
    assert check_page(page.encode()) is None


def test_article_about_a_404_error_is_not_a_soft_404() -> None:
    story = english_story(
        "error-404-story-about-the-council-website", "Council website shows 404 page not found"
    )
    assert check_page(article_html(story).encode()) is None


def test_visible_text_leaves_out_scripts_and_styles() -> None:
    html = (
        "<html><head><style>p{}</style></head>"
        "<body><script>var x=1;</script><p>Hello  there</p></body></html>"
    )
    assert visible_text(html) == "Hello there"
