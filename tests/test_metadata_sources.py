"""Meta-tag sources (OpenGraph, article:*, Parse.ly, Dublin Core, sailthru, common metas, microdata)
and the order in which they are trusted."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract import read_page
from newscrawl.extract.htmlparse import parse_html
from newscrawl.extract.language import normalise_language
from newscrawl.extract.metadata import extract_metadata
from newscrawl.extract.metatags import MetaTags
from tests.metadata_support import URL, extract, ld, meta, og, page


def test_meta_table_is_read_in_one_pass_case_insensitively():
    root = parse_html(page(meta("DC.Date", "2024-03-05") + og("article:tag", "A") + og("article:tag", "B")))
    tags = MetaTags.from_tree(root)
    assert tags.first("dc.date") == "2024-03-05"
    assert tags.all("article:tag") == ["A", "B"]
    assert tags.first("missing", "article:tag") == "A"


def test_batched_meta_lookups_give_what_one_key_at_a_time_gives():
    root = parse_html(page(meta("DC.Date", "2024-03-05") + og("article:tag", "A") + og("article:tag", "B")))
    tags = MetaTags.from_tree(root)
    keys = ("missing", "article:tag", "dc.date")
    assert tags.first_of_each(keys) == [v for k in keys for v in tags.all(k)[:1]] == ["A", "2024-03-05"]
    assert tags.all_of(keys) == [v for k in keys for v in tags.all(k)] == ["A", "B", "2024-03-05"]
    assert MetaTags().first_of_each(keys) == MetaTags().all_of(keys) == []


def test_opengraph_and_article_metas():
    head = (
        og("og:title", "Storm hits coast")
        + og("og:description", "Winds of 90mph.")
        + og("og:site_name", "Example News")
        + og("og:url", "/world/storm")
        + og("og:locale", "en_GB")
        + og("og:type", "article")
        + og("og:image", "//cdn.example-news.com/storm.jpg")
        + og("article:published_time", "2024-03-05T08:00:00+00:00")
        + og("article:modified_time", "2024-03-05T09:30:00+00:00")
        + og("article:section", "World")
        + og("article:tag", "Storms")
        + og("article:tag", "Weather, UK")
        + og("article:author", "https://www.facebook.com/ada")
    )
    data = extract(page(head, lang=None))
    assert data["headline"] == "Storm hits coast"
    assert data["description"] == "Winds of 90mph."
    assert data["publisher"] == "Example News"
    assert data["canonicalUrl"] == "https://www.example-news.com/world/storm"
    assert data["inLanguage"] == "en-GB"
    assert data["declaresArticle"] is True
    assert data["leadImage"].url == "https://cdn.example-news.com/storm.jpg"
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00+00:00"
    assert data["dateModifiedRaw"] == "2024-03-05T09:30:00+00:00"
    assert data["section"] == "World"
    assert data["keywords"] == ["Storms", "Weather, UK"]
    assert data["authors"] == []  # a profile URL is not a name


def test_parsely_page_json():
    parsely = {
        "title": "Storm hits coast",
        "link": "https://www.example-news.com/storm",
        "authors": ["Ada Lovelace", "Charles Babbage"],
        "pub_date": "2024-03-05T08:00:00Z",
        "section": "World",
        "tags": ["storm", "coast"],
        "image_url": "https://cdn.example-news.com/storm.jpg",
    }
    head = f"<meta name='parsely-page' content='{json.dumps(parsely)}'>"
    data = extract(page(head))
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Ada Lovelace", "Charles Babbage"]
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00Z"
    assert data["section"] == "World"
    assert data["keywords"] == ["storm", "coast"]
    assert data["canonicalUrl"] == "https://www.example-news.com/storm"
    assert data["leadImage"].url == "https://cdn.example-news.com/storm.jpg"


def test_parsely_metas():
    head = (
        meta("parsely-title", "Storm hits coast")
        + meta("parsely-author", "Ada Lovelace")
        + meta("parsely-author", "Charles Babbage")
        + meta("parsely-pub-date", "2024-03-05T08:00:00Z")
        + meta("parsely-section", "World")
        + meta("parsely-tags", "storm,coast")
    )
    data = extract(page(head))
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Ada Lovelace", "Charles Babbage"]
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00Z"
    assert data["keywords"] == ["storm", "coast"]


@pytest.mark.parametrize("prefix", ["DC", "dc", "dcterms"])
def test_dublin_core(prefix):
    created = "date.issued" if prefix != "dcterms" else "issued"
    head = (
        meta(f"{prefix}.title", "Storm hits coast")
        + meta(f"{prefix}.creator", "Ada Lovelace")
        + meta(f"{prefix}.{created}", "2024-03-05")
        + meta(f"{prefix}.language", "en-us")
        + meta(f"{prefix}.subject", "storm; coast")
        + meta(f"{prefix}.description", "Winds of 90mph.")
        + meta(f"{prefix}.publisher", "Example News")
    )
    data = extract(page(head, lang=None))
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Ada Lovelace"]
    assert data["datePublishedRaw"] == "2024-03-05"
    assert data["inLanguage"] == "en-US"
    assert data["keywords"] == ["storm", "coast"]
    assert data["description"] == "Winds of 90mph."
    assert data["publisher"] == "Example News"


def test_sailthru_metas():
    head = (
        meta("sailthru.title", "Storm hits coast")
        + meta("sailthru.author", "Ada Lovelace")
        + meta("sailthru.date", "2024-03-05 08:00:00")
        + meta("sailthru.tags", "storm, coast")
        + meta("sailthru.description", "Winds of 90mph.")
        + meta("sailthru.image.full", "https://cdn.example-news.com/storm.jpg")
    )
    data = extract(page(head))
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Ada Lovelace"]
    assert data["datePublishedRaw"] == "2024-03-05 08:00:00"
    assert data["keywords"] == ["storm", "coast"]
    assert data["description"] == "Winds of 90mph."
    assert data["leadImage"].url == "https://cdn.example-news.com/storm.jpg"


@pytest.mark.parametrize("name", ["pubdate", "publish-date", "date", "article.published"])
def test_common_date_metas(name):
    assert (
        extract(page(meta(name, "2024-03-05T08:00:00+01:00")))["datePublishedRaw"]
        == "2024-03-05T08:00:00+01:00"
    )


def test_common_author_and_keyword_metas():
    assert extract(page(meta("author", "Ada Lovelace")))["authors"] == ["Ada Lovelace"]
    assert extract(page(meta("byl", "By Ada Lovelace")))["authors"] == ["By Ada Lovelace"]
    assert extract(page(meta("news_keywords", "storm, coast") + meta("keywords", "x")))["keywords"] == [
        "storm",
        "coast",
    ]
    assert extract(page(meta("keywords", "风暴，海岸、天气")))["keywords"] == ["风暴", "海岸", "天气"]


def test_language_sources():
    assert extract(page("", lang="pt-br"))["inLanguage"] == "pt-BR"
    assert extract(page(og("og:locale", "de_DE"), lang=None))["inLanguage"] == "de-DE"
    assert (
        extract(page(meta("content-language", "fr-FR, en", "http-equiv"), lang=None))["inLanguage"] == "fr-FR"
    )
    assert extract(page("", lang=None))["inLanguage"] is None


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("en_GB", "en-GB"),
        ("EN-gb", "en-GB"),
        ("zh-hans-cn", "zh-Hans-CN"),
        ("es-419", "es-419"),
        ("ja", "ja"),
        ("x-default", None),
        ("", None),
        ("english please", None),
    ],
)
def test_language_normalisation(raw, tag):
    assert normalise_language(raw) == tag


def test_microdata():
    body = (
        '<article itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Storm hits coast</h1>'
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Ada Lovelace</span></span>'
        '<time itemprop="datePublished" datetime="2024-03-05T08:00:00+00:00">5 March</time>'
        '<meta itemprop="dateModified" content="2024-03-05T09:00:00+00:00">'
        "</article>"
    )
    data = extract(page("", body))
    assert data["headline"] == "Storm hits coast"
    assert data["authors"] == ["Ada Lovelace"]
    assert data["datePublishedRaw"] == "2024-03-05T08:00:00+00:00"
    assert data["dateModifiedRaw"] == "2024-03-05T09:00:00+00:00"


def test_precedence_jsonld_then_og_then_parsely_then_dc_then_visible():
    article = {
        "@type": "NewsArticle",
        "headline": "From JSON-LD",
        "datePublished": "2024-03-05T08:00:00+00:00",
    }
    others = (
        og("og:title", "From OG")
        + meta("parsely-title", "From Parsely")
        + meta("dc.title", "From DC")
        + og("article:published_time", "2024-03-04T08:00:00+00:00")
    )
    body = "<h1>From the page</h1>"
    assert extract(page(ld(article) + others, body))["headline"] == "From JSON-LD"
    assert extract(page(others, body))["headline"] == "From OG"
    without_og = meta("parsely-title", "From Parsely") + meta("dc.title", "From DC")
    assert extract(page(without_og, body))["headline"] == "From Parsely"
    assert extract(page(meta("dc.title", "From DC"), body))["headline"] == "From DC"
    assert extract(page("", body))["headline"] == "From the page"
    assert extract(page(ld(article) + others))["datePublishedRaw"] == "2024-03-05T08:00:00+00:00"


def test_more_precise_date_from_a_later_source_for_the_same_day():
    article = {"@type": "NewsArticle", "headline": "Storm", "datePublished": "2024-03-05"}
    head = ld(article) + og("article:published_time", "2024-03-05T08:00:00+01:00")
    assert extract(page(head))["datePublishedRaw"] == "2024-03-05T08:00:00+01:00"
    other_day = ld(article) + og("article:published_time", "2024-03-01T08:00:00+01:00")
    assert extract(page(other_day))["datePublishedRaw"] == "2024-03-05"


def test_canonical_link_beats_og_url_and_is_absolute():
    head = '<link rel="canonical" href="/world/storm-hits-coast">' + og("og:url", "https://other.example/x")
    assert extract(page(head))["canonicalUrl"] == "https://www.example-news.com/world/storm-hits-coast"
    assert extract(page('<link rel="canonical" href="javascript:void(0)">'))["canonicalUrl"] is None


def test_publisher_sources_and_misused_application_name():
    assert extract(page(meta("application-name", "Example News")))["publisher"] == "Example News"
    misused = og("og:title", "Storm hits coast") + meta("application-name", "Storm hits coast")
    data = extract(page(misused))
    assert data["publisher"] is None
    assert data["headline"] == "Storm hits coast"


def test_lead_image_takes_the_jsonld_caption_for_the_same_picture():
    article = {
        "@type": "NewsArticle",
        "headline": "Storm",
        "image": [
            {
                "@type": "ImageObject",
                "url": "https://cdn.example-news.com/storm.jpg?w=800",
                "caption": "Waves",
            }
        ],
    }
    data = extract(page(og("og:image", "https://cdn.example-news.com/storm.jpg?w=1200") + ld(article)))
    assert data["leadImage"].url == "https://cdn.example-news.com/storm.jpg?w=1200"
    assert data["leadImage"].caption == "Waves"
    other = extract(page(og("og:image", "https://cdn.example-news.com/social-card.png") + ld(article)))
    assert other["leadImage"].caption is None


def test_empty_page_gives_empty_fields():
    data = extract(page("", "<p>Nothing here.</p>", lang=None), URL.replace("/2024/03/05", ""))
    assert data["headline"] is None
    assert data["authors"] == []
    assert data["datePublishedRaw"] is None
    assert data["keywords"] == []
    assert data["leadImage"] is None
    assert data["declaresArticle"] is False


def test_xml_lang_attribute():
    html = "<html xmlns='http://www.w3.org/1999/xhtml' xml:lang='ko'><head></head><body></body></html>"
    assert extract(html)["inLanguage"] == "ko"


def test_logo_and_placeholder_share_images_are_not_lead_images():
    article = {"@type": "NewsArticle", "headline": "Storm", "image": "https://cdn.example-news.com/storm.jpg"}
    head = og("og:image", "https://www.example-news.com/static/logo-share.png") + ld(article)
    assert extract(page(head))["leadImage"].url == "https://cdn.example-news.com/storm.jpg"
    only_default = og("og:image", "/img/default-share.jpg")
    assert extract(page(only_default))["leadImage"] is None


@pytest.mark.parametrize(
    ("meta_date", "expected", "reads_microdata"),
    [
        ("2024-03-05T08:00:00+00:00", "2024-03-05T08:00:00+00:00", False),  # time and offset: final
        ("5 March 2024", "5 March 2024", False),  # no ISO day: no later value of that day
        ("2024-03-05", "2024-03-05T10:15:00+01:00", True),  # a bare day: microdata adds the time
        ("2024-03-05T08:00", "2024-03-05T10:15:00+01:00", True),  # a time without offset
        ("2024-03-04", "2024-03-04", True),  # another day: microdata read, not taken
        ("", "2024-03-05T10:15:00+01:00", True),  # no structured date at all
    ],
)
def test_microdata_date_is_read_only_when_it_can_change_the_choice(meta_date, expected, reads_microdata):
    # A headline, an author and a full modification date from metas: only the publication date may
    # need the microdata.
    head = og("og:title", "Storm hits coast") + meta("author", "Ada Lovelace")
    head += og("article:modified_time", "2024-03-06T09:00:00Z")
    head += og("article:published_time", meta_date) if meta_date else ""
    body = '<p><span itemprop="datePublished" content="2024-03-05T10:15:00+01:00">5 March</span></p>'
    parsed = read_page(page(head, body), URL)
    assert extract_metadata(parsed)["datePublishedRaw"] == expected
    assert ("microdata" in vars(parsed)) == reads_microdata


def test_meta_name_lists_are_lower_case() -> None:
    """`MetaTags.first_of_each`/`all_of` look names up as given: a capital letter would never match."""
    import newscrawl.extract.metadata as metadata

    lists = {name: getattr(metadata, name) for name in dir(metadata) if name.endswith("_METAS")}
    assert lists
    assert [(n, k) for n, keys in lists.items() for k in keys if k != k.lower()] == []
