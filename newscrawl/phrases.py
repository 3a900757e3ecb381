"""The boilerplate phrase lists: which reason, if any, the words of a text block give it.

``newscrawl/data/boilerplate/<lang>.txt`` holds regular expressions, one per line, grouped under
``[reason]`` headers (``video-fallback``, ``promo``, ``newsletter``, ``related``, ``cookie``, ...).
A phrase only counts on a short block (`MAX_PHRASE_BLOCK_CHARS`); the phrases of notices
(`NOTICE_REASONS`: paywall, ad-blocker, consent boxes, comment rules) also on blocks up to
`MAX_NOTICE_BLOCK_CHARS`. Every language applies to every page, compiled once per reason and indexed
by the characters a match can start with. Site profiles add their own phrases, tried first.

Both the extractor (a related-stories heading, the safety net's count of story text) and the cleaning
stage (`newscrawl.clean.boilerplate`) ask this module; it knows nothing of either.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

logger = logging.getLogger(__name__)

# Blocks longer than this (characters) are never judged by phrases ...
MAX_PHRASE_BLOCK_CHARS = 320
# ... except by the phrases of notices, which run long (a paywall or ad-blocker box, a consent
# placeholder for an embed, the rules above a comment form), on blocks up to this long.
NOTICE_REASONS = frozenset({"paywall", "adblock", "inactivity", "consent", "cookie", "comments"})
MAX_NOTICE_BLOCK_CHARS = 1000

_HEADER = re.compile(r"^\[([a-z][a-z0-9-]*)\]$")


def parse_phrase_file(text: str, name: str = "<phrases>") -> list[tuple[str, str]]:
    """``(reason, pattern)`` pairs of one phrase file; raises ValueError on a bad line."""
    pairs: list[tuple[str, str]] = []
    reason = "phrase"
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            reason = header.group(1)
            continue
        try:
            re.compile(line)
        except re.error as exc:
            raise ValueError(f"{name}:{number}: bad pattern {line!r}: {exc}") from exc
        pairs.append((reason, line))
    return pairs


def phrase_files() -> dict[str, str]:
    """Language code -> text of its phrase file, from the package data."""
    folder = resources.files("newscrawl.data") / "boilerplate"
    return {
        entry.name[:-4]: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    }


_SPECIAL = frozenset("\\()[]{}?*+|.^$")
# Escapes of plain characters (``\\-``, ``\\/``, ``\\#``).
_PLAIN_ESCAPES = frozenset("-/#&'\"@!:,;<>=~%_ ")
_QUANTIFIERS = frozenset("?*{")
# Alternations of anchored phrases kept per opening of a block (`_opening`; CJK pages have many).
MAX_FIRST_CHARACTERS = 2048
# A phrase's required literal is used as a prefilter from this many characters.
MIN_LITERAL_CHARS = 2


def required_literal(pattern: str) -> str | None:
    """The longest plain run of text every match of ``pattern`` contains (lower-cased), or None.

    Only runs outside groups and classes count, and a character made optional by a quantifier
    ends the run before it; a pattern with a top-level ``|`` has none.
    """
    runs: list[str] = []
    run: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            runs.append("".join(run))
            run = []
            continue
        if char == "[" or char == "{":  # a class, or a counted repeat of what precedes
            if char == "{" and run:
                run.pop()
            close = pattern.find("]" if char == "[" else "}", i + (2 if char == "[" else 1))
            i = close + 1 if close > 0 else len(pattern)
            runs.append("".join(run))
            run = []
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        if depth == 0 and char not in _SPECIAL:
            run.append(char)
        else:
            if char in _QUANTIFIERS and run:
                run.pop()
            runs.append("".join(run))
            run = []
        i += 1
    runs.append("".join(run))
    best = max(runs, key=len).lower()
    return best if len(best.strip()) >= MIN_LITERAL_CHARS else None


def required_alternatives(pattern: str) -> tuple[str, ...] | None:
    """Texts one of which every match of ``pattern`` contains (lower-cased), or None.

    For a phrase without a plain literal run (`required_literal`), such as
    ``(twitter|line)\\s*(で|を)(フォロー|友だち追加)``: a group outside any other, not made optional,
    whose alternatives are all plain text. Of several such groups, the one with the longest
    shortest alternative; None when that is shorter than `MIN_LITERAL_CHARS`.
    """
    best: tuple[str, ...] | None = None
    after = 0  # the end of the group last looked at: what is inside it was seen with the group
    for i, char in _syntax(pattern):
        if i < after:
            continue
        if char == "|":
            return None  # a top-level alternative: either side may match
        if char != "(":
            continue
        end = _group_end(pattern, i)
        if end < 0:
            return None
        body = pattern[i + 1 : end]
        body = body[2:] if body.startswith("?:") else body
        optional = pattern[end + 1 : end + 2] in ("?", "*", "{")
        alternatives = _top_level_alternatives(body)
        if not optional and not body.startswith("?") and not any(_SPECIAL & set(a) for a in alternatives):
            shortest = min(len(a.strip()) for a in alternatives)
            if shortest >= MIN_LITERAL_CHARS and (best is None or shortest > min(map(len, best))):
                best = tuple(a.lower() for a in alternatives)
        after = end + 1
    return best


def _lookaheads_last(pattern: str) -> str:
    """An anchored phrase that opens with look-aheads, as look-aheads with its consuming part first.

    ``(?=.*\\d)(?=.*\\b(?:updated|jan|...))^(?:(?:updated|jan|...)[\\s,.]*){2,}$`` (a line of date
    words) scans the whole block in its second look-ahead, at every position, before its consuming
    part fails at the first word of a sentence. Only whether a phrase matches at the block start is
    used, and look-aheads at one position can be tested in any order: ``(?=REST)(?=A)(?=B)`` is that
    test, cheapest part first.
    """
    lookaheads = 0
    while pattern.startswith("(?=", lookaheads):
        end = _group_end(pattern, lookaheads)
        if end < 0:
            return pattern
        lookaheads = end + 1
    if not lookaheads:
        return pattern
    rest = pattern[lookaheads:]
    rest = rest[1:] if rest.startswith("^") else rest  # the block start, where match() is anyway
    return f"(?={rest}){pattern[:lookaheads]}"


def _syntax(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """The pattern's characters from ``start`` with their indexes, escapes (``\\x``) and character
    classes (``[...]``) left out whole; an unclosed class ends the pattern."""
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return
            i = close + 1
            continue
        yield i, char
        i += 1


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``start`` (-1 when unbalanced)."""
    depth = 0
    for i, char in _syntax(pattern, start):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in _syntax(pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when that is not plain.

    Known for a plain or escaped first character and for a group whose alternatives all have known
    ones; an optional first item (``(bitte )?``, ``\\(?``, ``¿?``) adds the characters of what
    follows it. Anything else (a class, ``\\d``, a counted repeat, a look-ahead) gives None.
    """
    if not pattern:
        return None
    char = pattern[0]
    if char == "(":
        end = _group_end(pattern, 0)
        if end < 0:
            return None
        body = pattern[1:end]
        if body.startswith("?:"):
            body = body[2:]
        elif body.startswith("?"):
            return None
        found: set[str] = set()
        for alternative in _top_level_alternatives(body):
            chars = first_characters(alternative)
            if chars is None:
                return None
            found |= chars
        return _then(frozenset(found), pattern[end + 1 :])
    if char == "\\":
        if pattern[1:2] in _SPECIAL or pattern[1:2] in _PLAIN_ESCAPES:
            return _then(frozenset(pattern[1]), pattern[2:])
        return None
    if char in _SPECIAL:
        return None
    return _then(frozenset(char), pattern[1:])


def opening_texts(pattern: str, size: int = 2) -> frozenset[str] | None:
    """The texts of ``size`` characters a match of ``pattern`` can start with, or None when unknown.

    A text is shorter when a match can end sooner (``""`` when it can be empty). Known through plain
    and escaped characters, groups of such alternatives and ``?``; anything else (a class, ``\\d``,
    ``*``, ``+``, a counted repeat, a look-ahead) gives None, like `first_characters`.
    """
    if size == 0 or pattern in ("", "$"):
        return frozenset({""})
    char = pattern[0]
    if char == "(":
        end = _group_end(pattern, 0)
        body = pattern[1:end]
        if end < 0 or (body.startswith("?") and not body.startswith("?:")):
            return None
        rest, optional = pattern[end + 1 :], pattern[end + 1 : end + 2] == "?"
        if rest[:1] in ("*", "+", "{"):
            return None
        rest = rest[1:] if optional else rest
        found: set[str] = set()
        branches = [a + rest for a in _top_level_alternatives(body.removeprefix("?:"))]
        for branch in branches + ([rest] if optional else []):
            texts = opening_texts(branch, size)
            if texts is None:
                return None
            found |= texts
        return frozenset(found)
    if char == "\\" and pattern[1:2] and (pattern[1] in _SPECIAL or pattern[1] in _PLAIN_ESCAPES):
        literal, rest = pattern[1], pattern[2:]
    elif char == "\\" or char in _SPECIAL:
        return None
    else:
        literal, rest = char, pattern[1:]
    if rest[:1] in ("*", "+", "{"):
        return None
    if rest[:1] == "?":
        taken, skipped = opening_texts(rest[1:], size - 1), opening_texts(rest[1:], size)
        if taken is None or skipped is None:
            return None
        return frozenset({literal + t for t in taken} | skipped)
    texts = opening_texts(rest, size - 1)
    return None if texts is None else frozenset(literal + t for t in texts)


def _opening(lowered: str) -> str:
    """The key of a block for the anchored alternations: its first two characters when both are
    ASCII (Latin pages, where many phrases share a first letter), else its first character."""
    key = lowered[:2]
    return key if key.isascii() else lowered[0]


def _then(first: frozenset[str], rest: str) -> frozenset[str] | None:
    """``first``, or with the first characters of ``rest`` too when a quantifier makes it optional."""
    quantifier = rest[:1]
    if quantifier == "{":
        return None
    if quantifier in ("?", "*"):
        after = first_characters(rest[1:])
        return None if after is None else first | after
    return first


def _lowercase_form(pattern: str) -> str:
    """A phrase ready for the lower-cased block: as written, or case-blind when it has capitals.

    Phrase files are written in lower case; matching them case-sensitively against the lower-cased
    block is the same test as a case-blind search and many times faster.
    """
    if any(c != c.lower() and (i == 0 or pattern[i - 1] != "\\") for i, c in enumerate(pattern)):
        return f"(?i:{pattern})"
    return f"(?:{pattern})"


class PhraseMatcher:
    """Phrases grouped by reason, tried on a block in as few regex steps as possible.

    The ``^``-anchored phrases form one alternation with a named group per reason (branches in
    reason order, so the first reason wins), matched once at the block start; it holds only the
    phrases that can open the way the block does (its first two characters, `opening_texts`, or
    where those are not known its first one, `first_characters`), one compiled alternation per
    opening, built when first needed; a phrase's look-aheads are tested
    after its consuming part (`_lookaheads_last`). The floating phrases are searched one by one
    behind their required literal (`required_literal`, else `required_alternatives`). A floating
    phrase of an earlier reason wins over an anchored one of a later reason, as if every reason were
    tried in turn.
    """

    __slots__ = ("anchored", "by_first", "floating", "reasons")

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.reasons: list[str] = []
        # (reason index, pattern for the lower-cased block, the texts it can open with)
        self.anchored: list[tuple[int, str, frozenset[str] | None]] = []
        # (reason index, required literal, else required alternatives, compiled phrase)
        floating: list[tuple[int, str | None, tuple[str, ...] | None, re.Pattern[str]]] = []
        for reason, pattern in pairs:
            if reason not in self.reasons:
                self.reasons.append(reason)
            index = self.reasons.index(reason)
            if pattern.startswith("^"):
                form = _lowercase_form(_lookaheads_last(pattern[1:]))
                openings = None
                if form.startswith("(?:"):  # a case-blind phrase could open with a capital
                    openings = opening_texts(pattern[1:]) or first_characters(pattern[1:])
                self.anchored.append((index, form, openings))
            else:
                literal = required_literal(pattern)
                alternatives = required_alternatives(pattern) if literal is None else None
                floating.append((index, literal, alternatives, re.compile(_lowercase_form(pattern))))
        self.anchored.sort(key=lambda item: item[0])
        self.floating = tuple(sorted(floating, key=lambda item: item[0]))
        self.by_first: dict[str, re.Pattern[str] | None] = {}

    def _anchored_for(self, first: str) -> re.Pattern[str] | None:
        """The alternation of the anchored phrases that can match a block opening with ``first``
        (its `_opening`: the texts a phrase opens with and ``first`` agree as far as both go)."""
        if first in self.by_first:
            return self.by_first[first]
        groups: dict[int, list[str]] = {}
        for index, form, openings in self.anchored:
            if openings is None or any(t.startswith(first) or first.startswith(t) for t in openings):
                groups.setdefault(index, []).append(form)
        pattern = (
            re.compile("|".join(f"(?P<g{index}>{'|'.join(forms)})" for index, forms in groups.items()))
            if groups
            else None
        )
        if len(self.by_first) < MAX_FIRST_CHARACTERS:
            self.by_first[first] = pattern
        return pattern

    def reason(self, text: str) -> str | None:
        """The reason of the first (in file order of reasons) phrase found in ``text``, or None."""
        lowered = text.lower()
        if not lowered:
            return None
        first = len(self.reasons)
        anchored = self._anchored_for(_opening(lowered))
        if anchored is not None:
            match = anchored.match(lowered)
            if match is not None:
                first = int(match.lastgroup[1:])  # type: ignore[index]
        for index, literal, alternatives, pattern in self.floating:
            if index >= first:
                break
            if literal is not None:
                if literal not in lowered:
                    continue
            elif alternatives is not None and not any(a in lowered for a in alternatives):
                continue
            if pattern.search(lowered):
                return self.reasons[index]
        return self.reasons[first] if first < len(self.reasons) else None


@lru_cache(maxsize=1)
def phrase_matcher() -> PhraseMatcher:
    """The phrases of every language (all apply to every page), ready to match."""
    pairs: list[tuple[str, str]] = []
    for lang, text in phrase_files().items():
        pairs.extend(parse_phrase_file(text, f"{lang}.txt"))
    return PhraseMatcher(pairs)


@lru_cache(maxsize=1)
def notice_matcher() -> PhraseMatcher:
    """The phrases of notices only (`NOTICE_REASONS`), for blocks too long for the others."""
    pairs: list[tuple[str, str]] = []
    for lang, text in phrase_files().items():
        pairs.extend(p for p in parse_phrase_file(text, f"{lang}.txt") if p[0] in NOTICE_REASONS)
    return PhraseMatcher(pairs)


@lru_cache(maxsize=256)
def _site_rules(phrases: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A site profile's phrases compiled once (case-insensitive); a bad pattern is logged and skipped."""
    rules = []
    for pattern, reason in phrases:
        try:
            rules.append((re.compile(pattern, re.IGNORECASE), reason))
        except re.error as exc:
            logger.error("Ignoring invalid site boilerplate pattern %r: %s", pattern, exc)
    return tuple(rules)


@lru_cache(maxsize=8192)
def boilerplate_reason(text: str, site_phrases: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The boilerplate reason of a block's text from phrases (the site's first, in order), or None.

    Blocks too long for the phrase lists are judged by the notice phrases alone (up to
    ``MAX_NOTICE_BLOCK_CHARS``). Cached: the body engine asks again about blocks that
    `mark_boilerplate` judges later, and short chrome lines ("Share", "Advertisement") recur.
    """
    if not text:
        return None
    if len(text) > MAX_PHRASE_BLOCK_CHARS:
        return notice_matcher().reason(text) if len(text) <= MAX_NOTICE_BLOCK_CHARS else None
    for pattern, reason in _site_rules(site_phrases):
        if pattern.search(text):
            return reason
    return phrase_matcher().reason(text)
