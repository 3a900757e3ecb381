"""What the site parsers are made of: the area walker and image reader of ``newscrawl.extract``, the
site phrases of the boilerplate stage, JSON-LD from the shared `Page`, names and dates."""

from __future__ import annotations

import lxml.html
import pytest

from newscrawl.clean.boilerplate import mark_boilerplate
from newscrawl.dates import epoch_to_iso
from newscrawl.extract import read_page
from newscrawl.extract.area import collect_blocks, mark
from newscrawl.extract.images import PICTURE_CREDIT, figure_images, split_credit_by
from newscrawl.extract.jsonld import type_names
from newscrawl.items import RawArticle
from newscrawl.options import ExtractOptions
from newscrawl.sites import selectors as s
from newscrawl.sites.base import ld_people


def blocks(html: str, **rules: object) -> list[tuple[str, str, str | None]]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = collect_blocks(root, mark(root, **rules))  # type: ignore[arg-type]
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
    assert blocks(html, skip=(s.css(".sr, .ad"),)) == [("Before after.", "p", None), ("End", "p", None)]


def test_flagged_subtrees_keep_their_text_with_the_reason_innermost_first() -> None:
    html = (
        "<p>Story.</p><div class='box'><h3>Promo title</h3><p>Promo text <span class='x'>inline</span></p>"
        "<div class='inner'><p>Inner</p></div></div>"
    )
    flags = ((s.css(".box"), "promo"), (s.css(".inner"), "related"))
    assert blocks(html, flags=flags) == [
        ("Story.", "p", None),
        ("Promo title", "h", "promo"),
        ("Promo text inline", "p", "promo"),
        ("Inner", "p", "related"),
    ]


def test_figure_text_is_caption_and_site_phrases_flag_story_blocks_only() -> None:
    html = (
        "<figure><img src='a.jpg'><span class='credit'>Getty</span><figcaption>Cap</figcaption></figure>"
        "<p>Read more: elsewhere</p><p>Story</p>"
    )
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    raw = RawArticle(url="https://site.example/a", blocks=collect_blocks(root, mark(root)))
    raw.sitePhrases = [(r"^read more:", "related"), (r"^cap$", "never")]
    mark_boilerplate(raw, ExtractOptions())
    assert [(b.text, b.kind, b.boilerplate) for b in raw.blocks] == [
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
    images = figure_images(
        s.css("figure")(root),
        "https://site.example/news/x",
        caption=s.css("figcaption"),
        credit=s.css(".c"),
        exclude=set(s.css(".promo")(root)),
        hidden=set(s.css(".hidden")(root)),
        credit_pattern=PICTURE_CREDIT,
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
    assert split_credit_by(caption, PICTURE_CREDIT) == expected


def test_jsonld_graphs_lists_and_broken_blocks() -> None:
    page = read_page(
        "<html><head>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "broken",}</script>'
        '<script type="application/ld+json">not json at all</script>'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": ["ReportageNewsArticle"], "author": [{"@type": "Person", "name": "A B"}, '
        '{"@type": "NewsMediaOrganization", "name": "BBC News"}, "C D"]}]}</script>'
        "</head><body></body></html>",
        "https://site.example/a",
    )
    assert page.article is not None
    assert page.article["headline"] == "broken"  # a trailing comma is tolerated
    types = [t for node in page.ld.nodes for t in type_names(node)]
    assert types[:3] == ["NewsArticle", "WebPage", "ReportageNewsArticle"]
    graph_article = next(n for n in page.ld.nodes if "ReportageNewsArticle" in type_names(n))
    assert ld_people(graph_article["author"]) == ["A B", "C D"]


def test_names_in_capitals_get_ordinary_case_and_others_stay() -> None:
    assert s.name_case("JOHN O'NEIL-SMITH") == "John O'Neil-Smith"
    assert s.name_case("Anna de Vries") == "Anna de Vries"


def test_epoch_timestamps() -> None:
    assert epoch_to_iso("1519801964") == "2018-02-28T07:12:44+00:00"
    assert epoch_to_iso("1710248742000", millis=True) == "2024-03-12T13:05:42+00:00"
    assert epoch_to_iso("soon") is None
