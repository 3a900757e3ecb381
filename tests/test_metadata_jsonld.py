"""JSON-LD: tolerant loading, finding the article node, and the fields read from it."""

from __future__ import annotations

import pytest

from newscrawl.extract.jsonld import parse_json_tolerant
from tests.metadata_support import extract, ld, og, page

ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Storm hits coast",
    "datePublished": "2024-03-05T08:00:00+00:00",
    "author": {"@type": "Person", "name": "Ada Lovelace"},
}


@pytest.mark.parametrize(
    "text",
    [
        '{"@type": "NewsArticle", "headline": "Storm hits coast",}',
        '{"@type": "NewsArticle", "headline": "Storm hits\ncoast", "keywords": ["a", "b",],}',
        '<!-- {"@type": "NewsArticle", "headline": "Storm hits coast"} -->',
        '//<![CDATA[\n{"@type": "NewsArticle", "headline": "Storm hits coast"}\n//]]>',
        '{"@type": "NewsArticle", "headline": "Storm hits\tcoast"}',
        '{"@type": "NewsArticle", "headline": "Storm hits coast", "description": "It\\\'s wet"}',
    ],
)
def test_broken_json_is_repaired(text):
    values = parse_json_tolerant(text)
    assert len(values) == 1
    assert values[0]["@type"] == "NewsArticle"
    assert values[0]["headline"].split() == ["Storm", "hits", "coast"]


def test_concatenated_objects_are_all_read():
    values = parse_json_tolerant('{"@type": "WebSite", "name": "X"} {"@type": "NewsArticle"};\n[{"a": 1}]')
    assert values == [{"@type": "WebSite", "name": "X"}, {"@type": "NewsArticle"}, [{"a": 1}]]


def test_hopeless_json_gives_nothing():
    assert parse_json_tolerant("{not json at all") == []
    assert parse_json_tolerant("   ") == []


def test_broken_jsonld_still_gives_fields():
    broken = '{"@type": "NewsArticle", "headline": "Storm hits coast", "datePublished": "2024-03-05",}'
    data = extract(page(ld(broken)))
    assert data["headline"] == "Storm hits coast"
    assert data["datePublishedRaw"] == "2024-03-05"
    assert data["declaresArticle"] is True


def test_article_inside_graph_with_references():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://x/#site", "name": "Example News"},
            {"@type": "WebPage", "@id": "https://x/#page", "name": "Storm hits coast | Example News"},
            {"@type": "Person", "@id": "https://x/#ada", "name": "Ada Lovelace"},
            {
                "@type": ["NewsArticle"],
                "headline": "Storm hits coast",
                "author": [{"@id": "https://x/#ada"}],
                "publisher": {"@id": "https://x/#org"},
                "isPartOf": {"@id": "https://x/#page"},
            },
            {"@type": "NewsMediaOrganization", "@id": "https://x/#org", "name": "Example News Ltd"},
        ],
    }
    data = extract(page(ld(graph)))
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Ada Lovelace"]
    assert data["publisher"] == "Example News Ltd"


def test_article_in_a_list_and_in_main_entity():
    listed = [{"@type": "BreadcrumbList"}, dict(ARTICLE, headline="From a list")]
    assert extract(page(ld(listed)))["headline"] == "From a list"
    nested = {
        "@type": "WebPage",
        "name": "Page name",
        "mainEntity": dict(ARTICLE, headline="From mainEntity"),
    }
    data = extract(page(ld(nested)))
    assert data["headline"] == "From mainEntity"
    assert data["declaresArticle"] is True


@pytest.mark.parametrize(
    "kind",
    [
        "NewsArticle",
        "ReportageNewsArticle",
        "Article",
        "LiveBlogPosting",
        "BlogPosting",
        "schema:NewsArticle",
    ],
)
def test_article_types_declare_an_article(kind):
    data = extract(page(ld(dict(ARTICLE, **{"@type": kind}))))
    assert data["declaresArticle"] is True
    assert data["headline"] == "Storm hits coast"


def test_news_article_beats_other_article_nodes():
    other = {"@type": "BlogPosting", "headline": "A related blog post"}
    data = extract(page(ld(other) + ld(ARTICLE)))
    assert data["headline"] == "Storm hits coast"


def test_node_for_this_page_beats_one_for_another_url():
    teaser = dict(ARTICLE, headline="Another story", url="https://www.example-news.com/other")
    mine = dict(
        ARTICLE,
        headline="Storm hits coast",
        url="https://www.example-news.com/world/2024/03/05/storm-hits-coast",
    )
    assert extract(page(ld([teaser, mine])))["headline"] == "Storm hits coast"


def test_webpage_node_is_a_fallback_that_does_not_declare_an_article():
    webpage = {
        "@type": "WebPage",
        "name": "Storm hits coast",
        "datePublished": "2024-03-05T08:00:00Z",
        "inLanguage": "en-GB",
    }
    data = extract(page(ld(webpage), lang=None))
    assert data["headline"] == "Storm hits coast"
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00Z"
    assert data["inLanguage"] == "en-GB"
    assert data["declaresArticle"] is False


