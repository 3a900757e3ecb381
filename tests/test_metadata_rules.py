"""Metadata rules for publishers nobody tuned for (issue #15): each rule on a small page of its own that
copies the shape of real markup, read through the library call (or the metadata extractor)."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawl import extract_article
from tests.metadata_support import extract, ld, page

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


def test_date_class_names_are_read_in_any_case():
    for mark in ("Date", "ArticleDate", "postDate", "itemPostDate"):
        body = (
            f"<div class='story'><h1>Council approves tram line</h1>"
            f"<div class='{mark}'>Veröffentlicht am 12.03.2024</div>{STORY}</div>"
        )
        found = article(page("<title>Council approves tram line</title>", body, lang="de"))
        assert found.datePublished == "2024-03-12", mark


def test_a_visible_date_with_a_two_digit_year():
    body = (
        "<div class='article'><h1>Council approves tram line</h1>"
        "<p class='article-date'>Do 25.04.24 | 14:07</p>" + STORY + "</div>"
    )
    html = page("<title>Council approves tram line</title>", body, lang="de")
    assert extract(html, PLAIN_URL)["datePublishedRaw"] == "25.04.24 | 14:07"
    # No time zone on the page or the site: the day, never an invented offset.
    assert article(html).datePublished == "2024-04-25"


def test_a_two_digit_year_keeps_the_site_time_zone():
    from newscrawl.dates import iso_date

    assert iso_date("Do 25.04.24 | 14:07", "Europe/Berlin") == "2024-04-25T14:07:00+02:00"
    assert iso_date("25/04/24 9:30", "Europe/London") == "2024-04-25T09:30:00+01:00"
    assert iso_date("31.12.99") == "1999-12-31"
    # Not a date: a version number, a day and month only.
    assert iso_date("v1.2.24") is None
    assert iso_date("25.04.") is None


# --- JSON-LD article nodes -----------------------------------------------------------------------


def test_a_claim_review_is_the_article_node():
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": PLAIN_URL,
        "datePublished": "2024-03-12T09:30:00+01:00",
        "name": "No, the tram line will not close the high street",
        "claimReviewed": "The tram line will close the high street.",
        "author": {"@type": "Person", "name": "Maria Lopez"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Paul Claimant"},
            "datePublished": "2024-03-01",
        },
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
    }
    body = f"<div class='story'><h1>No, the tram line will not close the high street</h1>{STORY}</div>"
    found = article(page("<title>Fact check | Example News</title>" + ld(review), body))
    assert found.datePublished == "2024-03-12T09:30:00+01:00"
    assert found.authors == ["Maria Lopez"]
    assert found.headline == "No, the tram line will not close the high street"


def test_creative_work_kinds_of_article_are_read():
    for kind in ("AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting", "BlogPosting", "Report"):
        node = {
            "@type": kind,
            "headline": "Council approves tram line",
            "datePublished": "2024-03-12T09:30:00+01:00",
            "author": [{"@type": "Person", "name": "Ada Lovelace"}],
        }
        found = extract(page(ld(node), f"<h1>Council approves tram line</h1>{STORY}"), PLAIN_URL)
        assert found["declaresArticle"], kind
        assert found["datePublishedRaw"] == "2024-03-12T09:30:00+01:00", kind
        assert found["authors"] == ["Ada Lovelace"], kind
