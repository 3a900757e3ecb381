"""The link classifier's three verdicts on real URL shapes, same-site by the Public Suffix List, and the
URL templates a crawl learns."""

from __future__ import annotations

import pytest

from newscrawl.discovery.templates import TemplateBook, url_keys
from newscrawl.discovery.urls import ARTICLE, NOT_ARTICLE, UNKNOWN, classify_url, deny_reason, same_site

# Shapes of real article URLs that the old rule (date or id *and* a long slug) dropped.
ARTICLE_SHAPES = [
    "https://www.news.com.au/story/3000000218734/some-words",
    "https://www.bbc.com/news/articles/c4ng9e5lw2zo",
    "https://www.nytimes.com/2024/06/01/us/politics/budget.html",
    "https://news.sky.com/news/11862251/russia-missile-attack/",
    "https://www.example.org/some-long-headline-slug/",
    "https://www.welt.de/politik/article410390514/words.html",
    "https://kaernten.orf.at/kaernten/19852382/words",
    "https://www.asahi.com/articles/AST1F4445T1FUTIL02SM.html",
    "https://www.afp.com/doc.afp.com.B2LA2G3",
    "https://www.lefigaro.fr/words,VGqtssT",
    "http://entermedia.co.kr/news/news_view.html?idx=8576",
    "https://www.msn.com/en-us/news/us/doctors-offer-free-flu-shots/ar-BBWZedJ",
    "https://www.zdnet.com/article/best-tech-gadgets/",
    "https://www.northbridge-gazette.example/news/2026/11/27/good-story-1.html",
]
# Real shapes that only the page can tell: fetched as probes.
UNKNOWN_SHAPES = [
    "https://www.tagesschau.de/nachrichten/words-100.html",
    "https://www.example.com/a/OklJOk/words",
    "https://www.bbc.com/news/topics/c82wm9yvv05t/julian-assange",
    "https://www.madymorrison.com/yoga/energy-rising",
    "https://www.example.com/sport/football",
]
NOT_ARTICLE_SHAPES = [
    ("https://www.example.com/", "home"),
    ("https://www.example.com/tag/climate-change", "tag"),
    ("https://www.example.com/author/jane-doe/", "author"),
    ("https://www.example.com/category/news", "category"),
    ("https://www.example.com/search?q=budget", "search"),
    ("https://www.example.com/privacy-policy", "privacy_policy"),
    ("https://www.example.com/politica-de-privacidad-y-condiciones-de-uso/", "utility"),
    ("https://www.example.com/feed/", "feed"),
    ("https://cdn.example.com/images/2024/06/01/budget-vote-photo.jpg", "media"),
    ("https://www.example.com/news/page/2", "page"),
    ("https://www.example.com/archiv/2023/11/03/", "date_archive"),
    ("https://subscribe.example.com/offer?idx=245", "subscribe"),
    ("ftp://www.example.com/2024/06/01/story-of-the-day-here", "scheme"),
]


@pytest.mark.parametrize("url", ARTICLE_SHAPES)
def test_real_article_shapes_are_articles(url: str) -> None:
    assert classify_url(url).verdict == ARTICLE, classify_url(url)


@pytest.mark.parametrize("url", UNKNOWN_SHAPES)
def test_ambiguous_shapes_are_unknown(url: str) -> None:
    assert classify_url(url).verdict == UNKNOWN, classify_url(url)


@pytest.mark.parametrize(("url", "reason"), NOT_ARTICLE_SHAPES)
def test_clear_non_articles_are_denied_with_their_reason(url: str, reason: str) -> None:
    assert classify_url(url).verdict == NOT_ARTICLE
    assert deny_reason(url) == reason


def test_articles_filed_under_a_deny_word_are_not_denied() -> None:
    assert (
        classify_url("https://www.freitag.de/autoren/jane-doe/heute-schon-an-morgen-denken").verdict
        == ARTICLE
    )
    assert classify_url("https://example.com/feed/2024/06/01/farmers-feed-prices-rise").verdict == ARTICLE
    # one more segment after the word: unclear, left to the page
    assert classify_url("https://www.express.co.uk/journalist/122507/Sean-Martin").verdict == UNKNOWN


