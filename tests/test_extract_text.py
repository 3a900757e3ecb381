"""The tidied texts of small elements: the cheap ways of reading them give what the plain ones give."""

from __future__ import annotations

import re

import pytest

from newscrawl.extract.htmlparse import parse_html
from newscrawl.extract.scan import AttributeListing, AttributeSearch, substrings
from newscrawl.extract.text import (
    _all_text,
    collapse_whitespace,
    element_text,
    short_element_text,
    text_longer_than,
    unescape_and_collapse,
)

PAGE = """<html><body><div class="byline"><span>By</span><a href="/a">Jane <b>Doe</b></a></div>
<p>one<br>two <?php echo 1 ?> three<span> four</span></p><div><p>block</p>tail &amp;amp; more</div>
<p>\u00a0 spaced \t\n out \u2003</p><section>{long}</section></body></html>""".format(long="word " * 200)


@pytest.mark.parametrize("limit", [0, 5, 12, 100, 2000])
def test_short_element_text_is_element_text_unless_longer_than_the_limit(limit: int) -> None:
    for el in parse_html(PAGE).iter():
        if not isinstance(el.tag, str):
            continue
        expected = None if text_longer_than(el, limit) else element_text(el)
        assert short_element_text(el, limit) == expected
        assert _all_text(el) == "".join(el.itertext())


@pytest.mark.parametrize(
    "text", ["", "  ", "Jane  Doe", "\u00a0Jane\u2003Doe\n", "a\x1cb\u3000c", "x &amp; z"]
)
def test_whitespace_collapses_as_the_regex_did(text: str) -> None:
    assert collapse_whitespace(text) == re.sub(r"\s+", " ", text).strip()
    assert unescape_and_collapse(text) == re.sub(r"\s+", " ", text.replace("&amp;", "&")).strip()


def test_searches_sharing_a_listing_find_what_each_finds_alone() -> None:
    root = parse_html(PAGE)
    byline = AttributeSearch({"class": substrings("byline")})
    anything = AttributeSearch({"class": substrings("e")})
    listing = AttributeListing(root)
    assert byline(root, listing) == byline(root) == [root.find(".//div")]
    assert anything(root, listing) == anything(root)
    assert listing.values("class") == ["byline"]
