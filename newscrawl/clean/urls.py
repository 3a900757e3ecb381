"""Canonical URLs: tracking parameters and fragments removed, canonical link honoured."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ico|cmpid|ocid|ref|ref_src|_ga|yclid|"
    r"s_cid|at_medium|at_campaign|share|smid|sr_share)$",
    re.I,
)
# Characters that must not appear raw in an exported URL: controls, spaces, lone surrogates.
_UNSAFE_IN_URL = re.compile("[\x00-\x20\x7f-\x9f\ud800-\udfff]")


def _quote_unsafe(match: re.Match[str]) -> str:
    char = match.group()
    return quote("\ufffd" if "\ud800" <= char <= "\udfff" else char, safe="")


def strip_tracking(url: str) -> str:
    """The URL without tracking query parameters and without its fragment; host lower-cased."""
    parts = urlsplit(_UNSAFE_IN_URL.sub(_quote_unsafe, url.strip()))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def canonical_url(url: str, declared: str | None = None) -> str:
    """The canonical URL of a page: the declared one (rel=canonical / og:url) when it is usable."""
    if declared:
        candidate = urljoin(url, declared.strip())
        if urlsplit(candidate).scheme in ("http", "https") and urlsplit(candidate).netloc:
            return strip_tracking(candidate)
    return strip_tracking(url)
