"""Boilerplate verdicts on text blocks: phrase lists per language, site patterns, a position cue.

The extractor already flags blocks it recognised from structure (element, class/id, link density).
This stage adds what only the words can tell, from ``newscrawl/data/boilerplate/<lang>.txt``:

- every file holds regular expressions, one per line, grouped under ``[reason]`` headers (the reason
  recorded on the block: ``video-fallback``, ``promo``, ``newsletter``, ``contact``, ``related``,
  ``share``, ``ad``, ``cookie``, ``credit``, ``copyright``, ...);
- a phrase only counts on a *short* block (`MAX_PHRASE_BLOCK_CHARS`): a story paragraph that happens to
  contain "sign up" or "follow us" is never boilerplate. Notices run longer (a paywall or ad-blocker
  box, a consent placeholder, comment rules): the phrases of `NOTICE_REASONS` count on blocks up to
  `MAX_NOTICE_BLOCK_CHARS`. Patterns are matched case-insensitively with
  ``re.search``; most are anchored with ``^`` (the block starts with the phrase) and some with ``$``;
- all languages apply to every page (pages often lack a language tag, and English promo lines appear
  on pages in every language), compiled once into one alternation per reason;
- site profiles add their own patterns (``raw.boilerplatePatterns``, reason ``site``), same length limit;
- position cue: at the end of the article, a short unflagged line sandwiched between promo lines
  (the unrecognised line of a promo box whose other lines were recognised) is flagged ``promo-run``,
  and short lines without punctuation the story ends on are flagged ``trailing-label``;
- a caption inside boilerplate (the text blocks on both sides flagged, such as the picture of a
  "follow us on WhatsApp" box) gets their reason, and in drop mode its image leaves ``images``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources

from newscrawl.clean.options import CleanOptions
from newscrawl.items import Block, RawArticle

logger = logging.getLogger(__name__)

# Blocks longer than this (characters) are never judged by phrases ...
MAX_PHRASE_BLOCK_CHARS = 320
# ... except by the phrases of notices, which run long (a paywall or ad-blocker box, a consent
# placeholder for an embed, the rules above a comment form), on blocks up to this long.
NOTICE_REASONS = frozenset({"paywall", "adblock", "inactivity", "consent", "cookie", "comments"})
MAX_NOTICE_BLOCK_CHARS = 1000
# Position cue limits: an unflagged block this short, in a gap of at most this many blocks,
# inside the trailing part of the article, between two flagged blocks.
MAX_SANDWICH_BLOCK_CHARS = 320
MAX_SANDWICH_GAP = 1
# A trailing label is a line this short at most, in a run of at most this many (a longer run is a
# table or a list the story ends on; see `mark_trailing_labels`).
MAX_TRAILING_LABEL_CHARS = 40
MAX_TRAILING_LABELS = 4
TRAILING_WINDOW = 12
# Only the lines of a promo box are sandwiched: both neighbours must have one of these reasons.
PROMO_FAMILY = frozenset({"promo", "newsletter", "contact", "share", "promo-run", "paywall", "feedback"})
# A caption between blocks flagged for one of these is the picture of a box that is not the story
# (a promo, a related story, an author bio). Header, byline and link verdicts are left out: the
# story's lead picture often sits between its headline, byline and share links.
BOXED_CAPTION_REASONS = frozenset(
    {"promo", "promo-run", "newsletter", "contact", "share", "related", "ad", "sidebar", "comments",
     "bio", "footer", "nav", "site", "paywall", "consent", "teaser"}
)  # fmt: skip

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
# Alternations of anchored phrases kept per first character of a block (CJK pages have many).
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


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``start`` (-1 when unbalanced)."""
    depth = 0
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return -1
            i = close + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            close = pattern.find("]", i + 2)
            i = close + 1 if close > 0 else len(pattern)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
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
    phrases that can start with the block's first character (`first_characters`), one compiled
    alternation per first character, built when first needed. The floating phrases are searched
    one by one behind their required literal (`required_literal`). A floating phrase of an earlier
    reason wins over an anchored one of a later reason, as if every reason were tried in turn.
    """

    __slots__ = ("anchored", "by_first", "floating", "reasons")

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.reasons: list[str] = []
        # (reason index, pattern for the lower-cased block, its possible first characters)
        self.anchored: list[tuple[int, str, frozenset[str] | None]] = []
        floating: list[tuple[int, str | None, re.Pattern[str]]] = []
        for reason, pattern in pairs:
            if reason not in self.reasons:
                self.reasons.append(reason)
            index = self.reasons.index(reason)
            if pattern.startswith("^"):
                form = _lowercase_form(pattern[1:])
                first = first_characters(pattern[1:]) if form.startswith("(?:") else None
                self.anchored.append((index, form, first))
            else:
                floating.append((index, required_literal(pattern), re.compile(_lowercase_form(pattern))))
        self.anchored.sort(key=lambda item: item[0])
        self.floating = tuple(sorted(floating, key=lambda item: item[0]))
        self.by_first: dict[str, re.Pattern[str] | None] = {}

    def _anchored_for(self, first: str) -> re.Pattern[str] | None:
        """The alternation of the anchored phrases that can match a block starting with ``first``."""
        if first in self.by_first:
            return self.by_first[first]
        groups: dict[int, list[str]] = {}
        for index, form, chars in self.anchored:
            if chars is None or first in chars:
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
        anchored = self._anchored_for(lowered[0])
        if anchored is not None:
            match = anchored.match(lowered)
            if match is not None:
                first = int(match.lastgroup[1:])  # type: ignore[index]
        for index, literal, pattern in self.floating:
            if index >= first:
                break
            if (literal is None or literal in lowered) and pattern.search(lowered):
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
def _site_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """A site profile's patterns as one compiled alternation; a bad pattern is logged and skipped."""
    valid = []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            logger.error("Ignoring invalid site boilerplate pattern %r: %s", pattern, exc)
            continue
        valid.append(pattern)
    if not valid:
        return None
    return re.compile("|".join(f"(?:{p})" for p in valid), re.IGNORECASE)


