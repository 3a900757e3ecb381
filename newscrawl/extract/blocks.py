"""Cut a page into text blocks in one walk, and measure every container on the way.

A block is the run of text between two block-level boundaries (a ``<p>``, a ``<div>``, a ``<br>``,
a list item ...); inline elements (``<a>``, ``<span>``, ``<em>`` ...) only add their text to the
current block. While walking, each container element records how much of its text is story-like
("good": long enough, few links, no boilerplate cue on the way down) and how much is not ("junk"),
and which range of blocks it holds, so the body engine can choose the article area without
touching the tree again.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from newscrawl.extract.cues import TAG_REASONS, attribute_cue, class_key, is_social_post
from newscrawl.extract.text import string_value

# Elements whose text flows into the surrounding block, exactly as a browser renders it: they never
# add whitespace of their own ("i<a>n their</a>" reads "in their"; CJK text has no spaces to add).
_INLINE = (
    "a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd mark nobr q s samp "
    "small span strike strong sub sup tt u var wbr label time ruby rb rtc"
)
# Void elements of HTML5 that libxml2's HTML 4 parser does not know: it makes them containers of
# what follows (a video's fallback <p> ends up inside its <source>), so their content is walked.
_VOID_UNKNOWN = "source track param"
INLINE_TAGS = frozenset(_INLINE.split()) | frozenset(_VOID_UNKNOWN.split())
# Elements never rendered as text (or not text a reader sees). A ruby annotation (``<rt>``, the
# reading of a Japanese or Chinese word set above it; ``<rp>``, its fallback brackets) is no part of
# the sentence: read inline it would split every annotated word in two.
_SKIP = (
    "script style noscript template svg math iframe object embed canvas select option "
    "button textarea input head title meta link map area dialog rt rp"
)
SKIP_TAGS = frozenset(_SKIP.split())
# Elements that can be the article area.
_CONTAINERS = "div section article main td body center form tbody table ul ol dl blockquote"
CONTAINER_TAGS = frozenset(_CONTAINERS.split())
# Page chrome: outside an <article>/<main> these are measured, not walked (see `segment`) ...
CHROME_TAGS = frozenset(("nav", "header", "footer", "aside"))
# ... unless they hold the story: a <main>, an <article> together with the page's end (a footer or
# a sidebar), or (on a page with no <article>/<main> elsewhere) more than this share of the page's
# text. An element left unclosed inside an <aside> or <header> makes the HTML parser put the rest
# of the page into it.
MAX_CHROME_SHARE = 0.5
_STORY_TAGS = ("article", "main")
_END_TAGS = ("footer", "aside")
# The text of a subtree (scripts included: close enough for a size), computed by libxml2.
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Block element tag -> block kind.
KIND_BY_TAG = {
    "p": "p",
    "h1": "h",
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "h5": "h",
    "h6": "h",
    "li": "li",
    "dt": "li",
    "dd": "li",
    "blockquote": "quote",
    "pre": "pre",
    "figcaption": "caption",
}
# Elements with the same class are weighed together (see `Cue`): a layout class may wrap every
# chunk of the story ("sidebar-layout__main", "elementor-widget"). Not comments: a thread of
# comment boxes holds much text together and is still no story.
UNSHARED_REASONS = frozenset(("comments",))
# Elements whose class or id is no cue: the page itself, and a data table's rows, whose classes name
# the record they show ("evenrow player-2020-223" in a standings table is no video player).
_UNCUED_TAGS = frozenset(("body", "html", "tr"))
# Context kinds that win over the owning element's kind (a <p> in a <blockquote> is a quote).
_CONTEXT_KINDS = frozenset(("quote", "caption", "li", "pre"))

# A block counts as story text for container scoring from this many non-link characters.
MIN_GOOD_CHARS = 25
# ... or this many when the text has no spaces (Chinese, Japanese: dense scripts).
MIN_GOOD_CHARS_DENSE = 12
DENSE_CHARS_PER_SPACE = 20
# ... with at most this share of its characters in links ...
MAX_GOOD_LINK_DENSITY = 0.7
# ... and this many words of letters (a date or a "12:30 PM" line is not story text).
MIN_GOOD_WORDS = 4
# At least MIN_GOOD_WORDS whole words (runs of two letters or more), found by one match: as fast as
# anything, where counting word matches one by one cost ~2 µs a block.
_ENOUGH_WORDS = re.compile(r"(?:.*?(?<![^\W\d_])[^\W\d_]{2,}(?![^\W\d_])){" + str(MIN_GOOD_WORDS) + "}", re.S)
# Story-like text after a lone link this long (a teaser's title) is a teaser, not story text.
MIN_LONE_LINK_CHARS = 20
MIN_TEASER_RESET_CHARS = 60
# A teaser's summary is short: text longer than this (whitespace collapsed) after a lone link is
# the story (a blog post under its linked title).
MAX_TEASER_CHARS = 400
_ELLIPSES = ("...", "…", "[…]", "[...]")
# A lone link (not a heading) is no teaser title when it is a button or a credit of the story's
# own (under one of these cues: "Download graphic" under a chart, "Share on ...", a linked photo
# caption) or a bare address (the source a post cites).
_BUTTON_REASONS = frozenset(("share", "caption"))
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")


@dataclass(slots=True)
class Cue:
    """A boilerplate cue (class/id word, tag or role) on one element, with the story text under it.

    A class cue's ``shared`` counts the story text under every element of the page with the same
    class value (its ``key``, ids and hashes left out: see `class_key`): a layout class wrapping
    each chunk of the story is judged on the whole story, not chunk by chunk.
    """

    depth: int
    reason: str
    good: int = 0
    key: str | None = None
    shared: int = 0


@dataclass(slots=True)
class TextBlock:
    """One run of text between block boundaries."""

    text: str  # stripped of the whitespace around it
    kind: str
    link_chars: int
    cues: tuple[Cue, ...]  # boilerplate cues of the elements on the way down, outermost first
    depth: int
    good: bool = False
    teaser: bool = False
    skipped: int = 0  # for a placeholder of a page-chrome subtree that was not walked: its text size
    social: bool = False  # inside an embedded social post (a quoted tweet): links are its text
    italic_chars: int = 0  # characters set in <em>/<i> (a tagline in italics: see `body`)


@dataclass(slots=True)
class Container:
    """One element that may be the article area."""

    element: etree._Element
    depth: int
    good: int
    junk: int
    start: int  # index of its first block
    end: int  # index after its last block
    positive: bool
    negative: str | None


@dataclass
class Segmentation:
    """Blocks of the page in reading order and the measured containers."""

    blocks: list[TextBlock] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    good_total: int = 0
    junk_total: int = 0
    skipped: list[etree._Element] = field(default_factory=list)  # page chrome measured, not walked
    keyed_cues: list[Cue] = field(default_factory=list)  # class/id cues, to be weighed by key


_STREAMED_SEGMENT = "S:"
# Attributes a relaxed copy of the page drops (see `relaxed_copy`).
_RELAXED_ATTRIBUTES = ("hidden", "aria-hidden", "style", "class", "id", "role")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOILERPLATE_ROLES = frozenset(("navigation", "complementary", "contentinfo", "banner", "dialog", "alert"))


@lru_cache(maxsize=2048)
def _is_caption_class(value: str | None) -> bool:
    """Whether a ``<span>``'s class makes it a caption (``<span class="caption">``): such a span is a
    block of its own, so its text is no part of the story paragraph around the picture."""
    return bool(value) and "ption" in value and attribute_cue(value)[0] == "caption"


# A card that pops up over a name or a term when hovered, written into the sentence as a <span>:
# a class token with a popup word whose last part names the card ("rollover-people-block",
# "tooltiptext", "popover-content"). The span around it ("rollover-people", "tooltip") holds the
# sentence's own word and stays.
_POPUP_WORDS = ("rollover", "tooltip", "popover", "hovercard")
_CARD_PARTS = frozenset(("block", "card", "content", "text", "body", "box", "inner", "panel"))
_TOKEN_PARTS = re.compile(r"[-_]+")


@lru_cache(maxsize=2048)
def _is_popup_card_class(value: str | None) -> bool:
    """Whether a ``<span>``'s class makes it a hover card whose text is no part of the sentence."""
    if not value:
        return False
    low = value.lower()
    if not any(word in low for word in _POPUP_WORDS):
        return False
    for token in low.split():
        for word in _POPUP_WORDS:
            at = token.find(word)
            if at >= 0 and _TOKEN_PARTS.split(token[at + len(word) :])[-1] in _CARD_PARTS:
                return True
    return False


