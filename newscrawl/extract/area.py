"""The blocks of an article area that a site's selectors chose, and the marks those selectors make.

A site parser knows where its story is (``BODY``) and which subtrees of it are invisible (``SKIP``),
boilerplate (``FLAGS``, with a reason) or captions (``CAPTIONS``). `mark` evaluates those selectors
once per page; `collect_blocks` walks the area into `Block`s in reading order, flagging the subtrees a
rule marked instead of dropping them (keep mode shows them). The tag tables are the generic
segmenter's (`newscrawl.extract.blocks`): one table of inline and of invisible tags for both walkers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newscrawl.extract.blocks import INLINE_TAGS, KIND_BY_TAG, SKIP_TAGS
from newscrawl.items import Block

# A compiled selector (CSS or XPath): called on an element, returns the matching elements.
Selector = Callable[[etree._Element], list[Any]]

# Elements of one run of text: the segmenter's inline tags, and <br>, which inside a site's paragraph is
# a space (the generic segmenter ends a block there instead).
_RUN_TAGS = INLINE_TAGS | {"br"}
# Blocks that may hold other blocks: their block children become blocks of the outer kind.
_NESTING_BLOCKS = frozenset({"li", "blockquote", "dd"})


def first(selector: Selector | None, root: etree._Element) -> etree._Element | None:
    """The first element a selector matches, or None."""
    if selector is None:
        return None
    for found in selector(root):
        if isinstance(found, etree._Element):
            return found
    return None


def in_any(el: etree._Element, elements: Collection[etree._Element]) -> bool:
    """Whether ``el`` is one of ``elements`` or inside one of them."""
    return el in elements or any(a in elements for a in el.iterancestors())


def inline_text(
    el: etree._Element, skip: frozenset[etree._Element] | set[etree._Element] = frozenset()
) -> str:
    """The visible text of an element as one run: invisible and skipped subtrees left out, <br> = space."""
    parts: list[str] = [el.text or ""] if el.tag not in SKIP_TAGS else []
    for child in el:
        if isinstance(child.tag, str) and child not in skip:
            if child.tag == "br":
                parts.append(" ")
            elif child.tag not in SKIP_TAGS:
                parts.append(inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class Marks:
    """What a parser's rules select in one article area, found once and shared by blocks and images."""

    skip: set[etree._Element] = field(default_factory=set)
    flags: dict[etree._Element, str] = field(default_factory=dict)
    captions: set[etree._Element] = field(default_factory=set)


def _matches(selectors: Iterable[Selector], root: etree._Element) -> set[etree._Element]:
    return {el for selector in selectors for el in selector(root) if isinstance(el, etree._Element)}


def mark(
    container: etree._Element,
    *,
    skip: Iterable[Selector] = (),
    flags: Iterable[tuple[Selector, str]] = (),
    captions: Iterable[Selector] = (),
) -> Marks:
    """Evaluate a parser's skip/flag/caption selectors on an article area (earlier flags win)."""
    flagged: dict[etree._Element, str] = {}
    for selector, reason in flags:
        for el in selector(container):
            if isinstance(el, etree._Element):
                flagged.setdefault(el, reason)
    return Marks(_matches(skip, container), flagged, _matches(captions, container))


class _Walker:
    """Turns an article area into blocks: one per paragraph-like element, loose text as "other"."""

    def __init__(self, marks: Marks) -> None:
        self.skip, self.flags, self.captions = marks.skip, marks.flags, marks.captions
        self.blocks: list[Block] = []

    def _holds_blocks(self, el: etree._Element) -> bool:
        return any(
            isinstance(d.tag, str) and (d.tag in KIND_BY_TAG or d.tag not in _RUN_TAGS)
            and d.tag not in SKIP_TAGS
            for d in el.iterdescendants()
        )  # fmt: skip

    def _emit(self, text: str, kind: str, reason: str | None) -> None:
        if text.strip():
            self.blocks.append(Block(text, kind, reason))

    def walk(self, el: etree._Element, reason: str | None, kind: str | None) -> None:
        """Blocks of a container element; ``kind`` overrides the kind of loose text and children."""
        run: list[str] = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str) or child in self.skip or child.tag in SKIP_TAGS:
                run.append(child.tail or "")
                continue
            child_reason = self.flags.get(child, reason)
            if child in self.captions:
                self._emit("".join(run), kind or "other", reason)
                run = []
                self._emit(inline_text(child, self.skip), "caption", child_reason)
            elif child.tag in _RUN_TAGS and child not in self.flags and not self._holds_blocks(child):
                run.append(inline_text(child, self.skip) if child.tag != "br" else " ")
            else:
                self._emit("".join(run), kind or "other", reason)
                run = []
                self.block(child, child_reason, kind)
            run.append(child.tail or "")
        self._emit("".join(run), kind or "other", reason)

    def block(self, el: etree._Element, reason: str | None, kind: str | None) -> None:
        """One element: a paragraph-like block, a nesting block, or a container to walk."""
        own = KIND_BY_TAG.get(el.tag)
        if own == "caption":
            self._emit(inline_text(el, self.skip), "caption", reason)
        elif own is not None and (el.tag not in _NESTING_BLOCKS or not self._holds_blocks(el)):
            self._emit(inline_text(el, self.skip), kind if kind and own == "p" else own, reason)
        elif own is not None:
            self.walk(el, reason, own)
        else:
            # Any text of a figure (credits, media titles) belongs to its caption, not the story.
            self.walk(el, reason, "caption" if el.tag == "figure" else kind)


def collect_blocks(container: etree._Element, marks: Marks) -> list[Block]:
    """Every visible text block of ``container`` in reading order.

    ``marks`` (from `mark`) says which subtrees are invisible (left out), boilerplate (flagged with
    the reason; the innermost flagged ancestor wins) and captions (figcaptions always are).
    """
    walker = _Walker(marks)
    walker.block(container, marks.flags.get(container), None)
    return walker.blocks
