"""The library call on hostile page content: deep JSON-LD, huge scripts, stray NULs, non-HTML bytes."""

from __future__ import annotations

import json

import pytest

from newscrawl import ExtractionError, extract_article
from newscrawl.extract.jsonld import parse_json_tolerant

URL = "https://news.example/world/2024/07/02/harbour-wall-repairs-begin-after-storm"
STORY = "".join(
    f"<p>Paragraph {n} of the story about the harbour wall, long enough to be story text for sure.</p>"
    for n in range(8)
)
LD = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour wall repairs begin"}


def page(head: str = "", body: str = STORY) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>Harbour wall repairs begin</title>{head}</head>"
        f"<body><article><h1>Harbour wall repairs begin</h1>{body}</article></body></html>"
    )


def script(value: object | str) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return f'<script type="application/ld+json">{text}</script>'


def test_json_ld_nested_a_thousand_deep_is_left_out_and_the_article_kept() -> None:
    deep = '{"a":' * 1000 + "1" + "}" * 1000
    deeper = "[" * 100_000 + "]" * 100_000  # beyond the JSON decoder's own recursion limit
    article = extract_article(page(script(deep) + script(deeper) + script(LD)), URL)
    assert article.headline == "Harbour wall repairs begin"
    assert len((article.articleBody or "").splitlines()) == 8
    assert parse_json_tolerant(deep) == []
    assert parse_json_tolerant(json.dumps(LD)) == [LD]


def test_a_12_mb_json_ld_block_does_not_cost_the_rest_of_the_page() -> None:
    huge = dict(LD, articleBody="x " * 6_000_000)
    article = extract_article(page(script(huge)), URL)
    assert article.headline == "Harbour wall repairs begin"
    assert len((article.articleBody or "").splitlines()) == 8


def test_a_nul_byte_near_the_top_of_an_html_page_is_not_binary() -> None:
    html = page().replace("<title>", "<title>\x00").encode("utf-8")
    assert b"\x00" in html[:200]
    article = extract_article(html, URL)
    assert len((article.articleBody or "").splitlines()) == 8


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\x00\x01\x02\x03binary\x00\x00stuff" * 20, "binary"),
    ],
)
def test_non_html_bytes_are_refused_with_the_reason(body: bytes, kind: str) -> None:
    with pytest.raises(ExtractionError, match=f"{kind} content, not HTML"):
        extract_article(body, URL)
