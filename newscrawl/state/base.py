"""The seen-store interface that incremental crawls and the distributed mode share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SeenRecord:
    """What newscrawl remembers of one emitted article."""

    url: str  # canonical URL (the key)
    fingerprint: str  # hash of the clean body last emitted
    date_modified: str | None  # dateModified last emitted (ISO 8601)
    source_lastmod: str | None  # sitemap lastmod / feed date seen when it was last fetched
    last_seen: float  # Unix time of the last fetch


class SeenStore(Protocol):
    """Persistent memory of emitted articles. Implementations: SQLite (default), Redis."""

    def get(self, url: str) -> SeenRecord | None:
        """The record of a canonical URL, or None if it was never emitted."""

    def put(self, record: SeenRecord) -> None:
        """Insert or replace the record of ``record.url`` (durable when the call returns)."""

    def close(self) -> None:
        """Release the store's resources."""
