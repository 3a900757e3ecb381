"""The visible page and the URL as last sources: bylines, ``<time>`` elements, dates in paths."""

from __future__ import annotations

import pytest

from newscrawl.extract.byline import without_date
from newscrawl.extract.date_finders import date_from_url, pick_date, precision
from tests.metadata_support import extract, ld, meta, page

HEAD = "<title>Storm hits coast</title>"
H1 = "<article><h1>Storm hits coast</h1>"


def test_rel_author_link():
    body = H1 + "<p class='meta'>By <a rel='author' href='/a/ada'>Ada Lovelace</a></p></article>"
    assert extract(page(HEAD, body))["authors"] == ["Ada Lovelace"]


def test_innermost_author_elements():
    body = (
        "<article><h1>Storm hits coast</h1><div class='byline'>By "
        "<span class='author-name'>Ada Lovelace</span> and <span class='author-name'>Charles Babbage</span>"
        "<img class='author-avatar' src='/a.png' alt=''></div><p>Text.</p></article>"
    )
    assert extract(page(HEAD, body))["authors"] == ["Ada Lovelace", "Charles Babbage"]


def test_byline_class_with_the_whole_line():
    body = H1 + "<p class='c-byline'>By Ada Lovelace and Charles Babbage</p></article>"
    assert extract(page(HEAD, body))["authors"] == ["By Ada Lovelace and Charles Babbage"]


def test_by_line_near_the_headline():
    body = H1 + "<p><em>By Ada Lovelace, Weather Correspondent</em></p><p>Text.</p></article>"
    assert extract(page(HEAD, body))["authors"] == ["By Ada Lovelace, Weather Correspondent"]


def test_authors_in_comments_and_related_lists_are_ignored():
    body = (
        "<article><h1>Storm hits coast</h1><p>Text.</p></article>"
        "<section class='comments'><span class='comment-author'>troll99</span></section>"
        "<aside><a rel='author' href='/x'>Someone Else</a></aside>"
        "<div class='related-stories'><span class='author'>Other Writer</span></div>"
    )
    assert extract(page(HEAD, body))["authors"] == []


def test_meta_author_beats_the_visible_byline_and_site_names_are_not_authors():
    body = H1 + "<span class='author'>Visible Name</span></article>"
    assert extract(page(HEAD + meta("author", "Ada Lovelace"), body))["authors"] == ["Ada Lovelace"]
    site = meta("author", "Example News") + '<meta property="og:site_name" content="Example News">'
    assert extract(page(HEAD + site, body))["authors"] == ["Visible Name"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Ada Lovelace on Monday, March 4th, 2024 at 11:04 a.m.", "By Ada Lovelace"),
        ("By ADA LOVELACE MARCH 4, 2024 10:43", "By ADA LOVELACE"),
        ("Ada Lovelace | 04/03/2024", "Ada Lovelace"),
        ("By Ada Lovelace", "By Ada Lovelace"),
        ("By May Bulman", "By May Bulman"),
        ("by ライトハウス国際特許事務所 ／ 2016.12.01", "by ライトハウス国際特許事務所"),
    ],
)
def test_dates_after_the_name_are_cut(line, expected):
    assert without_date(line) == expected


def test_byline_and_date_in_separate_lines_of_one_element():
    body = H1 + "<div class='byline'>by Ada Lovelace<br>Monday, March 4, 2024</div></article>"
    assert extract(page(HEAD, body))["authors"] == ["by Ada Lovelace"]


def test_time_element_after_the_headline():
    body = (
        "<div class='latest'><time datetime='2023-01-01T00:00:00Z'>old</time></div>"
        "<article><h1>Storm hits coast</h1>"
        "<time class='published' datetime='2024-03-05T08:00:00+00:00'>5 March 2024</time>"
        "<span class='updated'>Updated <time datetime='2024-03-05T10:00:00+00:00'>10:00</time></span>"
        "</article>"
    )
    data = extract(page(HEAD, body))
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00+00:00"
    assert data["dateModifiedRaw"] == "2024-03-05T10:00:00+00:00"


def test_time_element_text_without_datetime():
    body = H1 + "<time>Published 5 March 2024, 08:00 GMT</time></article>"
    assert (
        extract(page(HEAD, body), "https://x.example/storm")["datePublishedRaw"] == "5 March 2024, 08:00 GMT"
    )


def test_marked_date_text_when_there_is_no_time_element():
    body = (
        "<article><h1>Storm hits coast</h1><div class='post-date'><strong>Published</strong> "
        "Mar 5, 2024, 8:00am</div></article>"
    )
    assert extract(page(HEAD, body), "https://x.example/storm")["datePublishedRaw"] == "Mar 5, 2024, 8:00am"