def _is_hidden(el: etree._Element, names: list[str]) -> bool:
    """Whether an element's attributes hide it from readers (``hidden``, ``display: none`` ...).

    A completed segment of a streamed React page (``<div hidden id="S:1">``) is shown by a script
    as soon as it arrives: it is not hidden.

    ``names`` are the element's attribute names: a value is only fetched when its attribute exists
    (each fetch costs as much as listing all the names).
    """
    if "hidden" in names:
        # React's streaming render sends a finished part as <div hidden id="S:1"> and a script
        # ($RC("B:1","S:1")) moves it into place: readers see it.
        return not (el.get("id") or "").startswith(_STREAMED_SEGMENT)
    if "aria-hidden" in names and el.get("aria-hidden") == "true":
        # A metered paywall hides the rest of the story from screen readers, paragraph by paragraph,
        # while it is on the page (blurred, or shown after login): a <p> is story text.
        return el.tag != "p"
    if "style" not in names:
        return False
    style = el.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


class _Walker:
    """The state of one walk; `segment` is the public entry point."""

    __slots__ = (
        "cues",
        "in_italic",
        "in_social",
        "in_story",
        "italic_chars",
        "kinds",
        "link_chars",
        "page_chars",
        "parts",
        "prev_link_only",
        "root",
        "seg",
        "skip_chrome",
        "story_holders",
        "teasers",
    )

    def __init__(self, root: etree._Element, skip_chrome: bool, teasers: bool = True) -> None:
        self.root = root
        self.teasers = teasers  # mark text after a lone link as a teaser
        self.story_holders: set[etree._Element] | None = None  # ancestors of <article>/<main> (when needed)
        self.page_chars: int | None = None  # the page's text size, scripts included (when needed)
        self.seg = Segmentation()
        self.skip_chrome = skip_chrome
        self.in_story = 0  # how many <article>/<main> elements enclose the current one
        self.parts: list[str] = []
        self.link_chars = 0
        self.prev_link_only = False  # was the previous block a lone link (a teaser title)?
        self.cues: list[Cue] = []
        self.kinds: list[str] = ["p"]
        self.in_social = 0  # how many embedded social posts enclose the current element
        self.in_italic = False  # inside an <em>/<i> (its characters are counted once, by the outermost)
        self.italic_chars = 0

    def flush(self, depth: int) -> None:
        parts = self.parts
        if not parts:
            return
        text = "".join(parts)
        links = self.link_chars
        italic = self.italic_chars
        self.parts = []
        self.link_chars = 0
        self.italic_chars = 0
        stripped = text.strip()
        if not stripped:
            return
        seg = self.seg
        # The block keeps its text stripped: every later step measures it without the padding.
        block = TextBlock(stripped, self.kinds[-1], links, tuple(self.cues), depth, social=self.in_social > 0)
        block.italic_chars = italic
        size = len(stripped)
        own = size - links
        dense = stripped.count(" ") * DENSE_CHARS_PER_SPACE < size  # Chinese, Japanese: few spaces
        if (
            own >= (MIN_GOOD_CHARS_DENSE if dense else MIN_GOOD_CHARS)
            and links <= MAX_GOOD_LINK_DENSITY * size
            and (dense or _ENOUGH_WORDS.match(stripped) is not None)
        ):
            # Text right after a lone link is a teaser of another page ...
            # ... and so is a cut-off summary ("...") next to a link (a card of another story).
            block.teaser = (
                self.teasers
                and (self.prev_link_only or (links >= MIN_LONE_LINK_CHARS and stripped.endswith(_ELLIPSES)))
                and (size <= MAX_TEASER_CHARS or len(" ".join(stripped.split())) <= MAX_TEASER_CHARS)
            )
            block.good = not block.teaser and block.kind != "caption"
        if block.good:
            seg.good_total += own
            seg.junk_total += links
        else:
            seg.junk_total += size
        if links >= MIN_LONE_LINK_CHARS and links >= 0.9 * size:
            # A linked <h1> is the page's own title (a blog post links it to its permalink), not
            # another story's teaser title.
            if block.kind == "h":
                self.prev_link_only = all(c.reason != "headline" for c in block.cues)
            else:
                self.prev_link_only = _BARE_URL.match(stripped) is None and all(
                    c.reason not in _BUTTON_REASONS for c in block.cues
                )
        elif block.good or block.teaser or size >= MIN_TEASER_RESET_CHARS:
            self.prev_link_only = False
        seg.blocks.append(block)

    def _holds_story(self, el: etree._Element, size: int) -> bool:
        """Whether a chrome element holds the story (see `MAX_CHROME_SHARE`); the page-wide facts
        are looked up only when needed, once per walk."""
        holders = self.story_holders
        if holders is None:
            # Every element enclosing an <article> or <main>, found once (pages have few of them).
            holders = self.story_holders = set()
            for story in self.root.iter(_STORY_TAGS):
                for ancestor in story.iterancestors():
                    if ancestor in holders:
                        break
                    holders.add(ancestor)
        if el in holders:
            # A <main>, or an <article> with the page's end (a footer, a sidebar) swallowed too; a
            # sidebar or footer of teaser cards in <article>s is no story.
            swallowed = next(el.iterdescendants(_END_TAGS), None) is not None
            return swallowed or next(el.iter("main"), None) is not None
        if holders:
            return False  # the page has an <article>/<main> elsewhere
        if self.page_chars is None:
            self.page_chars = len(string_value(self.root))
        return size > MAX_CHROME_SHARE * self.page_chars

    def _skip(self, el: etree._Element, depth: int, in_link: bool) -> bool:
        """Stand in for a page-chrome subtree with one placeholder block holding its text size.

        Returns False, leaving the subtree to be walked, when it holds the story after all: an
        ``<article>``/``<main>``, or most of the page's text.
        """
        size = len(string_value(el))
        if self._holds_story(el, size):
            return False
        seg = self.seg
        seg.junk_total += size
        seg.blocks.append(TextBlock("", "other", 0, (), depth, skipped=size))
        seg.skipped.append(el)
        self.prev_link_only = False
        tail = el.tail
        if tail and (self.parts or not tail.isspace()):
            self.parts.append(tail)
            if in_link:
                self.link_chars += len(tail.strip())
        return True

    def walk(self, el: etree._Element, depth: int, in_link: bool) -> None:
        # The hot loop of the engine: calls and attribute lookups are kept to a minimum (one list
        # of attribute names, then only the values of attributes the element has). Whitespace that
        # would start a block is not collected: a block is stripped, so it would only make a flush
        # that finds no text (7 of 10 flushes on trafeval did).
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:  # processing instruction or entity, script ...
            names: list[str] = []
            hidden = True
        else:
            names = [] if tag == "a" else el.keys()  # a link hides with its container
            hidden = bool(names) and _is_hidden(el, names)
        if hidden:
            tail = el.tail
            if tail and (self.parts or not tail.isspace()):
                self.parts.append(tail)
                if in_link:
                    self.link_chars += len(tail.strip())
            return
        inline = tag in INLINE_TAGS
        if inline and tag == "span" and not in_link and "class" in names:
            cls = el.get("class")
            if _is_popup_card_class(cls):  # a hover card written into the sentence: read its tail only
                tail = el.tail
                if tail and (self.parts or not tail.isspace()):
                    self.parts.append(tail)
                return
            inline = not _is_caption_class(cls)  # <span class="caption">: a block of its own
        if inline:
            inner_link = in_link or tag == "a"
            # The characters of an outermost <em>/<i>: what it adds to the current block's parts
            # (nothing when a block boundary inside it flushed them).
            italic = -1
            if (tag == "em" or tag == "i") and not self.in_italic:
                self.in_italic = True
                italic = len(self.parts)
            text = el.text
            if text and (self.parts or not text.isspace()):
                self.parts.append(text)
                if inner_link:
                    self.link_chars += len(text.strip())
            for child in el:
                self.walk(child, depth + 1, inner_link)
            if italic >= 0:
                self.in_italic = False
                if len(self.parts) > italic:
                    self.italic_chars += sum(len(part) for part in self.parts[italic:])
            tail = el.tail
            if tail and (self.parts or not tail.isspace()):
                self.parts.append(tail)
                if in_link:
                    self.link_chars += len(tail.strip())
            return
        if self.parts:
            self.flush(depth)
        if tag == "br" or tag == "hr":
            tail = el.tail
            if tail and (self.parts or not tail.isspace()):
                self.parts.append(tail)
                if in_link:
                    self.link_chars += len(tail.strip())
            return
        # A block-level element: its own run of blocks.
        seg = self.seg
        if tag in CHROME_TAGS and self.skip_chrome and not self.in_story and self._skip(el, depth, in_link):
            return
        negative: str | None = None
        key: str | None = None
        positive = False
        if names and tag not in _UNCUED_TAGS:
            cls = el.get("class") if "class" in names else None
            # A heading's id is its anchor, made from its own words ("nav_schredder_statt_ofen",
            # "share-prices-fall"): a link target for a table of contents, not a role.
            ident = el.get("id") if "id" in names and tag not in _HEADING_TAGS else None
            if cls or ident:
                negative, positive, _ = attribute_cue(f"{cls} {ident}" if cls and ident else cls or ident)
                if negative and cls and negative not in UNSHARED_REASONS:
                    key = cls
            if "role" in names and el.get("role") in _BOILERPLATE_ROLES:
                negative = negative or "nav"
        tag_reason = TAG_REASONS.get(tag)
        if tag_reason:
            negative, key = tag_reason, None
        cue = None
        if negative:
            cue = Cue(depth, negative, 0, key)
            if key is not None:
                seg.keyed_cues.append(cue)
            self.cues.append(cue)
        kinds = self.kinds
        context = kinds[-1]
        if context in _CONTEXT_KINDS and not (tag == "blockquote" and context == "caption"):
            kind = context  # (a <blockquote> in a <figure> is a pull quote, not a caption)
        elif tag == "figure":
            kind = "caption"
        else:
            kind = KIND_BY_TAG.get(tag, "p")
        kinds.append(kind)
        good0, junk0, start = seg.good_total, seg.junk_total, len(seg.blocks)
        text = el.text
        if text and (self.parts or not text.isspace()):
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())
        story = tag == "article" or tag == "main"
        if story:
            self.in_story += 1
        # A quoted social post is story text whatever box holds it (a "video-container" ...):
        # the cues of the elements around it are no verdict on it.
        social = tag == "blockquote" and is_social_post(el.get("class") or "")
        outer_cues = self.cues
        if social:
            self.in_social += 1
            self.cues = []
        for child in el:
            self.walk(child, depth + 1, in_link)
        if self.parts:
            self.flush(depth)
        if social:
            self.in_social -= 1
            self.cues = outer_cues
        if story:
            self.in_story -= 1
        kinds.pop()
        if cue is not None:
            cue.good = seg.good_total - good0
            self.cues.pop()
        if tag in CONTAINER_TAGS or "-" in tag:  # custom elements (<story-body>) hold stories too
            seg.containers.append(
                Container(
                    el,
                    depth,
                    seg.good_total - good0,
                    seg.junk_total - junk0,
                    start,
                    len(seg.blocks),
                    positive,
                    negative,
                )
            )
        tail = el.tail
        if tail and (self.parts or not tail.isspace()):
            self.parts.append(tail)
            if in_link:
                self.link_chars += len(tail.strip())


