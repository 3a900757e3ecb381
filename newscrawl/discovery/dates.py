"""Dates found in sitemaps and feeds (W3C datetime, RFC 822) and the ``since`` argument."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.I)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``"90"``, ``"90s"``, ``"15m"``, ``"6h"``, ``"2d"`` or ``"1w"``; ValueError otherwise."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 90s, 15m, 6h, 2d, 1w)")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def parse_date(text: str | None) -> datetime | None:
    """A timezone-aware datetime from a W3C/ISO 8601 or RFC 822 date; naive dates are taken as UTC."""
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
