"""Boilerplate phrases: promo lines of many languages flagged, story sentences never."""

from __future__ import annotations

import re

import pytest

from newscrawl import extract_article
from newscrawl.clean import clean_article
from newscrawl.clean.boilerplate import mark_boilerplate, mark_boxed_captions
from newscrawl.items import Block, Image, RawArticle
from newscrawl.options import ExtractOptions
from newscrawl.phrases import MAX_PHRASE_BLOCK_CHARS, boilerplate_reason, parse_phrase_file, phrase_files

REQUIRED_LANGUAGES = {"en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "ja", "zh", "ko"}


def test_every_required_language_has_a_phrase_file_that_compiles() -> None:
    files = phrase_files()
    assert set(files) >= REQUIRED_LANGUAGES
    for lang, text in files.items():
        pairs = parse_phrase_file(text, lang)
        assert pairs, lang
        for reason, pattern in pairs:
            assert reason != "phrase", f"{lang}: pattern {pattern!r} outside a [reason] section"
            assert not re.compile(pattern, re.I).search(""), f"{lang}: {pattern!r} matches empty text"


def test_a_bad_pattern_is_reported_with_its_line() -> None:
    with pytest.raises(ValueError, match=r"x\.txt:3"):
        parse_phrase_file("[promo]\n^ok\n^(unclosed\n", "x.txt")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the seed's promo and footer lines
        (
            "To view this video please enable JavaScript, and consider upgrading to a web browser that "
            "supports HTML5 video",
            "video-fallback",
        ),
        ("Follow Metro on WhatsApp to be the first to get all the latest news", "promo"),
        (
            "Want to be the first to hear the world’s top stories? Metro.co.uk is now on WhatsApp sending "
            "vital updates and top trending stories straight to your phone.",
            "promo",
        ),
        (
            "Join the Metro WhatsApp community now for breaking news, juicy showbiz stories and must-watch "
            "videos from across our website.",
            "promo",
        ),
        (
            "Simply click on this link and select ‘Join Chat’. Don’t forget to turn on notifications so "
            "you’ll always be the first to hear the latest!",
            "promo",
        ),
        ("Get in touch with our news team by emailing us at webnews@metro.co.uk.", "contact"),
        ("For more stories like this, check our news page.", "contact"),
        ("Read more: Ten things we learned from the budget", "related"),
        ("MORE : Putin’s approval ratings", "related"),
        ("Related: How the protest unfolded", "related"),
        ("Sign up to our free Morning Briefing newsletter", "newsletter"),
        ("Advertisement", "ad"),
        ("Story continues below advertisement", "ad"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("Click here to subscribe", "click"),
        ("© 2024 Northbridge Media Ltd. All rights reserved.", "copyright"),
        ("Photo: Reuters", "credit"),
        ("Image: Getty Images", "credit"),
        ("Share this article", "share"),
        ("Lesen Sie auch: Die Lage in Kiew", "related"),
        ("Anzeige", "ad"),
        ("Folgen Sie uns auf Instagram", "promo"),
        ("Lire aussi : La réforme des retraites", "related"),
        ("Suivez-nous sur Facebook", "promo"),
        ("Síguenos en Twitter", "promo"),
        ("Leggi anche: Il governo cade", "related"),
        ("Leia também: O governo cai", "related"),
        ("Lees ook: Het kabinet valt", "related"),
        ("Читайте также: Новости дня", "related"),
        ("Czytaj także: Rząd upada", "related"),
        ("関連記事", "related"),
        ("相关阅读：政府倒台", "related"),
        ("관련기사", "related"),
        ("무단전재 및 재배포 금지", "copyright"),
        ("Baca juga: Harga BBM naik lagi", "related"),
        ("Privacy Policy", "nav"),
    ],
)
def test_boilerplate_phrases(text: str, reason: str) -> None:
    assert boilerplate_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        # story sentences that contain promo words
        "Officers resorted to firing tear gas at the crowd and using their batons against the protestors.",
        "More than 5,000 people joined the protest, and many said they would follow the trial closely.",
        "The minister said she would sign up to the treaty only if the opposition agreed to it.",
        "Share prices fell by 4% after the announcement, wiping £2bn off the company’s value.",
        "Read the full report, she said, and you will see that the numbers do not add up.",
        "Advertisements for the product were banned by the regulator last year.",
        "Click-through rates rose sharply after the campaign, the agency said.",
        "Viele Menschen folgen den Nachrichten aus Kiew mit großer Sorge.",
        "Les manifestants ont partagé des vidéos sur les réseaux sociaux.",
        "Многие жители поделились фотографиями в социальных сетях.",
        "Thousands of people have been detained in the past two years for opposing the war in Ukraine.",
        "By midnight on Tuesday, the crowd of several thousand had dispersed peacefully.",
    ],
)
def test_story_sentences_are_not_boilerplate(text: str) -> None:
    assert boilerplate_reason(text) is None


