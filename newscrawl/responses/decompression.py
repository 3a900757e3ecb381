"""Decompress a response body completely, or say why not: truncated, corrupt, or too large.

Scrapy inflates whatever part of a compressed body it can and keeps it: a gzip stream cut after two
of five paragraphs comes out as a shorter page, with no error. These decoders tell a stream that
reached its end from one that stopped early (`TruncatedStreamError`), or that is not in the format
its ``Content-Encoding`` names (`CorruptStreamError`), and stop once the output passes ``max_size``
(`TooLargeError`: decompression bombs). `sniff_encoding` names what a body really is when the header
lies (a gzip body labelled ``br``, a plain page labelled ``gzip``). Pure functions over bytes.

A gzip stream whose checksum is wrong but which reached its end is accepted, as Scrapy accepts it
(some servers get the trailer wrong); several gzip members or zstd frames in a row are read in turn.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

try:
    import brotli
except ImportError:  # pragma: no cover - Scrapy depends on one of the two
    import brotlicffi as brotli  # type: ignore[no-redef]

try:
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:  # Python < 3.14: the backport Scrapy depends on
    from backports import zstd

__all__ = [
    "CorruptStreamError",
    "DecompressionError",
    "TooLargeError",
    "TruncatedStreamError",
    "decompress",
    "sniff_encoding",
]

_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# zlib's complaints about a gzip trailer (the stream itself was complete).
_TRAILER_ERRORS = ("incorrect data check", "incorrect length check")
# How much of a body `sniff_encoding` reads to call it plain text.
_SNIFF_BYTES = 1024


class DecompressionError(Exception):
    """The body could not be decompressed completely (``reason`` names why)."""

    reason = "undecodable"


class TruncatedStreamError(DecompressionError):
    """The compressed stream stops before its end (``decompressed``: bytes it gave until then)."""

    reason = "truncated"

    def __init__(self, encoding: str, decompressed: int) -> None:
        super().__init__(f"the {encoding} stream ends early, after {decompressed} bytes decompressed")
        self.decompressed = decompressed


class CorruptStreamError(DecompressionError):
    """The body is not a valid stream of the encoding it was decoded as."""

    reason = "undecodable"


class TooLargeError(DecompressionError):
    """The decompressed body passed the size limit (``size``: bytes decompressed so far)."""

    reason = "too_large"

    def __init__(self, size: int, max_size: int) -> None:
        super().__init__(f"{size} bytes decompressed so far, over the limit of {max_size}")
        self.size = size
        self.max_size = max_size


class _Output:
    """Collects decompressed chunks and enforces the size limit."""

    def __init__(self, max_size: int, before: int = 0) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.max_size = max_size
        self.before = before  # bytes decompressed before these (earlier gzip members)

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.max_size and self.before + self.size > self.max_size:
            raise TooLargeError(self.before + self.size, self.max_size)
        self.chunks.append(chunk)

    def bytes(self) -> bytes:
        return b"".join(self.chunks)


def _inflate_stream(decompressor: zlib._Decompress, data: bytes, out: _Output) -> None:
    """Feed ``data`` to a zlib decompressor in bounded chunks until it ends or the data runs out."""
    pending = data
    while True:
        chunk = decompressor.decompress(pending, _CHUNK)
        out.add(chunk)
        pending = decompressor.unconsumed_tail
        if decompressor.eof or (not pending and len(chunk) < _CHUNK):
            return


def _deflate_start(member: bytes) -> int:
    """Where the deflate data of a gzip member starts (after its header's optional fields)."""
    flags, pos = member[3], 10
    if flags & 4:  # FEXTRA
        pos += 2 + int.from_bytes(member[pos : pos + 2], "little")
    for flag in (8, 16):  # FNAME, FCOMMENT: zero-terminated
        if flags & flag:
            pos = member.index(b"\0", pos) + 1
    if flags & 2:  # FHCRC
        pos += 2
    return pos


def _gunzip(body: bytes, out: _Output) -> None:
    data = body
    while True:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        member = _Output(out.max_size, out.size)
        try:
            _inflate_stream(decompressor, data, member)
        except zlib.error as exc:
            if not any(text in str(exc) for text in _TRAILER_ERRORS):
                raise CorruptStreamError(f"not a valid gzip stream: {exc}") from exc
            # The stream reached its end and only its checksum is wrong: read it without the check.
            decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
            member = _Output(out.max_size, out.size)
            _inflate_stream(decompressor, data[_deflate_start(data) :], member)
            rest = decompressor.unused_data[8:]  # the trailer
        else:
            rest = decompressor.unused_data
        if not decompressor.eof:
            raise TruncatedStreamError("gzip", out.size + member.size)
        for chunk in member.chunks:
            out.add(chunk)
        data = rest
        if not data.startswith(_GZIP_MAGIC):
            return  # the last member (what follows, if anything, is padding)


def _inflate(body: bytes, out: _Output) -> None:
    decompressor = zlib.decompressobj()
    try:
        _inflate_stream(decompressor, body, out)
    except zlib.error:
        if out.size:
            raise CorruptStreamError("not a valid deflate stream") from None
        # Raw deflate without the zlib header, as some servers send it.
        decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            _inflate_stream(decompressor, body, out)
        except zlib.error as exc:
            raise CorruptStreamError(f"not a valid deflate stream: {exc}") from exc
    if not decompressor.eof:
        raise TruncatedStreamError("deflate", out.size)


def _unbrotli(body: bytes, out: _Output) -> None:
    decompressor = brotli.Decompressor()
    try:
        out.add(decompressor.process(body, output_buffer_limit=_CHUNK))
        while not decompressor.is_finished():
            chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
            if not chunk:
                break
            out.add(chunk)
    except brotli.error as exc:
        raise CorruptStreamError(f"not a valid brotli stream: {exc}") from exc
    if not decompressor.is_finished():
        raise TruncatedStreamError("br", out.size)


def _unzstd(body: bytes, out: _Output) -> None:
    data = body
    while True:
        decompressor = zstd.ZstdDecompressor()
        try:
            out.add(decompressor.decompress(data, max_length=_CHUNK))
            while not decompressor.eof and not decompressor.needs_input:
                out.add(decompressor.decompress(b"", max_length=_CHUNK))
        except zstd.ZstdError as exc:
            raise CorruptStreamError(f"not a valid zstd stream: {exc}") from exc
        if not decompressor.eof:
            raise TruncatedStreamError("zstd", out.size)
        data = decompressor.unused_data
        if not data.startswith(_ZSTD_MAGIC):
            return


_DECODERS: dict[str, Callable[[bytes, _Output], None]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _inflate,
    "br": _unbrotli,
    "zstd": _unzstd,
}


def decompress(body: bytes, encoding: str, max_size: int = 0) -> bytes:
    """The whole decompressed ``body`` (``encoding``: ``gzip``, ``deflate``, ``br`` or ``zstd``).

    Raises `TruncatedStreamError`, `CorruptStreamError` or `TooLargeError` (``max_size`` > 0).
    """
    decoder = _DECODERS.get(encoding.strip().lower())
    if decoder is None:
        raise CorruptStreamError(f"unknown content encoding {encoding!r}")
    out = _Output(max_size)
    decoder(body, out)
    return out.bytes()


def sniff_encoding(body: bytes) -> str | None:
    """What a body is, from its first bytes: ``gzip``, ``zstd``, ``identity`` (plain text or markup,
    not compressed at all) or None (unknown: brotli has no signature)."""
    if body.startswith(_GZIP_MAGIC):
        return "gzip"
    if body.startswith(_ZSTD_MAGIC):
        return "zstd"
    head = body[:_SNIFF_BYTES]
    if head.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"<"):
        return "identity"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end
            return None
        text = head[: exc.start].decode("utf-8")
    if text and all(c.isprintable() or c in "\t\r\n" for c in text):
        return "identity"
    return None
