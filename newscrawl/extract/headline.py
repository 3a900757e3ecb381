"""The headline: the best candidate, without the " | Site name" decoration around it.

Titles carry the site's name (``Headline | The Site``, ``Site - Headline``, ``見出し：新聞``) and
sometimes the section (``Headline - Politics - Site``). A segment is removed only when it is
recognised: it names the site (og:site_name, publisher, application name, the domain) or it is the
page's section, or the rest equals the page's ``<h1>``. A dash inside a headline stays.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract.page_areas import outside_article
from newscrawl.extract.text import element_text, unescape_and_collapse

logger = logging.getLogger(__name__)

_SEPARATOR = re.compile(r"(\s+(?:[|\-–—·•/»«~:]|::)\s+|\s*[|｜_－–—：]\s*|\s+-\s*|\s*-\s+)")
_COLON = re.compile(r"\s*：\s*|\s+:\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
# A separator left dangling at the end ("Headline -" when the site put an empty name after it).
_DANGLING = re.compile(r"\s+[|\-–—·•/]+\s*$")
_H1 = etree.XPath("//h1")
_OUTSIDE_CLASS = re.compile(r"logo|brand|masthead|site-?title|site-?name", re.I)
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "ne", "or", "go", "gv", "edu"}
# Common host labels that do not name the site.
_HOST_NOISE = {"www", "m", "amp", "mobile", "news", "com", "co", "org", "net", "uk", "de", "fr", "es"}


def name_key(text: str) -> str:
    """Case-folded letters and digits only: ``"Metro.co.uk"`` -> ``"metrocouk"``."""
    return _NOT_WORD.sub("", text.casefold())


class SiteKeys(set):
    """Comparison keys of the site's names and domain labels; ``declared`` holds the names alone."""

    declared: frozenset[str] = frozenset()


def site_keys(names: Iterable[str | None], url: str) -> SiteKeys:
    """Comparison keys for every way the page names its site, plus its domain labels."""
    keys = {name_key(n) for n in names if n}
    declared = frozenset(k for k in keys if len(k) >= 2)
    host = urlsplit(url).hostname or ""
    if host and not re.fullmatch(r"[\d.]+|localhost", host):
        labels = [label for label in host.split(".") if label not in _HOST_NOISE]
        keys.update(name_key(label) for label in labels)
        keys.add(name_key(host.removeprefix("www.")))
        parts = host.split(".")
        # The registered domain: "cctv.com" of news.cctv.com, "bbc.co.uk" of www.bbc.co.uk.
        size = 3 if len(parts) > 2 and parts[-2] in _SECOND_LEVEL else 2
        keys.add(name_key(".".join(parts[-size:])))
    result = SiteKeys(k for k in keys if len(k) >= 2)
    result.declared = declared
    return result


def is_site_name(segment: str, keys: set[str], *, whole: bool = False) -> bool:
    """Whether a title segment names the site (exactly, or as a prefix/suffix of a known name).

    With ``whole`` the segment must hold a complete known name ("BBC News" for "BBC", not
    "Example" for "Example News").
    """
    key = name_key(segment)
    if not key:
        return False
    for known in keys:
        if key == known:
            return True
        if whole and len(key) < len(known):
            continue
        short, long_ = sorted((key, known), key=len)
        min_len = 2 if not short.isascii() else 3
        # "Guardian" ~ "theguardian", "Metro.co.uk" ~ "metro", "BBC News" ~ "bbc"
        affix = long_.startswith(short) or long_.endswith(short)
        if len(short) >= min_len and affix and len(short) * 3 >= len(long_):
            return True
    return False


def is_part_of_site_name(text: str, keys: set[str]) -> bool:
    """Whether ``text`` is a known site name or a good part of one ("Vortex" of vortexcannon.org)."""
    key = name_key(text)
    return len(key) >= 3 and any(
        known.startswith(key) or known.endswith(key) for known in keys if len(key) * 3 >= len(known)
    )


def _long_enough(text: str) -> bool:
    if text.isascii():
        return len(text) >= 8 and " " in text
    return len(text) >= 4


def _split(title: str) -> tuple[list[str], list[str]]:
    parts = _SEPARATOR.split(title)
    return parts[0::2], parts[1::2]


