"""Decide how to decode an HTML page's bytes, whatever its charset declarations say.

Pages declare their encoding in the HTTP ``Content-Type`` header, in a ``<meta charset>`` (or
``http-equiv``) tag, both, neither, or both differently. `choose_encoding` trusts a byte-order mark,
then tries every declared encoding strictly and keeps the one that decodes cleanly (the least
"messy" text when several do); with no usable declaration it detects the encoding from the bytes.
Pure functions: bytes in, a Python codec name out.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

__all__ = ["choose_encoding", "declared_meta_charset", "decode_html", "header_charset", "normalise_encoding"]

# How much of the page the meta scan, the mess measure and the detector read.
_META_SCAN_BYTES = 4096
_SAMPLE_BYTES = 64 * 1024
_MESS_BYTES = 16 * 1024
# A declared encoding that decodes this messily is probably wrong: detection gets a say.
_TOO_MESSY = 0.2
# How much messier than the detected code page windows-1252 may read and still be preferred.
_WESTERN_TOLERANCE = 0.05

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
    UTF-8 when it does (text that is not UTF-8 almost never decodes as UTF-8), else the least messy;
    then detection from the bytes; UTF-8 as the last resort.
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
