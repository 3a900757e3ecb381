"""The language of the story text: filled in when the page declares none, checked when it does.

Detection is py3langid (langid.py's model, ~0.7 ms for 1,000 characters of real text) on the start
of the story blocks. A page that declares no language gets the detected one
(`newscrawl/language/detected`) when the text is long enough and the model sure enough. A
declaration is replaced only when long text contradicts it with near certainty and the two are not
languages the model confuses with each other (Danish and Norwegian, Serbian and Croatian ...): a
template's ``lang="en"`` on a German story (`newscrawl/language/contradicted`).

Detection is skipped where it cannot change anything: a declaration is never overruled by text
shorter than `MIN_CONTRADICT_CHARS`, and one that a short sample (`CHECK_CHARS`) already agrees with
stands (a story whose opening is in the declared language is in it), so the full sample is read only
for an undeclared page or a doubtful declaration. Before the model reads that opening, a glance at its
function words or script (`newscrawl.clean.function_words`) settles most declarations for ~0.02 ms.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from newscrawl.clean.function_words import written_in
from newscrawl.items import RawArticle
from newscrawl.options import ExtractOptions

# Text read for detection: the start of the story is enough and keeps it cheap (on 326 trafeval
# pages, 1,000 characters gave the language 2,000 gave on every page, in less than half the time).
SAMPLE_CHARS = 1000
# Shortest story text to fill in a missing language from, and the confidence needed.
MIN_DETECT_CHARS = 200
MIN_DETECT_PROBABILITY = 0.9
# Longest-odds rule for overruling what the page declares.
MIN_CONTRADICT_CHARS = 600
MIN_CONTRADICT_PROBABILITY = 0.999
# The opening read first when the page declares a language: when the model finds the declared
# language (or one it confuses with it) there, the declaration stands without reading more.
CHECK_CHARS = 250
# Languages the model mixes up: a declaration in the same group as the detection stands.
_CLOSE_LANGUAGES = (
    frozenset({"da", "no", "nb", "nn", "sv"}),
    frozenset({"hr", "sr", "bs", "sh", "me"}),
    frozenset({"ms", "id"}),
    frozenset({"cs", "sk"}),
    frozenset({"es", "gl", "ca", "pt", "ast"}),
    frozenset({"ru", "uk", "be", "bg", "mk"}),
    frozenset({"hi", "mr", "ne"}),
    frozenset({"zh", "ja"}),
    frozenset({"fa", "ar", "ur"}),
    frozenset({"lb", "de"}),
)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The langid model, loaded once per process (about a second), its feature table as float32.

    The model ships its table as float16, and every call cast the rows it reads to float32 before
    the product (~0.5 ms of a 1.5 ms call on 1,000 characters). Casting the table once at load
    gives bit-identical scores (same float32 product) for +28 MB.
    """
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return LanguageIdentifier(
        shipped.nb_ptc.astype(np.float32),
        shipped.nb_pc,
        shipped.nb_classes,
        shipped.tk_nextmove,
        shipped.tk_output,
        norm_probs=True,
        tk_row=shipped.tk_row,
    )


def detect_language(text: str, sample: int = SAMPLE_CHARS) -> tuple[str, float]:
    """The most likely language of the first ``sample`` characters of ``text`` (ISO 639-1) and its
    probability."""
    language, probability = _identifier().classify(text[:sample])
    return str(language), float(probability)


def _close(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _CLOSE_LANGUAGES)


def story_sample(raw: RawArticle) -> str:
    """The start of the story text (unflagged, non-caption blocks)."""
    parts: list[str] = []
    size = 0
    for block in raw.blocks:
        if block.boilerplate is None and block.kind != "caption":
            parts.append(block.text)
            size += len(block.text) + 1
            if size >= SAMPLE_CHARS:
                break
    return "\n".join(parts)[:SAMPLE_CHARS]


def _declaration_stands(declared: str, text: str) -> bool:
    """Whether the declared language stands without reading the whole sample: the text is too short
    to overrule it, or its opening is already in that language (or one the model confuses with it)."""
    if len(text) < MIN_CONTRADICT_CHARS:
        return True
    opening = text[:CHECK_CHARS]
    if written_in(declared, opening):  # its function words or its script, at a glance
        return True
    return _close(declared, detect_language(opening, CHECK_CHARS)[0])


def check_language(raw: RawArticle, options: ExtractOptions) -> None:
    """Fill in or correct ``inLanguage`` from the story text (see the module docstring)."""
    if not options.detect_language:
        return
    text = story_sample(raw)
    if len(text) < MIN_DETECT_CHARS:
        return
    declared = (raw.inLanguage or "").split("-")[0].lower()
    if declared and _declaration_stands(declared, text):
        return
    detected, probability = detect_language(text)
    if not declared:
        if probability >= MIN_DETECT_PROBABILITY:
            raw.inLanguage = detected
            raw.events.append("language/detected")
    elif (
        not _close(declared, detected)
        and probability >= MIN_CONTRADICT_PROBABILITY
        and len(text) >= MIN_CONTRADICT_CHARS
    ):
        raw.inLanguage = detected
        raw.events.append("language/contradicted")
