"""The story's language: detected when the page declares none, corrected when the text contradicts it,
and the crawl's language filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl import ExtractOptions, extract_page
from newscrawl.clean.function_words import written_in
from newscrawl.clean.language import check_language
from newscrawl.items import Article, Block, RawArticle
from newscrawl.pipelines.language import LanguageFilterPipeline
from tests.helpers import FIXTURES, run_crawl

GERMAN = (
    "Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für Wärmepumpen deutlich auszuweiten. "
    "Hausbesitzer sollen künftig bis zu siebzig Prozent der Kosten erstattet bekommen, wenn sie ihre alte "
    "Ölheizung ersetzen. Die Opposition kritisierte den Plan als zu teuer und zu spät. "
) * 3
ENGLISH = (
    "The council approved the new tram line on Monday evening after a long and heated debate about costs. "
    "Work on the first section is expected to begin next spring and to take about two years to complete. "
) * 3


def raw(text: str, language: str | None) -> RawArticle:
    return RawArticle(url="https://x.example/a", inLanguage=language, blocks=[Block(text)])


def test_a_missing_language_is_detected_from_the_story() -> None:
    article = raw(GERMAN, None)
    check_language(article, ExtractOptions())
    assert article.inLanguage == "de"
    assert article.events == ["language/detected"]


def test_a_declaration_the_long_text_contradicts_is_corrected() -> None:
    article = raw(GERMAN, "en-US")  # a template's lang="en-US" on a German story
    check_language(article, ExtractOptions())
    assert article.inLanguage == "de"
    assert article.events == ["language/contradicted"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en-GB"),  # agrees: the region stays
        (ENGLISH[:150], "fr"),  # too short to overrule
        (GERMAN, "lb"),  # a language the model confuses with German stands
    ],
)
def test_a_declaration_stands_unless_clearly_contradicted(text: str, language: str) -> None:
    article = raw(text, language)
    check_language(article, ExtractOptions())
    assert article.inLanguage == language and article.events == []


def test_flagged_blocks_are_not_read_and_detection_can_be_switched_off() -> None:
    article = RawArticle(
        url="https://x.example/a", blocks=[Block(GERMAN, boilerplate="promo"), Block(ENGLISH)]
    )
    check_language(article, ExtractOptions())
    assert article.inLanguage == "en"
    untouched = raw(GERMAN, None)
    check_language(untouched, ExtractOptions(detect_language=False))
    assert untouched.inLanguage is None


def test_the_library_call_fills_in_the_language_of_an_undeclared_page() -> None:
    html = (
        "<html><head><title>Wärmepumpen</title></head><body><article><h1>Wärmepumpen</h1>"
        f"<p>{GERMAN}</p></article></body></html>"
    )
    result = extract_page(html, "https://x.example/wirtschaft/2024/07/02/waermepumpen-foerderung-steigt")
    assert result.article.inLanguage == "de"
    assert result.events.get("language/detected") == 1


def pipeline(languages: str) -> LanguageFilterPipeline:
    return LanguageFilterPipeline.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_LANGUAGES": languages}))


def test_the_language_filter_keeps_wanted_and_unknown_languages_and_counts_the_rest() -> None:
    keep = pipeline("de, en-GB")
    assert keep.process_item(Article(url="a", inLanguage="en-US")).url == "a"
    assert keep.process_item(Article(url="b", inLanguage=None)).url == "b"
    with pytest.raises(DropItem):
        keep.process_item(Article(url="c", inLanguage="fr"))
    assert keep.stats.get_value("newscrawl/dropped/language") == 1
    with pytest.raises(NotConfigured):
        pipeline("")


@pytest.mark.crawl
def test_a_crawl_with_a_language_argument_emits_only_that_language(tmp_path: Path) -> None:
    settings = {"NEWSCRAWL_REPLAY_DIR": str(FIXTURES)}
    english = run_crawl(tmp_path / "en", "-a", "site=northbridge", "-a", "language=en", settings=settings)
    german = run_crawl(tmp_path / "de", "-a", "site=northbridge", "-a", "language=de", settings=settings)
    assert english.returncode == german.returncode == 0, german.log[-2000:]
    assert len(english.items) == 6
    assert german.items == []
    assert german.stats["newscrawl/dropped/language"] == 6


GREEK = (
    "Η κυβέρνηση ανακοίνωσε χθες νέα μέτρα για τη στήριξη των νοικοκυριών "
    "που πλήττονται από την ακρίβεια. "
) * 3


BLOG_GERMAN = (
    "Ich wollte diesen Text schon seit Anfang des Jahres schreiben, aber ich hatte keine Energie dafür. "
    "Wir haben ihn immer wieder verschoben, weil uns im Sommer die Zeit fehlte."
)


@pytest.mark.parametrize(
    ("language", "text", "verdict"),
    [
        ("de", GERMAN, True),  # German function words
        ("en", ENGLISH, True),
        ("en", GERMAN, None),  # a template's lang="en" on a German story: the model decides
        ("de", ENGLISH, None),
        ("fr", ENGLISH, None),
        ("el", GREEK, True),  # the Greek script
        ("ru", GREEK, None),
        ("de", GERMAN[:60], None),  # too little text to tell
        ("de", BLOG_GERMAN, True),  # a first-person opening: ich, wir, hatte, keine ...
        ("en", BLOG_GERMAN, None),
        ("xx", GERMAN, None),  # a language the glance does not know
    ],
)
def test_a_glance_confirms_only_plain_declarations(language: str, text: str, verdict: bool | None) -> None:
    assert written_in(language, text) is verdict


def test_a_declaration_the_glance_confirms_skips_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(*args: object) -> None:
        raise AssertionError("the model was asked")

    monkeypatch.setattr("newscrawl.clean.language.detect_language", no_model)
    article = raw(GERMAN, "de-DE")
    check_language(article, ExtractOptions())
    assert article.inLanguage == "de-DE" and article.events == []


def test_the_float32_table_scores_exactly_as_the_shipped_model() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newscrawl.clean.language import _identifier

    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in (GERMAN, ENGLISH, GERMAN[:250], "Ελληνικά κείμενα", "x", ""):
        assert _identifier()._decide(text).tobytes() == shipped._decide(text).tobytes()
