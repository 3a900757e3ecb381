"""Cloudflare e-mail protection: recover the address hidden in ``data-cfemail`` / ``#hex`` links."""

from __future__ import annotations

import re

from lxml import etree

from newscrawl.extract.text import string_value

_HEX = re.compile(r"^(?:[0-9a-fA-F]{2}){2,}$")
_PROTECTED_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-fA-F]+)")
_PLACEHOLDER = re.compile(r"\[?\s*email\s*protected\s*\]?", re.I)


def decode_cfemail(encoded: str) -> str | None:
    """Decode Cloudflare's hex string (first byte is the XOR key); None when it is not valid."""
    if not _HEX.match(encoded or ""):
        return None
    data = bytes.fromhex(encoded)
    key = data[0]
    try:
        text = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if "@" in text and text.isprintable() else None


def _shows_placeholder(el: etree._Element) -> bool:
    """Whether the element's text is Cloudflare's "[email protected]" (or empty), not a link text."""
    text = " ".join(string_value(el).split())
    return not text or bool(_PLACEHOLDER.search(text))


# What the page source of a protected address holds: the attribute, or the link (the tree search in
# `decode_cfemail_in_tree` decides). Each marker is searched through the whole page: these two
# spellings are searched ~2x faster than "data-cfemail" and "/cdn-cgi/l/email-protection" (trafeval).
_MARKERS = ("data-cfemail=", "l/email-protection")


def may_hold_cfemail(html: str | bytes) -> bool:
    """False when the page source cannot hold a protected address (a fast test before the tree walk).

    Bytes in an encoding that is not ASCII-compatible (UTF-16/32: NULs between the letters) are
    always given to the tree walk.
    """
    if isinstance(html, bytes):
        if b"\x00" in html[:1024]:
            return True
        return any(marker.encode() in html for marker in _MARKERS)
    return any(marker in html for marker in _MARKERS)


def decode_cfemail_in_tree(root: etree._Element) -> int:
    """Replace every Cloudflare-protected address in a parsed page by the real one; returns how many.

    An element showing the "[email protected]" placeholder gets the address as its text; a protected
    link with its own words ("Email the reporter") keeps them and only gets a ``mailto:`` href.
    Invalid hex is left as it is.
    """
    count = 0
    for el in root.xpath("//*[@data-cfemail]|//a[contains(@href, '/cdn-cgi/l/email-protection')]"):
        encoded = el.get("data-cfemail")
        if not encoded:
            match = _PROTECTED_HREF.search(el.get("href", ""))
            encoded = match.group(1) if match else ""
        address = decode_cfemail(encoded)
        if address is None:
            continue
        if _shows_placeholder(el):
            tail = el.tail
            for child in list(el):
                el.remove(child)
            el.text = address
            el.tail = tail
        if el.tag == "a":
            el.set("href", f"mailto:{address}")
        el.attrib.pop("data-cfemail", None)
        count += 1
    return count
