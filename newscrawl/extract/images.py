"""Editorial images: an image's address and each figure's caption and credit.

One reader for the generic body engine and the site parsers: `image_url` takes lazy-loading
attributes first, then ``src``, then the last ``srcset`` candidate; `figure_images` reads each
figure's first image with its caption (and a separate credit element, or a credit written into the
caption that a site's pattern splits off).

The generic engine asks for two things the site parsers do not (``srcset=False``,
``caption_text=plain_text``): reading ``srcset`` there and the visible caption text (a space at
``<br>``, no script text) would change its results on real pages (12 trafeval pages: images from
srcset-only ``<img>``s, captions with a space where a ``<br>`` was). Changing that is a result change
of its own, not part of moving the code here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from urllib.parse import urljoin

from lxml import etree

from newscrawl.extract.area import Selector, first, in_any, inline_text
from newscrawl.extract.text import collapse_whitespace, string_value
from newscrawl.items import Image

_IMAGE_ATTRS = ("data-src", "data-original", "data-lazy-src", "src")
_IMG = etree.XPath(".//img")
# A trailing "(Picture: …)" credit, as Metro and other UK sites print it.
PICTURE_CREDIT = re.compile(
    r"\s*\((?:Picture|Pictures|Photo|Image)s?\s*:\s*(?P<credit>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", re.I
)


def image_url(img: etree._Element | None, base: str, *, srcset: bool = True) -> str | None:
    """An image's address: lazy-loading attributes first, then ``src``, then (with ``srcset``) the
    last ``srcset`` candidate; absolute."""
    if img is None:
        return None
    for attr in _IMAGE_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return urljoin(base, value)
    if not srcset:
        return None
    candidates = (img.get("srcset") or img.get("data-srcset") or "").strip()
    if candidates:
        return urljoin(base, candidates.split(",")[-1].split()[0])
    return None


def visible_text(el: etree._Element, hidden: Collection[etree._Element] = frozenset()) -> str:
    """An element's visible text (``hidden`` subtrees left out, ``<br>`` a space), whitespace collapsed."""
    return collapse_whitespace(inline_text(el, hidden))  # type: ignore[arg-type]


def plain_text(el: etree._Element, hidden: Collection[etree._Element] = frozenset()) -> str:
    """All of an element's text, as libxml2 joins it (the generic engine's captions), ends trimmed."""
    return string_value(el).strip()


def split_credit_by(caption: str, pattern: re.Pattern[str]) -> tuple[str, str | None]:
    """Split a credit written into the caption text off with a site's pattern (group ``credit``).

    ``"Crowds in Baymak (Picture: AFP)"`` with `PICTURE_CREDIT` -> ``("Crowds in Baymak", "AFP")``.
    """
    caption = collapse_whitespace(caption)
    match = pattern.search(caption)
    if not match:
        return caption, None
    return caption[: match.start()].strip(), collapse_whitespace(match.group("credit")) or None


def figure_images(
    figures: list[etree._Element],
    base: str,
    *,
    caption: Selector,
    credit: Selector | None = None,
    exclude: Collection[etree._Element] = (),
    hidden: Collection[etree._Element] = (),
    credit_pattern: re.Pattern[str] | None = None,
    srcset: bool = True,
    caption_text: Callable[[etree._Element, set[etree._Element]], str] = visible_text,
) -> list[Image]:
    """Editorial images of ``figures`` (those outside ``exclude``) with caption and credit.

    ``hidden`` elements (visually hidden labels such as "Image caption,") are left out of the texts.
    ``credit`` selects a separate credit element inside the figure; ``credit_pattern`` splits a
    credit written into the caption text (see `split_credit_by`) when there is no such element.
    ``srcset`` and ``caption_text``: see the module docstring.
    """
    images: list[Image] = []
    hidden_set = set(hidden)
    for fig in figures:
        if exclude and in_any(fig, exclude):
            continue
        url = image_url(first(_IMG, fig), base, srcset=srcset)
        if not url:
            continue
        cap_el = first(caption, fig)
        credit_el = first(credit, fig) if credit is not None else None
        credit_text = None
        if credit_el is not None:
            credit_text = visible_text(credit_el, hidden_set)
        if cap_el is not None:
            skip = hidden_set | ({credit_el} if credit_el is not None else set())
            cap_text = caption_text(cap_el, skip)
        else:
            cap_text = ""
        if credit_pattern is not None and not credit_text:
            cap_text, credit_text = split_credit_by(cap_text, credit_pattern)
        images.append(Image(url=url, caption=cap_text or None, credit=credit_text or None))
    return images
