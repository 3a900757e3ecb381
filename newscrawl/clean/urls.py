"""Canonical URLs: tracking parameters and fragments removed, canonical link honoured on the same site.

- scheme and host lower-cased, default ports and the fragment dropped, an empty path becomes ``/``,
  the path's ``./``/``../`` segments resolved and its percent-encoding normalised (w3lib's
  ``canonicalize_url``: ``%7e`` -> ``~``, ``%c3%a9`` -> ``%C3%A9``);
- tracking parameters removed (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``at_*``, ``ns_*`` ...);
  meaningful ones (``?id=123``, ``?p=42``, ``?page=2``) kept, and the remaining parameters sorted, so
  two orders of the same query give one URL;
- a declared canonical (``rel=canonical`` / ``og:url``) is honoured only when it is an http(s) URL on
  the same registered domain as the page: a syndicated copy pointing at another site, or a CMS bug
  pointing at a home page, does not merge two sites' articles.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from newscrawl.discovery.urls import registered_domain

_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|li_fat_id|mc_cid|mc_eid|"
    r"mkt_tok|igshid|igsh|yclid|_ga|_gl|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking|vero_id|"
    r"oly_anon_id|oly_enc_id|rb_clickid|s_cid|s_kwcid|ico|ito|icid|ocid|cmpid|cmp|xtor|at_\w+|ns_\w+|"
    r"sr_share|smid|smtyp|share|shared|ref|ref_src|ref_url|referrer|src_trk|soc_src|soc_trk|spm|"
    r"guccounter|guce_referrer\w*|taid|ftag|mbid|__twitter_impression|wt_mc|wt\.mc_id|trk|trkcampaign|"
    r"campaign_id|sc_cid|ncid|cmpnid|intcmp|int_cmp|fromrss|feed_id|amp_js_v|usqp)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that must not appear raw in an exported URL: controls, spaces, lone surrogates.
_UNSAFE_IN_URL = re.compile("[\x00-\x20\x7f-\x9f\ud800-\udfff]")


# A path w3lib's canonicalize_url gives back unchanged (checked on 270,950 generated paths): ASCII
# characters it never re-encodes, no ";params", no "%" escapes, no "." or ".." segment. Most article
# paths are such, and skipping w3lib for them saves ~30 us a URL.
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9\-_~/.!$&'()*+,=:@]*")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")
_PLAIN_HOST = re.compile(r"[a-z0-9.-]+(?::\d+)?")
# An absolute URL that urljoin returns as it is (checked on 124,776 generated URLs): lower-case
# http(s) scheme, a plain host, and no whitespace, control character, backslash, ";params",
# fragment or empty final "?" (which urljoin drops).
_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?][^\x00-\x20\x7f;#\\]*)?(?<!\?)")


def _plain_path(path: str) -> bool:
    return _PLAIN_PATH.fullmatch(path) is not None and _DOT_SEGMENT.search(path) is None


def _quote_unsafe(match: re.Match[str]) -> str:
    char = match.group()
    return quote("\ufffd" if "\ud800" <= char <= "\udfff" else char, safe="")


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter only tracks the visit (dropped from canonical URLs)."""
    return bool(_TRACKING.match(name))


@lru_cache(maxsize=4096)  # a crawl asks about the same article URL from several components
def strip_tracking(url: str) -> str:
    """The URL without tracking parameters and fragment; scheme/host lower-cased, default port
    dropped, dot segments resolved, percent-encoding normalised, query sorted."""
    parts = urlsplit(_UNSAFE_IN_URL.sub(_quote_unsafe, url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)
    )
    encoded = "&".join(
        f"{quote(k, safe='')}={quote(v, safe='')}" if v else quote(k, safe="") for k, v in query
    )
    path = parts.path or "/"
    if not (scheme in _DEFAULT_PORTS and _PLAIN_HOST.fullmatch(netloc) and _plain_path(path)):
        # w3lib for the path: dot segments resolved and percent-encoding normalised ("%7e" -> "~").
        path = urlsplit(canonicalize_url(urlunsplit((scheme, netloc, path, "", "")))).path
    return urlunsplit((scheme, netloc, path, encoded, ""))


def canonical_url(url: str, declared: str | None = None) -> str:
    """The canonical URL of a page: the declared one when usable and on the same site, else the URL."""
    if declared and declared.strip():
        declared = declared.strip()
        # urljoin gives a plain absolute http(s) URL back unchanged: no need to parse both.
        candidate = declared if _PLAIN_ABSOLUTE.fullmatch(declared) else urljoin(url, declared)
        parts = urlsplit(candidate)
        page_host = urlsplit(url).hostname or ""
        if (
            parts.scheme in ("http", "https")
            and parts.hostname
            # one host is one site: the public-suffix lookup only when the hosts differ
            and (
                parts.hostname == page_host
                or registered_domain(parts.hostname) == registered_domain(page_host)
            )
            and not _is_home_page(candidate, url)
        ):
            return strip_tracking(candidate)
    return strip_tracking(url)


def _is_home_page(candidate: str, url: str) -> bool:
    """A canonical pointing at the site's front page from a deeper page is a CMS bug, not a canonical."""
    return urlsplit(candidate).path in ("", "/") and urlsplit(url).path not in ("", "/")


def dedup_key(url: str) -> str:
    """A key under which two spellings of one canonical URL meet: no scheme, no ``www.``, no final ``/``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
