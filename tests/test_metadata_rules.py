"""Metadata rules for publishers nobody tuned for (issue #15): each rule on a small page of its own that
copies the shape of real markup, read through the library call (or the metadata extractor)."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawl import extract_article
from tests.metadata_support import URL, extract, ld, page

PLAIN_URL = "https://www.example-news.com/local/council-approves-tram-line"
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
STORY = "<p>The council met on Tuesday evening and voted to approve the new tram line.</p>" * 4


def article(html: str, url: str = PLAIN_URL):
    return extract_article(html, url, now=NOW)


# --- dates ---------------------------------------------------------------------------------------


def test_a_state_class_on_the_article_node_does_not_put_the_article_outside_itself():
    # Drupal marks articles listed on the front page "node--promoted": the word "promo" in it must
    # not hide the article's own byline and date.
    body = (
        "<main><article role='article' class='node node--type-article node--promoted node--view-mode-full'>"
        "<header><h1>Council approves tram line</h1><div class='byline'>Von "
        "<span class='byline__author-name'><a href='/anna-keller'>Anna Keller</a></span>, "
        "<span class='byline__created-date'>07 Dezember, 2022</span></div></header>"
        f"<div class='node__content'>{STORY}</div></article></main>"
        "<aside><div class='node node--promoted node--view-mode-teaser'><h2>Other story</h2>"
        "<span class='date'>01.01.2020</span></div></aside>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.datePublished == "2022-12-07"
    assert found.authors == ["Anna Keller"]


def test_a_promoted_teaser_without_the_headline_stays_outside():
    body = (
        f"<article><h1>Council approves tram line</h1>{STORY}</article>"
        "<article class='node node--promoted'><h2>Other story</h2>"
        "<span class='date'>01.01.2020</span></article>"
    )
    assert article(page("<title>Council approves tram line</title>", body)).datePublished is None