def test_a_story_about_privacy_is_not_a_privacy_page() -> None:
    assert classify_url("https://x.com/facebook-changes-privacy-settings-after-backlash").verdict == ARTICLE
    assert classify_url("https://x.com/web-privacy-policy/").verdict == NOT_ARTICLE


def test_a_word_with_a_number_is_not_an_opaque_id() -> None:
    assert classify_url("https://www.jagderleben.de/thema18/service").verdict != ARTICLE


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.bbc.co.uk/news", "https://news.bbc.co.uk/x", True),
        ("https://www.bbc.co.uk/news", "https://www.bbc.com/news", False),
        ("https://one.blogspot.com/", "https://two.blogspot.com/", False),  # private suffix: two blogs
        ("https://www.asahi.co.jp/a", "https://digital.asahi.co.jp/b", True),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:9090/b", True),
        ("http://127.0.0.1:8080/a", "http://127.0.0.2:8080/b", False),
        ("https://example.com/a", "http://[broken/x", False),
        ("http://archive.news.test/a", "http://news.test/b", True),  # a name the list does not know
        ("http://www.gazette.example/a", "http://gazette.example/b", True),
        ("http://news.test/a", "http://other.test/b", False),
        ("http://localhost:8080/a", "http://localhost:9090/b", True),
    ],
)
def test_same_site_uses_the_public_suffix_list(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same


def test_url_templates_abstract_ids_numbers_and_slugs() -> None:
    assert url_keys("https://www.bbc.com/news/articles/c4ng9e5lw2zo") == (
        "/news/articles/{id}",
        "/{w}/{w}/{id}",
    )
    assert url_keys("https://x.com/story/3000000218734/some-words")[0] == "/story/{num}/{slug}"
    assert url_keys("https://x.de/sport/fussball-sieg-in-bremen-100.html")[0] == "/sport/{slug}.html"
    assert url_keys("https://x.de/politik/leaders-meet-12345678.html")[0] == "/politik/{slug-num}.html"
    assert (
        url_keys("http://x.kr/news/news_view.html?idx=8576&page=1")[0] == "/news/{slug}.html?idx={v}&page={v}"
    )


def test_the_book_promotes_and_demotes_unknown_shapes_after_two_pages() -> None:
    book = TemplateBook()
    unknown = "https://www.example.com/yoga/energy-rising"
    assert book.verdict(unknown).verdict == UNKNOWN
    book.learn("https://www.example.com/yoga/morning-flow", True)
    assert book.verdict(unknown).verdict == UNKNOWN  # one page is no evidence
    book.learn("https://www.example.com/yoga/evening-calm", True)
    assert book.verdict(unknown) == classify_url(unknown).__class__(ARTICLE, "learnt")
    # another site's pages never count
    assert book.verdict("https://other.example.org/yoga/energy-rising").verdict == UNKNOWN
    section = "https://www.example.com/sport/football"
    book.learn("https://www.example.com/sport/tennis", False)
    book.learn("https://www.example.com/sport/golf", False)
    assert book.verdict(section).verdict == NOT_ARTICLE


def test_a_new_section_of_a_known_shape_follows_the_shape() -> None:
    book = TemplateBook()
    for n in range(3):
        book.learn(f"https://www.example.com/news/articles/c{n}ng9e5lw2z{n}", True)
    # "/culture/articles/..." has no template counts yet: the shape decides
    assert book.lean("https://www.example.com/culture/articles/c8ng9e5lw2zq") == ARTICLE


def test_rules_that_say_article_are_overruled_only_by_strong_evidence() -> None:
    book = TemplateBook()
    url = "https://www.example.com/live/c82wm9yvv05t"
    for n in range(4):
        book.learn(f"https://www.example.com/live/c8{n}wm9yvv05t", False)
    assert book.verdict(url).verdict == ARTICLE
    book.learn("https://www.example.com/live/c89wm9yvv05t", False)
    assert book.verdict(url).verdict == NOT_ARTICLE


def test_the_book_round_trips_through_rows() -> None:
    book = TemplateBook()
    book.learn("https://www.example.com/yoga/morning-flow", True)
    changed = list(book.rows(only_changed=True))
    assert changed and not list(book.rows(only_changed=True))
    again = TemplateBook()
    again.load(book.rows())
    again.load(book.rows())  # a second run adds to what the first learnt
    assert again.counts == {key: type(c)(c.articles * 2, c.others * 2) for key, c in book.counts.items()}
