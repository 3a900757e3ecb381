"""Captions and credits: the credit split off only where a caption ends with one."""

from __future__ import annotations

import pytest

from newscrawl.clean.captions import split_captions, split_credit
from newscrawl.items import Image, RawArticle
from newscrawl.options import ExtractOptions


@pytest.mark.parametrize(
    ("caption", "rest", "credit"),
    [
        # the seed's captions
        (
            "The largest protest since the beginning of the war has erupted in Russia "
            "(Picture: RusNews / east2west news)",
            "The largest protest since the beginning of the war has erupted in Russia",
            "RusNews / east2west news",
        ),
        (
            "The protest took place in the town of Baymak (Picture: AFP)",
            "The protest took place in the town of Baymak",
            "AFP",
        ),
        (
            "Riot police deployed teargas against the crowds",
            "Riot police deployed teargas against the crowds",
            None,
        ),
        ("Crowds in the square (Photo: Reuters)", "Crowds in the square", "Reuters"),
        ("Rishi Sunak at the despatch box. Photo: Reuters", "Rishi Sunak at the despatch box.", "Reuters"),
        (
            "Boris Johnson leaves No 10. Photograph: Stefan Rousseau/PA",
            "Boris Johnson leaves No 10.",
            "Stefan Rousseau/PA",
        ),
        ("The ferry at dawn. Credit: Jane Doe", "The ferry at dawn.", "Jane Doe"),
        ("The skyline at dusk © Jane Doe", "The skyline at dusk", "© Jane Doe"),
        (
            "Flood water in the high street. Image: Environment Agency",
            "Flood water in the high street.",
            "Environment Agency",
        ),
        ("A man walks past the building. Getty Images", "A man walks past the building.", "Getty Images"),
        (
            "Crowds gather outside parliament. AFP via Getty Images",
            "Crowds gather outside parliament.",
            "AFP via Getty Images",
        ),
        ("Getty Images", "", "Getty Images"),
        ("Protesters in Berlin / AP", "Protesters in Berlin", "AP"),
        ("Protesters in Berlin REUTERS/Fabrizio Bensch", "Protesters in Berlin", "REUTERS/Fabrizio Bensch"),
        (
            "The finish line (Photo by Michael Steele/Getty Images)",
            "The finish line",
            "Michael Steele/Getty Images",
        ),
        ("Crowds gather (AFP)", "Crowds gather", "AFP"),
        ("Die Demonstranten vor dem Reichstag (Foto: dpa)", "Die Demonstranten vor dem Reichstag", "dpa"),
        (
            "Der Kanzler in Berlin. Bild: Michael Kappeler/dpa",
            "Der Kanzler in Berlin.",
            "Michael Kappeler/dpa",
        ),
        ("Manifestants à Paris. Photo : AFP", "Manifestants à Paris.", "AFP"),
        ("Manifestación en Madrid. Fotografía: EFE", "Manifestación en Madrid.", "EFE"),
        ("Митинг в Москве. Фото: ТАСС", "Митинг в Москве.", "ТАСС"),
    ],
)
def test_split_credit(caption: str, rest: str, credit: str | None) -> None:
    assert split_credit(caption) == (rest, credit)


@pytest.mark.parametrize(
    "caption",
    [
        "Police released a photo: the suspect running from the scene",
        "He worked for Getty Images for a decade",
        "Officers outside the Getty Images office in London",
        "Students sit the AP exam",
        "Either/Or at the Tate Modern",
        "Mr Smith/Mrs Jones in court",
        "A picture of the town taken in 1920",
    ],
)
def test_captions_that_merely_mention_a_photo_are_not_split(caption: str) -> None:
    assert split_credit(caption) == (caption, None)


def test_split_captions_stage_normalises_and_keeps_a_given_credit() -> None:
    raw = RawArticle(
        url="https://example.com/a",
        images=[
            Image("https://example.com/1.jpg", caption="  The town\u00a0of Baymak\n(Picture: AFP) "),
            Image("https://example.com/2.jpg", caption="Harbour (Picture: AFP)", credit="Jane Doe"),
            Image("https://example.com/3.jpg", caption="(Picture: Getty Images)"),
        ],
    )
    split_captions(raw, ExtractOptions())
    assert [(i.caption, i.credit) for i in raw.images] == [
        ("The town of Baymak", "AFP"),
        ("Harbour (Picture: AFP)", "Jane Doe"),
        (None, "Getty Images"),
    ]
    assert raw.events.count("captions/credit_split") == 2
