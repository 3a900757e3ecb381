"""Shared helpers for site parsers: selectors, JSON-LD and meta lookups, and the block walker.

Site modules compile their selectors once with `css` / `xpath` and hand them to the walker
(`collect_blocks`), which turns the article area into `Block`s in reading order, flagging the
subtrees a rule marks as boilerplate instead of dropping them (keep mode shows them).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.cssselect import CSSSelector

from newscrawl.dates import epoch_to_iso  # noqa: F401  (site parsers' timestamps)
from newscrawl.extract.blocks import KIND_BY_TAG
from newscrawl.items import Block, Image

logger = logging.getLogger(__name__)

# A compiled selector: called on an element, returns the matching elements.
Selector = Callable[[etree._Element], list[Any]]

# Block element tag -> block kind: the same table as the generic engine's.
BLOCK_KINDS = KIND_BY_TAG
# Elements whose content is never visible text.
INVISIBLE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "button", "input", "select", "textarea", "iframe",
     "object", "canvas", "head", "img", "picture", "meta", "link"}
)  # fmt: skip
INLINE_TAGS = frozenset(
    {"a", "span", "strong", "b", "em", "i", "u", "s", "small", "sup", "sub", "time", "mark", "abbr", "cite",
     "q", "code", "br", "font", "label", "bdi", "bdo", "data", "del", "ins", "kbd", "samp", "var", "wbr"}
)  # fmt: skip
# Blocks that may hold other blocks: their block children become blocks of the outer kind.
_NESTING_BLOCKS = frozenset({"li", "blockquote", "dd"})
_WHITESPACE = re.compile(r"\s+")
# A trailing "(Picture: …)" credit, as Metro and other UK sites print it.
PICTURE_CREDIT = re.compile(
    r"\s*\((?:Picture|Pictures|Photo|Image)s?\s*:\s*(?P<credit>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", re.I
)


def css(selector: str) -> Selector:
    """A CSS selector compiled once (lxml's translation to XPath)."""
    return CSSSelector(selector)


def xpath(expression: str) -> Selector:
    """An XPath expression compiled once."""
    return etree.XPath(expression)


def first(selector: Selector | None, root: etree._Element) -> etree._Element | None:
    """The first element a selector matches, or None."""
    if selector is None:
        return None
    for found in selector(root):
        if isinstance(found, etree._Element):
            return found
    return None


def inline_text(
    el: etree._Element, skip: frozenset[etree._Element] | set[etree._Element] = frozenset()
) -> str:
    """The visible text of an element as one run: invisible and skipped subtrees left out, <br> = space."""
    parts: list[str] = [el.text or ""] if el.tag not in INVISIBLE_TAGS else []
    for child in el:
        if isinstance(child.tag, str) and child not in skip:
            if child.tag == "br":
                parts.append(" ")
            elif child.tag not in INVISIBLE_TAGS:
                parts.append(inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def clean_text(text: str | None) -> str:
    """Whitespace collapsed and trimmed (for selector values such as names and headlines)."""
    return _WHITESPACE.sub(" ", text or "").strip()


def texts(selector: Selector, root: etree._Element) -> list[str]:
    """The collapsed text of every match (elements or XPath strings), empty ones left out."""
    values = []
    for found in selector(root):
        text = clean_text(inline_text(found) if isinstance(found, etree._Element) else str(found))
        if text:
            values.append(text)
    return values


def name_case(name: str) -> str:
    """A name written in capitals ("JOHN O'NEIL-SMITH") in ordinary case; other names unchanged."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())


def unique(values: Iterable[str]) -> list[str]:
    """Values in order, duplicates (case-insensitive) removed."""
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


# --- structured data -------------------------------------------------------------------------

_JSONLD = xpath("//script[@type='application/ld+json']/text()")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text.strip().rstrip(";")), strict=False)
    except ValueError:
        logger.debug("unreadable JSON-LD block skipped")
        return None


def jsonld_objects(root: etree._Element) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` and lists flattened, broken blocks skipped."""
    for text in _JSONLD(root):
        stack = [_load_json(text)]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                graph = node.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                yield node


def jsonld_types(node: dict[str, Any]) -> list[str]:
    """The ``@type`` values of a JSON-LD object."""
    kind = node.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def jsonld_article(root: etree._Element) -> dict[str, Any]:
    """The page's article object (``NewsArticle``, ``ReportageNewsArticle``, ``LiveBlogPosting`` ...)."""
    for node in jsonld_objects(root):
        if any(k.endswith(("Article", "BlogPosting")) for k in jsonld_types(node)):
            return node
    return {}


def ld_str(value: Any) -> str | None:
    """A JSON-LD value as a string (first of a list, ``name``/``@value`` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person list (strings, objects with ``name``, lists of either)."""
    if isinstance(value, str):
        return [clean_text(value)] if value.strip() else []
    if isinstance(value, dict):
        return ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item)]
    return []


