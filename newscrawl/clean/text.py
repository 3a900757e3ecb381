"""Text normalisation: plain Unicode lines, whitespace collapsed, typography kept.

Rules (the same for body blocks, headline, description, captions, authors, section and keywords):

- HTML character references are decoded once, and only complete ones (``&amp;``, ``&#8217;``,
  ``&#x2019;``): text from the parsed tree is already decoded, JSON-LD and meta strings are not, and a
  CMS that escaped twice (``&amp;nbsp;`` in the source) is repaired by this one pass. A reference
  without its ``;`` (``?a=1&copy=2``) is left alone, and so is deeper escaping (``&amp;amp;nbsp;``),
  which a second pass could not tell apart from text that talks about entities.
- Unicode NFC.
- Every run of whitespace (spaces, tabs, line breaks, NBSP U+00A0, narrow NBSP U+202F, the other
  Unicode spaces, line/paragraph separators) becomes one ASCII space; ends are trimmed.
- Invisible characters are removed: C0/C1 controls, zero-width space, word joiner, BOM, soft
  hyphen, bidirectional marks and embeddings. ZERO WIDTH JOINER / NON-JOINER (U+200D / U+200C) are
  kept between two visible non-punctuation characters, where they carry meaning (emoji sequences
  such as 👩‍💻, Persian ``می‌خواهم``, Indic conjuncts) and dropped elsewhere (edges, next to spaces
  or punctuation), where they are only noise.
- Typographic characters (‘ ’ “ ” – — ° … « ») are never folded to ASCII.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5 as html5_entities

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Always removed: C0/C1 controls except whitespace, soft hyphen, Arabic letter mark, Mongolian vowel
# separator, zero-width space, LRM/RLM, bidi embeddings/overrides/isolates, word joiner and the
# invisible operators, deprecated format characters, BOM, interlinear annotation controls.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_JOINERS = re.compile("[\u200c\u200d]")
# Lone surrogates are not Unicode text (they cannot be encoded): replaced by U+FFFD.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Anything normalise_line could change besides NFC and the two ends: an entity's "&", an invisible
# character, a joiner, a lone surrogate, whitespace other than one ASCII space. Text without any
# (most text from the parsed tree) is returned as it is, skipping the five passes.
_NEEDS_WORK = re.compile("[&\u200c\u200d\ud800-\udfff" + _INVISIBLE.pattern[1:-1] + "]|[^\\S ]| {2}")


def decode_entities(text: str) -> str:
    """Decode complete HTML character references (one pass)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_decode_reference, text)


def _decode_reference(match: re.Match[str]) -> str:
    reference = match.group(0)
    if reference[1] != "#" and reference[1:] not in html5_entities:
        return reference  # "&notanentity;" is text, not "¬anentity;"
    return html.unescape(reference)


def _joiner_kept(text: str, index: int) -> bool:
    """A ZWJ/ZWNJ is kept only between two visible characters that are not punctuation or space."""
    if index == 0 or index == len(text) - 1:
        return False
    for neighbour in (text[index - 1], text[index + 1]):
        if neighbour.isspace() or unicodedata.category(neighbour)[0] in "PZC":
            return False
    return True


def _drop_stray_joiners(text: str) -> str:
    if "\u200c" not in text and "\u200d" not in text:
        return text
    return _JOINERS.sub(lambda m: m.group(0) if _joiner_kept(text, m.start()) else "", text)


def _collapse_spaces(text: str) -> str:
    """Every run of whitespace as one ASCII space, ends trimmed.

    ``str.split()`` and the regex ``\\s`` agree on what whitespace is (both ask
    ``Py_UNICODE_ISSPACE``; checked for every code point in tests/test_clean_text.py), and splitting
    and joining costs less than half of ``re.sub(r"\\s+", " ", text).strip()``.
    """
    return " ".join(text.split())


def _already_clean(text: str) -> bool:
    """True when `normalise_line` would return `text` unchanged (a cheap test).

    Every character `_NEEDS_WORK` looks for (controls, format characters, surrogates, separators
    other than the ASCII space) is one `str.isprintable` rejects, so printable text without "&" or
    a double space needs no regex scan, which costs ~20 ns a character (its alternation defeats
    the regex engine's fast search). Text that is not printable gets the exact regex test, unless
    it holds a line break or a no-break space (most such text from the parsed tree), which
    `str.__contains__` finds at a fraction of that cost.
    """
    if text[0] == " " or text[-1] == " " or "&" in text or "  " in text:
        return False
    if not text.isprintable() and ("\n" in text or "\xa0" in text or _NEEDS_WORK.search(text)):
        return False
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def normalise_line(text: str | None) -> str:
    """One block of text as one clean line (see the module docstring for the rules)."""
    if not text:
        return ""
    if _already_clean(text):
        return text
    # Text from the parsed tree usually differs from a clean line only by its source's line breaks
    # and indents. Collapsing touches whitespace alone, and no entity, invisible character, joiner
    # or NFC composition involves whitespace: when the collapsed text is clean, it is the line the
    # full passes give.
    collapsed = _collapse_spaces(text)
    if collapsed and _already_clean(collapsed):
        return collapsed
    return normalise_all_passes(text)


def normalise_all_passes(text: str) -> str:
    """`normalise_line` without its fast path for text that is already clean."""
    text = decode_entities(text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = _drop_stray_joiners(text)
    return _collapse_spaces(text)


def join_lines(lines: list[str]) -> str:
    """Join already normalised lines, one paragraph per line, skipping empty ones."""
    return "\n".join(line for line in lines if line)
