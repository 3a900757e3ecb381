"""Charset decisions: declared encodings tried strictly, conflicts settled by the bytes, detection."""

from __future__ import annotations

import codecs

import pytest

from newscrawl import extract_article
from newscrawl.responses.charset import (
    choose_encoding,
    declared_meta_charset,
    decode_html,
    header_charset,
    normalise_encoding,
)
from tests.faultsite import CYRILLIC_STORY, JAPANESE_STORY, LATIN1_STORY, Story, article_html

URL = "https://www.example-news.com/news/2026/11/20/a-story-about-encodings-and-ferries"


def page(story: Story, encoding: str, meta: str | None) -> bytes:
    return article_html(story, meta_charset=meta).encode(encoding)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("Windows-1251", "cp1251"),
        ("Shift_JIS", "cp932"),
        ("x-no-such-charset", None),
        ("", None),
        (None, None),
    ],
)
def test_labels_map_to_the_codec_browsers_use(label: str | None, codec: str | None) -> None:
    assert normalise_encoding(label) == codec


def test_header_and_meta_declarations_are_read() -> None:
    assert header_charset("text/html; charset=windows-1251") == "windows-1251"
    assert header_charset(b'text/html; charset="UTF-8"') == "UTF-8"
    assert header_charset("text/html") is None
    assert declared_meta_charset(b'<html><head><meta charset="shift_jis">') == "shift_jis"
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    assert declared_meta_charset(http_equiv) == "koi8-r"
    assert declared_meta_charset(b"<html><head><title>x</title>") is None


@pytest.mark.parametrize(
    ("story", "encoding", "header", "meta", "expected"),
    [
        (CYRILLIC_STORY, "utf-8", "iso-8859-1", "utf-8", "utf-8"),  # header lies, meta right
        (CYRILLIC_STORY, "cp1251", "utf-8", "windows-1251", "cp1251"),  # header lies, meta right
        (CYRILLIC_STORY, "cp1251", "windows-1251", "utf-8", "cp1251"),  # meta lies, header right
        (JAPANESE_STORY, "shift_jis", "iso-8859-1", "shift_jis", "cp932"),
        (LATIN1_STORY, "cp1252", "utf-8", "iso-8859-1", "cp1252"),
    ],
)
def test_conflicting_declarations_are_settled_by_the_bytes(
    story: Story, encoding: str, header: str, meta: str, expected: str
) -> None:
    body = page(story, encoding, meta)
    assert choose_encoding(body, http_charset=header) == expected


@pytest.mark.parametrize(
    ("story", "encoding", "expected"),
    [
        (CYRILLIC_STORY, "cp1251", "cp1251"),
        (JAPANESE_STORY, "shift_jis", "cp932"),
        (LATIN1_STORY, "latin-1", "cp1252"),
    ],
    ids=["windows-1251", "shift_jis", "iso-8859-1"],
)
def test_undeclared_encodings_are_detected(story: Story, encoding: str, expected: str) -> None:
    body = page(story, encoding, None)
    assert choose_encoding(body) == expected
    assert story.headline in decode_html(body)


def test_byte_order_mark_wins_over_declarations() -> None:
    body = codecs.BOM_UTF8 + page(CYRILLIC_STORY, "utf-8", "windows-1251")
    assert choose_encoding(body, http_charset="iso-8859-1") == "utf-8"
    assert not decode_html(body).startswith("\ufeff")


def test_ascii_page_keeps_its_declared_encoding() -> None:
    assert choose_encoding(b"<html><body>plain</body></html>", http_charset="iso-8859-1") == "cp1252"
    assert choose_encoding(b"<html><body>plain</body></html>") == "utf-8"


@pytest.mark.parametrize(
    ("story", "encoding"),
    [(CYRILLIC_STORY, "cp1251"), (JAPANESE_STORY, "shift_jis"), (LATIN1_STORY, "latin-1")],
)
def test_extract_article_reads_undeclared_bytes_correctly(story: Story, encoding: str) -> None:
    article = extract_article(page(story, encoding, None), URL)
    assert article.headline == story.headline
    assert article.articleBody is not None
    assert story.paragraphs[0] in article.articleBody


def test_extract_article_accepts_xhtml_text_with_an_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + article_html(CYRILLIC_STORY)
    assert extract_article(html, URL).headline == CYRILLIC_STORY.headline
