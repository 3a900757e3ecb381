"""JSON-LD: tolerant loading of every ``ld+json`` script and finding the article node.

Pages ship broken JSON-LD often enough that strict parsing loses real metadata: trailing commas,
raw newlines and tabs inside strings, HTML comments or CDATA markers around the object, several
objects written one after the other. `load_jsonld` repairs those and returns every object found.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

logger = logging.getLogger(__name__)

_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_BAD_ESCAPE = re.compile(r"\\([^\"\\/bfnrtu])")
_WRAPPER_STARTS = ("//", "<!--", "<![CDATA[")
_WRAPPER_ENDS = ("-->", "]]>")
_SEPARATORS = " \t\r\n,;"
_DECODER = json.JSONDecoder(strict=False)

# Article types, best first; a type's rank is its position (lower is better).
ARTICLE_TYPES = (
    (
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
    ),
    ("Article", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle", "AdvertiserContentArticle"),
    ("BlogPosting", "SocialMediaPosting", "DiscussionForumPosting", "Review"),
    # Other creative works that fact-checkers and review sites publish as the page's piece: their
    # datePublished, author and headline are the page's (a ClaimReview's claim, with the claimant as
    # its author, is nested inside it and so never taken for the article).
    ("ClaimReview", "CriticReview", "MediaReview", "UserReview", "EmployerReview"),
)
PAGE_TYPES = ("WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "QAPage")
_RANK = {name: rank for rank, names in enumerate(ARTICLE_TYPES) for name in names}


def is_article_type(name: str) -> bool:
    """Whether a JSON-LD ``@type`` (without vocabulary prefix) is an article type: the one test the
    generic engine and the site parsers share (through `JsonLd.article`)."""
    return name in _RANK


def _strip_wrappers(text: str) -> str:
    text = text.strip()
    if not text.startswith(_WRAPPER_STARTS) and not text.endswith(_WRAPPER_ENDS):
        return text  # nothing to strip: skip the regex, which tries every position of a long text
    previous = None
    while previous != text:
        previous = text
        text = _WRAPPERS.sub("", text).strip()
    return text


def _decode_all(text: str) -> list[Any]:
    """Every JSON value in ``text``, one after the other (separated by space, commas or semicolons)."""
    found: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position] in _SEPARATORS:
            position += 1
        if position >= len(text):
            return found
        value, position = _DECODER.raw_decode(text, position)
        found.append(value)


# Real JSON-LD nests a few levels; a block deeper than this is garbage (or an attack on recursion).
MAX_DEPTH = 64


def _too_deep(value: Any) -> bool:
    """Whether ``value`` nests lists/objects deeper than `MAX_DEPTH` (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def parse_json_tolerant(text: str) -> list[Any]:
    """The JSON values of one script body, repairing common breakage; [] when beyond repair.

    A value nested deeper than `MAX_DEPTH` is left out (the decoder itself gives up around a
    thousand levels, and every reader of the values would recurse as deep).
    """
    text = _strip_wrappers(text)
    if not text:
        return []
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        for candidate in (attempt, _BAD_ESCAPE.sub(r"\1", attempt)):
            try:
                values = _decode_all(candidate)
            except (ValueError, RecursionError):
                continue
            kept = [value for value in values if not _too_deep(value)]
            if len(kept) < len(values):
                logger.debug("JSON-LD value nested deeper than %d levels left out", MAX_DEPTH)
            return kept
    logger.debug("unreadable JSON-LD (%d characters)", len(text))
    return []


def load_jsonld(root: etree._Element) -> list[Any]:
    """Every JSON-LD value of the page, in document order."""
    values: list[Any] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        values.extend(parse_json_tolerant(script.text or ""))
    return values


def type_names(node: dict[str, Any]) -> list[str]:
    """The node's ``@type`` values without vocabulary prefix (``schema:NewsArticle`` -> ``NewsArticle``)."""
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [re.split(r"[/:#]", k)[-1] for k in kinds if isinstance(k, str)]


def iter_nodes(value: Any) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every object inside ``value``, depth first (``@graph``, lists, ``mainEntity`` and other nesting).

    Each comes with a flag: True when it sits inside an ``ItemList`` or inside an article node (a
    teaser in a list, an update of a live blog), so it cannot be the page's own article.
    """
    stack: list[tuple[Any, bool]] = [(value, False)]
    seen: set[int] = set()
    while stack:
        item, nested = stack.pop()
        if isinstance(item, list):
            stack.extend((v, nested) for v in reversed(item))
        elif isinstance(item, dict) and id(item) not in seen:
            seen.add(id(item))
            yield item, nested
            kinds = type_names(item)
            inner = nested or any(is_article_type(k) or k == "ItemList" for k in kinds)
            children = [v for v in item.values() if isinstance(v, (dict, list))]
            stack.extend((v, inner) for v in reversed(children))


def _path(url: str | None) -> str:
    return urlsplit(url).path.rstrip("/") if url else ""


class JsonLd:
    """The page's JSON-LD objects with an ``@id`` index for resolving references."""

    def __init__(self, values: list[Any]) -> None:
        walked = [pair for value in values for pair in iter_nodes(value)]
        self.nodes = [node for node, _ in walked]
        self.nested = {id(node) for node, nested in walked if nested}
        self.by_id = {n["@id"]: n for n in self.nodes if isinstance(n.get("@id"), str) and len(n) > 1}

    @classmethod
    def from_tree(cls, root: etree._Element) -> JsonLd:
        return cls(load_jsonld(root))

    def resolve(self, value: Any) -> Any:
        """A ``{"@id": ...}`` reference replaced by the node it names (when the page has it)."""
        if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
            return self.by_id.get(value["@id"], value)
        return value

    def article(self, page_urls: tuple[str, ...] = ()) -> dict[str, Any] | None:
        """The node that describes this page's article, or None.

        Nodes inside lists or other articles never count. Better types win (``NewsArticle`` over
        ``Article`` over ``BlogPosting``), then a node whose URL is the page's, then one with a
        headline, then the fuller node. When several article nodes compete, one that names another
        page's URL is out.
        """
        wanted = {_path(u) for u in page_urls if _path(u)}
        exact = {u.rstrip("/") for u in page_urls if u}
        candidates = [
            (position, node)
            for position, node in enumerate(self.nodes)
            if id(node) not in self.nested and any(is_article_type(t) for t in type_names(node))
        ]
        best: tuple[tuple[int, ...], dict[str, Any]] | None = None
        for position, node in candidates:
            ranks = [_RANK[t] for t in type_names(node) if t in _RANK]
            named = {_node_url(self.resolve(node.get(k))) for k in ("url", "@id", "mainEntityOfPage")}
            urls = {_path(u) for u in named} - {""}
            matches = bool(wanted & urls)
            if urls and not matches and len(candidates) > 1:
                continue
            match_level = 0 if exact & {u.rstrip("/") for u in named if u} else 1 if matches else 2
            has_headline = bool(node.get("headline") or node.get("name"))
            # Among equals, the node with more properties (the fuller description) wins.
            score = (min(ranks), match_level, 0 if has_headline else 1, -len(node), position)
            if best is None or score < best[0]:
                best = (score, node)
        return best[1] if best else None

    def first_of_type(self, *names: str) -> dict[str, Any] | None:
        """The first node of one of the given types."""
        for node in self.nodes:
            if any(t in names for t in type_names(node)):
                return node
        return None


def _node_url(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("@id", "url"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


def text_values(value: Any) -> list[str]:
    """Plain strings of a JSON-LD value: strings, objects' ``name``, lists of those."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return text_values(value.get("name"))
    if isinstance(value, list):
        return [text for item in value for text in text_values(item)]
    return []


def first_text(value: Any) -> str | None:
    """The first plain string of a JSON-LD value."""
    found = text_values(value)
    return found[0].strip() if found else None
