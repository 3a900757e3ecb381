"""Text normalisation: plain Unicode lines, whitespace collapsed, typography kept."""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width characters, soft hyphen, BOM and C0/C1 controls (tab and newline are whitespace).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# Lone surrogates are not Unicode text (they cannot be encoded): replaced by U+FFFD.
_SURROGATES = re.compile("[\ud800-\udfff]")


def normalise_line(text: str | None) -> str:
    """One block of text as one clean line: entities decoded, NFC, whitespace runs -> one space."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Join already normalised lines, one paragraph per line, skipping empty ones."""
    return "\n".join(line for line in lines if line)
