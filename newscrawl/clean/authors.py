"""Authors: a clean, deduplicated list of person names."""

from __future__ import annotations

import re

from newscrawl.clean.text import normalise_line

_BY = re.compile(r"^\s*(by|written by|words by|von|par|por|di|door)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.I)
_EMAIL = re.compile(r"\S+@\S+")
_HANDLE = re.compile(r"@\w+")
_NOT_PEOPLE = re.compile(
    r"^(staff|staff writer|newsroom|editorial (board|staff)|reuters|associated press|ap|afp|pa|"
    r"pa media|press association|bloomberg|agencies|agency|dpa|ansa|efe|bbc news)$",
    re.I,
)


def clean_authors(values: list[str]) -> tuple[list[str], list[str]]:
    """Split raw byline strings into (person names, agency/staff names), order kept, no duplicates."""
    people: list[str] = []
    agencies: list[str] = []
    for value in values:
        value = _EMAIL.sub(" ", _HANDLE.sub(" ", normalise_line(value)))
        value = _BY.sub("", value)
        for name in _SPLIT.split(value):
            name = name.strip(" .,-|–—")
            if not name or not any(ch.isalpha() for ch in name):
                continue
            target = agencies if _NOT_PEOPLE.match(name) else people
            if name.casefold() not in {n.casefold() for n in target}:
                target.append(name)
    return people, agencies
