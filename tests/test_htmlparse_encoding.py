"""Page bytes are decoded with the right charset before anything reads their text."""

from __future__ import annotations

import pytest

from newscrawl.extract.htmlparse import ExtractionError, parse_html

HEADLINE = "Tempête – ‘Шторм’ 嵐"


def _title(html: bytes) -> str:
    return parse_html(html).findtext(".//title")


@pytest.mark.parametrize(
    "head",
    [
        "<meta charset='utf-8'>",
        '<meta charset="UTF-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        "",
    ],
)
def test_utf8_pages_with_or_without_a_declaration(head):
    html = f"<!DOCTYPE html><html><head>{head}<title>{HEADLINE}</title></head><body></body></html>"
    assert _title(html.encode("utf-8")) == HEADLINE


def test_declared_legacy_charsets_are_honoured():
    cyrillic = "<html><head><meta charset='windows-1251'><title>Шторм на побережье</title></head></html>"
    assert _title(cyrillic.encode("cp1251")) == "Шторм на побережье"
    declaration = '<meta http-equiv="content-type" content="text/html; charset=Shift_JIS">'
    japanese = f"<html><head>{declaration}<title>嵐が直撃</title>"
    assert _title(japanese.encode("shift_jis")) == "嵐が直撃"


def test_undeclared_latin1_bytes_still_parse():
    html = "<html><head><title>Tempête</title></head></html>".encode("latin-1")
    assert _title(html) == "Tempête"


def test_unknown_declared_charset_falls_back_to_guessing():
    html = b"<html><head><meta charset='x-no-such-charset'><title>Storm</title></head></html>"
    assert _title(html) == "Storm"


@pytest.mark.parametrize(
    "prefix",
    ["", "\ufeff", '<?xml version="1.0" encoding="utf-8"?>\n', "\ufeff  \n"],
)
def test_utf8_bytes_read_as_they_are_give_the_tree_their_text_gives(prefix: str) -> None:
    page = (
        f"{prefix}<!DOCTYPE html><html><head><meta charset='iso-8859-1'><title>{HEADLINE}</title></head>"
        "<body><p>Ein Satz\x00 mit “Zeichen” – und 嵐.</p></body></html>"
    )
    from_bytes = parse_html(page.encode("utf-8"))  # bytes that are valid UTF-8 despite the meta
    from_text = parse_html(page)
    assert from_bytes.findtext(".//title") == from_text.findtext(".//title") == HEADLINE
    assert from_bytes.findtext(".//p") == from_text.findtext(".//p") == "Ein Satz mit “Zeichen” – und 嵐."


def test_utf8_bytes_with_a_bad_byte_are_decoded_with_a_replacement_character() -> None:
    page = "<html><head><meta charset='utf-8'><title>Tempête</title></head><body><p>caf\xe9</p></body>"
    body = page.encode("utf-8").replace("caf\xe9".encode(), b"caf\xe9")  # one latin-1 byte
    assert parse_html(body).findtext(".//p") == "caf\ufffd"
    with pytest.raises(ExtractionError):
        parse_html(b"\xef\xbb\xbf  \n ")
