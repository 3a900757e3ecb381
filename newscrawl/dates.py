"""Dates, in one place: what pages print, what sitemaps and feeds carry, durations, ISO strings.

Two parsers, because the inputs differ:

- `parse_date` reads machine-written dates (W3C / ISO 8601, RFC 822: sitemaps, feeds, our own
  records) into an aware datetime; a value without offset is taken as UTC.
- `parse_page_date` reads whatever a news page printed, leniently (below), and never guesses: a value
  without time or zone stays a plain `date`. `iso_date` gives its result as an ISO 8601 string.

`parse_page_date` accepts ISO 8601 with or without offset (``Z`` too), RFC 2822 (``Wed, 17 Jul 2024
11:21:00 +0100``), English prose dates (``17 July 2024 11:21 BST``, ``July 17, 2024 at 11:21 a.m.
ET``, ``Published: 17:05, Wed 17 Jul 2024``), Unix timestamps (seconds or milliseconds), date-only
values, and as a slow fallback, other languages' month names through ``dateparser`` (``17. Juli
2024``, ``17 juillet 2024``, ``17 июля 2024``).

A numeric date with a two-digit year (``Do 25.04.24 | 14:07``) is read as the century that does not
put it past next year. Refused (None): other values without a four-digit year, values without a day
("July 2024", "17 July", "3 hours ago", "Monday"): filling in the missing part would be a silent guess.

Rules: a value with an offset or a named zone keeps that offset; a value without one gets the site's
IANA zone (``raw.timezone``), DST-aware for that date; with neither it stays date-only, never a guessed
offset. A value that carries no time of day is date-only whatever the zone. Named zones are mapped to
fixed offsets (``BST`` +01:00, ``CEST`` +02:00, ``EST`` -05:00 ...) or, for the US "generic" names
(``ET``, ``PT`` ...), to the IANA zone of that date. ``IST`` is read as India (+05:30). Numeric dates are
read day-first (``05/07/2024`` = 5 July) except on sites whose zone is in the Americas.

`check_date` and `modified_before_published` are the plausibility rules of the date cleaning stage;
`parse_duration` / `parse_since` read the crawl's ``since`` and re-check arguments.
"""

from __future__ import annotations

import logging
import re
import warnings
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

from newscrawl.options import ExtractOptions

logger = logging.getLogger(__name__)

_FIXED_ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0,
    "BST": 1, "IST": 5.5, "WEST": 1, "CET": 1, "MEZ": 1, "CEST": 2, "MESZ": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5, "AWST": 8,
    "NZST": 12, "NZDT": 13, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "PHT": 8, "WIB": 7, "SAST": 2,
}  # fmt: skip
_GENERIC_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
# Two defaults that differ in every part: a part dateutil took from the default shows as a difference.
_PROBE_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
# A date needs its year: relative ("3 hours ago") and partial ("17 July", "Monday") values are refused.
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# A numeric date with a two-digit year ("25.04.24", "25/04/24"): day and month first, as printed.
_SHORT_YEAR = re.compile(r"(?<![\w./-])(\d{1,2})([./])(\d{1,2})\2(\d{2})(?!\d|[./-]\d)")
_UNIX = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")
_DATE_ONLY_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A time of day: 11:21, 11h21, 11.21 (not the 17.07 of 17.07.2024), 10am, 10 p.m., or ISO's T11.
_HAS_TIME = re.compile(
    r"\d{1,2}\s*[:h]\s*\d{2}(?!\d)|(?<![\d.])\d{1,2}\.\d{2}(?![\d.])|\d\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|T\d{2}",
    re.I,
)
_PREFIX = re.compile(
    r"^\s*(?:(?:first\s+)?published|updated|last\s+updated|last\s+modified|modified|posted|date|"
    r"veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)"
    r"(?:\s+(?:on|at|am|le|el|il|em))?\s*:?\s*",
    re.I,
)
_AT = re.compile(r"\s+(?:at|um|à|a las|alle|às)\s+(?=\d)", re.I)
_MERIDIEM = re.compile(r"\b([ap])\.\s?m\.?(?=\W|$)", re.I)
_PARENS = re.compile(r"[()]")
# A note in brackets closing the string, without digits: JavaScript's date text ends on the zone's
# long name ("... GMT+0200 (Central European Summer Time)"), which no parser reads.
_TRAILING_NOTE = re.compile(r"\s*\([^()\d]*\)\s*$")
_ZONE_WORD = re.compile(r"(?<![\w+-])([A-Z]{1,5})\s*$")
# "2022-05-04 03:00 +0200": the year first, so the month follows it. dateutil told that days come
# first reads such a date year-day-month (4 May as 5 April): nobody writes dates that way.
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
# "GMT+2", "UTC-05:00" on a page mean two hours ahead of / five behind UTC; dateutil reads them the
# POSIX way (the sign flipped), so they are rewritten as plain offsets ("+02:00") first.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)", re.I)


