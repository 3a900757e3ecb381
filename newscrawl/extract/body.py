"""The generic body engine: the article's text blocks and images from any page.

1. `blocks.segment` cuts the page into text blocks in one walk and measures every container
   (story-like text vs the rest).
2. The article area is the container with the best balance of story text against other text,
   weighted by class/id cues (`choose_container`).
3. Every block of that area is reported in reading order; those under a boilerplate cue (share
   bar, related links, newsletter promo ...), made mostly of links, or known labels are flagged
   with a reason instead of dropped, so keep mode can still show them.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from lxml import etree

from newscrawl.extract.blocks import Container, Cue, Segmentation, TextBlock, relaxed_copy, segment
from newscrawl.extract.images import figure_images, plain_text
from newscrawl.items import Block, Image
from newscrawl.phrases import boilerplate_reason

logger = logging.getLogger(__name__)

# Weight of non-story text against story text when comparing containers.
JUNK_WEIGHT = 0.25
# Score multipliers for containers whose class/id says story or boilerplate.
POSITIVE_BONUS = 1.15
NEGATIVE_PENALTY = 0.4

# The chosen area widens to an enclosing container that adds at least this much story text, and
# unflagged other text of at most this share of it plus this many characters (a date line) ...
MIN_WIDEN_STORY_CHARS = 40
MAX_WIDEN_JUNK_SHARE = 0.1
WIDEN_JUNK_CHARS = 15
# A lead has at most this share of its text in links.
MAX_LEAD_LINK_SHARE = 0.2
# Story text added by widening must be prose: this long, or this long and ending a sentence.
MIN_PROSE_CHARS_ANY = 100
MIN_PROSE_CHARS = 50
_PROSE_END = re.compile(r"[.!?…。！？][\"'”’»)]?$")
# ... climbing at most this many containers; a standfirst before the area is looked for this many
# containers up.
MAX_WIDEN_LEVELS = 3
MAX_WIDEN_STEPS = 6
LEAD_LEVELS = 2

# Cues not believed on a paragraph of sentences: an article's <header> holds the standfirst.
PROSE_CUE_REASONS = frozenset(("header",))
_PROSE_KINDS = frozenset(("p", "h"))

# A boilerplate cue is believed when the element holds less than this share of the page's story text
# (a "tag-..." or "has-sidebar" class on the wrapper of the whole story is not a verdict on it) ...
MAX_CUE_SHARE = 0.5
# ... and cues for things that are never long (a caption, a byline, a title) on less than this.
SMALL_CUE_REASONS = frozenset(("caption", "byline", "headline", "title", "hidden", "tags", "label"))
SMALL_CUE_CHARS = 400
SMALL_CUE_SHARE = 0.25
# ... the share capped at this many characters: on a long story a box named for its picture
# ("article__body-text-image") that holds paragraphs of this much text is no caption.
MAX_SMALL_CUE_CHARS = 1200
# ... and title cues only on blocks up to this long (a title is one short line), and not on a
# sentence this long ending in a full stop (a lead paragraph that a site classes "title").
LINE_CUE_REASONS = frozenset(("headline", "title"))
MAX_LINE_CUE_CHARS = 250
MIN_SENTENCE_CUE_CHARS = 80
_SENTENCE_END = re.compile(r"(?:[^.]\.|。)[\"'”’»)]?$")

# A block with more than this share of its text in links is a link list ...
MAX_LINK_DENSITY = 0.5
# ... unless, below the paragraph limit, this much of its own text follows (a list item whose
# linked first sentence is followed by its own sentence is a point of the story) ...
MIN_OWN_TEXT_CHARS = 40
# ... a paragraph with more than this share (paragraphs often end in a linked clause) ...
MAX_PARAGRAPH_LINK_DENSITY = 0.8
# ... unless it stands alone and is this long, or is a bare URL (a source the story cites).
MIN_LINKED_PARAGRAPH_CHARS = 50
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
# A paragraph this much of a link that reads as a headline (one line, no sentence mark) is a link to
# another story set between the paragraphs.
MIN_TITLE_LINK_SHARE = 0.95
_SENTENCE_MARK = re.compile(r"[.!?。！？]")
_TRAILING_ELLIPSES = ("...", "…")
# A short label and a colon before a link ("See also: ...").
_LINK_LABEL = re.compile(r"^[^:.!?]{1,30}:\s")
# ... or a "read also" label without the colon ("Also on example.com <title>", "Lesen Sie auch <title>").
_RELATED_LEAD = re.compile(
    r"^\W*(?:also on [\w.-]+|read (?:also|more|next)|see also|more from [\w.-]+|lesen sie (?:auch|mehr)|"
    r"auch interessant|mehr zum thema|(?:à )?lire aussi|à lire également|voir aussi|le[ea] también|"
    r"te puede interesar|leggi anche|potrebbe interessarti|leia também|veja também|lees ook|zie ook|"
    r"czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|читайте также|смотрите также)\b",
    re.IGNORECASE,
)
# Whole-block labels that are never story text (ads, "continue reading" stubs), any language.
_LABEL = re.compile(
    r"^\W*(advertisement|advertising|advert|ad|ads|sponsored|anzeige|werbung|publicidad|publicité|"
    r"pubblicità|publicidade|реклама|광고|広告|广告|iklan|continue reading|read more|more|share|tweet|"
    r"email|print|tags|comments?)\W*$",
    re.IGNORECASE,
)
# The story's last paragraphs set in italics (at least this share of their characters, at most this
# many, up to this long) that read as an author's tagline or an editor's note are no story text.
MIN_TAGLINE_ITALIC_SHARE = 0.8
MAX_TAGLINES = 2
MAX_TAGLINE_CHARS = 700
_TAGLINE = re.compile(
    r"@|\bfollow (?:him|her|them|us|me)\b|\b(?:is|was) (?:a|an|the|\w+['’]s)\b|\bwrites?\b|reporter|editor|"
    r"correspondent|columnist|journalist|contributor|freelance|"
    r"additional reporting|"
    r"\bist (?:ein|eine|der|die)\b|\bschreibt\b|redakteur|korrespondent|kolumnist|"
    r"\best (?:un|une|le|la)\b|rédact|correspondant|chroniqu|"
    r"\bes (?:un|una|el|la)\b|periodista|redactor|corresponsal|columnista|\bescribe\b|"
    r"\bè (?:un|una|il|la)\b|giornalista|redattore|corrispondente|\bscrive\b|"
    r"\bé (?:um|uma|o|a)\b|jornalista|repórter|redator|correspondente|\bescreve\b|"
    r"\bis (?:een|de|het)\b|redacteur|verslaggever|\bschrijft\b|"
    r"\bjest\b|dziennikar|redaktor|korespondent|\bpisze\b|"
    r"журналист|корреспондент|редактор|обозреватель|\bпишет\b",
    re.IGNORECASE,
)
# A block equal to the headline, this long or longer, is the headline repeated.
MIN_TITLE_CHARS = 12

# The safety net reads a page again when its body holds less than this share of the page's
# story-like text (pages with at least this much of it) ...
MAX_FALLBACK_SHARE = 0.06
MIN_FALLBACK_PAGE_CHARS = 200
# ... counting phrase-flagged lines out only when the structural count is below this share or this
# many characters (the phrase lists rarely take more than that from a body).
MAX_PHRASE_LOSS_SHARE = 0.3
MIN_PHRASE_CHECK_CHARS = 500

# A JSON-LD articleBody this long replaces visible blocks holding less than this share of its text.
MIN_HINT_CHARS = 400
MAX_HINT_SHORTFALL = 0.3
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")

# Editorial images: ``<figure>``s and the caption boxes of CMSs that predate it (``div.wp-caption``
# with ``p.wp-caption-text``), each with its first image and caption.
_FIGURES = etree.XPath(".//figure | .//div[contains(@class, 'wp-caption') and not(ancestor::figure)]")
_FIGURE_CAPTION = etree.XPath(".//figcaption | .//*[contains(@class, 'caption-text')]")


def believed_cue(block: TextBlock, limit: float, below: int = -1) -> Cue | None:
    """The outermost believable boilerplate cue on the block's way down, below depth ``below``.

    A cue is not believed on an element holding `MAX_CUE_SHARE` of the page's story text (or, for
    a class/id cue, when the elements carrying the same cue hold that much together: see
    `Cue.shared`), nor a cue of a small thing (caption, byline) on an element holding more than a
    small thing does.
    A title cue is not believed on a block longer than any title (a site calling its
    lead paragraph ``class="title"``).
    """
    small_limit = min(max(SMALL_CUE_CHARS, limit * SMALL_CUE_SHARE / MAX_CUE_SHARE), MAX_SMALL_CUE_CHARS)
    for cue in block.cues:
        if cue.depth <= below or (cue.reason == "title" and block.kind == "h"):
            continue  # a title class on a sub-heading of the story is no verdict on it
        if cue.reason in PROSE_CUE_REASONS and block.kind in _PROSE_KINDS and _is_prose_block(block):
            continue  # the standfirst in an article's <header> (or a deck set as a heading)
        if cue.reason == "teaser" and _is_lead_line(block):
            continue  # a lead that a German site calls its "Teaser"
        if cue.shared >= limit:
            continue  # the elements of this kind hold most of the story: a layout class
        if cue.reason in SMALL_CUE_REASONS:
            if cue.good >= small_limit or (cue.reason in LINE_CUE_REASONS and _is_sentences(block.text)):
                continue
        elif cue.good >= limit:
            continue
        return cue
    return None


def _is_prose_block(block: TextBlock) -> bool:
    return _is_prose(" ".join(block.text.split()))


def _is_lead_line(block: TextBlock) -> bool:
    """Whether a block under a "teaser" class reads as a lead, not another story's card: sentences
    with few links that do not follow a lone link (a card's title)."""
    text = block.text
    return not block.teaser and block.link_chars <= MAX_LEAD_LINK_SHARE * len(text) and _is_sentences(text)


def _is_sentences(text: str) -> bool:
    """Whether a block reads as prose rather than a title: too long, or a long full sentence."""
    text = text.strip()
    return len(text) > MAX_LINE_CUE_CHARS or (
        len(text) >= MIN_SENTENCE_CUE_CHARS and _SENTENCE_END.search(text) is not None
    )


def rescore(seg: Segmentation) -> tuple[list[int], list[int], float]:
    """Story/other character prefix sums over the blocks, after believable cues demote story text."""
    limit = MAX_CUE_SHARE * seg.good_total
    good_sum = [0]
    junk_sum = [0]
    g = j = 0
    for block in seg.blocks:
        size = len(block.text) or block.skipped
        if block.good and (not block.cues or believed_cue(block, limit) is None):
            g += size - block.link_chars
            j += block.link_chars
        else:
            j += size
        good_sum.append(g)
        junk_sum.append(j)
    return good_sum, junk_sum, limit


@dataclass(frozen=True)
class Area:
    """The article area: a container, and the standfirst blocks just before it (`lead_start`)."""

    container: Container
    limit: float  # the cue limit (see `believed_cue`)
    lead_start: int  # index of the area's first block (the container's first when no standfirst)
    lead_depth: int  # verdict depth of the blocks before the container (see `block_reason`)


def choose_area(seg: Segmentation) -> Area | None:
    """The article area (None for a page without blocks): `choose_container`, then `find_lead`."""
    index, limit = _best_container(seg)
    if index is None:
        return None
    index = widen_container(seg, index, limit)
    lead_start, lead_depth = find_lead(seg, index, limit)
    return Area(seg.containers[index], limit, lead_start, lead_depth)


def choose_container(seg: Segmentation) -> tuple[Container | None, float]:
    """The container that best isolates the story text (None for a page without blocks).

    Returns it with the cue limit used (see `believed_cue`), after `widen_container`.
    """
    index, limit = _best_container(seg)
    if index is None:
        return None, limit
    return seg.containers[widen_container(seg, index, limit)], limit


def _best_container(seg: Segmentation) -> tuple[int | None, float]:
    """The index of the container with the best balance of story text, and the cue limit."""
    good_sum, junk_sum, limit = rescore(seg)
    best_index: int | None = None
    best_score = float("-inf")
    for index, c in enumerate(seg.containers):
        good = good_sum[c.end] - good_sum[c.start]
        if not good:
            continue  # an empty box wins only when nothing holds story text (below)
        junk = junk_sum[c.end] - junk_sum[c.start]
        weight = 1.0
        if c.positive:
            weight *= POSITIVE_BONUS
        if c.negative and good < limit:
            weight *= NEGATIVE_PENALTY
        score = good * weight * (good / (good + junk + 1)) ** 0.5 - JUNK_WEIGHT * junk
        # Ties go to the deeper container (containers are listed children first).
        if score > best_score:
            best_index, best_score = index, score
    if best_index is None and seg.containers:
        best_index = 0
    return best_index, limit


_NEUTRAL_KINDS = frozenset(("caption", "h"))


def _added_text(seg: Segmentation, blocks: range, depth: int, limit: float) -> tuple[int, int]:
    """(story characters, unflagged other characters) of ``blocks`` read in a container at ``depth``."""
    good = junk = 0
    for i in blocks:
        block = seg.blocks[i]
        if block.skipped or block.kind in _NEUTRAL_KINDS:
            continue  # page chrome (flagged when read), a caption (never body text), a sub-heading
        if block_reason(block, depth, limit, False) is not None:
            continue
        text = " ".join(block.text.split())
        if block.good and _is_prose(text):
            good += len(text) - block.link_chars
        else:
            junk += len(text)
    return good, junk


def _is_prose(text: str) -> bool:
    """Whether a story-like block (whitespace collapsed) reads as prose: long, or a sentence (not a
    dateline, a label or a row of share buttons)."""
    return len(text) > MIN_PROSE_CHARS_ANY or (
        len(text) >= MIN_PROSE_CHARS and _PROSE_END.search(text) is not None
    )


def _parent_container(seg: Segmentation, index: int) -> int | None:
    """The index of the nearest container enclosing ``seg.containers[index]`` (listed after it)."""
    current = seg.containers[index]
    for i in range(index + 1, len(seg.containers)):
        c = seg.containers[i]
        if c.depth < current.depth and c.start <= current.start:
            return i
    return None


def widen_container(seg: Segmentation, index: int, limit: float) -> int:
    """The chosen container, or the ancestor container it is one part of (an index in
    ``seg.containers``).

    The story is often split: a standfirst in the article's header before the body's box, or body
    chunks in sibling boxes with a paywall prompt, a video player or a photo strip between them.
    The area climbs to the enclosing container while that adds story text and no text that the
    block verdicts would keep without being story (flagged boxes between the parts are fine: they
    stay flagged in the wider area), up to `MAX_WIDEN_LEVELS` containers that add text.
    """
    current = seg.containers[index]
    best = index
    levels = steps = 0
    while levels < MAX_WIDEN_LEVELS and steps < MAX_WIDEN_STEPS:
        steps += 1
        parent_index = _parent_container(seg, index)
        if parent_index is None:
            break
        parent = seg.containers[parent_index]
        if parent.element.tag == "body":
            break
        before = _added_text(seg, range(parent.start, current.start), parent.depth, limit)
        after = _added_text(seg, range(current.end, parent.end), parent.depth, limit)
        good = before[0] + after[0]
        junk = before[1] + after[1]
        if junk > MAX_WIDEN_JUNK_SHARE * good + WIDEN_JUNK_CHARS:
            break
        index, current = parent_index, parent
        if good >= MIN_WIDEN_STORY_CHARS:
            best = index  # a wrapper adding only flagged text or sub-headings is passed through
            levels += 1
    return best


def find_lead(seg: Segmentation, index: int, limit: float) -> tuple[int, int]:
    """The first block of a standfirst right before the container, and the depth to judge it at.

    Looking back from the container's first block, within its parent (then grandparent,
    `LEAD_LEVELS`), past flagged blocks (the headline, a byline with its class, a share bar): prose
    paragraphs up to the first block that is neither are the standfirst, when they hold at least
    `MIN_WIDEN_STORY_CHARS`. Returns ``(container.start, container.depth)`` when there is none.
    """
    container = seg.containers[index]
    ancestor: int | None = index
    for _ in range(LEAD_LEVELS):
        ancestor = _parent_container(seg, ancestor)
        if ancestor is None:
            break
        outer = seg.containers[ancestor]
        if outer.element.tag == "body":
            break
        first = container.start
        story = 0
        for i in range(container.start - 1, outer.start - 1, -1):
            block = seg.blocks[i]
            if block.skipped:
                break
            if block.kind == "caption" or block_reason(block, outer.depth, limit, False) is not None:
                continue
            text = " ".join(block.text.split())
            if not (block.good and _is_prose(text)):
                if block.kind == "h":
                    continue  # a sub-heading between the standfirst and the body
                break
            first = i
            story += len(text) - block.link_chars
        if story >= MIN_WIDEN_STORY_CHARS:
            return first, outer.depth
    return container.start, container.depth


def block_reason(block: TextBlock, depth: int, limit: float, in_link_run: bool = True) -> str | None:
    """Why a block of the article area is boilerplate, or None for story text.

    A paragraph made of a link is story text on its own (a source, a quoted tweet's URL), and a
    link list only next to another link-made block (``in_link_run``).
    """
    if block.cues:
        cue = believed_cue(block, limit, depth)
        if cue is not None:
            return cue.reason
    text = block.text
    if block.social:
        return None  # a quoted post's links (its URL, its author) are part of it
    if block.kind != "p":
        if block.link_chars > MAX_LINK_DENSITY * len(text) and (
            block.link_chars > MAX_PARAGRAPH_LINK_DENSITY * len(text)
            or len(text) - block.link_chars < MIN_OWN_TEXT_CHARS
        ):
            return "links"
    elif block.link_chars > MAX_PARAGRAPH_LINK_DENSITY * len(text) and (
        in_link_run or (len(text) < MIN_LINKED_PARAGRAPH_CHARS and not _URL.match(text))
    ):
        return "links"
    elif block.link_chars > MAX_LINK_DENSITY * len(text) and (
        _LINK_LABEL.match(text) or _RELATED_LEAD.match(text)
    ):
        return "related"  # "Read more: <link>", "Leggi anche: <link>", "Tag: <link>"
    elif block.link_chars >= MIN_TITLE_LINK_SHARE * len(text) and _is_linked_title(text):
        return "related"  # another story's headline set between the paragraphs
    if _LABEL.match(text):
        return "label"
    return None


def _is_linked_title(text: str) -> bool:
    """Whether a linked paragraph reads as a headline: one short line without a sentence mark (a
    trailing ellipsis aside), not an address (a source the story cites). A linked sentence ("...
    Click To Tweet", "Was sagt der Experte dazu?") is story text."""
    if len(text) > MAX_LINE_CUE_CHARS or _URL.match(text):
        return False
    if text.endswith(_TRAILING_ELLIPSES):
        text = text.rstrip(" .…")
    return _SENTENCE_MARK.search(text) is None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _may_be_title(text: str, title: str) -> bool:
    """`_is_title` on the folded text, skipped for a block far longer than the headline."""
    return len(text) <= 4 * len(title) + 40 and _is_title(_fold(text), title)


def _is_title(text: str, title: str) -> bool:
    """Whether a block's text is the headline (the metadata one may carry a " | Site" suffix)."""
    if len(text) < MIN_TITLE_CHARS or len(text) > len(title):
        return False
    return text == title or (title.startswith(text) and not title[len(text)].isalnum())


def _flag_section_headings(blocks: list[Block]) -> None:
    """Flag a sub-heading whose section is all boilerplate ("Related", "You may also like")."""
    for i, block in enumerate(blocks):
        if block.kind != "h" or block.boilerplate is not None:
            continue
        section = []
        for after in blocks[i + 1 :]:
            if after.kind == "h":
                break
            if after.kind != "caption":
                section.append(after)
        if section and all(b.boilerplate for b in section):
            block.boilerplate = section[0].boilerplate


def _is_linky(block: TextBlock) -> bool:
    return block.link_chars > MAX_LINK_DENSITY * len(block.text)


def extract_body(
    root: etree._Element,
    url: str,
    jsonld_body: str | None = None,
    headline: str | None = None,
    *,
    events: list[str] | None = None,
) -> tuple[list[Block], list[Image]]:
    """The article's text blocks in reading order and its editorial images.

    Captions come out as blocks of kind ``"caption"`` (kept only in keep mode) and on the images.
    A block repeating the ``headline`` (from the page's metadata) is flagged ``"headline"``.

    Safety net: when the story text found is near-empty beside the page's story-like text
    (`needs_fallback`), the page is read again with the rules that hide text relaxed (page chrome,
    hidden elements, ``<noscript>``, class/id cues, teasers; phrase-flagged lines count as other
    text), and that reading is kept when it finds more story text; ``"extract/fallback"`` is
    appended to ``events`` then.
    """
    title = _fold(headline) if headline else ""
    seg = segment(root)
    blocks, container = _area_blocks(seg, title)
    if needs_fallback(blocks, seg):
        relaxed = segment(relaxed_copy(root), skip_chrome=False, teasers=False)
        _demote_phrases(relaxed)
        again, other = _area_blocks(relaxed, title)
        if _story_chars(again) > _story_chars(blocks):
            blocks, container = again, other
            if events is not None:
                events.append("extract/fallback")
    images = []
    if container is not None:
        figures = _FIGURES(container.element)
        images = figure_images(figures, url, caption=_FIGURE_CAPTION, srcset=False, caption_text=plain_text)
    hinted = structured_body_blocks(jsonld_body, blocks)
    return (hinted or blocks), images


def _story_chars(blocks: list[Block]) -> int:
    """Characters of the blocks a body keeps: unflagged, not captions, not phrase-flagged."""
    return sum(
        len(b.text.strip())
        for b in blocks
        if b.boilerplate is None and b.kind != "caption" and boilerplate_reason(b.text.strip()) is None
    )


def needs_fallback(blocks: list[Block], seg: Segmentation) -> bool:
    """Whether the body found is empty, or near-empty beside the page's story-like text.

    A page with little story-like text at all (under `MIN_FALLBACK_PAGE_CHARS`) is read again when
    its body is that short too: its story may be where the walk does not look (a post kept in a
    script template and in ``<noscript>``). Cheap first: the structural count (without phrases)
    decides most pages.
    """
    structural = sum(len(b.text.strip()) for b in blocks if b.boilerplate is None and b.kind != "caption")
    if not structural:
        return True
    if seg.good_total < MIN_FALLBACK_PAGE_CHARS:
        return structural < MIN_FALLBACK_PAGE_CHARS
    if structural >= MAX_PHRASE_LOSS_SHARE * seg.good_total and structural >= MIN_PHRASE_CHECK_CHARS:
        return False
    return _story_chars(blocks) < MAX_FALLBACK_SHARE * seg.good_total


def _demote_phrases(seg: Segmentation) -> None:
    """Count story-like blocks that the phrase lists flag (cookie text, promos) as other text."""
    for block in seg.blocks:
        if block.good and boilerplate_reason(block.text) is not None:
            block.good = False
            own = len(block.text) - block.link_chars
            seg.good_total -= own
            seg.junk_total += own


def _area_blocks(seg: Segmentation, title: str) -> tuple[list[Block], Container | None]:
    """The blocks of the article area of a segmented page, with their verdicts."""
    chosen = choose_area(seg)
    if chosen is None:
        return [], None
    container, limit = chosen.container, chosen.limit
    area = seg.blocks[container.start : container.end]
    depth = container.depth
    if any(b.skipped for b in area):
        # The article area holds page chrome that was only measured: cut the area itself in full.
        area = segment(container.element, skip_chrome=False).blocks
        depth = 0
    lead = seg.blocks[chosen.lead_start : container.start]
    area = lead + area
    linky = [_is_linky(b) for b in area]
    blocks = []
    for i, block in enumerate(area):
        kind = block.kind
        in_run = (i > 0 and linky[i - 1]) or (i + 1 < len(area) and linky[i + 1])
        at = chosen.lead_depth if i < len(lead) else depth
        reason = None if kind == "caption" else block_reason(block, at, limit, in_run)
        if reason == "caption":
            kind, reason = "caption", None
        elif reason is None and title and _may_be_title(block.text, title):
            reason = "headline"
        elif reason is None and linky[i] and blocks and blocks[-1].boilerplate == "label":
            reason = "links"  # the links a label heads ("Tags" and the tag links after it)
        blocks.append(Block(block.text, kind, reason))
    _flag_section_headings(blocks)
    _flag_related_sections(area, blocks)
    _flag_taglines(area, blocks)
    return blocks, container


def _flag_taglines(area: list[TextBlock], blocks: list[Block]) -> None:
    """Flag the author's tagline or an editor's note the story ends on ("Jane Doe is a reporter at
    ... Follow her on Twitter"): one of the last `MAX_TAGLINES` story paragraphs, all in italics,
    with the words of a bio or a note. The walk back stops at the first other paragraph, so a
    story's own closing paragraph is never touched."""
    seen = 0
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.boilerplate is not None or block.kind == "caption":
            continue
        text = area[i]
        if (
            seen == MAX_TAGLINES
            or block.kind != "p"
            or len(text.text) > MAX_TAGLINE_CHARS
            or text.italic_chars < MIN_TAGLINE_ITALIC_SHARE * len(text.text)
            or _TAGLINE.search(text.text) is None
        ):
            return
        block.boilerplate = "bio"
        seen += 1


def _flag_related_sections(area: list[TextBlock], blocks: list[Block]) -> None:
    """Flag what a "related stories" heading (or a label paragraph right before a list) heads: the
    blocks after it nested deeper than it (for a label, the list items).

    A heading such as "You may also like" (recognised by the phrase lists) followed by boxes of
    other stories, where no class says so (teaser cards marked up as <article>s). The section ends
    at the first block as shallow as the heading: the story resuming after an in-text box.
    """
    for i, block in enumerate(blocks):
        if block.boilerplate not in (None, "related"):
            continue
        # A label set as a paragraph ("More great stories" in a styled <div>) heads only a list:
        # its section is the list items after it.
        label = (
            block.kind == "p"
            and i + 1 < len(blocks)
            and blocks[i + 1].kind == "li"
            and not area[i].link_chars
        )
        if not (block.kind == "h" or label) or boilerplate_reason(block.text.strip()) != "related":
            continue
        depth = area[i].depth
        for j in range(i + 1, len(blocks)):
            if area[j].depth <= depth or (label and blocks[j].kind != "li"):
                break
            if blocks[j].boilerplate is None:
                blocks[j].boilerplate = "related"
        if label:
            block.boilerplate = "related"


def structured_body_blocks(jsonld_body: str | None, blocks: list[Block]) -> list[Block] | None:
    """The JSON-LD ``articleBody`` as blocks, when the page shows far less story text than it.

    Pages that render the story with scripts (or hide it) still declare it in their structured
    data; then that text is the better body. Returns None when the visible blocks are fine.
    """
    if not jsonld_body or len(jsonld_body) < MIN_HINT_CHARS:
        return None
    hint = _TAG.sub(" ", jsonld_body) if "<" in jsonld_body else jsonld_body
    story = sum(len(b.text.strip()) for b in blocks if b.boilerplate is None and b.kind != "caption")
    if story >= MAX_HINT_SHORTFALL * len(hint):
        return None
    paragraphs = [line.strip() for line in _PARAGRAPH_BREAK.split(html.unescape(hint)) if line.strip()]
    return [Block(text, "p") for text in paragraphs] or None
