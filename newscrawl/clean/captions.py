"""Split an image caption from its photo credit.

A credit is only split off where a caption *ends* with one in a recognisable form:

- a labelled parenthesis: ``"… (Picture: AFP)"``, ``"(Photo: Reuters)"``, ``"(Foto: dpa)"``;
- a labelled tail after a sentence end or a separator: ``"… Photograph: Stefan Rousseau/PA"``,
  ``"… | Credit: Jane Doe"``, ``"… Photo : AFP"`` (the label capitalised, as credits are: a caption that
  merely mentions "a photo: …" in lower case is left alone);
- a copyright sign: ``"… © Jane Doe"`` (credit ``"© Jane Doe"``, the sign kept);
- an agency without a label: ``"… (AFP)"``, ``"… / AP"``, ``"… REUTERS/Jane Doe"``,
  ``"… Jane Doe/Getty Images"``, ``"… AFP via Getty Images"``, ``"… Getty Images"`` after a sentence end.

The caption left over may be empty (a caption that was only a credit): then it is None.
"""

from __future__ import annotations

import re

from newscrawl.clean.text import normalise_line
from newscrawl.items import RawArticle
from newscrawl.options import ExtractOptions

# Labels that introduce a credit, in several languages.
_LABEL = (
    r"(?:Pictures?|Photos?|Photograph(?:y|s)?|Images?|Credits?|Source|Illustration|Video|Photo credit|"
    r"Image credit|Picture credit|Foto(?:s|grafía|grafia)?|Bild(?:er)?|Crédit(?:s)?(?: photo)?|"
    r"Imagen|Imagem|Fonte|Fuente|Quelle|Beeld|Фото|Zdjęcie|Fot\.)"
)
_AGENCY = (
    r"(?:AFP|AP|Reuters|REUTERS|PA(?: Wire| Media| Images| Archive)?|EPA(?:-EFE)?|EFE|ANSA|dpa|DPA|"
    r"Getty Images|Getty|Shutterstock|Alamy(?: Stock Photo)?|Bloomberg|Xinhua|Anadolu(?: Agency)?|AAP|"
    r"Sipa(?: USA)?|SOPA Images|NurPhoto|Rex(?: Features)?|REX|Imago|picture alliance|Keystone|Kyodo|"
    r"Yonhap|TASS|ТАСС|РИА Новости|Sputnik|NASA|Handout|Supplied)"
)
# A person's name: two to three capitalised words (the first may be an initial).
_NAME = r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]+){1,2}"
# A name-ish credit: up to six words, no sentence punctuation.
_NAMEISH = r"[^\s.!?()][^.!?()]{0,80}?"

_CREDIT_PATTERNS = (
    # "… (Picture: AFP)" / "(Foto: dpa)" / "(Photo : AFP)"
    re.compile(rf"\s*[(\[]\s*{_LABEL}\s*:\s*(?P<credit>[^()\[\]]+?)\s*[)\]]\.?$"),
    # "… (Photo by Jane Doe/Getty Images)"
    re.compile(r"\s*[(\[]\s*(?:Photo|Picture|Image|Video)s? by\s+(?P<credit>[^()\[\]]+?)\s*[)\]]\.?$"),
    # "… Photograph: Name/Agency", "… | Photo: Reuters", "Credit: Jane Doe" (whole caption)
    re.compile(rf"(?:^|(?<=[.!?)\]”’\"'])\s+|\s+[|/–—-]\s+|\s+)\b{_LABEL}\s?:\s*(?P<credit>{_NAMEISH})\.?$"),
    # "… Photo by Jane Doe/Getty Images"
    re.compile(rf"(?:^|\s+[|/–—-]?\s*)(?:Photo|Picture|Image|Video) by\s+(?P<credit>{_NAMEISH})\.?$"),
    # "… © Jane Doe", "© 2024 Reuters" (the sign stays: it says what kind of credit it is)
    re.compile(r"\s*(?P<credit>©\s*[^©]{1,80}?)\.?$"),
    # "… (AFP)", "… [Reuters]"
    re.compile(
        rf"\s*[(\[]\s*(?P<credit>(?:[^()\[\]]{{1,60}}/\s*)?{_AGENCY}(?:\s*/\s*[^()\[\]]{{1,60}})?)\s*[)\]]\.?$"
    ),
    # "… REUTERS/Jane Doe", "… EPA/Jane Doe/POOL"
    re.compile(
        rf"(?:^|(?<=[.!?)\]”’\"'])\s+|\s+[|–—-]\s+|\s+)"
        rf"(?P<credit>{_AGENCY}/{_NAME}(?:/[A-Z][\w-]*)?)\.?$"
    ),
    # "… Jane Doe/AP", "… Jane Doe/Getty Images"
    re.compile(
        rf"(?:^|(?<=[.!?)\]”’\"'])\s+|\s+[|–—-]\s+|\s+)(?P<credit>{_NAME}/{_AGENCY}(?:/[A-Z][\w-]*)?)\.?$"
    ),
    re.compile(rf"(?:^|\s+/\s+)(?P<credit>{_AGENCY})\.?$"),
    re.compile(
        r"(?:^|(?<=[.!?)\]”’\"'])\s+|\s+[|–—-]\s+)"
        r"(?P<credit>(?:[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){0,3}\s+via\s+)?(?:AFP via )?"
        r"Getty Images(?:\s+for\s+[\w .'’-]{1,40})?)\.?$"
    ),
)


def split_credit(caption: str) -> tuple[str, str | None]:
    """``"The town (Picture: AFP)"`` -> ``("The town", "AFP")``; no credit -> ``(caption, None)``."""
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(caption)
        if not match:
            continue
        credit = match.group("credit").strip(" .,;:|")
        rest = caption[: match.start()].strip(" |–—-,;:")
        if not credit:
            continue
        return rest, credit
    return caption, None


def split_captions(raw: RawArticle, options: ExtractOptions) -> None:
    """Normalise image captions and move their credits to ``credit``."""
    for image in raw.images:
        caption = normalise_line(image.caption)
        if caption and not image.credit:
            caption, image.credit = split_credit(caption)
            if image.credit:
                raw.events.append("captions/credit_split")
        image.caption = caption or None
        image.credit = normalise_line(image.credit) or None