def test_metadata_date_beats_the_visible_one_and_url_is_last():
    body = H1 + "<time datetime='2024-03-05T08:00:00Z'>x</time></article>"
    url = "https://x.example/2024/03/04/storm"
    head = HEAD + meta("pubdate", "2024-03-05T07:00:00Z")
    assert extract(page(head, body), url)["datePublishedRaw"] == "2024-03-05T07:00:00Z"
    assert extract(page(HEAD, body), url)["datePublishedRaw"] == "2024-03-05T08:00:00Z"
    assert extract(page(HEAD, "<h1>Storm hits coast</h1>"), url)["datePublishedRaw"] == "2024-03-04"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/2024/07/17/storm", "2024-07-17"),
        ("https://x.example/news/2024-07-17/storm", "2024-07-17"),
        ("https://x.example/news/2024/7/5/storm", "2024-07-05"),
        ("https://x.example/news/20240717/storm.html", "2024-07-17"),
        ("https://x.example/news/story-20240717-abc", "2024-07-17"),
        ("https://x.example/news/2024/07/storm", None),
        ("https://x.example/news/21244172/storm", None),
        ("https://x.example/news/2024/13/40/storm", None),
        ("https://x.example/id/120240717999", None),
        ("https://x.example/storm?date=2024-07-17", None),
    ],
)
def test_dates_in_urls(url, expected):
    assert date_from_url(url) == expected


def test_precision_and_pick_date():
    assert precision("2024-07-17") == 0
    assert precision("2024-07-17 11:21") == 1
    assert precision("2024-07-17T11:21:03+01:00") == 2
    assert precision("2024-07-17T11:21:03Z") == 2
    assert precision("Jul 17, 2024 11:21 BST") == 2
    assert pick_date([None, "", "2024-07-17", "2024-07-17T11:21:03+01:00"]) == "2024-07-17T11:21:03+01:00"
    assert pick_date(["July 17, 2024", "2024-07-18T11:21:03+01:00"]) == "July 17, 2024"
    assert pick_date(["0001-01-01T00:00:00Z", "2024-07-17"]) == "2024-07-17"
    assert pick_date([]) is None


def test_layout_classes_on_body_do_not_hide_the_byline():
    html = page(HEAD, H1 + "<div class='ap-story-byline'>By ADA LOVELACE and CHARLES BABBAGE</div></article>")
    html = html.replace("<body>", "<body class='one-sidebar sidebar-second has-comments'>")
    assert extract(html)["authors"] == ["By ADA LOVELACE and CHARLES BABBAGE"]


def test_visible_date_starts_where_the_date_starts():
    body = H1 + "<div class='date'>By Ada Lovelace November 15, 2019</div></article>"
    assert extract(page(HEAD, body), "https://x.example/a")["datePublishedRaw"] == "November 15, 2019"
    hidden = H1 + "<input type='hidden' class='published_date' value='2019-11-18 23:41:18'></article>"
    assert extract(page(HEAD, hidden), "https://x.example/a")["datePublishedRaw"] == "2019-11-18 23:41:18"


def test_part_of_the_site_name_is_not_an_author_but_an_agency_line_is_kept():
    head = HEAD + meta("author", "Vortex")
    assert extract(page(head), "https://vortexcannon.org/about-bugs/")["authors"] == []
    agency = {"@type": "NewsArticle", "author": "By Ada Lovelace, Associated Press"}
    publisher = {"@type": "Organization", "name": "Associated Press"}
    data = extract(page(HEAD + ld(agency) + ld(publisher)))
    assert data["authors"] == ["By Ada Lovelace, Associated Press"]


def test_article_header_and_footer_are_part_of_the_article_but_page_chrome_is_not():
    body = (
        "<header class='site'><h1>Example News</h1><span class='author'>Site Team</span></header>"
        "<article><header class='story-header'><h1>Storm hits coast</h1></header><p>Text.</p>"
        "<footer class='entry-footer'><span class='byline'>Posted by Ada Lovelace</span>"
        "<time datetime='2024-03-05T08:00:00Z'>5 March</time></footer></article>"
        "<footer><time datetime='2020-01-01'>Copyright</time></footer>"
    )
    data = extract(page("", body), "https://x.example/storm")
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Posted by Ada Lovelace"]
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00Z"


def test_links_to_author_pages_after_the_headline():
    body = (
        H1 + "<p>Words: <a href='https://x.example/authors/ada-lovelace/'>Ada Lovelace</a> and "
        "<a href='/author/charles-babbage'>Charles Babbage</a></p>"
        "<p><a href='/world/'>World</a></p></article>"
    )
    assert extract(page(HEAD, body))["authors"] == ["Ada Lovelace", "Charles Babbage"]


def test_data_testid_byline():
    body = H1 + "<div data-testid='byline-name'>By Ada Lovelace</div></article>"
    assert extract(page(HEAD, body))["authors"] == ["By Ada Lovelace"]


def test_author_link_cut_keeps_every_link_whose_path_names_an_author_page() -> None:
    from urllib.parse import urlsplit

    from newscrawl.extract.byline import _AUTHOR_DIR_IN_HREF, _AUTHOR_PATH

    hrefs = [
        "/author/jane-doe",
        "https://x.com/Authors/Jane?x=1",
        "/staff/a#b",
        "/aut\nhor/jane",  # urlsplit drops the line break: the cut lets it through
        "//cdn.example.com/by/jane/",
        "/by/",
        "/news/story",
        "http://x/a?/author/jane",
    ]
    for href in hrefs:
        if _AUTHOR_PATH.search(urlsplit(href).path):
            assert _AUTHOR_DIR_IN_HREF.search(href), href
    assert not _AUTHOR_DIR_IN_HREF.search("/news/story")
