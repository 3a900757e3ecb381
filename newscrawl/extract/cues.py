"""What an element's tag, class and id say about its text: story, boilerplate (and why), or nothing.

Class and id values are split into lower-case words (``relatedArticles`` and ``related-articles``
both give ``related``, ``articles``) and looked up in word tables; verdicts are cached per attribute
string because pages repeat the same classes many times.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A word of a class/id value: camelCase humps, digits dropped.
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")

# Words that mark an element as boilerplate, by the reason it is flagged for (two-word cues are
# written joined: "readmore" matches "read-more" and "readMore").
_WORDS_BY_REASON = {
    "share": "share sharing sharebar social sociallinks addthis sharethis",
    "related": (
        "related recommended recommendations recirc recirculation outbrain taboola popular "
        "trending mostread morestories readmore readnext upnext alsoread seealso teasers "
        "crosslinks crosslink further headlines linkbox"
    ),
    # A card of another story; also the name German sites give their lead ("Teaser"): believed on
    # a linked title or summary, not on unlinked prose (see `body.believed_cue`).
    "teaser": "teaser teaserbox",
    "newsletter": "newsletter newsletters subscribe subscription signup optin",
    "promo": (
        "promo promos promotion promoted sponsor sponsored partner cta offer marketing appbanner apppromo "
        # a notice about commission on shop links ("affiliate-info", "affiliate-disclosure")
        "affiliate"
    ),
    "ad": (
        "ad ads advert adverts advertisement advertising adsbygoogle dfp gpt adslot adunit banner commercial"
    ),
    "comments": "comment comments disqus discussion respond reply replies",
    "bio": (
        "bio biography about authorbio contributor authorbox authordescription aboutauthor authorprofile "
        "authordetails saboxplugin"
    ),
    "tags": "tags tag tagged tagcloud keywords topics categories category",
    "byline": (
        "byline author authors dateline timestamp published updated date time meta metadata "
        "credit credits authorinfo"
    ),
    "caption": "caption figcaption photo photos image img picture thumbnail",
    "nav": "nav navbar navigation menu breadcrumb breadcrumbs pagination pager toolbar skip jump",
    "sidebar": "sidebar aside rail widget widgets",
    "footer": "footer copyright disclaimer legal",
    "overlay": "cookie cookies consent gdpr modal popup overlay lightbox",
    "hidden": "hidden invisible sronly visuallyhidden screenreader offscreen print printonly",
    "media": "video player playlist gallery slideshow carousel",
    "contact": "contact correction corrections feedback tip tips",
    "title": "headline title kicker eyebrow label",
}
NEGATIVE_WORDS: dict[str, str] = {
    word: reason for reason, words in _WORDS_BY_REASON.items() for word in words.split()
}
# Words that mark an element as story text.
_POSITIVE = (
    "article articles story stories body content contents entry post text main blog news prose "
    "paragraph paragraphs richtext articlebody storybody postbody entrycontent postcontent "
    "maincontent detail copy read"
)
POSITIVE_WORDS = frozenset(_POSITIVE.split())
# Lengths of the cue words looked for in run-together names, longest first ("comments" before
# "comment").
_JOINED_SIZES = tuple(sorted({len(w) for w in NEGATIVE_WORDS}, reverse=True))
# Words that qualify a neighbour away from boilerplate ("has-sidebar", "no-comments", "with-ads").
_QUALIFIERS = frozenset(("has", "no", "with", "without", "is", "show", "enable", "disable", "not"))
# Words of an embedded social post, which stories quote as part of their text.
_EMBED_WORDS = frozenset(("embed", "embedded", "tweet", "twitter", "instagram", "tiktok"))
# Words of a quoted social post's markup (``<blockquote class="twitter-tweet">``, "instagram-media",
# "tiktok-embed"): the post is part of the story that quotes it, whatever box it sits in.
_SOCIAL_POST_WORDS = frozenset(("tweet", "twitter", "instagram", "tiktok", "reddit", "mastodon", "threads"))
# Words after a cue that make it a responsive-layout switch ("hidden-xs", "sidebar-md").
_SCREEN_SIZES = frozenset(("xs", "sm", "md", "lg", "xl", "mobile", "desktop", "tablet", "print"))

# Tags whose whole subtree is boilerplate inside an article, with the reason.
TAG_REASONS: dict[str, str] = {
    "nav": "nav",
    "aside": "sidebar",
    "footer": "footer",
    "header": "header",
    "form": "form",
    "menu": "nav",
    "address": "byline",
    "h1": "headline",
    # What a player shows without JavaScript ("To view this video please enable JavaScript ..."):
    # read, so keep mode shows it, and flagged.
    "video": "video-fallback",
    "audio": "video-fallback",
}


# CMS classes that name the post's taxonomy, not the element's role ("tag-wework", "category-news").
_TAXONOMY = re.compile(
    r"(?:(?:tag|category|topic|format|status|type|term|taxonomy)[-_][\w-]|post[-_]?(?:id)?[-_]?\d)",
    re.IGNORECASE,
)
# Parts of a class token: BEM's block, element and modifier, and the words between "-" and "_".
_SEGMENT = re.compile(r"[^-_]+")
# A generated segment ("sc-a884a83d-0", "block-id-n1AuAdJlVL", a uuid's parts): a digit between
# letters, or letters in short random-case humps ("kHvXTR"). Its letters spell no words.
_DIGIT_INSIDE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_HUMPS = re.compile(r"[A-Z]?[a-z]*")
# Nouns of page layout: in "sidebar-layout__main" or "grid-with-sidebar" the words before name the
# layout's shape, and its parts (BEM elements) name their own role.
_LAYOUT_NOUNS = frozenset(("layout", "grid", "template", "columns", "cols"))
# Words after a cue word that make it a state of a part ("label-hidden", "label-above": the
# element's label is hidden or above it; the element is no label).
_PART_STATES = frozenset(("hidden", "above", "inline", "visible", "below"))
# Run-together lower-case names ("meldungsfooter", "singlepostmeta", "teaserbox"): a cue word of
# at least this many letters at the end, after at least this many ...
MIN_JOINED_SUFFIX = 4
MIN_JOINED_PREFIX = 4
MIN_JOINED_CHARS = 5
# ... or a cue word at the start followed by one of these component words.
_COMPONENTS = (
    "box boxes list area wrap wrapper container block section bar item items link links content "
    "widget module inner outer top bottom left right single post entry panel holder zone unit slot "
    "text title head header foot footer"
)
_COMPONENT_WORDS = frozenset(_COMPONENTS.split())


@lru_cache(maxsize=32768)
def _is_generated(segment: str) -> bool:
    """Whether a token segment is a generated name (a hash, a build id), not words.

    Cached: the same segments ("wp", "block", "elementor") recur across tokens and pages, and
    `class_key` asks again about every segment `token_words` has judged.
    """
    if _DIGIT_INSIDE.search(segment):
        return True
    if len(segment) > 12 or segment.islower() or segment.isupper():
        return False
    humps = [h for h in _HUMPS.findall(segment) if h]
    return len(humps) >= 3 and len(segment) < 3 * len(humps)


@lru_cache(maxsize=16384)
def _split_joined(word: str) -> tuple[str, ...]:
    """A run-together lower-case name as cue words, when it is one ("meldungsfooter" -> footer,
    "adbox" -> ad). The longest cue word found wins."""
    if word in NEGATIVE_WORDS or word in POSITIVE_WORDS:
        return (word,)
    for size in _JOINED_SIZES:
        if size >= len(word):
            continue
        suffix = word[-size:]
        if size >= MIN_JOINED_SUFFIX and len(word) - size >= MIN_JOINED_PREFIX and suffix in NEGATIVE_WORDS:
            return (word[:-size], suffix)
        if word[:size] in NEGATIVE_WORDS and word[size:] in _COMPONENT_WORDS:
            return (word[:size], word[size:])
    return (word,)


def _segment_words(part: str) -> list[str]:
    """Lower-case words of one BEM part, generated segments left out, run-together names split."""
    words: list[str] = []
    for segment in _SEGMENT.findall(part):
        if segment.isalpha() and segment.islower():
            found = (segment,)  # the common case: one lower-case word
        elif _is_generated(segment):
            continue
        else:
            found = tuple(w.lower() for w in _WORDS.findall(segment))
        for word in found:
            if len(word) >= MIN_JOINED_CHARS and word.isalpha():
                words.extend(_split_joined(word))
            else:
                words.append(word)
    return words


@lru_cache(maxsize=32768)
def token_words(token: str) -> tuple[str, ...]:
    """The words of one class token that say what the element is.

    A token is judged as a whole: a variant ("print:max-w-full", "md:hidden") is a style, not a
    role; in a BEM name whose block is a layout ("sidebar-layout__main") only the element and
    modifier speak; generated segments are no words.
    """
    if ":" in token:
        return ()
    token = token.partition("@")[0]  # "uk-width-2-3@m": a responsive suffix
    block, sep, rest = token.partition("__")
    if not sep:
        block, sep, rest = token.partition("--")
    words = _segment_words(block)
    if sep:
        if words and words[-1] in _LAYOUT_NOUNS:
            words = []
        words += _segment_words(rest)
    elif words and words[-1] in _LAYOUT_NOUNS:
        words = []  # "sidebar-layout", "grid-with-sidebar": the page's shape
    return tuple(words)


@lru_cache(maxsize=16384)
def class_key(value: str) -> str:
    """A class value without its generated tokens (ids, hashes): elements with the same key are
    one kind of element ("elementor-element elementor-element-3f2a elementor-widget-text-editor"
    -> "elementor-element elementor-widget-text-editor")."""
    return " ".join(
        t
        for t in value.split()
        if not _TAXONOMY.match(t) and not any(_is_generated(s) for s in _SEGMENT.findall(t))
    )


def class_words(value: str) -> list[str]:
    """Lower-case words of a class/id attribute value."""
    return [w.lower() for w in _WORDS.findall(value)]


@lru_cache(maxsize=32768)
def _token_cue(token: str) -> tuple[str | None, bool, bool]:
    """``(negative reason or None, has a positive word, names an embed)`` of one class/id token."""
    if _TAXONOMY.match(token):
        return None, False, False
    words = token_words(token)
    negative: str | None = None
    positive = False
    for i, word in enumerate(words):
        if word in _QUALIFIERS:
            break  # "has-post-thumbnail", "with-right-rail": the rest is a state
        if word in POSITIVE_WORDS:
            positive = True
        previous = words[i - 1] if i else ""
        if negative is not None or (word in _PART_STATES and previous in NEGATIVE_WORDS):
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        reason = (
            NEGATIVE_WORDS.get(word + following)  # "author-box": the pair names the thing
            or NEGATIVE_WORDS.get(previous + word)
            or NEGATIVE_WORDS.get(word)
        )
        if reason and following not in _SCREEN_SIZES and following not in _PART_STATES:
            negative = reason
    return negative, positive, not _EMBED_WORDS.isdisjoint(words)


@lru_cache(maxsize=16384)
def attribute_cue(value: str) -> tuple[str | None, bool, str | None]:
    """``(negative reason or None, has a positive word, the token giving the reason)`` for one
    class + id string.

    Each token is judged on its own words (`token_words`): a qualifier ("has-", "no-", "with-")
    makes the rest of its token a state of the page, not the element's role; a screen size after
    a cue ("hidden-xs") makes it a responsive switch; a part state ("label-hidden") names a part.
    The first token with a negative reason gives it.
    """
    negative: str | None = None
    source: str | None = None
    positive = False
    embedded = False
    for token in value.split():
        reason, good, embed = _token_cue(token)
        positive = positive or good
        embedded = embedded or embed
        if reason and negative is None:
            negative, source = reason, token
    if negative and embedded and negative != "overlay":
        # An embedded post (tweet, Instagram) quoted by the story; not the consent box standing in
        # for one until the reader agrees ("embed-consent", "embed-privacy-container").
        return None, positive, None
    return negative, positive, source


@lru_cache(maxsize=1024)
def is_social_post(value: str) -> bool:
    """Whether a ``<blockquote>``'s class names an embedded social post (tweet, Instagram, TikTok)."""
    return not _SOCIAL_POST_WORDS.isdisjoint(class_words(value))
