"""Is a fetched page worth extracting? Binary files, empty pages, interstitials and soft-404s.

Sites answer ``200 OK`` with things that are not articles: a PDF or image behind a ``.html`` URL,
an empty body, an "enable cookies / JavaScript to continue" wall, a "page not found" page. These
pure functions look at the bytes and text of a page and name the problem, so a crawler can skip it
with a reason instead of extracting rubbish. No Scrapy imports.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree

__all__ = ["check_page", "has_article_markup", "sniff_binary", "visible_text"]

# File signatures (magic numbers) of common non-HTML files served by news sites.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
    (b"%!PS", "postscript"),
    (b"\xd0\xcf\x11\xe0", "ms-office"),
    (b"wOFF", "font"),
    (b"wOF2", "font"),
    (b"\x00\x00\x01\x00", "icon"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# The page is only looked at up to here: titles, walls and error messages are near the top.
_CHECK_CHARS = 256 * 1024
# Pages with this much visible text are real pages, whatever phrases they contain.
_SHORT_PAGE_CHARS = 2500
# A page titled "not found" is a soft-404 up to this much visible text (menus, teasers...).
_NOT_FOUND_PAGE_CHARS = 20000
# Interstitial walls link to little more than a privacy policy.
_WALL_MAX_LINKS = 15

_INTERSTITIAL = re.compile(
    r"\b(?:please\s+)?(?:enable|turn\s+on|activate|allow)\s+(?:your\s+)?(?:browser\s+)?"
    r"(?:cookies|javascript|js)\b"
    r"|\b(?:cookies|javascript)\s+(?:is|are|must\s+be)\s+(?:required|disabled|blocked|not\s+enabled|enabled)"
    r"|\bchecking\s+(?:your\s+browser|if\s+the\s+site\s+connection\s+is\s+secure)"
    r"|\bjust\s+a\s+moment\.\.\."
    r"|\bverify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human"
    r"|\bare\s+you\s+a\s+robot\b"
    r"|\battention\s+required\b",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(
    r"\b404\b|\bpage\s+not\s+found\b|\bnot\s+found\b"
    r"|\b(?:page|article|story|content)\b[^.]{0,60}\b(?:could\s+not|cannot|can't|can’t)\s+be\s+found"
    r"|\b(?:page|article|story)\s+(?:does\s+not|doesn't|doesn’t|no\s+longer)\s+(?:exist|available)"
    r"|\bno\s+longer\s+available\b"
    r"|seite\s+nicht\s+gefunden|página\s+no\s+encontrada|page\s+introuvable|pagina\s+non\s+trovata",
    re.IGNORECASE,
)
# Types that spare a page the wall and soft-404 checks. Not `newscrawl.extract.jsonld.is_article_type`:
# that list differs (it has LiveBlogPosting, ScholarlyArticle, Review, Report ...; this one has
# OpinionArticle, BlogArticle ... and no vocabulary prefixes), so using it would change which pages are
# skipped, and this package sits below extract/ and imports nothing of it.
_ARTICLE_TYPES = re.compile(r"^(?:News|Reportage|Analysis|Opinion|Review|Report|Blog)?(?:Article|Posting)$")
_SPACES = re.compile(r"\s+")
# The article declarations `_declares_article` finds in the tree, found in the source text instead:
# most pages are articles, and this spares them a second parse (the extractor parses them anyway).
_OG_ARTICLE = re.compile(r"""<meta\b[^>]*\bcontent\s*=\s*["']?article["'\s/>]""", re.IGNORECASE)
_LD_ARTICLE_TYPE = re.compile(
    r'"@type"\s*:\s*(?:\[\s*(?:"[^"]{0,40}"\s*,\s*)*)?'
    r'"(?:News|Reportage|Analysis|Opinion|Review|Report|Blog)?(?:Article|Posting)"'
)

_HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head")


def sniff_binary(body: bytes) -> str | None:
    """The kind of binary file ``body`` is (``"pdf"``, ``"png"``, ...), or None when it may be text."""
    head = body[:1024].lstrip(b"\t\n\r ")
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "webp"
    if head[4:8] == b"ftyp":
        return "video"
    if b"\x00" in head and not head.startswith(_TEXT_BOMS) and not _is_markup_with_stray_nuls(head):
        return "binary"
    return None


# A page that starts like markup and has at most this share of NUL bytes is text with stray NULs
# (a CMS bug), not a binary file.
MAX_STRAY_NUL_SHARE = 0.01
_MARKUP_START = re.compile(
    rb"^(?:<!--.*?-->\s*)*<(?:!doctype|html|head|\?xml|meta|body|div|script|link)", re.I | re.S
)


def _is_markup_with_stray_nuls(head: bytes) -> bool:
    return head.count(b"\x00") <= MAX_STRAY_NUL_SHARE * len(head) and _MARKUP_START.match(head) is not None


def _parse(text: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(text[:_CHECK_CHARS], parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _text_of(root: etree._Element) -> str:
    body = root.find("body")
    node = body if body is not None else root
    for bad in list(node.iter(*_INVISIBLE_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    return _SPACES.sub(" ", node.text_content()).strip()


def visible_text(html: str) -> str:
    """The page's visible text (scripts, styles and ``<noscript>`` removed), whitespace collapsed."""
    root = _parse(html)
    return _text_of(root) if root is not None else ""


def _json_ld_types(root: etree._Element) -> set[str]:
    types: set[str] = set()
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack and len(types) < 50:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node[:50])
            elif isinstance(node, dict):
                kind = node.get("@type")
                types.update(k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str))
                stack.extend(v for k, v in node.items() if k == "@graph")
    return types


def _declares_article(root: etree._Element) -> bool:
    if any(_ARTICLE_TYPES.match(kind) for kind in _json_ld_types(root)):
        return True
    return any(
        (m.get("property") or "").lower() == "og:type"
        and (m.get("content") or "").strip().lower() == "article"
        for m in root.iter("meta")
    )


def _declares_article_in_source(text: str) -> bool:
    """Whether the page's source declares an article: ``og:type`` = article in a ``<meta>`` tag, or an
    article ``@type`` inside a JSON-LD script (looked for in the first `_CHECK_CHARS` only)."""
    head = text[:_CHECK_CHARS]
    pos = head.find("og:type")
    while pos != -1:
        start = head.rfind("<", 0, pos)
        end = head.find(">", pos)
        if start != -1 and end != -1 and _OG_ARTICLE.match(head, start, end + 1):
            return True
        pos = head.find("og:type", pos + 7)
    for match in _LD_ARTICLE_TYPE.finditer(head):
        script = head.rfind("<script", 0, match.start())
        if (
            script != -1
            and head.rfind("</script", 0, match.start()) < script
            and "ld+json" in head[script : head.find(">", script)]
        ):
            return True
    return False


def has_article_markup(html: str) -> bool:
    """Whether the page declares itself an article (JSON-LD ``NewsArticle``..., ``og:type=article``)."""
    root = _parse(html)
    return root is not None and _declares_article(root)


def _headings(root: etree._Element) -> str:
    parts = [el.text_content() for el in root.iter("title", "h1")][:3]
    return _SPACES.sub(" ", " ".join(parts)).strip()


def check_page(body: bytes, text: str | None = None) -> str | None:
    """Why a ``200 OK`` page should not be extracted, or None when it looks like a real page.

    ``text`` is the decoded page (decoded from ``body`` as UTF-8 when not given). Reasons:
    ``"binary"`` (a file, not HTML), ``"empty"`` (nothing visible), ``"interstitial"`` (a short
    "enable cookies/JavaScript" or bot-check wall with few links), ``"soft_404"`` (a "page not
    found" title or heading, or a short page saying so).
    A page that declares itself an article is never an interstitial or a soft-404.
    """
    if sniff_binary(body):
        return "binary"
    if not body.strip():
        return "empty"
    if text is None:
        text = body.decode("utf-8", errors="replace")
    if _declares_article_in_source(text):
        return None
    root = _parse(text)
    if root is None:
        return "empty"
    headings = _headings(root)
    is_article = _declares_article(root)
    links = sum(1 for _ in root.iter("a"))
    shown = _text_of(root)
    if not shown and not is_article:
        return "empty"
    if is_article:
        return None
    # A "not found" title or main heading is a strong sign even under a full site navigation.
    if _NOT_FOUND.search(headings) and len(shown) < _NOT_FOUND_PAGE_CHARS:
        return "soft_404"
    if len(shown) >= _SHORT_PAGE_CHARS:
        return None
    # Walls are short pages with few links; a short front page with a "please enable
    # JavaScript" footer still links to its stories.
    if links < _WALL_MAX_LINKS and (_INTERSTITIAL.search(headings) or _INTERSTITIAL.search(shown)):
        return "interstitial"
    if _NOT_FOUND.search(shown[:500]):
        return "soft_404"
    return None
