"""Boilerplate removal on text blocks: phrase lists per language, plus site patterns.

The extractor already marks blocks it recognised from structure (element, class/id, link density).
This stage adds the verdicts that only the words can give, from ``newscrawl/data/boilerplate/*.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from newscrawl.clean.options import CleanOptions
from newscrawl.items import RawArticle


@lru_cache(maxsize=1)
def phrase_patterns() -> tuple[re.Pattern[str], ...]:
    """All phrase patterns of every language file, compiled once."""
    patterns: list[re.Pattern[str]] = []
    folder = resources.files("newscrawl.data") / "boilerplate"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt"):
            continue
        for line in entry.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                patterns.append(re.compile(line, re.IGNORECASE))
    return tuple(patterns)


def boilerplate_reason(text: str, extra: tuple[re.Pattern[str], ...] = ()) -> str | None:
    """``"phrase"`` when a block's text matches a boilerplate phrase, else None."""
    for pattern in (*extra, *phrase_patterns()):
        if pattern.search(text):
            return "phrase"
    return None


def mark_boilerplate(raw: RawArticle, options: CleanOptions) -> None:
    """Flag blocks whose words are boilerplate; counts each in ``raw.events``."""
    extra = tuple(re.compile(p, re.IGNORECASE) for p in raw.boilerplatePatterns)
    for block in raw.blocks:
        if block.boilerplate is None and block.kind != "caption":
            block.boilerplate = boilerplate_reason(block.text, extra)
            if block.boilerplate:
                raw.events.append("boilerplate/phrase")