def boilerplate_reason(text: str, site_patterns: tuple[str, ...] = ()) -> str | None:
    """The boilerplate reason of a block's text from phrases (site patterns first), or None."""
    if not text:
        return None
    if len(text) > MAX_PHRASE_BLOCK_CHARS:
        return notice_matcher().reason(text) if len(text) <= MAX_NOTICE_BLOCK_CHARS else None
    site = _site_pattern(site_patterns)
    if site is not None and site.search(text):
        return "site"
    return phrase_matcher().reason(text)


def mark_trailing_promos(blocks: list[Block]) -> int:
    """Flag a short unflagged line sandwiched between promo lines at the very end; returns how many.

    Walking back from the last block, the trailing region is a run of flagged blocks with gaps of at
    most `MAX_SANDWICH_GAP` short unflagged blocks; a gap between two blocks of the `PROMO_FAMILY`
    (the unrecognised line of a promo box) is flagged ``promo-run``. The walk stops at the first long
    block or wider gap, so story text before the trailing region is never touched, and a story
    ending in an unflagged block gives no region at all. Captions are transparent: they neither
    count as flagged nor get flagged. Measured on the benchmark corpus, a looser rule (any flagged
    neighbours, gaps of two) cost story lines after mid-article promos ("Get the app" lines).
    """
    text_blocks = [b for b in blocks if b.kind != "caption"][-TRAILING_WINDOW:]
    if not text_blocks or text_blocks[-1].boilerplate is None:
        return 0
    count = 0
    gap: list[Block] = []
    after: Block | None = None
    for block in reversed(text_blocks):
        if block.boilerplate is not None:
            if gap and after is not None and {block.boilerplate, after.boilerplate} <= PROMO_FAMILY:
                for g in gap:
                    g.boilerplate = "promo-run"
                count += len(gap)
            gap = []
            after = block
            continue
        if len(block.text) > MAX_SANDWICH_BLOCK_CHARS or len(gap) == MAX_SANDWICH_GAP:
            break
        gap.append(block)
    return count