class _TzNames:
    """The ``tzinfos`` callable for dateutil: named zones to offsets, unknown names to None."""

    def __call__(self, name: str | None, offset: int | None) -> tzinfo | None:
        if offset is not None:
            return timezone(timedelta(seconds=offset))
        if not name:
            return None
        upper = name.upper()
        if upper in _FIXED_ZONES:
            return timezone(timedelta(hours=_FIXED_ZONES[upper]))
        if upper in _GENERIC_ZONES:
            return ZoneInfo(_GENERIC_ZONES[upper])
        return None


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("Unknown site time zone %r: dates without offset stay date-only", name)
        return None


def _clean(raw: str) -> str:
    text = _PREFIX.sub("", raw.strip())
    text = _AT.sub(" ", text)
    text = _MERIDIEM.sub(lambda m: m.group(1).upper() + "M", text)
    text = _NAMED_OFFSET.sub(_offset, _TRAILING_NOTE.sub("", text))
    return _PARENS.sub(" ", text).strip(" ,|")


def _offset(match: re.Match[str]) -> str:
    sign, hours, minutes = match.groups()
    return f"{sign}{int(hours):02d}:{minutes or '00'}"


def _from_unix(text: str) -> datetime:
    value = float(text)
    if value > 1e11:  # milliseconds
        value /= 1000
    return datetime.fromtimestamp(value, tz=timezone.utc)


# The numeric dates pages print most ("19.01.2020", "01/19/2020 10:00"): read here as dateutil reads
# them (two dateutil parses cost ~70 us); anything else, or an invalid value, goes to dateutil.
_NUMERIC_DATE = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _numeric(text: str, dayfirst: bool) -> datetime | None:
    """A day.month.year (or month/day/year) date as dateutil reads it, or None when not that shape or
    not a valid date (dateutil then decides)."""
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return None
    first, second = int(match[1]), int(match[3])
    # dateutil's rule for two small numbers and a year: day first when the first cannot be a month,
    # or when dayfirst and the second can be one.
    if first > 12 or (dayfirst and second <= 12):
        day, month = first, second
    else:
        month, day = first, second
    try:
        return datetime(int(match[4]), month, day, int(match[5] or 0), int(match[6] or 0), int(match[7] or 0))
    except ValueError:
        return None


def _with_dateutil(text: str, dayfirst: bool) -> datetime | None:
    """dateutil's reading, or None when the string lacks its day or month (dateutil would fill them in)."""
    values = []
    with warnings.catch_warnings():
        # dateutil warns about zone names it cannot map; unmapped names simply give a naive value.
        warnings.simplefilter("ignore")
        for default in _PROBE_DEFAULTS:
            try:
                values.append(
                    dateutil_parser.parse(text, default=default, dayfirst=dayfirst, tzinfos=_TzNames())
                )
            except (ValueError, OverflowError, TypeError):
                return None
    first, second = values
    if (first.month, first.day) != (second.month, second.day):
        return None  # "July 2024": no day on the page, so no date
    return first


# dateparser's time grows with the string's length (about 1 ms a character: a 25 KB "date" that a
# mangled page put in its JSON-LD took over 10 s); a date written in words is far shorter than this.
_DATEPARSER_MAX_CHARS = 100


# The languages most of the web's news is written in, tried when the page's own does not read a date.
_COMMON_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv", "da", "nb", "fi")
_COMMON_LANGUAGES += ("cs", "tr", "ar", "ja", "zh", "ko", "hi", "id", "ro", "hu", "el", "uk")