def test_a_phrase_inside_a_long_paragraph_is_not_boilerplate() -> None:
    long = "Follow us on Twitter, the mayor told the crowd, " + "and then she spoke at length. " * 12
    assert len(long) > MAX_PHRASE_BLOCK_CHARS
    assert boilerplate_reason(long) is None


def test_site_patterns_apply_and_win() -> None:
    site = ((r"^northbridge gazette —", "masthead"),)
    assert boilerplate_reason("Northbridge Gazette — trusted since 1887", site) == "masthead"
    assert boilerplate_reason("Northbridge Gazette — trusted since 1887") is None


def _raw(*blocks: Block) -> RawArticle:
    return RawArticle(url="https://example.com/news/2024/01/02/story", headline="H", blocks=list(blocks))


def test_mark_boilerplate_flags_and_counts_but_keeps_structural_and_caption_verdicts() -> None:
    raw = _raw(
        Block("Story paragraph one."),
        Block("Photo: AFP", kind="caption"),
        Block("Read more: another story"),
        Block("Anything", boilerplate="related"),
    )
    mark_boilerplate(raw, ExtractOptions())
    assert [b.boilerplate for b in raw.blocks] == [None, None, "related", "related"]
    # the structural verdict and the phrase verdict are both counted; the caption is not
    assert raw.events == ["boilerplate/related", "boilerplate/related"]


def test_unrecognised_line_inside_a_trailing_promo_box_is_flagged() -> None:
    raw = _raw(
        Block("The story ends here with a long enough sentence to count as story text."),
        Block("Follow the Courier on WhatsApp"),
        Block("Our channel brings you the day’s top stories."),
        Block("Sign up to our newsletter"),
    )
    mark_boilerplate(raw, ExtractOptions())
    assert [b.boilerplate for b in raw.blocks] == [None, "promo", "promo-run", "newsletter"]
    assert "boilerplate/promo-run" in raw.events


def test_story_between_a_mid_article_promo_and_a_footer_is_kept() -> None:
    raw = _raw(
        Block("First paragraph of the story."),
        Block("CLICK HERE TO GET THE APP"),
        Block("A rep for the singer did not respond to a request for comment."),
        Block("For more stories like this, check our news page."),
    )
    mark_boilerplate(raw, ExtractOptions())
    assert raw.blocks[2].boilerplate is None


def test_story_ending_in_story_text_has_no_trailing_region() -> None:
    raw = _raw(Block("Follow us on X"), Block("Short story line."), Block("Last story line."))
    mark_boilerplate(raw, ExtractOptions())
    assert [b.boilerplate for b in raw.blocks] == ["promo", None, None]


def _boxed(mode: str = "drop") -> RawArticle:
    raw = _raw(
        Block("The story ends with a sentence long enough to count as story text."),
        Block("Follow Metro on WhatsApp to be the first to get all the latest news", kind="h"),
        Block("Want to be the first to hear the world’s top stories?", boilerplate="promo"),
        Block("Follow us to receive the latest news updates (Picture: Getty Images)", kind="caption"),
        Block("Join the WhatsApp community now for breaking news.", boilerplate="promo"),
    )
    raw.images = [
        Image("https://example.com/story.jpg", "The story's own picture"),
        Image(
            "https://example.com/promo.jpg",
            "Follow us to receive the latest news updates (Picture: Getty Images)",
        ),
    ]
    mark_boilerplate(raw, ExtractOptions(boilerplate=mode))  # type: ignore[arg-type]
    return raw


def test_a_caption_inside_a_promo_box_is_flagged_and_its_image_dropped() -> None:
    raw = _boxed()
    assert raw.blocks[3].boilerplate == "promo"
    assert [image.url for image in raw.images] == ["https://example.com/story.jpg"]
    assert "boilerplate/image" in raw.events


def test_keep_mode_keeps_the_image_of_a_promo_box() -> None:
    raw = _boxed("keep")
    assert raw.blocks[3].boilerplate == "promo"
    assert len(raw.images) == 2


@pytest.mark.parametrize(
    ("before", "after", "flagged"),
    [
        ("promo", None, True),  # the end of the article counts as flagged
        ("related", "related", True),
        ("promo", "story", False),  # a picture between a promo line and the story is the story's
        ("byline", "share", False),  # the lead picture under a byline
        ("header", "header", False),
        (None, "promo", False),
    ],
)
def test_which_captions_count_as_inside_boilerplate(
    before: str | None, after: str | None, flagged: bool
) -> None:
    blocks = [Block("Story text of the article, long enough.")]
    blocks.append(Block("Line before the picture", boilerplate=before))
    blocks.append(Block("A caption", kind="caption"))
    if after is not None:
        blocks.append(Block("Line after the picture", boilerplate=None if after == "story" else after))
    assert bool(mark_boxed_captions(blocks)) is flagged
    assert blocks[2].boilerplate == (before if flagged else None)


