"""Turn page bytes or text into an lxml tree, whatever the page sends."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
from lxml import etree

from newscrawl.responses.charset import decode_html

logger = logging.getLogger(__name__)

# lxml refuses str input that starts with an XML declaration naming an encoding (XHTML pages).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SURROGATES = re.compile("[\ud800-\udfff]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Every element an `lxml.html.HtmlElement`, chosen in C: lxml.html's own lookup calls back into
# Python for each element the engine touches (to give form controls their own classes, unused here).
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


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


def parse_html(html: str | bytes) -> etree._Element:
    """Parse an HTML document into an lxml element tree.

    Bytes are decoded with `newscrawl.responses.charset.decode_html` (byte-order mark, then the
    ``<meta>`` declaration if it decodes cleanly, else detection); text is used as is.
    Raises `ExtractionError` when nothing parseable is left.
    """
    if isinstance(html, bytes):
        if b"\x00" in html[:1024] and not html.startswith(_UTF16_BOMS):
            raise ExtractionError("binary content, not HTML")
        html = decode_html(html)
    if "\x00" in html:
        html = html.replace("\x00", "")
    declaration = _XML_DECLARATION.match(html)
    if declaration:
        html = html[declaration.end() :]
    if not html or html.isspace():
        raise ExtractionError("empty document")
    # libxml2 reads the text as UTF-8 bytes with the encoding forced (a <meta charset> in the text
    # no longer describes it): as fast as handing it the str, and the encode is the surrogate check.
    # No table of id attributes is built (nothing looks elements up by XPath id()): ~4% less time.
    parser = lxml.html.HTMLParser(remove_comments=True, encoding="utf-8", collect_ids=False)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = lxml.html.document_fromstring(_as_utf8(html), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("unparseable HTML")
    return root
