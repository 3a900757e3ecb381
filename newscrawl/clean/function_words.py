"""A cheap first test of a declared language: is the text visibly written in it?

The statistical model (`newscrawl.clean.language`) costs ~0.3 ms even on a short sample; most pages
declare their language correctly, and their text shows it at a glance: the short words every
sentence needs ("the", "und", "que") are that language's, or the letters are that language's
script (Greek, Hangul ...). `written_in` says so only when the evidence is plain, and otherwise says
nothing (None), leaving the decision to the model.

The word lists leave out words common in another language outside the declared one's close group
(no "la" for French: Spanish and Italian use it as much; no "in" or "an" for German or English).
"""

from __future__ import annotations

import re

# Short, frequent words of each language, without the ones another (not closely related) language
# writes as often.
_WORDS = {
    "en": "the of and to that is was for with are this have from which were been would their they has "
    "will not but",
    "de": "der die das und ist nicht mit den dem des sich auch eine einer einem eines wird wurde sind auf "
    "für bei nach aus zum zur über noch",
    "fr": "le les et des est une dans qui pour pas sur du au avec ce sont été ont aux cette mais nous leur",
    "es": "el los las y por con para como más pero sus fue está este esta también del",
    "it": "il della gli nel alla anche è dei delle più sono non per che degli questo",
    "pt": "os da do das dos em não uma com para é por mais como foi são também ao",
    "nl": "het een van dat niet zijn voor met wordt ook bij naar heeft worden deze",
    "pl": "się że nie jest dla przez są oraz jak na do to od po",
    "cs": "že se je jako pro které na ve by jsou tak jeho",
    "sk": "že sa je ako pre ktoré na vo by sú tak jeho",
    "sv": "och att det som är för på med av till den har inte ett",
    "da": "og at det som er for på med af til den har ikke et",
    "no": "og at det som er for på med av til den har ikke et",
    "nb": "og at det som er for på med av til den har ikke et",
    "fi": "ja on että ei se oli ovat mutta kun tai myös hän",
    "hu": "az és hogy nem is egy van meg volt de ez",
    "tr": "ve bir bu da de için ile olarak çok daha gibi",
    "id": "yang dan di ini itu dengan untuk dari tidak akan",
    "ro": "și în la cu este pe care din pentru că mai",
}
FUNCTION_WORDS = {language: frozenset(words.split()) for language, words in _WORDS.items()}
# Scripts that only one language (or one group the model confuses anyway) writes in.
_SCRIPTS = {
    "el": "\u0370-\u03ff\u1f00-\u1fff",
    "ko": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "ja": "\u3040-\u30ff\u4e00-\u9fff",
    "zh": "\u4e00-\u9fff\u3400-\u4dbf",
    "ru": "\u0400-\u04ff",
    "uk": "\u0400-\u04ff",
    "bg": "\u0400-\u04ff",
    "ar": "\u0600-\u06ff\u0750-\u077f",
    "fa": "\u0600-\u06ff\u0750-\u077f",
    "he": "\u0590-\u05ff",
    "hi": "\u0900-\u097f",
    "th": "\u0e00-\u0e7f",
}
SCRIPT_LETTERS = {language: re.compile(f"[{ranges}]") for language, ranges in _SCRIPTS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
# How much of the text must show the language: this share of its words are its function words ...
MIN_WORD_SHARE = 0.15
MIN_WORDS = 20
# ... or this share of its letters are in its script.
MIN_SCRIPT_SHARE = 0.8
MIN_LETTERS = 40


def written_in(language: str, text: str) -> bool | None:
    """True when ``text`` is plainly in ``language`` (ISO 639-1, lower case); None when this test
    cannot tell (an unknown language, too little text, or too few signs of it)."""
    words = FUNCTION_WORDS.get(language)
    if words is not None:
        tokens = _WORD.findall(text.lower())
        if len(tokens) < MIN_WORDS:
            return None
        hits = sum(1 for token in tokens if token in words)
        return True if hits >= MIN_WORD_SHARE * len(tokens) else None
    script = SCRIPT_LETTERS.get(language)
    if script is None:
        return None
    letters = len(_LETTER.findall(text))
    if letters < MIN_LETTERS:
        return None
    return True if len(script.findall(text)) >= MIN_SCRIPT_SHARE * letters else None
