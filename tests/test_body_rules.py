"""Body-engine rules for markup the AEB pages (2019-2020) do not have (issue #15).

Every page here is written for the test, copying the *shape* of markup seen on real pages (tag
nesting, class names, where the parser puts things), never their text.
"""

from __future__ import annotations

from newscrawl import extract_article
from newscrawl.extract.body import extract_body
from newscrawl.extract.htmlparse import parse_html
from newscrawl.items import Block

URL = "https://news.example.com/2024/05/01/story"

STORY = [
    "The harbour authority confirmed on Tuesday that the old swing bridge will reopen next month.",
    "Engineers spent two years replacing the corroded steel deck and the original gearing.",
    "Local traders said the closure had cost them a third of their summer trade last year.",
    "The council will hold a public ceremony on the quay when the first ships pass through.",
]


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _menu(n: int = 10) -> str:
    return "<ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(n)) + "</ul>"


def _teasers(n: int = 6) -> str:
    return (
        "<ul>"
        + "".join(
            f'<li><a href="/x{i}">A much-read story about something else entirely, number {i}</a></li>'
            for i in range(n)
        )
        + "</ul>"
    )


def _blocks(html: str) -> list[Block]:
    return extract_body(parse_html(html), URL)[0]


def _story(blocks: list[Block]) -> list[str]:
    return [" ".join(b.text.split()) for b in blocks if b.boilerplate is None and b.kind != "caption"]


def _body(html: str) -> str:
    return extract_article(html, URL, use_profiles=False).articleBody or ""


# --- Page chrome that the parser made hold the story -------------------------------------------


def test_header_left_open_by_an_unclosed_div_is_read_when_it_holds_most_of_the_page() -> None:
    # libxml2 ignores </header> while a <div> inside it is open: the rest of the page, story and
    # footer included, ends up inside the <header>.
    html = (
        '<html><body><header class="site-header"><div class="brand"><a href="/">The Courier</a>'
        f"<nav>{_menu()}</nav></header>"
        f'<div class="content news-item"><h2>Bridge reopens</h2>{_paragraphs(STORY)}</div>'
        "<footer><p>Copyright 2024 The Courier</p></footer></body></html>"
    )
    assert parse_html(html).find("body/header//footer") is not None  # the shape under test
    assert _story(_blocks(html)) == ["Bridge reopens", *STORY]


def test_aside_left_open_is_read_when_it_holds_the_article() -> None:
    html = (
        '<html><body><div class="layout"><aside class="promo-box"><div class="promo">'
        "<p>Read everything for one euro</p></aside>"
        f"<article><h1>Bridge reopens</h1>{_paragraphs(STORY)}</article>"
        f'<aside class="sidebar"><h3>Most read</h3>{_teasers()}</aside></div></body></html>'
    )
    assert parse_html(html).find("body//aside//article") is not None
    assert _story(_blocks(html)) == STORY
    assert "much-read" not in _body(html)


def test_a_real_sidebar_with_most_of_the_text_stays_unread_when_the_page_has_an_article() -> None:
    archive = "".join(
        f"<p>An older letter from the archive, number {i}, written to the minister about the port.</p>"
        for i in range(30)
    )
    html = (
        f'<html><body><div id="page"><div role="main"><article>{_paragraphs(STORY)}</article></div>'
        f'<aside id="sidebarWrapper"><div class="archive">{archive}</div></aside></div></body></html>'
    )
    body = _body(html)
    assert all(p in body for p in STORY)
    assert "older letter" not in body
