"""The cleaning stages together: field shapes, keep/drop assembly, and the seed's lines."""

from __future__ import annotations

import pytest

from newscrawl.clean import STAGES, assemble, clean_article, fingerprint, normalise_text
from newscrawl.clean.boilerplate import mark_boilerplate
from newscrawl.items import Block, Image, RawArticle
from newscrawl.options import ExtractOptions
from tests.helpers import SHARED, needs_shared

SEED = SHARED / "seeds" / "000_f764ce1cc3690468.txt"


def test_stage_order() -> None:
    names = [stage.__name__ for stage in STAGES]
    assert names == [
        "normalise_text",
        "mark_boilerplate",
        "split_captions",
        "normalise_dates",
        "normalise_authors",
        "check_language",
    ]


def test_normalise_text_accepts_the_shapes_metadata_comes_in() -> None:
    raw = RawArticle(
        url="https://example.com/a",
        headline="Tom &amp; Jerry\u00a0return",
        section=["", "World", "Europe"],  # type: ignore[arg-type]  # JSON-LD articleSection list
        keywords=["Politics, UK Parliament,  Brexit ,Politics"],
        authors=[{"name": "Jane Doe"}, "  "],  # type: ignore[list-item]
        blocks=[Block(" \u200b "), Block("Text\u00a0one"), Block("")],
        images=[Image("https://example.com/1.jpg", caption=" A\u00a0caption ")],
        datePublishedRaw=["2024-01-02T10:00:00Z"],  # type: ignore[arg-type]
        inLanguage=["en-GB"],  # type: ignore[arg-type]
        canonicalUrl=[" https://example.com/a?utm_source=x "],  # type: ignore[arg-type]
    )
    normalise_text(raw, ExtractOptions())
    assert raw.headline == "Tom & Jerry return"
    assert raw.section == "World"
    assert raw.keywords == ["Politics", "UK Parliament", "Brexit"]
    other = RawArticle(url="https://example.com/b", keywords=["政治、经济，社会"])
    normalise_text(other, ExtractOptions())
    assert other.keywords == ["政治", "经济", "社会"]
    assert raw.authors == ["Jane Doe"]
    assert [b.text for b in raw.blocks] == ["Text one"]
    assert raw.events == ["text/empty_block", "text/empty_block"]
    assert raw.images[0].caption == "A caption"
    article = clean_article(raw, ExtractOptions())
    assert article.datePublished == "2024-01-02T10:00:00+00:00"
    assert article.inLanguage == "en-GB"
    assert article.canonicalUrl == "https://example.com/a"


def test_drop_mode_leaves_out_flagged_blocks_and_captions_keep_mode_keeps_all() -> None:
    def raw() -> RawArticle:
        return RawArticle(
            url="https://example.com/a",
            blocks=[
                Block("Story one."),
                Block("Promo", boilerplate="promo"),
                Block("A caption", kind="caption"),
                Block("Story two."),
            ],
        )

    drop = assemble(raw(), ExtractOptions())
    keep = assemble(raw(), ExtractOptions(boilerplate="keep"))
    assert drop.articleBody == "Story one.\nStory two."
    assert keep.articleBody == "Story one.\nPromo\nA caption\nStory two."
    assert drop.fingerprint == fingerprint("Story one.\nStory two.")
    assert drop.fingerprint != keep.fingerprint


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


@needs_shared
def test_seed_story_lines_are_never_flagged_and_its_promo_lines_are() -> None:
    lines = seed_lines()
    fallback = " ".join(lines[0:4])
    blocks = [Block(fallback)] + [Block(line) for line in lines[4:30]]
    raw = RawArticle(url="https://metro.co.uk/2024/01/17/story", blocks=blocks)
    normalise_text(raw, ExtractOptions())
    mark_boilerplate(raw, ExtractOptions())
    verdicts = {i + 1: b.boilerplate for i, b in enumerate(raw.blocks, start=3)}  # seed line numbers
    verdicts[1] = verdicts.pop(4)  # the joined fallback stands for lines 1-4
    story = [*range(5, 11), *range(13, 17), *range(19, 24)]
    captions = [11, 12, 17, 18, 26]  # captions are judged by caption splitting, not phrases
    for line in story + captions[:-1]:
        assert verdicts[line] is None, f"seed line {line}: {lines[line - 1]!r}"
    assert verdicts[1] == "video-fallback"
    for line in (24, 25, 27, 28, 29, 30):
        assert verdicts[line] is not None, f"seed line {line}: {lines[line - 1]!r}"


@needs_shared
@pytest.mark.parametrize("line", [11, 17, 18, 26])
def test_seed_caption_credits_split(line: str) -> None:
    from newscrawl.clean.captions import split_credit

    caption, credit = split_credit(seed_lines()[line - 1])
    assert credit in {"RusNews / east2west news", "AFP", "Getty Images"}
    assert not caption.endswith(")")


REAL_METRO = SHARED / "real" / "metro.co.uk" / "king-speech-2024-07-17"


@needs_shared
def test_phrase_stage_on_a_real_metro_page_flags_promos_and_no_story_line() -> None:
    """Generic extraction (no profile) of a real Metro page: verdicts checked against its truth."""
    import json

    from newscrawl.article import extract_raw

    expected = json.loads(REAL_METRO.with_suffix(".expected.json").read_text(encoding="utf-8"))
    story = set(expected["articleBody"].split("\n"))
    raw = extract_raw(REAL_METRO.with_suffix(".html").read_bytes(), expected["url"], use_profiles=False)
    normalise_text(raw, ExtractOptions())
    mark_boilerplate(raw, ExtractOptions())
    flagged = [b.text for b in raw.blocks if b.boilerplate]
    kept = [b.text for b in raw.blocks if not b.boilerplate and b.kind != "caption"]
    assert not story & set(flagged)  # no story line is ever flagged, under any reason
    # The video fallback is flagged by its player's class or is no block at all (it sits in
    # <noscript>); either way it is not in the drop-mode body.
    assert not any("enable JavaScript" in text for text in kept)
    for start in (
        "Got a story? Get in touch with our news team",
        "For more stories like this",
        "Follow Metro.co.uk on Twitter and Facebook",
        "MORE : ",
        "Sign Up for News Updates",
        "Get your need-to-know latest news",
        "Privacy Policy",
    ):
        # each of these promo/contact lines is a block of the page, flagged (whatever the reason)
        assert any(text.startswith(start) for text in flagged), start
        assert not any(text.startswith(start) for text in kept), start
    assert sum(text in story for text in kept) >= 30
