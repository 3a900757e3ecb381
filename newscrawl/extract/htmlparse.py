"""Turn page bytes or text into an lxml tree, whatever the page sends."""

from __future__ import annotations

import logging
import re

from lxml import etree

from newscrawl.responses.charset import choose_encoding, decode_html
from newscrawl.responses.page_check import sniff_binary

logger = logging.getLogger(__name__)

# lxml refuses str input that starts with an XML declaration naming an encoding (XHTML pages).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_DECLARATION_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>")
_UTF8_BOM = b"\xef\xbb\xbf"
_SURROGATES = re.compile("[\ud800-\udfff]")
# libxml2 refuses a text node over 10,000,000 bytes (without its "huge tree" mode, which lifts other
# limits too) and drops the rest of the document: on pages this long, script and style elements over
# `MAX_SCRIPT_CHARS` are emptied first (a 12 MB JSON-LD block or inline state script).
HUGE_DOCUMENT_CHARS = 8_000_000
MAX_SCRIPT_CHARS = 1_000_000
_SCRIPT_OR_STYLE = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)", re.I | re.S)


class ExtractionError(ValueError):
    """The only error `extract_article` raises: the input is not an HTML document we can read."""


def _as_utf8(html: str) -> bytes:
    """The text as UTF-8 bytes, lone surrogates replaced with U+FFFD.

    Lone surrogates (from careless str building upstream) make lxml lose whole elements. Scanning a
    100 KB page with a regex for them costs ~0.6 ms; the strict encode fails on a lone surrogate, so
    the regex runs only on pages that have one, and the encode gives the bytes libxml2 parses anyway.
    """
    try:
        return html.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", html).encode("utf-8")


def _emptied(match: re.Match[str]) -> str:
    return match.group(1) + match.group(4) if len(match.group(3)) > MAX_SCRIPT_CHARS else match.group(0)


def _without_oversize_scripts(html: str) -> str:
    """The document with the content of every script/style over `MAX_SCRIPT_CHARS` removed."""
    emptied = _SCRIPT_OR_STYLE.sub(_emptied, html)
    if len(emptied) != len(html):
        logger.debug("Emptied oversize scripts: %d of %d characters left", len(emptied), len(html))
    return emptied


def _own_utf8(body: bytes) -> bytes | None:
    """The page's own bytes, ready for libxml2, when the page is read as UTF-8 and they are valid
    UTF-8; None otherwise (the page is decoded to text first).

    Most pages are UTF-8: decoding them to text only to encode the text back for libxml2 costs two
    passes over the page; checking that the bytes decode costs one.
    """
    if len(body) > HUGE_DOCUMENT_CHARS or choose_encoding(body) != "utf-8":
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None  # a few bad bytes: decoded with replacement characters, as any page
    if body.startswith(_UTF8_BOM):
        body = body[len(_UTF8_BOM) :]
    if b"\x00" in body:
        body = body.replace(b"\x00", b"")
    declaration = _XML_DECLARATION_BYTES.match(body)
    if declaration:
        body = body[declaration.end() :]
    return body


def parse_html(html: str | bytes) -> etree._Element:
    """Parse an HTML document into an lxml element tree.

    Bytes are decoded with `newscrawl.responses.charset.decode_html` (byte-order mark, then the
    ``<meta>`` declaration if it decodes cleanly, else detection), or handed to libxml2 as they
    are when that choice is UTF-8 and they are valid UTF-8; text is used as is.
    Raises `ExtractionError` when nothing parseable is left.
    """
    if isinstance(html, bytes):
        kind = sniff_binary(html)
        if kind is not None:
            raise ExtractionError(f"{kind} content, not HTML")
        own = _own_utf8(html)
        if own is not None:
            if not own or own.isspace():
                raise ExtractionError("empty document")
            return _parse_utf8(own)
        html = decode_html(html)
    if "\x00" in html:
        html = html.replace("\x00", "")
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    if not html or html.isspace():
        raise ExtractionError("empty document")
    if len(html) > HUGE_DOCUMENT_CHARS:
        html = _without_oversize_scripts(html)
    # libxml2 reads the text as UTF-8 bytes with the encoding forced (a <meta charset> in the text
    # no longer describes it): as fast as handing it the str, and the encode is the surrogate check.
    return _parse_utf8(_as_utf8(html))


def _parse_utf8(data: bytes) -> etree._Element:
    """Parse UTF-8 bytes (the encoding forced: a ``<meta charset>`` may say otherwise)."""
    # No table of id attributes is built (nothing looks elements up by XPath id()): ~4% less time.
    # Plain elements, not lxml.html's: each element the engine touches is a Python object made on
    # the spot, and a plain one is made without a Python subclass (the block walk runs ~3% faster).
    parser = etree.HTMLParser(remove_comments=True, encoding="utf-8", collect_ids=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("unparseable HTML")
    return root