def _with_dateparser(text: str, dayfirst: bool, language: str | None = None) -> datetime | None:
    """dateparser's reading, in the page's language first when it is known.

    Without a language dateparser tries the month names of every locale it has (~14 ms a date on
    trafeval); told the page's language it takes ~3 ms, and gave the same reading on all 37
    trafeval dates that reach it. When that language does not read the date (a template's
    ``lang="en"`` on a German page) or the page declares none, the web's common languages
    (`_COMMON_LANGUAGES`) are tried: the same readings as every locale on those 37 dates, in a fifth
    of the time.
    """
    if len(text) > _DATEPARSER_MAX_CHARS:
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY" if dayfirst else "MDY",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past",
    }
    if language:
        try:
            value = dateparser.parse(text, languages=[language], settings=settings)
        except (ValueError, OverflowError, TypeError, AttributeError):  # ValueError: unknown language
            value = None
        if value is not None:
            return value
    try:
        return dateparser.parse(text, languages=list(_COMMON_LANGUAGES), settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


# Month names in words, per language: dateutil reads only English ones, and dateparser, which reads
# the rest, takes ~3 ms a date. These are the languages of the worded dates that reach dateparser on
# trafeval and AEB (German above all); tests/test_clean_dates.py checks every name against dateparser.
_MONTH_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "de": (
        ("januar",), ("februar",), ("märz",), ("april",), ("mai",), ("juni",), ("juli",),
        ("august",), ("september",), ("oktober",), ("november",), ("dezember",),
    ),
    "fr": (
        ("janvier",), ("février",), ("mars",), ("avril",), ("mai",), ("juin",), ("juillet",),
        ("août",), ("septembre",), ("octobre",), ("novembre",), ("décembre",),
    ),
    "es": (
        ("enero",), ("febrero",), ("marzo",), ("abril",), ("mayo",), ("junio",), ("julio",),
        ("agosto",), ("septiembre", "setiembre"), ("octubre",), ("noviembre",), ("diciembre",),
    ),
    "pl": (  # the genitive is what dates print ("11 maja 2021"); the nominative too
        ("stycznia", "styczeń"), ("lutego", "luty"), ("marca", "marzec"), ("kwietnia", "kwiecień"),
        ("maja", "maj"), ("czerwca", "czerwiec"), ("lipca", "lipiec"), ("sierpnia", "sierpień"),
        ("września", "wrzesień"), ("października", "październik"), ("listopada", "listopad"),
        ("grudnia", "grudzień"),
    ),
}  # fmt: skip
# Name -> month number for each language, and for pages whose language has no table (or none
# declared): the month of the first language in `_COMMON_LANGUAGES` order that has the name, the one
# dateparser's own search through those languages would use.
_MONTHS_BY_LANGUAGE: dict[str, dict[str, int]] = {
    language: {name: number for number, names in enumerate(months, 1) for name in names}
    for language, months in _MONTH_NAMES.items()
}
_ANY_LANGUAGE_MONTHS: dict[str, int] = {
    name: number
    for language in reversed([lang for lang in _COMMON_LANGUAGES if lang in _MONTHS_BY_LANGUAGE])
    for name, number in _MONTHS_BY_LANGUAGE[language].items()
}
# The languages whose dates `_with_month_table` may read: those of the tables, English (a template's
# ``lang="en"`` on a German page) and none declared. Any other language goes to dateparser, whose
# locale for it might read the same word differently.
_TABLE_LANGUAGES = frozenset({*_MONTH_NAMES, "en", None})
# "8. Dezember 2012", "24. Mai 2018, 08:30", "5. November 2021, 10:39 Uhr", "21 de abril de 2022",
# "26 Mai, 2008": the day, the month in words, the four-digit year, maybe a 24-hour time.
_WORDED_DATE = re.compile(
    r"(?P<day>[0-9]{1,2})\.? +(?P<de1>de +)?(?P<month>[^\W\d_]+),? +(?P<de2>de +)?"
    r"(?P<year>(?:19|20)[0-9]{2}),?"
    r"(?: +(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?(?P<uhr> +uhr)?)?"
)


def _with_month_table(text: str, language: str | None) -> datetime | None:
    """The common worded dates read with `_MONTH_NAMES`: dateparser's reading, without dateparser.

    None when the text is not one of those shapes, or the name or language is not in the tables;
    dateparser then decides. ``language`` as for `_with_dateparser`.
    """
    if language not in _TABLE_LANGUAGES:
        return None
    match = _WORDED_DATE.fullmatch(text.lower())
    if match is None:
        return None
    name = match["month"]
    month = _MONTHS_BY_LANGUAGE.get(language or "", {}).get(name) or _ANY_LANGUAGE_MONTHS.get(name)
    if month is None:
        return None
    # dateparser reads the Spanish "de" only around a Spanish month, and "Uhr" only after a German one.
    if (match["de1"] or match["de2"]) and name not in _MONTHS_BY_LANGUAGE["es"]:
        return None
    if match["uhr"] and name not in _MONTHS_BY_LANGUAGE["de"]:
        return None
    try:
        return datetime(
            int(match["year"]), month, int(match["day"]),
            int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0),
        )  # fmt: skip
    except ValueError:  # 31 April, 25:00: dateparser's to refuse
        return None


def _full_year(match: re.Match[str]) -> str:
    """``25.04.24`` as ``25.04.2024``: the century that does not put the year past next year."""
    day, separator, month, short = match.groups()
    year = 2000 + int(short)
    if year > date.today().year + 1:
        year -= 100
    return f"{day}{separator}{month}{separator}{year}"