def _join(segments: list[str], separators: list[str]) -> str:
    return "".join(seg + (separators[i] if i < len(separators) else "") for i, seg in enumerate(segments))


def strip_decoration(title: str, keys: set[str], section: str | None = None) -> str:
    """``title`` without a leading or trailing segment that names the site (or, after it, the section)."""
    title = unescape_and_collapse(title)
    segments, separators = _split(title)
    stripped = False
    for _ in range(2):
        if len(segments) < 2:
            break
        if is_site_name(segments[-1], keys) and _long_enough(_join(segments[:-1], separators[:-1]).strip()):
            segments, separators = segments[:-1], separators[:-1]
        elif (
            is_site_name(segments[0], getattr(keys, "declared", keys), whole=True)
            and not _COLON.fullmatch(separators[0])
            and _long_enough(_join(segments[1:], separators[1:]).strip())
        ):
            segments, separators = segments[1:], separators[1:]
        else:
            break
        stripped = True
    if stripped and section and len(segments) > 1 and name_key(segments[-1]) == name_key(section):
        segments, separators = segments[:-1], separators[:-1]
    return unescape_and_collapse(_join(segments, separators))


def strip_to_known(title: str, known: Iterable[str]) -> str | None:
    """The known headline when ``title`` is it plus a separator and anything (``H1 | Whatever``)."""
    title = unescape_and_collapse(title)
    for candidate in known:
        candidate = unescape_and_collapse(candidate)
        if not candidate or len(candidate) >= len(title) or not title.startswith(candidate):
            continue
        if _SEPARATOR.match(title, len(candidate)):
            return candidate
    return None


def _bigrams(key: str) -> set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)}


def related(a: str, b: str) -> bool:
    """Whether two texts are about the same thing: one contains the other or they share most bigrams."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka in kb or kb in ka:
        return True
    ba, bb = _bigrams(ka), _bigrams(kb)
    return len(ba & bb) * 2 >= min(len(ba), len(bb))


def visible_h1(
    root: etree._Element, keys: set[str], title: str | None = None, *, strict: bool = True
) -> str | None:
    """The page's main ``<h1>`` text: the first in the article area, not a logo or the site name.

    With the page's ``title`` (site name already removed), an ``<h1>`` that matches it is preferred
    (a section heading such as "Press releases" may come first), and when none matches, no ``<h1>``
    is trusted if ``strict`` (the title was decorated, so it is the page's own).
    """
    found: list[tuple[int, str]] = []
    for el in _H1(root):
        text = element_text(el)
        if not text or (is_site_name(text, keys) and len(name_key(text)) <= max(map(len, keys), default=0)):
            continue
        if outside_article(el) or _OUTSIDE_CLASS.search(el.get("class", "")):
            continue
        in_article = any(a.tag in ("article", "main") for a in el.iterancestors())
        found.append((0 if in_article else 1, text))
    if not found:
        return None
    if title:
        title_key = name_key(title)
        matching = [f for f in found if name_key(f[1]) and name_key(f[1]) in title_key]
        matching = matching or [f for f in found if related(f[1], title)]
        if not matching and strict:
            return None
        found = matching or found
    return min(found, key=lambda f: f[0])[1]


def choose_headline(
    candidates: Iterable[str | None],
    keys: set[str],
    *,
    section: str | None = None,
) -> str | None:
    """The first usable candidate (best source first), undecorated.

    A candidate that merely names the site is skipped; a truncated one (ending in an ellipsis) gives
    way to a later candidate that continues it. Candidates are read one by one: a lazy iterable
    costs only the sources up to the one chosen.
    """
    cleaned = (_DANGLING.sub("", unescape_and_collapse(c)) for c in candidates if c and c.strip())
    remaining = (c for c in cleaned if c)
    for text in remaining:
        undecorated = strip_decoration(text, keys, section)
        if is_site_name(undecorated, keys) and name_key(undecorated) in keys:
            continue
        if _ELLIPSIS.search(undecorated):
            prefix = _ELLIPSIS.sub("", undecorated).strip()
            for later in remaining:
                later = strip_decoration(later, keys, section)
                if later.startswith(prefix) and len(later) > len(prefix):
                    return later
        return undecorated
    return None
