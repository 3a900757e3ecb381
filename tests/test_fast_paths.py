"""The fast paths added for throughput give the same results as the full work they skip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.clean.text import _already_clean, normalise_all_passes, normalise_line
from newscrawl.extract.htmlparse import _as_utf8, parse_html
from newscrawl.extract.page_areas import _OUTSIDE_MARK, _marks_outside
from newscrawl.extract.text import string_value

# Text mixing plain letters with every kind of character the passes care about.
_TRICKY = st.sampled_from(
    list(" \t\n\u00a0\u2000\u3000\u202f\u2028&;#x\u200b\u200c\u200d\u00ad\ufeff\x00\x07\x85\ud800e\u0301é’–")
)
_TEXT = st.lists(st.one_of(_TRICKY, st.characters()), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_normalise_line_equals_all_passes(text: str) -> None:
    assert normalise_line(text) == (normalise_all_passes(text) if text else "")


def test_clean_text_takes_the_fast_path_and_dirty_text_does_not() -> None:
    assert _already_clean("“Quoted” – typographic text, kept as it is… no.")
    for dirty in ("two  spaces", " lead", "trail ", "tab\there", "nbsp\u00a0x", "a &amp; b", "e\u0301"):
        assert not _already_clean(dirty), dirty
    assert normalise_line("e\u0301 a &amp; b\u00a0 c ") == "\u00e9 a & b c"


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_surrogate_cleanup_equals_the_regex_pass(text: str) -> None:
    expected = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    assert _as_utf8(text) == expected.encode("utf-8")


def test_page_with_lone_surrogate_and_nul_keeps_its_paragraphs() -> None:
    root = parse_html("<html><body><p>one\ud83d two</p>\x00<p>three</p></body></html>")
    assert [string_value(p) for p in root.iter("p")] == ["one\ufffd two", "three"]


def test_text_input_ignores_a_meta_charset_that_no_longer_describes_it() -> None:
    head = '<head><meta charset="windows-1251"><title>Ж é 日本</title></head>'
    html = f"<html>{head}<body><p>“x” ж</p></body></html>"
    root = parse_html(html)
    assert root.findtext(".//title") == "Ж é 日本"
    assert root.findtext(".//p") == "“x” ж"


def test_xml_declaration_and_nuls_before_it_are_dropped() -> None:
    root = parse_html('\x00<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>café</p></body></html>')
    assert root.findtext(".//p") == "café"


_CLASS_WORDS = st.sampled_from(
    [
        "Comment",
        "RELATED",
        "side",
        "bar",
        "entry-footer",
        "footer",
        "most-read",
        "mostRead",
        "Promo",
        "ſidebar",
        "teaser",
        "post-",
        "x",
        "-",
        "article-",
        "popular",
        "taboola",
        "newsletter",
        "more-from",
        "K",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_CLASS_WORDS, st.text(max_size=3)), max_size=8).map("".join))
def test_outside_mark_prefilter_equals_the_regex(value: str) -> None:
    assert _marks_outside(value) == (_OUTSIDE_MARK.search(value) is not None)
