"""Dates: ISO 8601 with UTC offset from whatever string the page gave."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser

from newscrawl.clean.options import CleanOptions


def parse_date(raw: str | None, tz: str | None = None) -> str | None:
    """Parse a date string to ISO 8601.

    A value with an offset keeps it; one without gets the site's zone ``tz``; with neither it stays
    date-only (never a guessed offset). Returns None when the string is not a date.
    """
    if not raw or not raw.strip():
        return None
    try:
        value = dateparser.parse(raw.strip())
    except (ValueError, OverflowError):
        return None
    if value is None:
        return None
    if value.tzinfo is None:
        if tz:
            try:
                value = value.replace(tzinfo=ZoneInfo(tz))
            except ZoneInfoNotFoundError:
                return value.date().isoformat()
        else:
            return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def _as_datetime(iso: str) -> datetime:
    value = datetime.fromisoformat(iso)
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))


def check_date(iso: str | None, options: CleanOptions) -> str | None:
    """Why an ISO date is implausible (``"future"``, ``"too_old"``), or None when it is fine."""
    if iso is None:
        return None
    value = _as_datetime(iso)
    if value.year < options.min_year:
        return "too_old"
    if value > options.now + timedelta(seconds=options.future_tolerance):
        return "future"
    return None
