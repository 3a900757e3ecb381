"""The seed article (a naive scrape of a Metro page) as a golden test of extraction + cleaning.

The fixture ``fixtures/metro.co.uk/putin-loses-grip-baymak-protest-2024-01-18.html`` marks the seed's
article up the way Metro does. Seed line numbers below are 1-based, as in ``annotated.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl import extract_article
from newscrawl.article import extract_raw
from newscrawl.clean import clean_article
from newscrawl.fixtures import Fixture, load_fixture
from newscrawl.sites import metro
from tests.helpers import FIXTURES, SHARED, needs_shared, run_crawl

FIXTURE = load_fixture(FIXTURES / "metro.co.uk" / "putin-loses-grip-baymak-protest-2024-01-18.json")
SEED = SHARED / "seeds" / "000_f764ce1cc3690468.txt"
FALLBACK = (
    "To view this video please enable JavaScript, and consider upgrading to a web browser that"
    " supports HTML5 video"
)
ADDRESS = "webnews@metro.co.uk"
CAPTIONS = [
    ("The largest protest since the beginning of the war has erupted in Russia", "RusNews / east2west news"),
    ("Riot police deployed teargas against the crowds", None),
    ("The protest took place in the town of Baymak", "AFP"),
    ("A protestor reacts after police used teargas to disperse the crowd", "AFP"),
]


def fixture() -> Fixture:
    assert FIXTURE is not None
    return FIXTURE


def seed_lines(*ranges: tuple[int, int]) -> list[str]:
    """Seed lines by 1-based inclusive ranges."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [line for first, last in ranges for line in lines[first - 1 : last]]


def keep_mode_text() -> str:
    """The seed as keep mode must give it: the fallback as one line, the protected address decoded."""
    lines = [FALLBACK, *seed_lines((5, 31))]
    assert "[email protected]" in lines[25]
    lines[25] = lines[25].replace("[email protected]", ADDRESS)
    return "\n".join(lines)


def drop() -> dict:
    from dataclasses import asdict

    return asdict(extract_article(fixture().body(), fixture().url, saved=fixture().saved))


def keep() -> str:
    return extract_article(fixture().body(), fixture().url, boilerplate="keep").articleBody or ""


# --- drop mode (the default) -----------------------------------------------------------------


def test_drop_mode_body_is_the_stored_expected_body() -> None:
    expected = fixture().expected
    assert expected is not None
    assert drop()["articleBody"] == expected["articleBody"]
    assert len(expected["articleBody"].splitlines()) == 15


@needs_shared
def test_drop_mode_body_is_exactly_seed_lines_5_10_13_16_19_23() -> None:
    assert drop()["articleBody"] == "\n".join(seed_lines((5, 10), (13, 16), (19, 23)))


@needs_shared
def test_nothing_of_the_fallback_promo_contact_footer_or_video_title_is_in_the_body() -> None:
    body = drop()["articleBody"]
    for line in seed_lines((1, 4), (24, 31)):
        assert line not in body
    for fragment in (
        "JavaScript",
        "HTML5",
        "WhatsApp",
        "Join Chat",
        "Get in touch",
        "For more stories",
        "biggest",
    ):
        assert fragment not in body
    for caption, _ in CAPTIONS:
        assert caption not in body


def test_the_four_editorial_captions_are_images_with_their_credits() -> None:
    images = drop()["images"]
    assert [(i["caption"], i["credit"]) for i in images] == CAPTIONS
    assert all(i["url"].startswith("https://metro.co.uk/wp-content/uploads/2024/01/") for i in images)


def test_headline_byline_date_and_section() -> None:
    item = drop()
    assert item["headline"] == "Putin loses grip weeks before election as Russians hurl snowballs at police"
    assert item["authors"] == ["Lucy Harrow"]
    assert item["datePublished"] == "2024-01-18T09:41:27+00:00"
    assert item["section"] == "News"
    assert item["canonicalUrl"] == fixture().url


def test_metro_boilerplate_is_flagged_by_the_profile_itself() -> None:
    """By its selectors (at extraction) and its phrases (applied by the boilerplate stage), each block
    with one of the profile's own reasons."""
    raw = extract_raw(fixture().body(), fixture().url, saved=fixture().saved)
    assert raw.profile == "metro@V1"
    clean_article(raw)
    own = {reason for _, reason in (*metro.V1.FLAGS, *metro.PROFILE.boilerplate_phrases)}
    assert {b.boilerplate for b in raw.blocks if b.boilerplate} <= own
    reasons = [(b.boilerplate, b.kind) for b in raw.blocks if b.boilerplate]
    assert reasons == [
        ("video-fallback", "p"),
        *[("promo", kind) for kind in ("h", "p", "caption", "p", "p")],
        ("contact", "p"),
        ("footer", "p"),
        ("video-title", "caption"),
    ]


# --- keep mode -------------------------------------------------------------------------------


def test_keep_mode_holds_every_block_with_the_address_decoded() -> None:
    lines = keep().splitlines()
    assert len(lines) == 28
    assert lines[0] == FALLBACK
    assert lines[25] == f"Get in touch with our news team by emailing us at {ADDRESS}."
    assert "protected]" not in keep()
    story = [line for line in lines if line in drop()["articleBody"].splitlines()]
    assert story == drop()["articleBody"].splitlines()


@needs_shared
def test_keep_mode_reproduces_the_seed() -> None:
    assert keep() == keep_mode_text()


# --- the same through a crawl ----------------------------------------------------------------


@pytest.mark.crawl
@needs_shared
def test_a_keep_mode_crawl_reproduces_the_seed(tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={fixture().url}",
        settings={"NEWSCRAWL_REPLAY_DIR": str(FIXTURES), "NEWSCRAWL_BOILERPLATE": "keep"},
    )
    assert result.returncode == 0, result.log[-2000:]
    assert [item["articleBody"] for item in result.items] == [keep_mode_text()]


# --- the generic engine (no site profile) on the same page -----------------------------------


def test_generic_engine_drops_the_promo_box_picture_and_keeps_the_story() -> None:
    article = extract_article(fixture().body(), fixture().url, saved=fixture().saved, use_profiles=False)
    assert article.articleBody == fixture().expected["articleBody"]  # type: ignore[index]
    assert [(image["caption"], image["credit"]) for image in article.images] == CAPTIONS


def test_generic_engine_keep_mode_shows_the_video_fallback_as_one_line() -> None:
    kept = extract_article(fixture().body(), fixture().url, boilerplate="keep", use_profiles=False)
    lines = (kept.articleBody or "").splitlines()
    assert lines[0] == FALLBACK
    assert any(line.startswith("Follow us to receive the latest news updates") for line in lines)
