"""Safe, streaming XML reading for sitemaps and feeds fetched from the web.

Remote XML is untrusted: a document type declaration can define entities (the "billion laughs"
bomb) or point at external files and URLs (XXE). Sitemaps and feeds never need them, so a
document whose DOCTYPE has an internal subset (entity declarations) is refused before parsing. The
lxml parser is also configured so that no entity is ever resolved, no DTD is loaded, nothing is
fetched from the network and huge text nodes are refused. Documents are fed to a pull parser a
chunk at a time and every finished element is cleared, so a sitemap with 100,000 URLs is read in
bounded memory.
Gzipped bodies are decompressed as a stream with a size limit. Two common flaws of real feeds that
feed readers accept are repaired on the way in (whitespace before ``<?xml``, HTML entities such as
``&nbsp;``).
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from html.entities import html5
from typing import IO

from lxml import etree

# The largest document (after decompression) read, and the most elements yielded from one.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_ELEMENTS = 200_000

_GZIP_MAGIC = b"\x1f\x8b"
# Declarations that only appear in a DTD internal subset: entities (bombs, XXE) and friends.
_DECLARATION = re.compile(rb"<!(ENTITY|ELEMENT|ATTLIST|NOTATION)|<!DOCTYPE[^>\[]*\[", re.I)
_PROLOG_BYTES = 4096
# Bytes fed to the parser at a time (its events are read after each chunk).
READ_CHUNK = 64 * 1024


class UnsafeXMLError(ValueError):
    """The document was refused without being parsed; ``reason`` is a short stat-friendly word."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class MalformedXMLError(ValueError):
    """The document is not well-formed XML (entries before the error were still yielded)."""


class _BoundedReader(io.RawIOBase):
    """A readable stream that refuses to deliver more than ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size if size and size > 0 else 64 * 1024)
        self.consumed += len(chunk)
        if self.consumed > self.limit:
            raise UnsafeXMLError("too_large", f"XML document larger than {self.limit} bytes")
        return chunk


def open_xml(body: bytes | IO[bytes], limit: int = MAX_XML_BYTES) -> IO[bytes]:
    """A bounded byte stream over a (possibly gzipped) XML body."""
    raw: IO[bytes] = io.BytesIO(body) if isinstance(body, bytes) else body
    head = raw.read(2)
    rest: IO[bytes] = _Prepend(head, raw)
    if head == _GZIP_MAGIC:
        rest = gzip.GzipFile(fileobj=rest, mode="rb")  # type: ignore[assignment]
    return _BoundedReader(rest, limit)  # type: ignore[return-value]


class _Prepend(io.RawIOBase):
    """A stream that first returns ``head`` (bytes already read for sniffing), then ``raw``."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        self.head = head
        self.raw = raw

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.raw.read(size)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _PrologGuard(io.RawIOBase):
    """Checks the document prolog for markup declarations before lxml sees any byte of it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.checked = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size if size and size > 0 else 64 * 1024)
        if not self.checked:
            while len(chunk) < _PROLOG_BYTES:
                more = self.raw.read(_PROLOG_BYTES - len(chunk))
                if not more:
                    break
                chunk += more
            self.checked = True
            root_at = _first_element(chunk)
            if root_at is None and len(chunk) >= _PROLOG_BYTES:
                raise UnsafeXMLError("prolog", f"no root element in the first {_PROLOG_BYTES} bytes; refused")
            if _DECLARATION.search(chunk[: root_at or len(chunk)]):
                raise UnsafeXMLError("entities", "XML document declares entities (DTD subset); refused")
        return chunk


_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
# HTML's named entities, which XML does not define (``&nbsp;`` in an RSS title), as character references.
_HTML_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset((b"amp", b"lt", b"gt", b"quot", b"apos"))
_LONGEST_ENTITY = 34
# Whitespace (after a byte-order mark) before the XML declaration, which XML forbids.
_SPACE_BEFORE_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?[ \t\r\n]+(?=<\?xml)")


def _character_reference(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    text = html5.get(name.decode("ascii") + ";") if name not in _XML_ENTITIES else None
    return b"".join(b"&#%d;" % ord(c) for c in text) if text else match.group(0)


class _Tolerant(io.RawIOBase):
    """Repairs what real feeds get wrong and feed readers accept, before the strict parser sees it.

    Whitespace before ``<?xml`` is dropped; HTML named entities (``&nbsp;``, ``&eacute;``) become
    numeric character references from a fixed table. Nothing here defines or expands an entity of
    the document's own: DTD subsets are still refused by `_PrologGuard`.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.started = False
        self.held = b""  # an entity cut by the chunk boundary, kept for the next read

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while True:
            more = self.raw.read(size if size and size > 0 else 64 * 1024)
            chunk, self.held = self.held + more, b""
            if not chunk:
                return b""
            if not self.started:
                chunk = _SPACE_BEFORE_DECLARATION.sub(lambda m: m.group(1) or b"", chunk, count=1)
                self.started = True
            amp = chunk.rfind(b"&")
            if more and amp >= 0 and b";" not in chunk[amp:] and len(chunk) - amp < _LONGEST_ENTITY:
                chunk, self.held = chunk[:amp], chunk[amp:]
            if chunk:
                return _HTML_ENTITY.sub(_character_reference, chunk) if b"&" in chunk else chunk


