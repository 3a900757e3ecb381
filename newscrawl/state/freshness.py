"""When an already emitted article is worth fetching again (pure decision, no I/O)."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawl.dates import parse_date
from newscrawl.state.base import SeenRecord

NEW, CHANGED, RECHECK, SKIP = "new", "changed", "recheck", "skip"


def fetch_decision(
    record: SeenRecord | None, changed_at: datetime | None, now: float, recheck_after: float
) -> str:
    """``new`` (never emitted), ``changed`` (the source's date moved past the one recorded),
    ``recheck`` (the re-check interval passed) or ``skip``."""
    if record is None:
        return NEW
    if changed_at is not None:
        recorded = parse_date(record.source_lastmod)
        # Without a recorded source date, compare with when the article was last fetched.
        if changed_at > (recorded or datetime.fromtimestamp(record.last_seen, timezone.utc)):
            return CHANGED
    if now - record.last_seen >= recheck_after:
        return RECHECK
    return SKIP
