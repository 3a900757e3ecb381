"""Boilerplate verdicts on text blocks: phrase lists per language, site phrases, a position cue.

The extractor already flags blocks it recognised from structure (element, class/id, link density).
This stage adds what only the words can tell, from the phrase lists of `newscrawl.phrases`
(``newscrawl/data/boilerplate/<lang>.txt``, one reason per ``[reason]`` header; short blocks only,
notices up to a longer limit; site profiles' phrases, from ``raw.sitePhrases``, tried first), and:

- position cue: at the end of the article, a short unflagged line sandwiched between promo lines
  (the unrecognised line of a promo box whose other lines were recognised) is flagged ``promo-run``,
  and short lines without punctuation the story ends on are flagged ``trailing-label``;
- a caption inside boilerplate (the text blocks on both sides flagged, such as the picture of a
  "follow us on WhatsApp" box) gets their reason, and in drop mode its image leaves ``images``.
"""

from __future__ import annotations

import logging
import re

from newscrawl.items import Block, RawArticle
from newscrawl.options import ExtractOptions
from newscrawl.phrases import boilerplate_reason

logger = logging.getLogger(__name__)

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


def mark_boilerplate(raw: RawArticle, options: ExtractOptions) -> None:
    """Flag blocks whose words (or position) make them boilerplate; counts each in ``raw.events``.

    Blocks the extractor already flagged from structure are counted under their reason too, so the
    stats hold every flagged block whichever step recognised it.
    """
    for block in raw.blocks:
        if block.boilerplate is not None and block.kind != "caption":
            raw.events.append(f"boilerplate/{block.boilerplate}")
    if not options.boilerplate_phrases:
        return
    site_phrases = tuple(raw.sitePhrases)
    for block in raw.blocks:
        if block.boilerplate is None and block.kind != "caption":
            block.boilerplate = boilerplate_reason(block.text, site_phrases)
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