_ORGANISATION_TYPES = ("Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand")


def ld_people(value: Any) -> list[str]:
    """Names of the people in a JSON-LD ``author`` value (organisations left out)."""
    items = value if isinstance(value, list) else [value]
    people = [
        i for i in items if not (isinstance(i, dict) and set(jsonld_types(i)) & set(_ORGANISATION_TYPES))
    ]
    return ld_names(people)


def ld_keywords(value: Any) -> list[str]:
    """JSON-LD ``keywords``: a list, or one comma-separated string."""
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    if isinstance(value, list):
        return [clean_text(k) for k in value if isinstance(k, str) and k.strip()]
    return []


_META = xpath("//meta[@property=$name or @name=$name or @itemprop=$name]/@content")


def meta(root: etree._Element, *names: str) -> str | None:
    """The first non-empty ``content`` of a meta tag with one of these names (in order)."""
    for name in names:
        for content in _META(root, name=name):
            if content.strip():
                return clean_text(content)
    return None


def meta_all(root: etree._Element, name: str) -> list[str]:
    """Every non-empty ``content`` of the meta tags with this name (``article:tag`` ...)."""
    return [clean_text(c) for c in _META(root, name=name) if c.strip()]


# --- blocks ----------------------------------------------------------------------------------

PhraseRules = tuple[tuple[re.Pattern[str], str], ...]


def compile_phrases(rules: Iterable[tuple[str, str]]) -> PhraseRules:
    """``(regex, reason)`` pairs compiled once, case-insensitive."""
    return tuple((re.compile(pattern, re.I), reason) for pattern, reason in rules)


def phrase_reason(text: str, rules: PhraseRules) -> str | None:
    """The reason of the first phrase rule matching a block's collapsed text, or None."""
    text = clean_text(text)
    for pattern, reason in rules:
        if pattern.search(text):
            return reason
    return None


def _matches(selectors: Iterable[Selector], root: etree._Element) -> set[etree._Element]:
    return {el for selector in selectors for el in selector(root) if isinstance(el, etree._Element)}


class _Walker:
    """Turns an article area into blocks: one per paragraph-like element, loose text as "other"."""

    def __init__(
        self,
        skip: set[etree._Element],
        flags: dict[etree._Element, str],
        captions: set[etree._Element],
    ) -> None:
        self.skip, self.flags, self.captions = skip, flags, captions
        self.blocks: list[Block] = []

    def _holds_blocks(self, el: etree._Element) -> bool:
        return any(
            isinstance(d.tag, str) and (d.tag in BLOCK_KINDS or d.tag not in INLINE_TAGS)
            and d.tag not in INVISIBLE_TAGS
            for d in el.iterdescendants()
        )  # fmt: skip

    def _emit(self, text: str, kind: str, reason: str | None) -> None:
        if text.strip():
            self.blocks.append(Block(text, kind, reason))

    def walk(self, el: etree._Element, reason: str | None, kind: str | None) -> None:
        """Blocks of a container element; ``kind`` overrides the kind of loose text and children."""
        run: list[str] = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str) or child in self.skip or child.tag in INVISIBLE_TAGS:
                run.append(child.tail or "")
                continue
            child_reason = self.flags.get(child, reason)
            if child in self.captions:
                self._emit("".join(run), kind or "other", reason)
                run = []
                self._emit(inline_text(child, self.skip), "caption", child_reason)
            elif child.tag in INLINE_TAGS and child not in self.flags and not self._holds_blocks(child):
                run.append(inline_text(child, self.skip) if child.tag != "br" else " ")
            else:
                self._emit("".join(run), kind or "other", reason)
                run = []
                self.block(child, child_reason, kind)
            run.append(child.tail or "")
        self._emit("".join(run), kind or "other", reason)

    def block(self, el: etree._Element, reason: str | None, kind: str | None) -> None:
        """One element: a paragraph-like block, a nesting block, or a container to walk."""
        own = BLOCK_KINDS.get(el.tag)
        if own == "caption":
            self._emit(inline_text(el, self.skip), "caption", reason)
        elif own is not None and (el.tag not in _NESTING_BLOCKS or not self._holds_blocks(el)):
            self._emit(inline_text(el, self.skip), kind if kind and own == "p" else own, reason)
        elif own is not None:
            self.walk(el, reason, own)
        else:
            # Any text of a figure (credits, media titles) belongs to its caption, not the story.
            self.walk(el, reason, "caption" if el.tag == "figure" else kind)


