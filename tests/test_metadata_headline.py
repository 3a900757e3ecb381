"""Headlines: the best candidate, without the site-name decoration, never cutting a real dash."""

from __future__ import annotations

import pytest

from newscrawl.extract.headline import is_site_name, site_keys, strip_decoration
from tests.metadata_support import extract, ld, meta, og, page


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        (
            "Storm hits coast | Example News",
            "Example News",
            "https://www.example-news.com/a",
            "Storm hits coast",
        ),
        (
            "Storm hits coast - Example News",
            "Example News",
            "https://www.example-news.com/a",
            "Storm hits coast",
        ),
        (
            "Storm hits coast – The Guardian",
            "The Guardian",
            "https://www.theguardian.com/a",
            "Storm hits coast",
        ),
        ("Storm hits coast — Guardian", "The Guardian", "https://www.theguardian.com/a", "Storm hits coast"),
        ("Storm hits coast · Example", None, "https://www.example.com/a", "Storm hits coast"),
        (
            "Storm hits coast :: Example News",
            "Example News",
            "https://news.example.org/a",
            "Storm hits coast",
        ),
        ("Storm hits coast | Metro.co.uk", None, "https://metro.co.uk/2024/a", "Storm hits coast"),
        ("BBC News - Storm hits coast", "BBC", "https://www.bbc.co.uk/news/1", "Storm hits coast"),
        (
            "Storm hits coast | World news | The Guardian",
            "The Guardian",
            "https://www.theguardian.com/a",
            "Storm hits coast | World news",
        ),
        ("Sturm trifft Küste - DER SPIEGEL", "DER SPIEGEL", "https://www.spiegel.de/a", "Sturm trifft Küste"),
        ("Tempête sur la côte - Le Monde", "Le Monde", "https://www.lemonde.fr/a", "Tempête sur la côte"),
        ("Tormenta en la costa | EL PAÍS", "EL PAÍS", "https://elpais.com/a", "Tormenta en la costa"),
        ("Шторм обрушился на побережье — РБК", "РБК", "https://www.rbc.ru/a", "Шторм обрушился на побережье"),
        ("嵐が沿岸を直撃：朝日新聞デジタル", "朝日新聞デジタル", "https://www.asahi.com/a", "嵐が沿岸を直撃"),
        ("风暴袭击海岸_新浪新闻", "新浪新闻", "https://news.sina.com.cn/a", "风暴袭击海岸"),
        ("폭풍이 해안을 강타 - 조선일보", "조선일보", "https://www.chosun.com/a", "폭풍이 해안을 강타"),
        (
            "폭풍이 해안을 강타 : 네이버 뉴스",
            "네이버 뉴스",
            "https://n.news.naver.com/a",
            "폭풍이 해안을 강타",
        ),
        (
            "风暴袭击海岸_新闻频道_央视网(cctv.com)",
            "央视网",
            "https://news.cctv.com/a",
            "风暴袭击海岸_新闻频道",
        ),
        ("Storm hits coast - BBC News", None, "https://www.bbc.co.uk/news/1", "Storm hits coast"),
        ("عاصفة تضرب الساحل | الجزيرة نت", "الجزيرة نت", "https://www.aljazeera.net/a", "عاصفة تضرب الساحل"),
    ],
)
def test_site_suffix_and_prefix_are_removed(title, site, url, expected):
    keys = site_keys([site], url)
    assert strip_decoration(title, keys) == expected


def test_section_after_the_site_name_is_removed_when_it_is_the_section():
    keys = site_keys(["The Guardian"], "https://www.theguardian.com/a")
    title = "Storm hits coast | World news | The Guardian"
    assert strip_decoration(title, keys, section="World news") == "Storm hits coast"


@pytest.mark.parametrize(
    "title",
    [
        "Covid-19 cases rise - what you need to know",
        "Trump - the man who would be king",
        "Apple – a company at a crossroads",
        "Liverpool 2-1 Everton: Salah scores late winner",
        "Example - the town that time forgot",
        "Tempête : des centaines de foyers privés d'électricité",
        "Example News : the inside story of our newsroom",
    ],
)
def test_a_dash_in_the_headline_stays(title):
    keys = site_keys(["Example News"], "https://www.example-news.com/a")
    assert strip_decoration(title, keys) == title


def test_site_name_alone_is_not_left_as_the_headline():
    keys = site_keys(["Example News"], "https://www.example-news.com/a")
    assert strip_decoration("Example News", keys) == "Example News"
    assert is_site_name("Example News", keys)
    assert not is_site_name("Storm hits coast", keys)


def test_headline_from_og_title_with_site_suffix():
    head = og("og:title", "Storm hits coast | Example News") + og("og:site_name", "Example News")
    assert extract(page(head))["headline"] == "Storm hits coast"


def test_title_equal_to_h1_plus_anything_gives_the_h1():
    head = "<title>Storm hits coast | Some Unknown Brand</title>"
    assert (
        extract(page(head, "<article><h1>Storm hits coast</h1></article>"))["headline"] == "Storm hits coast"
    )


def test_og_title_with_a_subtitle_is_not_cut_to_the_h1():
    head = og("og:title", "Storm hits coast - what we know so far")
    body = "<article><h1>Storm hits coast</h1></article>"
    assert extract(page(head, body))["headline"] == "Storm hits coast - what we know so far"


def test_candidate_that_only_names_the_site_is_skipped():
    head = og("og:title", "Example News") + og("og:site_name", "Example News")
    body = "<header><h1 class='logo'>Example News</h1></header><article><h1>Storm hits coast</h1></article>"
    assert extract(page(head, body))["headline"] == "Storm hits coast"


def test_h1_that_does_not_match_a_decorated_title_is_not_trusted():
    head = "<title>Storm hits coast, flooding hundreds of homes - Example News</title>"
    body = "<div class='top'><h1>Example Newsroom Weekly</h1></div><p>Text</p>"
    assert extract(page(head, body))["headline"] == "Storm hits coast, flooding hundreds of homes"


def test_truncated_jsonld_headline_gives_way_to_the_full_one():
    article = {"@type": "NewsArticle", "headline": "Storm hits coast as hundreds of homes are flooded and…"}
    head = ld(article) + og("og:title", "Storm hits coast as hundreds of homes are flooded and roads closed")
    assert (
        extract(page(head))["headline"]
        == "Storm hits coast as hundreds of homes are flooded and roads closed"
    )


def test_headline_entities_are_decoded():
    head = og("og:title", "&#8216;We got her&#8217; &amp; more") + meta("description", "x")
    assert extract(page(head))["headline"] == "‘We got her’ & more"


def test_h1_in_the_article_beats_an_h1_in_a_sidebar_and_nav_h1s_are_ignored():
    body = (
        "<nav><h1>Sections</h1></nav><div class='promo'><h1>Subscribe today</h1></div>"
        "<main><h1>Storm hits coast</h1></main>"
    )
    assert extract(page("", body))["headline"] == "Storm hits coast"


def test_organisations_the_article_mentions_are_not_site_names():
    article = {
        "@type": "NewsArticle",
        "headline": "Apple - a company at a crossroads | Example News",
        "about": [{"@type": "Organization", "name": "Apple"}],
        "publisher": {"@type": "Organization", "name": "Example News"},
    }
    assert extract(page(ld(article)))["headline"] == "Apple - a company at a crossroads"
