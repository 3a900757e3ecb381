"""Split an image caption from its photo credit."""

from __future__ import annotations

import re

from newscrawl.clean.options import CleanOptions
from newscrawl.clean.text import normalise_line
from newscrawl.items import RawArticle

_CREDIT_PATTERNS = (
    re.compile(
        r"\s*\((?:Picture|Pictures|Photo|Photograph|Image|Credit|Source)s?\s*:\s*(?P<credit>[^()]+)\)\s*$",
        re.I,
    ),
    re.compile(r"\s*(?:Picture|Photo|Photograph|Image|Credit)s?\s*:\s*(?P<credit>[^.:]+?)\.?\s*$", re.I),
    re.compile(r"\s*(?P<credit>©\s*.+?)\.?\s*$"),
)


def split_credit(caption: str) -> tuple[str, str | None]:
    """``"The town (Picture: AFP)"`` -> ``("The town", "AFP")``; no credit -> ``(caption, None)``."""
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(caption)
        if match:
            credit = match.group("credit").strip()
            rest = caption[: match.start()].strip()
            return rest, credit or None
    return caption, None


def split_captions(raw: RawArticle, options: CleanOptions) -> None:
    """Normalise image captions and move their credits to ``credit``."""
    for image in raw.images:
        caption = normalise_line(image.caption)
        if caption and not image.credit:
            caption, image.credit = split_credit(caption)
        image.caption = caption or None
        image.credit = normalise_line(image.credit) or None