@dataclass
class Marks:
    """What a parser's rules select in one article area, found once and shared by blocks and images."""

    skip: set[etree._Element] = field(default_factory=set)
    flags: dict[etree._Element, str] = field(default_factory=dict)
    captions: set[etree._Element] = field(default_factory=set)


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


def collect_blocks(
    container: etree._Element,
    *,
    skip: Iterable[Selector] = (),
    flags: Iterable[tuple[Selector, str]] = (),
    captions: Iterable[Selector] = (),
    phrases: PhraseRules = (),
    marks: Marks | None = None,
) -> list[Block]:
    """Every visible text block of ``container`` in reading order.

    ``skip`` selects invisible subtrees (left out); ``flags`` marks subtrees as boilerplate with a
    reason (the innermost flagged ancestor wins; earlier rules win on the same element);
    ``captions`` selects extra caption elements (figcaptions always are); ``phrases`` flags
    remaining story blocks by their words. ``marks`` (from `mark`) replaces the three selector
    arguments when the caller already evaluated them.
    """
    if marks is None:
        marks = mark(container, skip=skip, flags=flags, captions=captions)
    walker = _Walker(marks.skip, marks.flags, marks.captions)
    walker.block(container, marks.flags.get(container), None)
    for block in walker.blocks:
        if block.boilerplate is None and block.kind != "caption":
            block.boilerplate = phrase_reason(block.text, phrases)
    return walker.blocks


def in_any(el: etree._Element, elements: Collection[etree._Element]) -> bool:
    """Whether ``el`` is one of ``elements`` or inside one of them."""
    return el in elements or any(a in elements for a in el.iterancestors())


def split_credit(caption: str, pattern: re.Pattern[str]) -> tuple[str, str | None]:
    """Split a credit written into the caption text off with the site's pattern (group ``credit``).

    ``"Crowds in Baymak (Picture: AFP)"`` with `PICTURE_CREDIT` -> ``("Crowds in Baymak", "AFP")``.
    """
    caption = clean_text(caption)
    match = pattern.search(caption)
    if not match:
        return caption, None
    return caption[: match.start()].strip(), clean_text(match.group("credit")) or None


def image_url(img: etree._Element | None, base: str) -> str | None:
    """An image's address: lazy-loading attributes first, then ``src``; absolute."""
    if img is None:
        return None
    for attr in ("data-src", "data-original", "data-lazy-src", "src"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return urljoin(base, value)
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    if srcset:
        return urljoin(base, srcset.split(",")[-1].split()[0])
    return None


def figure_images(
    figures: list[etree._Element],
    base: str,
    *,
    caption: Selector,
    credit: Selector | None = None,
    exclude: Collection[etree._Element] = (),
    hidden: Collection[etree._Element] = (),
    credit_pattern: re.Pattern[str] | None = None,
) -> list[Image]:
    """Editorial images of ``figures`` (those outside ``exclude``) with caption and credit.

    ``hidden`` elements (visually hidden labels such as "Image caption,") are left out of the texts.
    ``credit`` selects a separate credit element inside the figure; ``credit_pattern`` splits a
    credit written into the caption text (see `split_credit`) when there is no such element.
    """
    images: list[Image] = []
    img_selector = _IMG
    hidden_set = set(hidden)
    for fig in figures:
        if in_any(fig, exclude):
            continue
        url = image_url(first(img_selector, fig), base)
        if not url:
            continue
        cap_el = first(caption, fig)
        credit_el = first(credit, fig) if credit is not None else None
        credit_text = clean_text(inline_text(credit_el, hidden_set)) if credit_el is not None else None
        if cap_el is not None:
            skip = hidden_set | ({credit_el} if credit_el is not None else set())
            cap_text = clean_text(inline_text(cap_el, skip))
        else:
            cap_text = ""
        if credit_pattern is not None and not credit_text:
            cap_text, credit_text = split_credit(cap_text, credit_pattern)
        images.append(Image(url=url, caption=cap_text or None, credit=credit_text or None))
    return images


_IMG = xpath(".//img")
