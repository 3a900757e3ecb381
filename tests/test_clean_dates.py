"""Dates: ISO 8601 with the right offset, date-only when the page gives no time or zone."""

from __future__ import annotations

import itertools
import time
from datetime import datetime, timezone

import pytest

from newscrawl.clean import normalise_dates
from newscrawl.dates import (
    _COMMON_LANGUAGES,
    _MONTH_NAMES,
    _numeric,
    _with_dateparser,
    _with_dateutil,
    _with_month_table,
    check_date,
    iso_date,
    modified_before_published,
)
from newscrawl.items import RawArticle
from newscrawl.options import ExtractOptions


@pytest.mark.parametrize(
    ("raw", "tz", "iso"),
    [
        ("2024-07-17T11:21:00+01:00", None, "2024-07-17T11:21:00+01:00"),
        ("2024-07-17T11:21:00Z", None, "2024-07-17T11:21:00+00:00"),
        ("2024-07-17T11:21:00.123-0400", None, "2024-07-17T11:21:00-04:00"),
        # no zone: the site's zone, DST-aware; without one, date only
        ("2024-07-17T11:21:00", "Europe/London", "2024-07-17T11:21:00+01:00"),
        ("2024-01-17T11:21:00", "Europe/London", "2024-01-17T11:21:00+00:00"),
        ("2024-07-17T11:21:00", None, "2024-07-17"),
        ("2024-07-17", "Europe/London", "2024-07-17"),
        ("17 July 2024", "Europe/London", "2024-07-17"),
        # RFC 2822
        ("Wed, 17 Jul 2024 11:21:00 +0100", None, "2024-07-17T11:21:00+01:00"),
        ("Wed, 17 Jul 2024 10:21:00 GMT", None, "2024-07-17T10:21:00+00:00"),
        # named zones
        ("17 July 2024 11:21 BST", None, "2024-07-17T11:21:00+01:00"),
        ("Updated 17 July 2024 11:21 CEST", None, "2024-07-17T11:21:00+02:00"),
        ("2024-07-17 11:21:00 PDT", None, "2024-07-17T11:21:00-07:00"),
        ("17 January 2024 11:21 EST", None, "2024-01-17T11:21:00-05:00"),
        ("July 17, 2024 at 11:21 a.m. ET", None, "2024-07-17T11:21:00-04:00"),
        ("January 17, 2024 at 11:21 p.m. ET", None, "2024-01-17T23:21:00-05:00"),
        ("Published: 17:05, Wed 17 Jul 2024", "Europe/London", "2024-07-17T17:05:00+01:00"),
        ("Wednesday 17 July 2024 11.21 BST", None, "2024-07-17T11:21:00+01:00"),
        # an unknown zone name is no offset: the site's zone, or date only
        ("17 July 2024 11:21 XYZ", None, "2024-07-17"),
        # Unix timestamps (UTC)
        ("1721211660", None, "2024-07-17T10:21:00+00:00"),
        ("1721211660000", None, "2024-07-17T10:21:00+00:00"),
        # numeric dates: day first, except on American sites
        ("05/07/2024 10:00", "Europe/London", "2024-07-05T10:00:00+01:00"),
        ("05/07/2024 10:00", "America/New_York", "2024-05-07T10:00:00-04:00"),
        # ... but a year written first is followed by its month, wherever the site is
        ("2022-05-04T03:00:00 UTC", "Europe/Madrid", "2022-05-04T03:00:00+00:00"),
        ("2022-05-04 03:00:00 +0200", "Europe/Berlin", "2022-05-04T03:00:00+02:00"),
        ("2022/5/3 10:15", "America/La_Paz", "2022-05-03T10:15:00-04:00"),
        ("2020.01.10", "Europe/London", "2020-01-10"),
        # "GMT+2" is two hours ahead of UTC on a web page (dateutil reads it the POSIX way, flipped)
        ("2022-05-04 03:00 GMT+2", None, "2022-05-04T03:00:00+02:00"),
        ("4 May 2022 03:00 GMT+0200", None, "2022-05-04T03:00:00+02:00"),
        ("May 4, 2022 3:00 pm UTC-5", None, "2022-05-04T15:00:00-05:00"),
        ("17 July 2024 11:21 UTC+05:30", None, "2024-07-17T11:21:00+05:30"),
        # JavaScript's Date text, the zone's long name in brackets at the end
        (
            "Wed May 04 2022 03:00:00 GMT+0200 (Central European Summer Time)",
            None,
            "2022-05-04T03:00:00+02:00",
        ),
        # other languages (dateparser fallback)
        ("17. Juli 2024, 11:21 Uhr", "Europe/Berlin", "2024-07-17T11:21:00+02:00"),
        ("17 juillet 2024 à 11h21", "Europe/Paris", "2024-07-17T11:21:00+02:00"),
        ("17 июля 2024, 11:21", "Europe/Moscow", "2024-07-17T11:21:00+03:00"),
        ("17 de julio de 2024", None, "2024-07-17"),
        ("2024年7月17日 11:21", "Asia/Tokyo", "2024-07-17T11:21:00+09:00"),
        ("17.07.2024", "Europe/Berlin", "2024-07-17"),
        ("17.07.2024, 11:21 Uhr", "Europe/Berlin", "2024-07-17T11:21:00+02:00"),
        ("July 17, 2024 10am", "America/New_York", "2024-07-17T10:00:00-04:00"),
        # not dates
        ("not a date", None, None),
        ("2024", None, None),
        ("July 2024", None, None),
        ("17 July", None, None),
        ("Monday", None, None),
        ("3 hours ago", None, None),
        ("yesterday", None, None),
        ("11:21", "Europe/London", None),
        ("1234567890123456", None, None),
        ("2024-13-45", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_iso_date(raw: str | None, tz: str | None, iso: str | None) -> None:
    assert iso_date(raw, tz) == iso


def test_unknown_site_zone_leaves_date_only() -> None:
    assert iso_date("2024-07-17T11:21:00", "Mars/Olympus_Mons") == "2024-07-17"


NOW = datetime(2024, 7, 20, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("iso", "problem"),
    [
        ("2024-07-17T11:21:00+01:00", None),
        ("2024-07-21T11:21:00+00:00", None),  # within the 36 h tolerance
        ("2024-07-25T11:21:00+00:00", "future"),
        ("2031-01-01", "future"),
        ("2024-07-21", None),
        ("1989-12-31T23:00:00+00:00", "too_old"),
        ("1970-01-01", "too_old"),
        (None, None),
    ],
)
def test_check_date(iso: str | None, problem: str | None) -> None:
    assert check_date(iso, ExtractOptions(now=NOW)) == problem


def test_modified_before_published_compares_instants_not_strings() -> None:
    # 10:30 UTC is after 11:00+01:00 (= 10:00 UTC), though the string sorts first
    assert not modified_before_published("2024-07-17T11:00:00+01:00", "2024-07-17T10:30:00+00:00")
    assert modified_before_published("2024-07-17T11:00:00+00:00", "2024-07-17T10:30:00+00:00")
    assert not modified_before_published("2024-07-17", "2024-07-17T00:30:00+00:00")
    assert modified_before_published("2024-07-17", "2024-07-16")


def _raw(published: str | None, modified: str | None, **kw: object) -> RawArticle:
    return RawArticle(url="https://example.com/a", datePublishedRaw=published, dateModifiedRaw=modified, **kw)


def test_stage_fills_iso_keeps_raw_and_fixes_modified() -> None:
    raw = _raw("17 July 2024 11:21 BST", "2024-07-17T09:00:00Z")
    normalise_dates(raw, ExtractOptions(now=NOW))
    assert raw.datePublished == "2024-07-17T11:21:00+01:00"
    assert raw.datePublishedRaw == "17 July 2024 11:21 BST"
    assert raw.dateModified == raw.datePublished
    assert raw.events == ["dates/modified_before_published"]


def test_stage_rejects_future_and_ancient_dates_with_events() -> None:
    raw = _raw("2099-01-01T10:00:00+00:00", "1970-01-01T00:00:00Z")
    normalise_dates(raw, ExtractOptions(now=NOW))
    assert raw.datePublished is None and raw.dateModified is None
    assert raw.datePublishedRaw == "2099-01-01T10:00:00+00:00"
    assert raw.events == ["dates/rejected_future", "dates/rejected_too_old"]


def test_future_is_judged_against_the_download_time_when_known() -> None:
    raw = _raw("2024-07-25T10:00:00+00:00", None, dateDownloaded="2024-07-26T08:00:00+00:00")
    normalise_dates(raw, ExtractOptions(now=NOW))
    assert raw.datePublished == "2024-07-25T10:00:00+00:00"


def test_stage_uses_the_site_zone_and_counts_unparseable() -> None:
    raw = _raw("2024-07-17 11:21", "yesterday-ish", timezone="Europe/Berlin")
    normalise_dates(raw, ExtractOptions(now=NOW))
    assert raw.datePublished == "2024-07-17T11:21:00+02:00"
    assert raw.dateModified is None
    assert raw.events == ["dates/unparseable"]


def test_a_mangled_date_of_many_kilobytes_is_refused_without_the_slow_parser() -> None:
    # Found by tests/test_properties.py: tags nested into a JSON-LD date made dateparser run for >10 s.
    mangled = "2026-11-20T08" + "<li>" * 5000 + "deep text" + "</li>" * 16 + ":00:00+00:00"
    started = time.monotonic()
    assert iso_date(mangled, None) is None
    assert time.monotonic() - started < 1


def test_month_names_are_read_in_the_page_language_first_then_in_the_common_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dateparser

    asked: list[object] = []
    real_parse = dateparser.parse

    def parse(text: str, languages: list[str] | None = None, **kwargs: object) -> object:
        asked.append(languages)
        return real_parse(text, languages=languages, **kwargs)

    monkeypatch.setattr(dateparser, "parse", parse)
    # "Dez." is not in the month table (`_with_month_table`): these reach dateparser
    assert iso_date("8. Dez. 2012", language="de") == "2012-12-08"
    assert asked == [["de"]]  # the page's language read it: no other locale tried
    asked.clear()
    assert iso_date("8. Dez. 2012", language="en") == "2012-12-08"  # a template's wrong lang
    assert asked == [["en"], list(_COMMON_LANGUAGES)]
    asked.clear()
    assert iso_date("11 septembre 2019", language="zz") == "2019-09-11"  # a code dateparser lacks
    assert asked == [["zz"], list(_COMMON_LANGUAGES)]


@pytest.mark.parametrize(
    ("raw", "tz", "language", "iso"),
    [
        ("8. Dezember 2012", None, "de", "2012-12-08"),
        ("24. Mai 2018, 08:30", "Europe/Berlin", "de", "2018-05-24T08:30:00+02:00"),
        ("5. November 2021, 10:39 Uhr", "Europe/Berlin", "de", "2021-11-05T10:39:00+01:00"),
        ("07 Dezember, 2022", None, "de", "2022-12-07"),
        ("26 Mai, 2008", None, None, "2008-05-26"),
        ("13 juin 2019", "Europe/Paris", "fr", "2019-06-13"),
        ("21 de abril de 2022", None, "es", "2022-04-21"),
        ("21 Abril 2022 04:45", "Europe/Madrid", "es", "2022-04-21T04:45:00+02:00"),
        ("11 maja 2021, 11:49", "Europe/Warsaw", None, "2021-05-11T11:49:00+02:00"),
        ("22 kwietnia 2021", None, "pl", "2021-04-22"),
        ("Published: 31. März 2003", None, "en", "2003-03-31"),
    ],
)
def test_worded_dates_are_read_without_dateparser(
    raw: str, tz: str | None, language: str | None, iso: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateparser

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateparser asked")

    monkeypatch.setattr(dateparser, "parse", refuse)
    assert iso_date(raw, tz, language) == iso


_SHAPES = ("{d}. {m} {y}", "{d} {m} {y}, 08:30", "{d} {m}, {y} 19:49:02", "{d}. {M} {y}, 7:05")


@pytest.mark.parametrize("language", sorted(_MONTH_NAMES))
def test_the_month_table_reads_every_name_as_dateparser_does(language: str) -> None:
    for number, names in enumerate(_MONTH_NAMES[language], 1):
        for index, name in enumerate(names):
            shape = _SHAPES[(number + index) % len(_SHAPES)]
            day = 1 + (number * 7 + index) % 28
            text = shape.format(d=day, m=name, M=name.upper(), y=1990 + 3 * number)
            value = _with_month_table(text, language)
            assert value is not None and value.month == number, text
            assert value == _with_dateparser(text, True, language), text
            assert _with_month_table(text, None) == _with_dateparser(text, True, None), text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("12 stycznia 2012 10:39 Uhr", "pl"),  # "Uhr" after a month that is not German
        ("8. de Dezember 2012", "de"),  # "de" around a month that is not Spanish
        ("11 settembre 2019", "it"),  # no table for the page's language
        ("11 septembre 2019", "it"),  # Italian's locale might read the French name its own way
        ("31. April 2020", "de"),  # no such day
        ("5. Dezember 2021, 25:10", "de"),
        ("November 2022", "de"),  # no day
        ("Juni 19th, 2018", "de"),
        ("5. Dez. 2021", "de"),  # abbreviations are dateparser's
        ("5 juin 2021 à 11h21", "fr"),
    ],
)
def test_the_month_table_leaves_other_shapes_to_dateparser(text: str, language: str) -> None:
    assert _with_month_table(text, language) is None


def test_numeric_dates_read_as_dateutil_reads_them() -> None:
    checked = 0
    for first, second in itertools.product(range(0, 34), repeat=2):
        for text in (f"{first}.{second:02d}.2020", f"{first:02d}/{second}/1999 {first}:{second:02d}"):
            for dayfirst in (True, False):
                fast = _numeric(text, dayfirst)
                if fast is not None:  # None: dateutil decides
                    assert fast == _with_dateutil(text, dayfirst), (text, dayfirst)
                    checked += 1
    assert checked > 1000
