"""A generic article-URL classifier: does a link look like a news article on the same site?"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DATE_IN_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/|-)|/(19|20)\d{2}-\d{2}-\d{2}")
_IP_ADDRESS = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_ID_IN_PATH = re.compile(r"\d{5,}")
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|topic|topics|author|authors|category|categories|search|login|signin|register|subscribe|"
    r"account|newsletter|newsletters|about|contact|privacy|terms|cookies|feed|rss|video|videos|gallery|"
    r"galleries|live-tv|podcasts?|page/\d+)(/|$)|\.(jpg|jpeg|png|gif|webp|svg|pdf|zip|mp3|mp4|xml|json|css|js)$",
    re.I,
)


def registered_domain(host: str) -> str:
    """A cheap 'same site' key: the last two labels (three for two-letter second levels like co.uk)."""
    host = host.lower().rstrip(".")
    if _IP_ADDRESS.match(host) or ":" in host:
        return host  # an IP address is its own site
    labels = host.split(".")
    if (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2] in {"co", "com", "org", "net", "ac", "gov", "ne", "or"}
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url: str, other: str) -> bool:
    """True when both URLs belong to the same registered domain."""
    a, b = urlsplit(url).hostname or "", urlsplit(other).hostname or ""
    return bool(a) and registered_domain(a) == registered_domain(b)


def looks_like_article_url(url: str, patterns: tuple[re.Pattern[str], ...] = ()) -> bool:
    """Whether a URL looks like an article page: a profile pattern, or a date/id and a long slug."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path
    if patterns:
        return any(p.search(path) for p in patterns)
    if _NOT_ARTICLE.search(path):
        return False
    last = [seg for seg in path.split("/") if seg]
    slug = last[-1] if last else ""
    long_slug = slug.count("-") >= 3 or len(slug) >= 30
    return bool(_DATE_IN_PATH.search(path) or _ID_IN_PATH.search(slug)) and (
        long_slug or bool(_ID_IN_PATH.search(slug))
    )


_UTILITY = re.compile(
    r"^/(about|contact|privacy|terms|cookies|login|signin|sign-in|register|subscribe|account|search|"
    r"newsletters?|help|advertise|jobs|careers|shop)(/|$)",
    re.I,
)


def looks_like_section_url(url: str) -> bool:
    """Whether a URL looks like a section front worth reading for links (``/sport/``, ``/news/uk/``)."""
    parts = urlsplit(url)
    path = parts.path
    segments = [seg for seg in path.split("/") if seg]
    if not segments or len(segments) > 2 or parts.query:
        return False
    if _UTILITY.search(path) or _NOT_ARTICLE.search(path):
        return False
    return all(seg.replace("-", "").isalpha() for seg in segments)