def parse_page_date(
    raw: str | None, tz: str | None = None, language: str | None = None
) -> datetime | date | None:
    """Parse a page's date string: an aware datetime, a plain date (no time or no zone), or None.

    ``language`` (the page's, ISO 639-1) is where month names in words are looked up first.
    """
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    if _UNIX.match(text):
        try:
            return _from_unix(text)
        except (ValueError, OverflowError, OSError):
            return None
    if _DATE_ONLY_ISO.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if not _HAS_YEAR.search(text):
        text = _SHORT_YEAR.sub(_full_year, text, count=1)
        if not _HAS_YEAR.search(text):
            return None
    site_zone = _zone(tz)
    dayfirst = not (tz or "").startswith("America/")
    cleaned = _clean(text)
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(cleaned.replace("Z", "+00:00") if cleaned.endswith("Z") else cleaned)
    except ValueError:
        yearfirst = _YEAR_FIRST.match(cleaned) is not None
        value = _numeric(cleaned, dayfirst) or _with_dateutil(cleaned, dayfirst and not yearfirst)
        if value is None:
            value = _with_month_table(cleaned, language) or _with_dateparser(cleaned, dayfirst, language)
    if value is None:
        return None
    if not _HAS_TIME.search(cleaned):
        return value.date()
    if value.tzinfo is None:
        zone_word = _ZONE_WORD.search(cleaned)
        if zone_word and zone_word.group(1).upper() in (*_FIXED_ZONES, *_GENERIC_ZONES):
            value = value.replace(tzinfo=_TzNames()(zone_word.group(1), None))
        elif site_zone is not None:
            value = value.replace(tzinfo=site_zone)
        else:
            return value.date()
    return value


def as_date(value: date | datetime | str | None) -> date | None:
    """A saved/crawl moment as a date (ISO strings accepted); None when unknown or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        logger.warning("unreadable saved date %r: using the newest parser version", value)
        return None


def epoch_to_iso(value: str | None, *, millis: bool = False) -> str | None:
    """A Unix timestamp (seconds, or milliseconds) as an ISO 8601 UTC string; None when not a number."""
    try:
        seconds = int(str(value).strip()) / (1000 if millis else 1)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


def iso_date(raw: str | None, tz: str | None = None, language: str | None = None) -> str | None:
    """A page's date string as ISO 8601 (``YYYY-MM-DDTHH:MM:SS±HH:MM`` or ``YYYY-MM-DD``), else None.

    ``language``: the page's, to read month names in words (see `parse_page_date`)."""
    value = parse_page_date(raw, tz, language)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def as_datetime(iso: str) -> datetime:
    """An ISO string from `iso_date` as an aware datetime (a date-only value: midnight UTC)."""
    value = datetime.fromisoformat(iso)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def is_date_only(iso: str) -> bool:
    """Whether an ISO string from `iso_date` has no time of day."""
    return "T" not in iso


def check_date(iso: str | None, options: ExtractOptions, now: datetime | None = None) -> str | None:
    """Why an ISO date is implausible (``"future"``, ``"too_old"``), or None when it is fine.

    ``now`` is the reference (the download time of the page); default ``options.now``.
    """
    if iso is None:
        return None
    reference = now or options.now
    value = as_datetime(iso)
    if value.year < options.min_year:
        return "too_old"
    if is_date_only(iso):
        # A date-only value is in the future only when it starts after "now" anywhere on Earth.
        if value - timedelta(hours=14) > reference + timedelta(seconds=options.future_tolerance):
            return "future"
        return None
    if value > reference + timedelta(seconds=options.future_tolerance):
        return "future"
    return None


def modified_before_published(published: str, modified: str) -> bool:
    """Whether the modified date is earlier than the published one (dates compared as dates)."""
    if is_date_only(published) or is_date_only(modified):
        return modified[:10] < published[:10]
    return as_datetime(modified) < as_datetime(published)


# --- sitemaps, feeds, records and crawl arguments -------------------------------------------------
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.I)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``"90"``, ``"90s"``, ``"15m"``, ``"6h"``, ``"2d"`` or ``"1w"``; ValueError otherwise."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 90s, 15m, 6h, 2d, 1w)")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def parse_date(text: str | None) -> datetime | None:
    """A machine-written date (W3C/ISO 8601, RFC 822) as an aware datetime; naive values are UTC."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The cut-off of ``-a since=``: a duration before now (``2d``, ``6h``) or a date (``2024-07-01``)."""
    now = now or datetime.now(timezone.utc)
    try:
        return now - timedelta(seconds=parse_duration(text))
    except ValueError:
        pass
    value = parse_date(text)
    if value is None:
        raise ValueError(f"since={text!r}: give a duration (2d, 6h) or an ISO date (2024-07-01)")
    return value
