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
    "newsletter": "newsletter newsletters subscribe subscription signup optin",
    "promo": (
        "promo promos promotion promoted sponsor sponsored partner cta offer marketing appbanner apppromo"
    ),
    "ad": (
        "ad ads advert adverts advertisement advertising adsbygoogle dfp gpt adslot adunit banner commercial"
    ),
    "comments": "comment comments disqus discussion respond reply replies",
    "bio": "bio biography about authorbio contributor",
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


def class_words(value: str) -> list[str]:
    """Lower-case words of a class/id attribute value."""
    return [w.lower() for w in _WORDS.findall(value)]


@lru_cache(maxsize=4096)
def attribute_cue(value: str) -> tuple[str | None, bool]:
    """``(negative reason or None, has a positive word)`` for one class + id string."""
    negative: str | None = None
    positive = False
    words = class_words(" ".join(t for t in value.split() if not _TAXONOMY.match(t)))
    for i, word in enumerate(words):
        if word in POSITIVE_WORDS:
            positive = True
        if negative is not None:
            continue
        previous = words[i - 1] if i else ""
        following = words[i + 1] if i + 1 < len(words) else ""
        reason = NEGATIVE_WORDS.get(previous + word) or NEGATIVE_WORDS.get(word)
        if reason and previous not in _QUALIFIERS and following not in _SCREEN_SIZES:
            negative = reason
    if negative and _EMBED_WORDS.intersection(words):
        negative = None  # an embedded post (tweet, Instagram) quoted by the story
    return negative, positive


@lru_cache(maxsize=1024)
def is_social_post(value: str) -> bool:
    """Whether a ``<blockquote>``'s class names an embedded social post (tweet, Instagram, TikTok)."""
    return not _SOCIAL_POST_WORDS.isdisjoint(class_words(value))
