"""Authors: a clean, deduplicated list of the people and agencies a byline credits.

From each raw byline string: e-mail addresses, URLs and social handles are removed; "By"/"Von"/
"Par"/"Por"/... and "Written by" prefixes stripped; lists split on commas, "and"/"&"/"und"/"et"/
"и"/"i" (and "y"/"e" between two full names) and the CJK list comma; roles ("Political Editor",
"Senior Reporter", "Redakteurin", "기자") and places ("in London") removed, and initials in brackets
after a name ("Max Mustermann (mm)"). Agencies (Reuters, AP, AFP, PA Media, dpa ...) are authors
like people, and are also returned apart, for ``publisher``; generic staff credits ("Staff",
"Newsroom", "Agencies", "Redaktion") are dropped. Names are deduplicated case-insensitively with
their first spelling and order kept; names in any script survive.
"""

from __future__ import annotations

import re

from newscrawl.clean.text import normalise_line
from newscrawl.data.credits import STAFF, agency_name

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_PREFIX = re.compile(
    r"^\s*(?:(?:alle|weitere)\s+(?:artikel|beiträge)\s+von|"
    r"(?:all|more|view all)\s+(?:posts|articles|stories)\s+(?:by|from)|more\s+(?:by|from)|mehr\s+von|"
    r"(?:written|words|reporting|story|text|report)\s+by|by|von|par|por|door|przez|"
    r"autor(?:in)?|auteur|author|texto|text|reportage|от)\s*:?\s+",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:[,;|/&+·•、，()\[\]]|\s(?:and|und|et|и|i|og|och|ve)\s)\s*", re.I)
# "y" and "e" also join surnames ("Ortega y Gasset", "Sousa e Silva"): split only between full names.
_WEAK_SPLIT = re.compile(r"\s(?:y|e)\s", re.I)
_ROLE_WORD = (
    r"editor|reporter|correspondent|writer|journalist|columnist|contributor|producer|photographer|"
    r"analyst|critic|presenter|host|commentator|blogger|author|intern|staffer|"
    r"redakteur(?:in)?|korrespondent(?:in)?|reporter(?:in)?|autor(?:in)?|"
    r"rédacteur|rédactrice|journaliste|correspondant(?:e)?|chroniqueur|chroniqueuse|envoyée? spéciale?|"
    r"periodista|corresponsal|redactor(?:a)?|giornalista|corrispondente|redattore|redattrice|"
    r"jornalista|repórter|correspondente|корреспондент|обозреватель|редактор|журналист|"
    r"기자|특파원|記者|记者|編集委員|特派員"
)
_ROLE_MODIFIER = (
    r"senior|chief|deputy|assistant|associate|managing|executive|political|politics|economics|economic|"
    r"business|home affairs|foreign|diplomatic|defence|defense|security|health|science|technology|tech|"
    r"environment|education|crime|legal|sports?|football|arts|culture|entertainment|showbiz|royal|"
    r"transport|consumer|money|personal finance|news|digital|social media|data|investigations?|"
    r"investigative|special|staff|contributing|freelance|regional|local|international|world|us|uk|"
    r"europe|china|asia|middle east|africa|washington|westminster|city|general|lead|principal|trainee|"
    r"junior|audience|weekend|night|breaking news|live|global|national|property|travel|food|fashion|"
    r"music|film|tv|media|energy|climate|markets?|wirtschafts|politik|chef|leitende|freie?r?"
)
_ROLE = re.compile(
    rf"(?:^|\s+)(?:(?:{_ROLE_MODIFIER})\s+)*(?:{_ROLE_WORD})(?:\s+(?:at|for|of|bei|de|du)\s+.+)?$",
    re.I,
)
_PLACE = re.compile(r"(?:^|\s+)(?:in|aus|à|en|a|em|from)\s+(?P<place>\S.{0,40})$")
# Initials in brackets after a name ("Max Mustermann (mm)"), and initials beside a name ("/ jk").
_INITIALS = re.compile(r"\(\s*([^\W\d_]{1,4})\s*\)")
_LOWER_INITIALS = re.compile(r"^[a-z]{1,4}$")
# Name suffixes that belong to the name before them ("Perry Bacon Jr.", "King, Jr."), and academic
# degrees after a name ("Grant Tinsley, PhD"), which are no name of their own.
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.I)
_DEGREE = re.compile(r"^(?:ph\.?\s?d|m\.?d|mba|msc|m\.?sc|bsc|rd|rdn|dr|prof|mph|dphil|cpa|esq)\.?$", re.I)
_ENDS_SUFFIX = re.compile(r"\s(?:Jr|Sr)\.$")
_MAX_NAME_WORDS = 6
# Hangul, kana and CJK ideographs: names written without spaces between their parts.
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _person(name: str) -> str | None:
    """The person's name left in a byline part, or None when the part is no name."""
    without_role = _tidy(_ROLE.sub("", name))
    if without_role != name and len(without_role.split()) < 2 and not _CJK.search(without_role):
        return None  # "Whitehall Editor", "Senior Reporter": a role, not a name
    name = without_role
    place = _PLACE.search(name)
    if place and place.group("place")[0].isupper():
        name = name[: place.start()].strip(" .,-–—:|()")
    if not name or not any(ch.isalpha() for ch in name) or any(ch.isdigit() for ch in name):
        return None
    if len(name.split()) > _MAX_NAME_WORDS:
        return None
    return name