def relaxed_copy(root: etree._Element) -> etree._Element:
    """A copy of the page with the rules that hide text from the walk taken away.

    For the safety net (see `body.extract_body`): hidden elements shown, ``<noscript>`` read, and
    class, id and role attributes dropped, so no class/id cue applies (tag cues remain).
    """
    copy = deepcopy(root)
    for el in copy.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "noscript":
            el.tag = "div"
        for name in _RELAXED_ATTRIBUTES:
            if name in el.attrib:
                del el.attrib[name]
    return copy


def segment(root: etree._Element, *, skip_chrome: bool = True, teasers: bool = True) -> Segmentation:
    """Blocks and measured containers of a whole page (or one element's subtree), in one walk.

    With ``skip_chrome``, page-level ``<nav>``, ``<header>``, ``<footer>`` and ``<aside>`` outside
    any ``<article>``/``<main>`` are measured (their text counts against the containers holding
    them) but not cut into blocks: a placeholder block stands for each, and they are listed in
    ``Segmentation.skipped``. Chrome holding an ``<article>``/``<main>`` or more than
    `MAX_CHROME_SHARE` of the page's text is walked like any element (its tag remains a
    boilerplate cue, believed or not as any cue is). ``teasers=False`` marks no teasers.
    """
    start = root.find("body") if root.tag == "html" else root
    if start is None:
        start = root
    walker = _Walker(start, skip_chrome, teasers)
    walker.walk(start, 0, False)
    walker.flush(0)
    seg = walker.seg
    if len(seg.keyed_cues) > 1:
        # Weigh the elements of one kind together: same class value, ids and hashes left out.
        shared: dict[str, int] = {}
        for cue in seg.keyed_cues:
            cue.key = kind = class_key(cue.key)  # type: ignore[arg-type]
            shared[kind] = shared.get(kind, 0) + cue.good
        for cue in seg.keyed_cues:
            cue.shared = shared[cue.key]  # type: ignore[index]
    return seg
