"""Turn page bytes or text into an lxml tree, whatever the page sends."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
from lxml import etree

from newscrawl.extract.charset import decode_html

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


def _without_nul_or_surrogates(html: str) -> str:
    """Drop NUL characters and replace lone surrogates with U+FFFD.

    Lone surrogates (from careless str building upstream) make lxml lose whole elements. Scanning a
    100 KB page with a regex for them costs ~0.6 ms; an ASCII check or a strict UTF-8 encode (which
    fails on a lone surrogate) costs a fraction of that, so the regex runs only on pages that have one.
    """
    if not html.isascii():
        try:
            html.encode("utf-8")
        except UnicodeEncodeError:
            html = _SURROGATES.sub("\ufffd", html)
    return html.replace("\x00", "") if "\x00" in html else html


def parse_html(html: str | bytes) -> etree._Element:
    """Parse an HTML document into an lxml element tree.

    Bytes are decoded with `newscrawl.extract.charset.decode_html` (byte-order mark, then the
    ``<meta>`` declaration if it decodes cleanly, else detection); text is used as is.
    Raises `ExtractionError` when nothing parseable is left.
    """
    if isinstance(html, bytes):
        if b"\x00" in html[:1024] and not html.startswith(_UTF16_BOMS):
            raise ExtractionError("binary content, not HTML")
        html = decode_html(html)
    html = _XML_DECLARATION.sub("", _without_nul_or_surrogates(html), count=1)
    parser = lxml.html.HTMLParser(remove_comments=True)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    if not html or not html.strip():
        raise ExtractionError("empty document")
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("unparseable HTML")
    return root
