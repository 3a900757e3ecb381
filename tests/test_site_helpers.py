"""The shared helpers of the site parsers: the block walker, JSON-LD, credits, names, dates."""

from __future__ import annotations

import lxml.html
import pytest

from newscrawl.sites import helpers as h


def blocks(html: str, **rules: object) -> list[tuple[str, str, str | None]]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = h.collect_blocks(root, **rules)  # type: ignore[arg-type]
    return [(" ".join(b.text.split()), b.kind, b.boilerplate) for b in found]


def test_paragraph_like_elements_become_blocks_in_reading_order() -> None:
    html = (
        "<h2>Sub</h2><p>One <a href='#'>link</a> and <b>bold</b>.</p>"
        "<ul><li>First</li><li>Second<ul><li>Nested</li></ul></li></ul>"
        "<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote><pre>x = 1</pre>"
    )
    assert blocks(html) == [
        ("Sub", "h", None),
        ("One link and bold.", "p", None),
        ("First", "li", None),
        ("Second", "li", None),
        ("Nested", "li", None),
        ("Quoted one.", "quote", None),
        ("Quoted two.", "quote", None),
        ("x = 1", "pre", None),
    ]


def test_loose_text_in_containers_is_a_block_and_line_breaks_are_spaces() -> None:
    html = "<div>Loose <i>text</i><br>after a break</div><section><div>Inner div paragraph</div></section>"
    assert blocks(html) == [
        ("Loose text after a break", "other", None),
        ("Inner div paragraph", "other", None),
    ]


def test_invisible_and_skipped_subtrees_are_left_out_but_their_tails_kept() -> None:
    html = (
        "<p>Before<script>var x;</script> after<span class='sr'> hidden</span>.</p>"
        "<div class='ad'><p>Advert</p></div><style>p{}</style><p>End</p>"
    )
    assert blocks(html, skip=(h.css(".sr, .ad"),)) == [("Before after.", "p", None), ("End", "p", None)]


def test_flagged_subtrees_keep_their_text_with_the_reason_innermost_first() -> None:
    html = (
        "<p>Story.</p><div class='box'><h3>Promo title</h3><p>Promo text <span class='x'>inline</span></p>"
        "<div class='inner'><p>Inner</p></div></div>"
    )
    flags = ((h.css(".box"), "promo"), (h.css(".inner"), "related"))
    assert blocks(html, flags=flags) == [
        ("Story.", "p", None),
        ("Promo title", "h", "promo"),
        ("Promo text inline", "p", "promo"),
        ("Inner", "p", "related"),
    ]


def test_figure_text_is_caption_and_phrases_flag_story_blocks_only() -> None:
    html = (
        "<figure><img src='a.jpg'><span class='credit'>Getty</span><figcaption>Cap</figcaption></figure>"
        "<p>Read more: elsewhere</p><p>Story</p>"
    )
    phrases = h.compile_phrases([(r"^read more:", "related"), (r"^cap$", "never")])
    assert blocks(html, phrases=phrases) == [
        ("Getty", "caption", None),
        ("Cap", "caption", None),
        ("Read more: elsewhere", "p", "related"),
        ("Story", "p", None),
    ]


def test_figure_images_take_caption_credit_and_skip_excluded_figures() -> None:
    root = lxml.html.fragment_fromstring(
        "<figure><img data-src='/a.jpg' src='data:,'><figcaption>Crowds (Picture: AFP)</figcaption></figure>"
        "<figure class='promo'><img src='/p.jpg'><figcaption>Promo</figcaption></figure>"
        "<figure><img src='/b.jpg'><figcaption><i class='hidden'>Image caption, </i>Boat "
        "<span class='c'>Reuters</span></figcaption></figure><figure><p>no image</p></figure>",
        create_parent="div",
    )
    images = h.figure_images(
        h.css("figure")(root),
        "https://site.example/news/x",
        caption=h.css("figcaption"),
        credit=h.css(".c"),
        exclude=set(h.css(".promo")(root)),
        hidden=set(h.css(".hidden")(root)),
        credit_pattern=h.PICTURE_CREDIT,
    )
    assert [(i.url, i.caption, i.credit) for i in images] == [
        ("https://site.example/a.jpg", "Crowds", "AFP"),
        ("https://site.example/b.jpg", "Boat", "Reuters"),
    ]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("A protestor reacts (Picture: AFP)", ("A protestor reacts", "AFP")),
        ("The crowd (Picture: RusNews / east2west news)", ("The crowd", "RusNews / east2west news")),
        (
            "Riot police deployed teargas against the crowds",
            ("Riot police deployed teargas against the crowds", None),
        ),
        ("Lights (Photo: Jo Bloggs (Freelance))", ("Lights", "Jo Bloggs (Freelance)")),
    ],
)
def test_picture_credits_are_split_off(caption: str, expected: tuple[str, str | None]) -> None:
    assert h.split_credit(caption, h.PICTURE_CREDIT) == expected


def test_jsonld_graphs_lists_and_broken_blocks() -> None:
    root = lxml.html.document_fromstring(
        "<html><head>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "broken",}</script>'
        '<script type="application/ld+json">not json at all</script>'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": ["ReportageNewsArticle"], "author": [{"@type": "Person", "name": "A B"}, '
        '{"@type": "NewsMediaOrganization", "name": "BBC News"}, "C D"]}]}</script>'
        "</head><body></body></html>"
    )
    article = h.jsonld_article(root)
    assert article["headline"] == "broken"  # a trailing comma is tolerated
    types = [t for node in h.jsonld_objects(root) for t in h.jsonld_types(node)]
    assert types == ["NewsArticle", "WebPage", "ReportageNewsArticle"]
    graph_article = next(n for n in h.jsonld_objects(root) if "ReportageNewsArticle" in h.jsonld_types(n))
    assert h.ld_people(graph_article["author"]) == ["A B", "C D"]


def test_names_in_capitals_get_ordinary_case_and_others_stay() -> None:
    assert h.name_case("JOHN O'NEIL-SMITH") == "John O'Neil-Smith"
    assert h.name_case("Anna de Vries") == "Anna de Vries"


def test_epoch_timestamps() -> None:
    assert h.epoch_to_iso("1519801964") == "2018-02-28T07:12:44+00:00"
    assert h.epoch_to_iso("1710248742000", millis=True) == "2024-03-12T13:05:42+00:00"
    assert h.epoch_to_iso("soon") is None