def _first_element(chunk: bytes) -> int | None:
    found = _ELEMENT_START.search(chunk)
    return found.start() if found else None


def local_name(tag: object) -> str:
    """The tag without its namespace (``{ns}url`` -> ``url``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _pull_parser(tags: frozenset[str]) -> etree.XMLPullParser:
    return etree.XMLPullParser(
        events=("end",),
        tag=[f"{{*}}{name}" for name in sorted(tags)],
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def _parsed_chunks(stream: IO[bytes], parser: etree.XMLPullParser) -> Iterator[MalformedXMLError | None]:
    """Feed ``stream`` to ``parser`` a chunk at a time; after each chunk, yield None or the error.

    The error ends the feeding. Events of a chunk that failed are kept (libxml2 delivered them
    before it met the error), except at the end of the data: ``close`` on a truncated document
    reports the elements it closes on its own, which are incomplete.
    """
    while True:
        try:
            chunk = stream.read(READ_CHUNK)
        except (OSError, EOFError, zlib.error) as exc:  # broken gzip stream
            yield MalformedXMLError(f"unreadable compressed XML: {exc}")
            return
        try:
            if not chunk:
                parser.close()
                yield None
                return
            parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            if not chunk:
                for _ in parser.read_events():
                    pass  # the truncated document's unfinished elements
            yield MalformedXMLError(str(exc))
            return
        yield None


def iter_elements(
    body: bytes | IO[bytes],
    tags: frozenset[str],
    *,
    max_bytes: int = MAX_XML_BYTES,
    max_elements: int = MAX_ELEMENTS,
) -> Iterator[etree._Element]:
    """Yield every finished element whose local name is in ``tags``, then clear it.

    Raises `UnsafeXMLError` for a DTD/entity declaration, a too large document or too many
    elements, and `MalformedXMLError` for XML that is not well-formed, after yielding every element
    finished before the error (whatever the lxml/libxml2 version: the document is fed to a pull
    parser a chunk at a time and its events are read after each chunk). The yielded element is
    only valid until the next iteration.
    """
    parser = _pull_parser(tags)
    count = 0
    for error in _parsed_chunks(_Tolerant(_PrologGuard(open_xml(body, max_bytes))), parser):
        for _event, element in parser.read_events():
            count += 1
            if count > max_elements:
                raise UnsafeXMLError("too_many", f"more than {max_elements} entries in one document")
            yield element
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                # Drop the cleared siblings too, or the root keeps growing.
                while element.getprevious() is not None:
                    del parent[0]
        if error is not None:
            raise error


def child_texts(element: etree._Element) -> dict[str, str]:
    """Local name -> stripped text of the first descendant with that name (empty texts left out)."""
    texts: dict[str, str] = {}
    for child in element.iterdescendants():
        name = local_name(child.tag)
        if name and name not in texts and child.text and (text := child.text.strip()):
            texts[name] = text
    return texts
