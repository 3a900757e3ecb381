"""Turn page bytes or text into an lxml tree, whatever the page sends."""

from __future__ import annotations

import logging

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)


class ExtractionError(ValueError):
    """The only error `extract_article` raises: the input is not an HTML document we can read."""


def parse_html(html: str | bytes) -> etree._Element:
    """Parse an HTML document into an lxml element tree.

    Bytes are decoded by lxml from the document's own declaration (or UTF-8); text is used as is.
    Raises `ExtractionError` when nothing parseable is left.
    """
    if isinstance(html, bytes):
        if b"\x00" in html[:1024]:
            raise ExtractionError("binary content, not HTML")
        parser = lxml.html.HTMLParser(encoding=None, remove_comments=True)
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