PAGE = """<html lang="en"><head><title>Harbour works</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour works begin",
"datePublished": "2024-03-01T09:00:00Z"}</script></head>
<body><article><h1>Harbour works begin</h1>
<p>To view this video please enable JavaScript, and consider upgrading to a web
browser that
supports HTML5
video</p>
<p>Work on the harbour wall began on Monday, the council said.</p>
<figure><img src="/a.jpg"><figcaption>The harbour wall (Picture: AFP)</figcaption></figure>
<p>The project is expected to take two years.</p>
<p>Follow the Courier on WhatsApp</p>
</article></body></html>"""


def test_keep_mode_emits_every_block_in_order_and_drop_mode_only_the_story() -> None:
    url = "https://example.com/news/2024/03/01/harbour-works-begin"
    keep = extract_article(PAGE, url, boilerplate="keep")
    drop = extract_article(PAGE, url)
    assert keep.articleBody.split("\n") == [
        "To view this video please enable JavaScript, and consider upgrading to a web browser that "
        "supports HTML5 video",
        "Work on the harbour wall began on Monday, the council said.",
        "The harbour wall (Picture: AFP)",
        "The project is expected to take two years.",
        "Follow the Courier on WhatsApp",
    ]
    assert drop.articleBody == (
        "Work on the harbour wall began on Monday, the council said.\n"
        "The project is expected to take two years."
    )
    assert drop.images == [
        {"url": "https://example.com/a.jpg", "caption": "The harbour wall", "credit": "AFP"}
    ]


def test_clean_options_refuse_an_unknown_mode() -> None:
    with pytest.raises(ValueError):
        clean_article(_raw(Block("x")), ExtractOptions(boilerplate="maybe"))  # type: ignore[arg-type]


def test_phrase_verdicts_can_be_switched_off() -> None:
    raw = _raw(Block("Read more: another story"), Block("Promo", boilerplate="promo"))
    mark_boilerplate(raw, ExtractOptions(boilerplate_phrases=False))
    assert [b.boilerplate for b in raw.blocks] == [None, "promo"]
    assert raw.events == ["boilerplate/promo"]  # the structural verdict is still counted


def test_an_invalid_site_pattern_is_skipped_not_fatal(caplog: pytest.LogCaptureFixture) -> None:
    site = (("^(unclosed", "broken"), (r"^courier extra$", "site"))
    assert boilerplate_reason("Courier extra", site) == "site"
    assert "invalid site boilerplate pattern" in caplog.text


def test_anchored_and_floating_phrases_keep_their_meaning() -> None:
    from newscrawl.phrases import PhraseMatcher

    matcher = PhraseMatcher(
        [
            ("a", "^sign up"),
            ("a", "^(a|b)c$"),
            ("b", r"\ball rights reserved$"),
            ("c", r"\b(this|our) site uses cookies\b"),
            ("c", "^follow us"),
            ("d", "^Sign Up Now"),
            ("d", r"\bÉDITION ABONNÉS$"),
        ]
    )
    assert matcher.reason("Sign up for our newsletter") == "a"
    assert matcher.reason("Readers can sign up today") is None  # anchored stays anchored
    assert matcher.reason("bc") == "a" and matcher.reason("xbc") is None
    assert matcher.reason("© 2024 Example News. All Rights Reserved") == "b"  # floating, any case
    assert matcher.reason("We note that OUR SITE USES COOKIES.") == "c"
    assert matcher.reason("Our site uses cookie jars") is None
    # the first reason in order wins, whether its phrase is anchored or floating
    assert matcher.reason("Follow us: all rights reserved") == "b"
    assert matcher.reason("Sign up now, all rights reserved") == "a"
    # a phrase written with capitals is still matched case-blind
    assert matcher.reason("Lire l'Édition abonnés") == "d"


def test_required_literal_of_a_phrase_is_text_every_match_contains() -> None:
    from newscrawl.phrases import required_literal

    assert required_literal(r"\bmay earn (a )?(small )?commission\b") == "commission"
    assert required_literal(r"\b\d+\s*(min|mins)\s*read$") == "read"
    assert required_literal("(クッキー|cookie).{0,20}(使用|利用)しています") == "しています"
    assert required_literal("x{1,2}yyyy") == "yyyy"
    assert required_literal("colou?r") == "colo"  # the optional letter ends the run
    assert required_literal("ab|cd") is None  # either side may match
    assert required_literal("(twitter|x)\\s*(で|を)") is None


