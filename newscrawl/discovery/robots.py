"""The ``Sitemap:`` lines of a robots.txt file."""

from __future__ import annotations

import re
from urllib.parse import urljoin

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


def robots_sitemaps(text: str, base_url: str = "") -> list[str]:
    """Absolute sitemap URLs listed in robots.txt, in order, without repeats."""
    found = [urljoin(base_url, m.group(1)) for m in _SITEMAP_LINE.finditer(text)]
    return [u for u in dict.fromkeys(found) if u.startswith(("http://", "https://"))]
