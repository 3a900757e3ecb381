"""Credits that name no person: news agencies and generic staff credits, as bylines print them.

Data below both layers that read them: the extraction layer (which reads later byline sources when
one credits no person) and the author cleaning stage (which keeps agencies apart, for ``publisher``,
and drops staff credits).
"""

from __future__ import annotations

import re

STAFF = re.compile(
    r"^(?:(?:our\s+)?(?:staff|staff writers?|staff reporters?|newsroom|news desk|web desk|digital desk|"
    r"editorial(?: board| staff| team)?|editors|the editors|agencies|agency|wires?|wire services|"
    r"redaktion|online-redaktion|la rédaction|rédaction|redacción|redazione|redação|redactie|"
    r"редакция|correspondents?|reporters?|team|admin|administrator|guest|anonymous|unknown)"
    r"(?:\s+(?:and|&|\+)\s+agencies)?)$",
    re.I,
)
AGENCIES = (
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "PA", "PA Media", "PA Wire",
    "Press Association", "Bloomberg", "Bloomberg News", "dpa", "DPA", "ANSA", "EFE", "Europa Press",
    "APA", "SDA", "ATS", "Keystone-ATS", "KNA", "epd", "Xinhua", "Kyodo", "Yonhap", "TASS", "ТАСС",
    "РИА Новости", "Интерфакс",
    "Interfax", "AAP", "CNN Wire", "UPI", "Anadolu", "Anadolu Agency", "ANI", "PTI", "IANS", "Belga",
    "ANP", "NTB", "TT", "Ritzau", "Lusa", "Agência Brasil", "Agencia EFE", "Notimex", "WENN",
    "Bloomberg Opinion", "BBC News", "Sky News", "CNN", "Newsquest", "Reach", "SWNS", "Cover Images",
)  # fmt: skip
_AGENCY_KEYS = {a.casefold() for a in AGENCIES}
_AGENCY_SUFFIX = re.compile(r"\s+(?:staff|news|wire|reporters?|agency)$", re.I)


def agency_name(name: str) -> str | None:
    """The agency's name as the page wrote it (without "Staff"/"News" suffix), or None."""
    if name.casefold() in _AGENCY_KEYS:
        return name
    stripped = _AGENCY_SUFFIX.sub("", name)
    return stripped if stripped.casefold() in _AGENCY_KEYS else None


# A rough cut of a raw byline into its credits (the author cleaning stage splits it properly).
_PREFIX = re.compile(
    r"^\s*(?:(?:written|words|reporting|story|text|report)\s+by|by|von|par|por|door|przez|"
    r"autor(?:in)?|auteur|author|texto|text|от)\s*:?\s+",
    re.I,
)
_MAX_NAME_WORDS = 4
_PARTS = re.compile(r"\s*(?:[,;|/&+·•、，()\[\]]|\s(?:and|und|et|и|i|og|och|ve|y|e)\s)\s*", re.I)


def _parts(byline: str) -> list[str]:
    return [part.strip(" .,-–—:|") for part in _PARTS.split(_PREFIX.sub("", byline.strip()))]


def names_a_person(byline: str) -> bool:
    """Whether a raw byline credits anyone besides agencies and staff desks ("By Reuters", "dpa/AFP",
    "Staff and agencies" credit no person)."""
    return any(_person_like(part) for part in _parts(byline))


def _person_like(part: str) -> bool:
    """A credit that may be a person's name: a few words, no label ("Foto: ..."), no agency or desk."""
    return (
        any(ch.isalpha() for ch in part)
        and len(part.split()) <= _MAX_NAME_WORDS
        and ":" not in part
        and not STAFF.match(part)
        and agency_name(part) is None
    )


def agencies_in(byline: str) -> set[str]:
    """The agencies a raw byline credits, case-folded."""
    return {name.casefold() for name in map(agency_name, _parts(byline)) if name}
