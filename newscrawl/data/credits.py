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
    "APA", "SDA", "KNA", "epd", "Xinhua", "Kyodo", "Yonhap", "TASS", "ТАСС", "РИА Новости", "Интерфакс",
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
