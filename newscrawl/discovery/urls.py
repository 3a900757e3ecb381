"""What a URL's shape says about the page behind it: an article, clearly not one, or unknown.

News sites name their articles in many ways — a date (``/2024/06/01/us/politics/budget.html``), a
numeric id (``/news/11862251/russia-missile-attack/``, ``/politik/article410390514/words.html``), an
opaque id (``/news/articles/c4ng9e5lw2zo``, ``/articles/AST1F4445T1FUTIL02SM.html``), a headline
slug with no date or id (``/some-long-headline-slug/``), an id in the query
(``news_view.html?idx=8576``). Each of those is a verdict ``article``. A short explicit deny list
(tag, author, topic and category pages, search, accounts, legal and contact pages, feeds, media
files, pagination, the home page) gives ``not_article``. Everything else is ``unknown``: the crawl
may fetch it within a budget and let the page check decide (see `newscrawl.discovery.templates` for
what the crawl learns from those answers).

Same site is decided on the registered domain from the Public Suffix List (``tldextract`` with its
bundled snapshot, never the network), private suffixes included (two ``*.blogspot.com`` blogs are
two sites).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

import tldextract

ARTICLE, NOT_ARTICLE, UNKNOWN = "article", "not_article", "unknown"

# --- same site ------------------------------------------------------------------------------------

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
_IP_ADDRESS = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


@lru_cache(maxsize=4096)
def registered_domain(host: str) -> str:
    """The site a host belongs to: its registered domain (``www.bbc.co.uk`` -> ``bbc.co.uk``).

    An IP address or a one-label name (``localhost``) is its own site; under a top-level name the list
    does not know (``.test``, ``.example``, an intranet's ``.corp``) the last two labels are the site,
    so ``archive.news.test`` and ``news.test`` are one site.
    """
    host = host.lower().rstrip(".")
    if not host or _IP_ADDRESS.match(host) or ":" in host:
        return host
    parts = _EXTRACT(host)
    if not parts.suffix:
        return ".".join(host.split(".")[-2:])
    if not parts.domain:
        return host
    return f"{parts.domain}.{parts.suffix}"


def same_site(url: str, other: str) -> bool:
    """True when both URLs belong to the same registered domain."""
    try:
        a, b = urlsplit(url).hostname or "", urlsplit(other).hostname or ""
    except ValueError:
        return False
    return bool(a) and registered_domain(a) == registered_domain(b)


# --- verdicts -------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word table written as whitespace-separated text."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class UrlVerdict:
    """``verdict`` (article, not_article, unknown) and the shape that decided it."""

    verdict: str
    reason: str


# Path segments that name a page of many articles or of no article, in the languages of the corpora.
_DENY_SEGMENTS = _words(
    """
    tag tags tagged topic topics thema themen author authors autor autoren auteur autore autores
    category categories kategorie kategorien categoria categorias categorie rubrik rubriken label
    labels search suche recherche buscar busca ricerca login logout signin sign-in signup sign-up
    register registrierung account konto profile subscribe subscription abo abonnement newsletter
    newsletters about about-us impressum imprint contact contact-us kontakt privacy privacy-policy
    datenschutz datenschutzerklaerung terms terms-of-use terms-and-conditions agb nutzungsbedingungen
    cookies cookie-policy feed feeds rss atom page seite pagina wp-login.php wp-admin cart checkout
    warenkorb sitemap sitemaps print wprm_print email journalist journalists tudo-sobre hashtag
    hashtags ucp
    """
)
# First labels of hosts that serve no articles (``subscribe.site.com``, ``login.site.com``).
_DENY_HOST_LABELS = _words(
    """
    subscribe login account accounts auth abo shop store jobs careers
    """
)
# Words of utility pages that sites give slugs ("politica-de-privacidad-y-condiciones-de-uso",
# "impressum-8790752.html"): a slug of up to `MAX_LEGAL_SLUG_WORDS` words holding a legal word, or
# of up to `MAX_UTILITY_SLUG_WORDS` holding a word that stories also use ("privacy"), is no article.
_LEGAL_WORDS = _words(
    """
    datenschutzerklaerung impressum imprint disclaimer terminos termos condiciones condicoes
    nutzungsbedingungen agb mediadaten confidentialite privacidad privacidade
    """
)
_UTILITY_WORDS = _words(
    """
    privacy datenschutz terms faq faqs newsletter newsletters abo abonnement e-paper epaper cookies cookie
    """
)
MAX_LEGAL_SLUG_WORDS = 8
MAX_UTILITY_SLUG_WORDS = 4
# Parent segments under which even a short slug is an article ("/articles/performant-python").
_ARTICLE_PARENTS = _words(
    """
    article articles artikel story stories post posts beitrag beitraege noticia nota notas blog
    """
)
_MEDIA = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|ico|pdf|zip|gz|mp3|mp4|m4a|webm|mov|avi|xml|json|css|js|txt|"
    r"docx?|xlsx?|pptx?|epub)$",
    re.I,
)
_PAGINATION = re.compile(r"^(?:page|seite|pagina)[-_]\d+$")
_DATE = re.compile(
    r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/(?:(?:0?[1-9]|[12]\d|3[01])/)?"  # /2024/06/ or /2024/06/01/
    r"|(?<![\d])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d])"  # 2024-06-01
    r"|(?<![\d])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\d])"  # 20240601
)
# A path that ends in a date with nothing after it: an archive of the day, month or year.
_DATE_AT_END = re.compile(r"/(?:19|20)\d{2}(?:/\d{1,2}){0,2}/?$")
_LONG_NUMBER = re.compile(r"\d{5,}")
_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|ece|cfm)$", re.I)
_WORD = re.compile(r"[^\W\d_]+")
# Query keys that carry an article's id (``?p=123``, ``?idx=8576``, ``?articleId=...``).
_ID_KEYS = re.compile(
    r"^(?:p|id|idx|aid|nid|sid|no|num|seq|seq_code|newsid|news_id|articleid|article_id|article|"
    r"story|storyid|story_id|itemid|item_id|contentid|content_id|postid|post_id|docid|t|tt_news)$|"
    r"\[tt_news\]$",
    re.I,
)
# A last segment of this many words is a headline; three words are as often a menu entry.
MIN_SLUG_WORDS = 4
MIN_OPAQUE_ID_CHARS = 7


def segments_of(path: str) -> list[str]:
    """The path's non-empty segments, percent-decoded."""
    return [unquote(s) for s in path.split("/") if s]


def _slug_parts(segment: str) -> list[str]:
    return [p for p in re.split(r"[-_+.,]", _EXTENSION.sub("", segment)) if p]


def slug_words(segment: str) -> int:
    """How many words (parts with a letter) a slug holds (``why-the-rain-came`` -> 4); 0 for one word."""
    parts = _slug_parts(segment)
    return sum(1 for p in parts if _WORD.search(p)) if len(parts) > 1 else 0


def _is_utility_slug(segment: str) -> bool:
    parts = [p.lower() for p in _slug_parts(segment)]
    if len(parts) <= MAX_LEGAL_SLUG_WORDS and not _LEGAL_WORDS.isdisjoint(parts):
        return True
    return len(parts) <= MAX_UTILITY_SLUG_WORDS and not _UTILITY_WORDS.isdisjoint(parts)


_LETTER_DIGIT_SWITCH = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def is_opaque_id(segment: str) -> bool:
    """A token such as ``c4ng9e5lw2zo``, ``AST1F4445T1FUTIL02SM`` or ``B2LA2G3`` (letters and digits
    interleaved), or mixed-case letters after a separator (``words,VGqtssT``, ``ar-BBWXwNX``).

    A word with a number at its end (``thema18``, ``arc2018``) is not one.
    """
    token = re.split(r"[,.\-_~]", _EXTENSION.sub("", segment))[-1]
    if len(token) < MIN_OPAQUE_ID_CHARS or not token.isalnum():
        return False
    digits = sum(c.isdigit() for c in token)
    if digits >= 2 and len(_LETTER_DIGIT_SWITCH.findall(token)) >= 3:
        return True
    return digits == 0 and token != segment and not (token.islower() or token.isupper() or token.istitle())


def _query_id(query: str) -> bool:
    return any(
        _ID_KEYS.search(key) and re.fullmatch(r"[A-Za-z]*\d{2,}[\w-]*", value or "")
        for key, value in parse_qsl(query, keep_blank_values=True)
    )


def _after_deny_word(rest: list[str]) -> str:
    """What follows a deny word: ``listing`` (``/tag/x``, nothing), ``unclear`` (``/topics/<id>/name``,
    ``/autores/237906-melisa-molina``) or ``content`` (an article filed under the word).

    Sites file articles under such words too (``/autoren/jane-doe/a-long-headline-of-her-article``,
    ``/thema/vw-chef-warnt-vor-tesla/497533355``): a date, a headline slug or three more segments make
    it content; two segments, or one with a long number, are left for the page to tell.
    """
    joined = "/" + "/".join(rest) + "/"
    if len(rest) > 2 or _DATE.search(joined) or any(slug_words(s) >= MIN_SLUG_WORDS for s in rest):
        return "content"
    if len(rest) == 2 or _LONG_NUMBER.search(joined):
        return "unclear"
    return "listing"


def _deny_word(segments: list[str]) -> tuple[str, str] | None:
    """The first deny word of the path with what follows it (see `_after_deny_word`), or None."""
    for i, segment in enumerate(segments):
        word = _EXTENSION.sub("", segment.lower())
        if word in _DENY_SEGMENTS:
            after = _after_deny_word(segments[i + 1 :])
            if after != "content":
                return word.replace("-", "_").split(".")[0], after
    return None


def deny_reason(url: str) -> str | None:
    """Why a URL is clearly not an article page (``tag``, ``media``, ``home`` ...), or None.

    This is the short list that even a site's own sitemap or feed cannot override.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "invalid"
    if parts.scheme not in ("http", "https"):
        return "scheme"
    host = (parts.hostname or "").split(".")
    if len(host) > 2 and host[0] in _DENY_HOST_LABELS:
        return host[0]
    path = parts.path or "/"
    if _MEDIA.search(path):
        return "media"
    segments = segments_of(path)
    if not segments:
        return None if _query_id(parts.query) else "home"
    denied = _deny_word(segments)
    if denied is not None and denied[1] == "listing":
        return denied[0]
    if _PAGINATION.match(segments[-1].lower()):
        return "pagination"
    if _is_utility_slug(segments[-1]):
        return "utility"
    if _DATE_AT_END.search(path) and not any(slug_words(s) >= MIN_SLUG_WORDS for s in segments):
        return "date_archive"
    return None


@lru_cache(maxsize=16384)
def classify_url(url: str) -> UrlVerdict:
    """The verdict a URL's shape gives, with the reason (see the module docstring)."""
    denied = deny_reason(url)
    if denied is not None:
        return UrlVerdict(NOT_ARTICLE, denied)
    parts = urlsplit(url)
    path = parts.path or "/"
    segments = segments_of(path)
    denied = _deny_word(segments)
    if denied is not None:  # under a deny word, only the page can tell ("unclear")
        return UrlVerdict(UNKNOWN, denied[0])
    if _DATE.search(path if path.endswith("/") else path + "/") and segments:
        return UrlVerdict(ARTICLE, "date")
    if any(_LONG_NUMBER.search(s) for s in segments):
        return UrlVerdict(ARTICLE, "number")
    if any(is_opaque_id(s) for s in segments):
        return UrlVerdict(ARTICLE, "id")
    if segments and slug_words(segments[-1]) >= MIN_SLUG_WORDS:
        return UrlVerdict(ARTICLE, "slug")
    if len(segments) > 1 and segments[-2].lower() in _ARTICLE_PARENTS and slug_words(segments[-1]) >= 2:
        return UrlVerdict(ARTICLE, "article_parent")
    if _query_id(parts.query):
        return UrlVerdict(ARTICLE, "query_id")
    return UrlVerdict(UNKNOWN, "shape")


_SECTION_SEGMENT = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")
MAX_SECTION_DEPTH = 2


def looks_like_section(url: str) -> bool:
    """Whether a URL looks like a section front worth reading for links (``/sport/``, ``/news/uk/``):
    one or two segments of words, no query, nothing the deny list names."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    segments = segments_of(parts.path)
    if not segments or len(segments) > MAX_SECTION_DEPTH or parts.query:
        return False
    if deny_reason(url) is not None:
        return False
    return all(_SECTION_SEGMENT.match(segment) and slug_words(segment) < 3 for segment in segments)


def is_section_front(url: str) -> bool:
    """A section front for sure: section-like (`looks_like_section`) with single-word segments only
    (``/sport/``, ``/news/world``; not ``/yoga/energy-rising``, which may be either)."""
    return looks_like_section(url) and "-" not in urlsplit(url).path


def profile_verdict(url: str, patterns: tuple[re.Pattern[str], ...]) -> UrlVerdict:
    """A site profile's verdict: its article URL patterns (searched in the path) decide."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return UrlVerdict(NOT_ARTICLE, "invalid")
    if any(pattern.search(path) for pattern in patterns):
        return UrlVerdict(ARTICLE, "profile")
    return UrlVerdict(NOT_ARTICLE, "profile")
