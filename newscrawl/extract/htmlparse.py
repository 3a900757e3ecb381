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


class ExtractionError(ValueError):
    """The only error `extract_article` raises: the input is not an HTML document we can read."""


def _without_nul_or_surrogates(html: str) -> str:
    """Drop NUL characters and replace lone surrogates with U+FFFD.

    Lone surrogates (from careless str building upstream) make lxml lose whole elements. Scanning a
    100 KB page with a regex for them costs ~0.6 ms; encoding it to UTF-8 (which fails on a lone
    surrogate) costs a tenth of that, so the regex runs only on pages that have one.
    """
    try:
        encoded = html.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", html.replace("\x00", ""))
    return html.replace("\x00", "") if b"\x00" in encoded else html


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
    if not html or not html.strip():
        raise ExtractionError("empty document")
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("unparseable HTML")
    return root
