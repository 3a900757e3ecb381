"""Cloudflare e-mail protection: decoded in the tree, so kept text holds the real address."""

from __future__ import annotations

from newscrawl import extract_article
from newscrawl.extract.cfemail import decode_cfemail, decode_cfemail_in_tree, may_hold_cfemail
from newscrawl.extract.htmlparse import parse_html
from newscrawl.extract.text import string_value


def encode(address: str, key: int = 0x42) -> str:
    """Cloudflare's scheme: the key byte, then every byte of the address XOR the key, in hex."""
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode())


def test_round_trip() -> None:
    assert decode_cfemail(encode("webnews@metro.co.uk")) == "webnews@metro.co.uk"
    assert decode_cfemail(encode("jürgen@example.de", key=0x7F)) == "jürgen@example.de"


def test_invalid_input_is_left_alone() -> None:
    assert decode_cfemail("") is None
    assert decode_cfemail("zz11") is None  # not hex
    assert decode_cfemail("abc") is None  # odd length
    assert decode_cfemail(encode("no-at-sign")) is None  # decodes, but is no address
    assert decode_cfemail("42" + "ff" * 3) is None  # not UTF-8


def test_span_and_link_forms_are_decoded_in_the_tree() -> None:
    html = f"""<html><body><p>Get in touch with our news team by emailing us at
    <a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="{encode("webnews@metro.co.uk")}">
    [email&#160;protected]</a>.</p>
    <p>Or write to <a href="/cdn-cgi/l/email-protection#{encode("tips@example.com", 0x10)}">
    <span class="__cf_email__">[email&#160;protected]</span></a> today.</p>
    <p>Broken: <span data-cfemail="nothex">[email&#160;protected]</span> stays.</p></body></html>"""
    root = parse_html(html)
    assert decode_cfemail_in_tree(root) == 2
    texts = [" ".join(string_value(p).split()) for p in root.iter("p")]
    assert texts[0] == "Get in touch with our news team by emailing us at webnews@metro.co.uk."
    assert texts[1] == "Or write to tips@example.com today."
    assert texts[2] == "Broken: [email protected] stays."
    links = root.xpath("//a/@href")
    assert links == ["mailto:webnews@metro.co.uk", "mailto:tips@example.com"]


def test_keep_mode_body_holds_the_real_address() -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
    "headline": "Story"}}</script></head><body><article><h1>Story</h1><p>Story text.</p>
    <p>Contact <a href="/cdn-cgi/l/email-protection" data-cfemail="{encode("desk@example.com")}"
    >[email&#160;protected]</a></p>
    </article></body></html>"""
    article = extract_article(html, "https://example.com/news/2024/01/01/story", boilerplate="keep")
    assert "desk@example.com" in article.articleBody
    assert "protected" not in article.articleBody


def test_a_protected_link_with_its_own_words_keeps_them() -> None:
    html = f"""<html><body><p>Questions? <a href="/cdn-cgi/l/email-protection#{encode("jane@example.com")}"
    >Email the reporter</a> or call.</p></body></html>"""
    root = parse_html(html)
    assert decode_cfemail_in_tree(root) == 1
    assert " ".join(root.xpath("string(//p)").split()) == "Questions? Email the reporter or call."
    assert root.xpath("//a/@href") == ["mailto:jane@example.com"]


def test_the_source_check_finds_both_forms_and_passes_pages_without_them() -> None:
    attribute = '<p><span class="__cf_email__" data-cfemail="0a6f726b677a666f">[email protected]</span></p>'
    link = '<p><a href="https://example.com/cdn-cgi/l/email-protection#0a6f726b">Email us</a></p>'
    plain = "<p>Write to <a href='mailto:news@example.com'>news@example.com</a>.</p>"
    for page in (attribute, link):
        assert may_hold_cfemail(page)
        assert may_hold_cfemail(page.encode("utf-8"))
    assert not may_hold_cfemail(plain)
    assert not may_hold_cfemail(plain.encode("utf-8"))
    assert may_hold_cfemail(plain.encode("utf-16"))  # NULs between the letters: the tree decides
