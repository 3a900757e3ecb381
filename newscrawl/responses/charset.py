"""Decide how to decode an HTML page's bytes, whatever its charset declarations say.

Pages declare their encoding in the HTTP ``Content-Type`` header, in a ``<meta charset>`` (or
``http-equiv``) tag, both, neither, or both differently. `choose_encoding` trusts a byte-order mark,
then tries every declared encoding strictly and keeps the one that decodes cleanly (the least
"messy" text when several do); with no usable declaration it detects the encoding from the bytes.
A page declared UTF-8 that is real UTF-8 with a handful of invalid sequences (a pasted snippet, a
stray surrogate) stays UTF-8 — its few bad bytes are replaced (`invalid_utf8`) — instead of being
decoded whole as some single-byte code page. Pure functions: bytes in, a Python codec name out.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

__all__ = [
    "choose_encoding",
    "declared_meta_charset",
    "decode_html",
    "header_charset",
    "invalid_utf8",
    "normalise_encoding",
]

# How much of the page the meta scan, the mess measure and the detector read.
_META_SCAN_BYTES = 4096
_SAMPLE_BYTES = 64 * 1024
_MESS_BYTES = 16 * 1024
# A declared encoding that decodes this messily is probably wrong: detection gets a say.
_TOO_MESSY = 0.2
# How much messier than the detected code page windows-1252 may read and still be preferred.
_WESTERN_TOLERANCE = 0.05
# A page declared UTF-8 with at most this many undecodable bytes in the sample, and at least as many
# well-formed multi-byte characters as bad bytes, is UTF-8 with a few errors (text in a single-byte
# code page mislabelled UTF-8 has a bad byte for nearly every non-ASCII letter and no good ones).
_UTF8_MAX_BAD_BYTES = 32

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""",
    re.IGNORECASE,
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels browsers decode with a superset (WHATWG Encoding Standard): a page labelled latin-1 is
# really read as windows-1252, Shift_JIS as windows-31J, and so on.
_SUPERSETS = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_9": "cp1254",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859_11": "cp874",
}


def normalise_encoding(label: str | None) -> str | None:
    """The Python codec for an encoding label (``"ISO-8859-1"`` -> ``"cp1252"``), None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    name = name.replace("-", "_")
    if name in ("utf_16", "utf_32", "utf_7"):
        # A page cannot really be UTF-16 without a BOM; such labels are mistakes.
        return "utf-8" if name != "utf_7" else None
    if name == "utf_8":
        return "utf-8"
    return _SUPERSETS.get(name, name)


def header_charset(content_type: str | bytes | None) -> str | None:
    """The ``charset=`` label of a ``Content-Type`` header value, if any."""
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_meta_charset(body: bytes) -> str | None:
    """The charset label of the first ``<meta charset>`` / ``http-equiv`` tag near the page's top."""
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _bom_encoding(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def _decodes_strictly(sample: bytes, encoding: str) -> bool:
    # A multibyte character may be cut at the sample's end: an incremental decoder ignores that.
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(sample, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _utf8_damage(sample: bytes) -> tuple[int, int]:
    """Undecodable bytes and well-formed multi-byte characters when ``sample`` is read as UTF-8 (a
    character cut at the sample's end is neither)."""
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(sample, final=False)
    bad = text.count("\ufffd") - sample.count(b"\xef\xbf\xbd")  # U+FFFD the page really has
    multibyte = sum(1 for c in text if c > "\x7f") - text.count("\ufffd")
    return bad, multibyte


def _mostly_utf8(sample: bytes) -> bool:
    bad, multibyte = _utf8_damage(sample)
    return bad <= _UTF8_MAX_BAD_BYTES and multibyte >= bad


def invalid_utf8(body: bytes) -> int:
    """How many bytes of ``body`` are not valid UTF-8 (each becomes U+FFFD when decoded)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        return text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    return 0


def _mess(sample: bytes, encoding: str) -> float:
    text = sample[:_MESS_BYTES].decode(encoding, errors="replace")
    return mess_ratio(text, maximum_threshold=1.0)


def _detect(sample: bytes) -> str | None:
    best = from_bytes(sample).best()
    if best is None:
        return None
    detected = normalise_encoding(best.encoding) or "utf-8"
    # The detector cannot tell Western single-byte code pages apart on short texts (it may pick
    # cp1250 or cp1257 for French); windows-1252, the web's most common one, wins when it reads
    # about as cleanly (text in another script decoded as cp1252 is far messier).
    if (
        detected not in ("utf-8", "cp1252")
        and _decodes_strictly(sample, "cp1252")
        and _mess(sample, "cp1252") <= _mess(sample, detected) + _WESTERN_TOLERANCE
    ):
        return "cp1252"
    return detected


def choose_encoding(body: bytes, *, http_charset: str | None = None, meta_charset: str | None = None) -> str:
    """The codec to decode ``body`` with.

    Order of trust: a byte-order mark; then the declared encodings (HTTP header first, then
    ``<meta>``; found in ``body`` when ``meta_charset`` is None) that decode the page strictly —
    UTF-8 when it does (text that is not UTF-8 almost never decodes as UTF-8), or when it is declared
    and the page is UTF-8 but for a handful of bad bytes; else the least messy; then detection from
    the bytes; UTF-8 as the last resort.
    """
    bom = _bom_encoding(body)
    if bom:
        return bom
    sample = body[:_SAMPLE_BYTES]
    if meta_charset is None:
        meta_charset = declared_meta_charset(body)
    declared = [e for e in (normalise_encoding(http_charset), normalise_encoding(meta_charset)) if e]
    candidates = [e for e in dict.fromkeys(declared) if _decodes_strictly(sample, e)]
    if sample.isascii() and candidates:
        return candidates[0]
    if "utf-8" in candidates:
        return "utf-8"
    if "utf-8" in declared and _mostly_utf8(sample):
        return "utf-8"  # real UTF-8 with a few bad bytes: they are replaced, the rest reads right
    if candidates:
        best = min(candidates, key=lambda e: _mess(sample, e))  # stable: the header wins ties
        if _mess(sample, best) <= _TOO_MESSY:
            return best
        detected = _detect(sample)
        if detected and _mess(sample, detected) < _mess(sample, best):
            return detected
        return best
    if not body.strip():
        return declared[0] if declared else "utf-8"
    if _decodes_strictly(sample, "utf-8"):
        return "utf-8"
    return _detect(sample) or "utf-8"


def decode_html(body: bytes, *, http_charset: str | None = None) -> str:
    """The page's text, decoded with `choose_encoding` (undecodable bytes become U+FFFD)."""
    encoding = choose_encoding(body, http_charset=http_charset)
    text = body.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
