"""Language tags as pages write them (``en_GB``, ``EN-gb``, ``pt-br``) normalised to BCP 47."""

from __future__ import annotations

import re

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_NOT_LANGUAGES = {"x-default", "und", "mul", "zxx", "xx"}


def normalise_language(value: str | None) -> str | None:
    """A BCP 47 tag (``en-GB``, ``pt-BR``, ``zh-Hans-CN``) or None when ``value`` is not one.

    Only the first tag of a comma-separated list is used (``content-language: de, en``).
    """
    if not value:
        return None
    value = value.split(",")[0].split(";")[0].strip()
    if not _TAG.match(value) or value.lower() in _NOT_LANGUAGES:
        return None
    parts = re.split(r"[-_]", value)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script: Hans, Latn, Cyrl
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region: GB, BR, 419
        else:
            out.append(part.lower())
    return "-".join(out)
