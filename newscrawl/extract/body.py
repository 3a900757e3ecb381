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

from lxml import etree

from newscrawl.extract.blocks import Container, Cue, Segmentation, TextBlock, segment
from newscrawl.extract.images import figure_images, plain_text
from newscrawl.items import Block, Image

logger = logging.getLogger(__name__)

# Weight of non-story text against story text when comparing containers.
JUNK_WEIGHT = 0.25
# Score multipliers for containers whose class/id says story or boilerplate.
POSITIVE_BONUS = 1.15
NEGATIVE_PENALTY = 0.4

# A boilerplate cue is believed when the element holds less than this share of the page's story text
# (a "tag-..." or "has-sidebar" class on the wrapper of the whole story is not a verdict on it) ...
MAX_CUE_SHARE = 0.5
# ... and cues for things that are never long (a caption, a byline, a title) on less than this.
SMALL_CUE_REASONS = frozenset(("caption", "byline", "headline", "title", "hidden", "tags", "label"))
SMALL_CUE_CHARS = 400
SMALL_CUE_SHARE = 0.25
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
# A short label and a colon before a link ("See also: ...").
_LINK_LABEL = re.compile(r"^[^:.!?]{1,30}:\s")
# Whole-block labels that are never story text (ads, "continue reading" stubs), any language.
_LABEL = re.compile(
    r"^\W*(advertisement|advertising|advert|ad|ads|sponsored|anzeige|werbung|publicidad|publicité|"
    r"pubblicità|publicidade|реклама|광고|広告|广告|iklan|continue reading|read more|more|share|tweet|"
    r"email|print|tags|comments?)\W*$",
    re.IGNORECASE,
)
# A block equal to the headline, this long or longer, is the headline repeated.
MIN_TITLE_CHARS = 12

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

    A title cue is not believed on a block longer than any title (a site calling its
    lead paragraph ``class="title"``).
    """
    small_limit = max(SMALL_CUE_CHARS, limit * SMALL_CUE_SHARE / MAX_CUE_SHARE)
    for cue in block.cues:
        if cue.depth <= below or (cue.reason == "title" and block.kind == "h"):
            continue  # a title class on a sub-heading of the story is no verdict on it
        if cue.reason in SMALL_CUE_REASONS:
            if cue.good >= small_limit or (cue.reason in LINE_CUE_REASONS and _is_sentences(block.text)):
                continue
        elif cue.good >= limit:
            continue
        return cue
    return None


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
        size = len(block.text.strip()) or block.skipped
        if block.good and (not block.cues or believed_cue(block, limit) is None):
            g += size - block.link_chars
            j += block.link_chars
        else:
            j += size
        good_sum.append(g)
        junk_sum.append(j)
    return good_sum, junk_sum, limit


def choose_container(seg: Segmentation) -> tuple[Container | None, float]:
    """The container that best isolates the story text (None for a page without blocks).

    Returns it with the cue limit used (see `believed_cue`).
    """
    good_sum, junk_sum, limit = rescore(seg)
    best: Container | None = None
    best_score = float("-inf")
    for c in seg.containers:
        good = good_sum[c.end] - good_sum[c.start]
        junk = junk_sum[c.end] - junk_sum[c.start]
        weight = 1.0
        if c.positive:
            weight *= POSITIVE_BONUS
        if c.negative and good < limit:
            weight *= NEGATIVE_PENALTY
        score = good * weight * (good / (good + junk + 1)) ** 0.5 - JUNK_WEIGHT * junk
        # Ties go to the deeper container (containers are listed children first).
        if score > best_score:
            best, best_score = c, score
    return best, limit


def block_reason(block: TextBlock, depth: int, limit: float, in_link_run: bool = True) -> str | None:
    """Why a block of the article area is boilerplate, or None for story text.

    A paragraph made of a link is story text on its own (a source, a quoted tweet's URL), and a
    link list only next to another link-made block (``in_link_run``).
    """
    if block.cues:
        cue = believed_cue(block, limit, depth)
        if cue is not None:
            return cue.reason
    text = block.text.strip()
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
    elif block.link_chars > MAX_LINK_DENSITY * len(text) and _LINK_LABEL.match(text):
        return "related"  # "Read more: <link>", "Leggi anche: <link>", "Tag: <link>"
    if _LABEL.match(text):
        return "label"
    return None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


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
    return block.link_chars > MAX_LINK_DENSITY * len(block.text.strip())


def extract_body(
    root: etree._Element, url: str, jsonld_body: str | None = None, headline: str | None = None
) -> tuple[list[Block], list[Image]]:
    """The article's text blocks in reading order and its editorial images.

    Captions come out as blocks of kind ``"caption"`` (kept only in keep mode) and on the images.
    A block repeating the ``headline`` (from the page's metadata) is flagged ``"headline"``.
    """
    title = _fold(headline) if headline else ""
    seg = segment(root)
    container, limit = choose_container(seg)
    if container is None:
        return structured_body_blocks(jsonld_body, []) or [], []
    area = seg.blocks[container.start : container.end]
    depth = container.depth
    if any(b.skipped for b in area):
        # The article area holds page chrome that was only measured: cut the area itself in full.
        area = segment(container.element, skip_chrome=False).blocks
        depth = 0
    linky = [_is_linky(b) for b in area]
    blocks = []
    for i, block in enumerate(area):
        kind = block.kind
        in_run = (i > 0 and linky[i - 1]) or (i + 1 < len(area) and linky[i + 1])
        reason = None if kind == "caption" else block_reason(block, depth, limit, in_run)
        if reason == "caption":
            kind, reason = "caption", None
        elif reason is None and title and _is_title(_fold(block.text), title):
            reason = "headline"
        blocks.append(Block(block.text, kind, reason))
    _flag_section_headings(blocks)
    images = figure_images(
        _FIGURES(container.element), url, caption=_FIGURE_CAPTION, srcset=False, caption_text=plain_text
    )
    hinted = structured_body_blocks(jsonld_body, blocks)
    return (hinted or blocks), images


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
