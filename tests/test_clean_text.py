"""Text normalisation: one clean line per block, typography kept, invisible characters gone."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.clean.text import decode_entities, join_lines, normalise_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # the seed's video fallback, broken over source lines
        (
            "To view this video please enable JavaScript, and consider upgrading to a web\nbrowser that\n"
            "supports HTML5\nvideo",
            "To view this video please enable JavaScript, and consider upgrading to a web browser that "
            "supports HTML5 video",
        ),
        ("Despite the freezing\u00a0-17°C temperatures", "Despite the freezing -17°C temperatures"),
        ("a\u202fb\u2009c\u2007d\u3000e\u2028f\tg", "a b c d e f g"),
        ("  \u00a0 padded \u00a0  ", "padded"),
        ("charged of ‘inciting ethnic hatred’ – 5,000 people … “quoted” — done", None),
        ("Tom &amp; Jerry &#8217;s &#x2013; &eacute;t&eacute;", "Tom & Jerry ’s – été"),
        ("double&amp;nbsp;escaped", "double&nbsp;escaped"),  # one pass only: see below
        ("?a=1&copy=2 AT&T Q&A", "?a=1&copy=2 AT&T Q&A"),
        ("zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
        ("bidi \u200eLRM\u200f \u202aembedded\u202c", "bidi LRM embedded"),
        ("control\x00\x07\x1b chars\x7f\x9f", "control chars"),
        # NFC: e + combining acute becomes é
        ("Cafe\u0301 Zu\u0308rich", "Café Zürich"),
    ],
)
def test_normalise_line(raw: str, clean: str | None) -> None:
    assert normalise_line(raw) == (raw if clean is None else clean)


def test_double_escaped_nbsp_in_the_source_becomes_a_space() -> None:
    # The page source said "&amp;nbsp;": the parser decodes once, this stage once more.
    parsed = "word&nbsp;word"
    assert normalise_line(parsed) == "word word"


def test_zero_width_joiners_kept_where_they_mean_something() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    emoji = "\U0001f469\u200d\U0001f4bb"  # woman technologist
    hindi = "क्\u200dष"  # ZWJ in an Indic conjunct
    assert normalise_line(f"{persian} {emoji} {hindi}") == f"{persian} {emoji} {hindi}"


def test_stray_joiners_removed() -> None:
    assert normalise_line("\u200dstart end\u200c, mid \u200d word") == "start end, mid word"


def test_mixed_scripts_survive() -> None:
    text = "Путин — 普京 — 푸틴 — بوتين — פוטין — Πούτιν"
    assert normalise_line(text) == text


def test_empty_and_none() -> None:
    assert normalise_line(None) == ""
    assert normalise_line("\u00a0\u200b \n") == ""


def test_join_lines_skips_empty_lines() -> None:
    assert join_lines(["One", "", "Two"]) == "One\nTwo"


def test_decode_entities_only_complete_references() -> None:
    assert decode_entities("&lt;b&gt; &amp &notanentity; &#128512;") == "<b> &amp &notanentity; 😀"


@given(st.text())
def test_normalised_line_is_stable_single_line_nfc(text: str) -> None:
    line = normalise_line(text)
    assert "\n" not in line and "  " not in line
    assert line == line.strip()
    assert unicodedata.is_normalized("NFC", line)
    if "&" not in line:  # entities are decoded once by design, so "&amp;amp;" is not a fixed point
        assert normalise_line(line) == line
    assert not any(unicodedata.category(ch) == "Cc" for ch in line)


def test_str_split_and_the_regex_agree_on_whitespace_for_every_code_point() -> None:
    # `newscrawl.clean.text._collapse_spaces` relies on it (split/join instead of re.sub(r"\s+")).
    import re
    import sys

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert "".join(every.split()) == re.sub(r"\s", "", every)


@pytest.mark.parametrize(
    "text",
    [
        "a & b",
        "a  b",
        "x\u00a0y",
        "x\ny",
        "x\n\u200by",
        "a\ue000b",
        "a\u2028b",
        "&amp;\u00a0x",
        "é\u00a0e\u0301",
    ],
)
def test_the_cheap_checks_agree_with_the_full_passes(text: str) -> None:
    from newscrawl.clean.text import _already_clean, normalise_all_passes

    assert normalise_line(text) == normalise_all_passes(text)
    assert not _already_clean(text) or normalise_all_passes(text) == text