_SENTENCE_MARK = re.compile(r"[.!?…:;,。！？]")


def mark_trailing_labels(blocks: list[Block]) -> int:
    """Flag the short labels the story ends on (a site or company name, a category, the days of a
    calendar widget); returns how many.

    Walking back from the last unflagged text block, a run of short lines (at most
    `MAX_TRAILING_LABEL_CHARS`) without any punctuation after the last prose is no story: the tail
    of a box after the story (a contact line, a sponsor, a tag). The walk stops at the first line
    with a sentence mark, so a story that ends on a short sentence is untouched; a body with no
    such line at all, or a run longer than `MAX_TRAILING_LABELS` (a table), is left alone.
    """
    story = [b for b in blocks if b.boilerplate is None and b.kind != "caption"]
    labels: list[Block] = []
    for block in reversed(story):
        text = block.text.strip()
        if len(text) > MAX_TRAILING_LABEL_CHARS or _SENTENCE_MARK.search(text):
            break
        labels.append(block)
    if len(labels) == len(story) or len(labels) > MAX_TRAILING_LABELS:
        return 0  # no prose at all, or a table or list the story ends on
    for block in labels:
        block.boilerplate = "trailing-label"
    return len(labels)


def mark_boxed_captions(blocks: list[Block]) -> list[Block]:
    """Flag captions that sit inside boilerplate; returns them.

    A caption is inside boilerplate when the nearest text blocks before and after it are both
    flagged for one of `BOXED_CAPTION_REASONS` (the end of the article counts as flagged; its start
    does not). It takes the reason of the block before it.
    """
    boxed: list[Block] = []
    before: str | None = None  # the reason of the last text block, when it is a boxed one
    waiting: list[Block] = []  # unflagged captions since that block
    for block in blocks:
        if block.kind == "caption":
            if block.boilerplate is None and before is not None:
                waiting.append(block)
            continue
        reason = block.boilerplate if block.boilerplate in BOXED_CAPTION_REASONS else None
        if reason is not None and before is not None:
            for caption in waiting:
                caption.boilerplate = before
            boxed.extend(waiting)
        waiting = []
        before = reason
    for caption in waiting:
        caption.boilerplate = before
    boxed.extend(waiting)
    return boxed


def mark_boilerplate(raw: RawArticle, options: CleanOptions) -> None:
    """Flag blocks whose words (or position) make them boilerplate; counts each in ``raw.events``.

    Blocks the extractor already flagged from structure are counted under their reason too, so the
    stats hold every flagged block whichever step recognised it.
    """
    for block in raw.blocks:
        if block.boilerplate is not None and block.kind != "caption":
            raw.events.append(f"boilerplate/{block.boilerplate}")
    if not options.boilerplate_phrases:
        return
    site_patterns = tuple(raw.boilerplatePatterns)
    for block in raw.blocks:
        if block.boilerplate is None and block.kind != "caption":
            block.boilerplate = boilerplate_reason(block.text, site_patterns)
            if block.boilerplate:
                raw.events.append(f"boilerplate/{block.boilerplate}")
    for _ in range(mark_trailing_promos(raw.blocks)):
        raw.events.append("boilerplate/promo-run")
    for _ in range(mark_trailing_labels(raw.blocks)):
        raw.events.append("boilerplate/trailing-label")
    boxed = {block.text for block in mark_boxed_captions(raw.blocks)}
    if boxed and options.boilerplate == "drop":
        images = [image for image in raw.images if image.caption not in boxed]
        raw.events.extend(["boilerplate/image"] * (len(raw.images) - len(images)))
        raw.images = images