def test_an_organisation_author_is_the_author_only_when_the_page_credits_no_person():
    org = dict(ARTICLE, author={"@type": "Organization", "name": "Example News Desk"})
    data = extract(page(ld(org) + '<meta name="author" content="Example News Desk">'))
    assert data["authors"] == ["Example News Desk"]
    byline = "<article><h1>Storm hits coast</h1><span class='author'>Ada Lovelace</span></article>"
    assert extract(page(ld(org), byline))["authors"] == ["Ada Lovelace"]
    mixed = dict(
        ARTICLE, author=[{"@type": "Person", "name": "Ada Lovelace"}, {"@type": "Organization", "name": "AP"}]
    )
    assert extract(page(ld(mixed)))["authors"] == ["Ada Lovelace"]


def test_author_strings_and_given_family_names():
    assert extract(page(ld(dict(ARTICLE, author="Ada Lovelace"))))["authors"] == ["Ada Lovelace"]
    split = dict(ARTICLE, author={"@type": "Person", "givenName": "Ada", "familyName": "Lovelace"})
    assert extract(page(ld(split)))["authors"] == ["Ada Lovelace"]
    names = dict(ARTICLE, author=[{"name": "Ada Lovelace"}, {"name": "Charles Babbage"}])
    assert extract(page(ld(names)))["authors"] == ["Ada Lovelace", "Charles Babbage"]


@pytest.mark.parametrize(
    ("value", "expected"), [(False, False), (True, True), ("False", False), ("true", True), ("maybe", None)]
)
def test_is_accessible_for_free(value, expected):
    assert extract(page(ld(dict(ARTICLE, isAccessibleForFree=value))))["isAccessibleForFree"] is expected


def test_paywalled_part_marks_the_article_not_free():
    part = {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywall"}
    assert extract(page(ld(dict(ARTICLE, hasPart=[part]))))["isAccessibleForFree"] is False


def test_content_tier_meta_is_the_paywall_fallback():
    assert extract(page(og("article:content_tier", "locked")))["isAccessibleForFree"] is False
    assert extract(page(og("article:content_tier", "free")))["isAccessibleForFree"] is True
    assert extract(page(""))["isAccessibleForFree"] is None


def test_article_fields():
    full = dict(
        ARTICLE,
        description="Winds of 90mph &amp; floods.",
        dateModified="2024-03-05T10:00:00+00:00",
        articleSection=["World", "Weather"],
        keywords="storm, weather,coast",
        inLanguage={"@type": "Language", "name": "English", "alternateName": "en-gb"},
        articleBody="The storm arrived.\nIt was wet.",
        image={"@type": "ImageObject", "url": "/img/storm.jpg", "caption": "Waves at the pier"},
    )
    data = extract(page(ld(full), lang=None))
    assert data["description"] == "Winds of 90mph & floods."
    assert data["dateModifiedRaw"] == "2024-03-05T10:00:00+00:00"
    assert data["section"] == "World"
    assert data["keywords"] == ["storm", "weather", "coast"]
    assert data["inLanguage"] == "en-GB"
    assert data["jsonldBody"] == "The storm arrived.\nIt was wet."
    assert data["leadImage"].url == "https://www.example-news.com/img/storm.jpg"
    assert data["leadImage"].caption == "Waves at the pier"


def test_keyword_list_is_kept_as_given():
    data = extract(page(ld(dict(ARTICLE, keywords=["Storms, floods", "Coast"]))))
    assert data["keywords"] == ["Storms, floods", "Coast"]


def test_placeholder_dates_are_ignored():
    data = extract(
        page(
            ld(dict(ARTICLE, datePublished="0001-01-01T00:00:00Z"))
            + og("article:published_time", "2024-03-05T09:00:00Z")
        )
    )
    assert data["datePublishedRaw"] == "2024-03-05T09:00:00Z"


def test_teasers_in_an_item_list_are_not_the_pages_article():
    teasers = {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "item": dict(ARTICLE, headline="Teaser one", url="https://x.example/one")},
            {"@type": "ListItem", "item": dict(ARTICLE, headline="Teaser two", url="https://x.example/two")},
        ],
    }
    data = extract(page(ld(teasers) + og("og:title", "World news | Example News")))
    assert data["declaresArticle"] is False
    assert data["headline"] == "World news"
    assert data["authors"] == []


def test_live_blog_updates_do_not_replace_the_live_blog():
    live = {
        "@type": "LiveBlogPosting",
        "headline": "Storm live: latest updates",
        "liveBlogUpdate": [
            dict(ARTICLE, headline="Update: winds ease", datePublished="2024-03-05T12:00:00Z")
        ],
    }
    data = extract(page(ld(live)))
    assert data["headline"] == "Storm live: latest updates"
    assert data["declaresArticle"] is True


def test_article_nodes_for_other_pages_are_ignored_when_several_compete():
    other = dict(ARTICLE, headline="Another story", url="https://www.example-news.com/sport/other")
    also = dict(ARTICLE, headline="Yet another", url="https://www.example-news.com/sport/yet")
    data = extract(page(ld([other, also]) + og("og:title", "Storm hits coast")))
    assert data["declaresArticle"] is False
    assert data["headline"] == "Storm hits coast"