def test_required_alternatives_of_a_phrase_are_texts_one_of_which_every_match_contains() -> None:
    from newscrawl.phrases import required_alternatives

    assert required_alternatives("(twitter|x)\\s*(で|を)(フォロー|友だち追加)") == ("フォロー", "友だち追加")
    assert required_alternatives("(?:Sign|Log) in") == ("sign", "log")  # lower case, like the block
    assert required_alternatives("(ab|cde)+ x") == ("ab", "cde")  # repeated is still there
    assert required_alternatives("(ab|cd)?xyz") is None  # optional
    assert required_alternatives("(ab|cd){0,2}") is None
    assert required_alternatives("(ab|c)") is None  # "c" is too short to be worth a test
    assert required_alternatives("(a.b|cd)") is None  # not plain text
    assert required_alternatives("x|(ab|cd)") is None  # either side may match
    assert required_alternatives("(?=ab|cd)") is None  # a look-ahead consumes nothing


def test_a_phrase_opening_with_look_aheads_matches_as_written() -> None:
    import re

    from newscrawl.phrases import PhraseMatcher, _lookaheads_last

    phrase = "^(?=.*\\d)(?=.*\\b(?:jan|updated))^(?:(?:updated|jan|\\d{1,4})[\\s,.:]*){2,}$"
    assert _lookaheads_last(phrase[1:]).startswith("(?=(?:(?:updated|jan|")
    matcher = PhraseMatcher([("meta", phrase)])
    for text in ("Updated 5 Jan 2024", "Jan 2024", "5 2024", "updated jan", "Updated: 5 Jan, said", ""):
        expected = "meta" if re.match(phrase, text.lower()) else None
        assert matcher.reason(text) == expected, text


def test_first_characters_of_a_phrase_are_known_only_when_plain() -> None:
    from newscrawl.phrases import first_characters

    assert first_characters("sign up") == {"s"}
    assert first_characters("(follow|like) us") == {"f", "l"}
    assert first_characters("(?:get|(download|install)) the app") == {"g", "d", "i"}
    # an optional first item adds the first characters of what follows it
    assert first_characters("(you must )?enable javascript") == {"y", "e"}
    assert first_characters("\\(?editing by") == {"(", "e"}
    assert first_characters("a?b") == {"a", "b"}
    assert first_characters("(a|b)?") is None  # nothing required after it
    assert first_characters("[\\w.+-]+@example") is None
    assert first_characters("\\d+ min") is None
    assert first_characters("(ab){2}c") is None


def test_opening_texts_of_a_phrase_are_known_only_when_plain() -> None:
    from newscrawl.phrases import opening_texts

    assert opening_texts("sign up") == {"si"}
    assert opening_texts("(follow|like) us") == {"fo", "li"}
    assert opening_texts("(you must )?enable") == {"yo", "en"}
    assert opening_texts("don'?t") == {"do"}
    assert opening_texts("ab?c") == {"ab", "ac"}
    assert opening_texts("\\(?editing") == {"(e", "ed"}
    assert opening_texts("b$") == {"b"}  # a match may be one character long
    assert opening_texts("(a|b)?") == {"a", "b", ""}  # ... or empty
    assert opening_texts("x\\d") is None  # first_characters still knows the "x"
    assert opening_texts("a+b") is None
    assert opening_texts("(?=x)ab") is None


def test_phrases_are_found_through_the_opening_index() -> None:
    from newscrawl.phrases import PhraseMatcher

    matcher = PhraseMatcher(
        [("a", "^b$"), ("b", "^x\\d"), ("c", "^(a|b)?$"), ("d", "^sign up"), ("e", "^[s]ix")]
    )
    assert matcher.reason("b") == "a" and matcher.reason("x1 y") == "b" and matcher.reason("xy") is None
    assert matcher.reason("a") == "c" and matcher.reason("ab") is None
    assert matcher.reason("Sign up now") == "d" and matcher.reason("six") == "e"
    assert matcher.reason("si") is None and matcher.reason("s") is None


def test_phrases_are_found_through_the_first_character_index() -> None:
    from newscrawl.phrases import PhraseMatcher

    matcher = PhraseMatcher(
        [("promo", "^(follow|like) us on"), ("contact", "^get in touch"), ("x", "^(a )?b")]
    )
    assert matcher.reason("Follow us on X") == "promo"
    assert matcher.reason("like us on Facebook") == "promo"
    assert matcher.reason("Get in touch with us") == "contact"
    assert matcher.reason("a b") == "x" and matcher.reason("b") == "x"
    assert matcher.reason("unrelated story text") is None