def _without_initials(match: re.Match[str]) -> str:
    """ "(mm)" after a name is the writer's initials, said again: dropped; "(dpa)" is an agency: kept."""
    return match.group(0) if agency_name(match.group(1)) else " "


def _is_dateline(part: str, parts: list[str]) -> bool:
    """Whether a one-word part of a list of full names is a place ("London" in "Jane Doe, London,
    Joe Bloggs"): a list that names people by first and last name does not name one by one word."""
    if " " in part or _CJK.search(part) or not part[:1].isupper():
        return False
    return any(len(other.split()) >= 2 for other in parts if other is not part)


def split_byline(value: str) -> list[str]:
    """The parts of one byline string: prefixes, e-mails, URLs and handles removed, lists split."""
    value = normalise_line(value)
    without = _INITIALS.sub(_without_initials, value)
    value = without if any(ch.isalpha() for ch in without) else value  # "(kj)" alone: the credit
    value = _URL.sub(" ", value)
    value = _EMAIL.sub(" ", value)
    value = _HANDLE.sub(" ", value)
    value = _PREFIX.sub("", value)
    parts: list[str] = []
    for part in _SPLIT.split(value):
        halves = _WEAK_SPLIT.split(part)
        if len(halves) > 1 and all(len(h.split()) >= 2 for h in halves):
            parts.extend(halves)
        else:
            parts.append(part)
    return [_tidy(part) for part in parts]


def _tidy(part: str) -> str:
    """A byline part without surrounding punctuation; the full stop of "Jr." stays."""
    tidy = part.strip(" .,-–—:|()")
    if _ENDS_SUFFIX.search(part.rstrip(" ,-–—:|()")):
        tidy += "."
    return tidy


def clean_authors(values: list[str]) -> tuple[list[str], list[str]]:
    """Split raw byline strings into (authors, agencies), order kept, no duplicates.

    The authors are the people and the agencies the byline credits, in its order (an agency that
    wrote or co-wrote the copy is its author); the agencies are also given apart, for ``publisher``.
    """
    authors: list[str] = []
    agencies: list[str] = []
    seen: set[str] = set()
    for value in values:
        parts = split_byline(value)
        for part in parts:
            if not part or STAFF.match(part) or _DEGREE.match(part):
                continue
            if _SUFFIX.match(part):
                if authors and not _SUFFIX.search(authors[-1].rsplit(" ", 1)[-1]):
                    authors[-1] = f"{authors[-1]} {part.rstrip('.')}."
                continue
            agency = agency_name(part)
            if agency is None and _LOWER_INITIALS.match(part) and any(len(o.split()) > 1 for o in parts):
                continue  # "Max Mustermann / mm": the initials of a name the byline gives
            if agency is None and _is_dateline(part, parts):
                continue  # "Jane Doe, London, Joe Bloggs": where the writer is, not a co-author
            name = agency if agency is not None else _person(part)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                authors.append(name)
                if agency is not None:
                    agencies.append(agency)
    return authors, agencies
