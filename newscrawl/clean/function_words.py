"""A cheap first test of a declared language: is the text visibly written in it?

The statistical model (`newscrawl.clean.language`) costs ~0.3 ms even on a short sample; most pages
declare their language correctly, and their text shows it at a glance: the short words every
sentence needs ("the", "und", "que") are that language's, or the letters are that language's
script (Greek, Hangul ...). `written_in` says so only when the evidence is plain, and otherwise says
nothing (None), leaving the decision to the model.

The word lists leave out words common in another language outside the declared one's close group
(no "la" for French: Spanish and Italian use it as much; no "in" or "an" for German or English).
The lists are long enough that a plain story's 250-character opening reaches the share: on trafeval
they settle 815 of the 885 declared openings the model would otherwise read (shorter lists: 699),
and no opening in a language outside the list's close group reaches the share.
"""

from __future__ import annotations

import re

# Short, frequent words of each language, without the ones another (not closely related) language
# writes as often.
_WORDS = {
    "en": "the of and to that is was for with are this have from which were been would their they has "
    "will not but he she his we you our or who had what when there can its into than said about after "
    "more could should these those them then how only over just be by it if",
    "de": "der die das und ist nicht mit den dem des sich auch eine einer einem eines wird wurde sind auf "
    "für bei nach aus zum zur über noch ein einen ich im wir sie zu von dass daß hat habe haben oder wie nur "
    "aber wenn kann schon sein seine ihre ihr werden mehr dann diese dieser diesen dieses wurden hatte "
    "sehr bis vom uns mich mir dir euch doch durch gegen ob unter können muss jetzt immer keine kein",
    "fr": "le les et des est une dans qui pour pas sur du au avec ce sont été ont aux cette mais nous leur "
    "par plus ses ou elle ils qu ces comme tout après selon lui sans sous deux même peut fait très était "
    "avait",
    "es": "el los las y por con para como más pero sus fue está este esta también del hasta desde durante "
    "cuando sin ya muy dijo estos estas sido hay todo todos después según tras fueron será tiene puede",
    "it": "il della gli nel alla anche è dei delle più sono non per che degli questo questa stato stata dal "
    "dalla nella nei sul sulla ad ci suo sua loro essere ancora dopo tra fra perché molto questi quella "
    "quello hanno aveva fatto cui ed dell nell sull",
    "pt": "os da do das dos em não uma com para é por mais como foi são também ao às pelo pela sobre ainda "
    "já foram seu sua seus ele ela isso muito quando depois até ser está tem",
    "nl": "het een van dat niet zijn voor met wordt ook bij naar heeft worden deze",
    "pl": "się że nie jest dla przez są oraz jak na do to od po w z ale już tym jego był była było który "
    "która które których także może jednak tego tej przy pod nad bardzo czy jeszcze",
    "cs": "že se je jako pro které na ve by jsou tak jeho",
    "sk": "že sa je ako pre ktoré na vo by sú tak jeho",
    "sv": "och att det som är för på med av till den har inte ett",
    "da": "og at det som er for på med af til den har ikke et",
    "no": "og at det som er for på med av til den har ikke et",
    "nb": "og at det som er for på med av til den har ikke et",
    "fi": "ja on että ei se oli ovat mutta kun tai myös hän ole jo niin kuin sen hänen joka jotka jossa "
    "mukaan vain nyt sitä tämä nämä voi kanssa olla ollut mitä sekä",
    "hu": "az és hogy nem is egy van meg volt de ez azt mint már csak még vagy ezt pedig akkor amely ami "
    "kell lesz között után szerint",
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
