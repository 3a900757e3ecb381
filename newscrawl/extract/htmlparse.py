"""Turn page bytes or text into an lxml tree, whatever the page sends."""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)

# The charset a document declares near its start (<meta charset>, http-equiv, XML declaration).
_DECLARED_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)|<\?xml[^>]{0,100}?encoding\s*=\s*[\"']([\w.:-]+)",
    re.I,
)
_DECLARATION_WINDOW = 8192
_GUESSING_PARSER = lxml.html.HTMLParser(encoding=None, remove_comments=True)
_PARSERS: dict[str, lxml.html.HTMLParser] = {}


def _parser(encoding: str) -> lxml.html.HTMLParser:
    if encoding not in _PARSERS:
        try:
            _PARSERS[encoding] = lxml.html.HTMLParser(encoding=encoding, remove_comments=True)
        except LookupError:
            _PARSERS[encoding] = _GUESSING_PARSER
    return _PARSERS[encoding]


def _bytes_parser(html: bytes) -> lxml.html.HTMLParser:
    """A parser for the document's charset: the declared one, else UTF-8 when the bytes are UTF-8.

    libxml2 alone misses HTML5 ``<meta charset>`` declarations and assumes Latin-1.
    """
    match = _DECLARED_CHARSET.search(html, 0, _DECLARATION_WINDOW)
    declared = (match.group(1) or match.group(2)).decode("ascii").lower() if match else None
    if declared not in (None, "utf-8", "utf8"):
        return _parser(declared)
    try:
        html.decode("utf-8")
    except UnicodeDecodeError:
        return _GUESSING_PARSER
    return _parser("utf-8")


class ExtractionError(ValueError):
    """The only error `extract_article` raises: the input is not an HTML document we can read."""


def parse_html(html: str | bytes) -> etree._Element:
    """Parse an HTML document into an lxml element tree.

    Bytes are decoded with the document's declared charset; without one, valid UTF-8 is read as
    UTF-8 (lxml alone would assume Latin-1). Text is used as is.
    Raises `ExtractionError` when nothing parseable is left.
    """
    if isinstance(html, bytes):
        if b"\x00" in html[:1024]:
            raise ExtractionError("binary content, not HTML")
        parser = _bytes_parser(html)
    else:
        # lxml refuses str input that carries an XML encoding declaration.
        html = html.replace("\x00", "")
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
