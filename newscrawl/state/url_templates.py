"""What earlier runs learnt about sites' URL shapes: ``<state_dir>/url_templates.sqlite3``.

One row per site and URL template or shape (see `newscrawl.discovery.templates`): how many fetched
pages of that shape were articles and how many were not. A run reads a site's rows when it first
meets the site and writes back the counts it changed when it ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

TEMPLATES_FILENAME = "url_templates.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS url_templates (
    site TEXT NOT NULL,
    template TEXT NOT NULL,
    articles INTEGER NOT NULL,
    others INTEGER NOT NULL,
    PRIMARY KEY (site, template)
) WITHOUT ROWID
"""


class UrlTemplateStore:
    """The counts per (site, template) in a local SQLite file."""

    def __init__(self, state_dir: str | Path) -> None:
        self.path = Path(state_dir) / TEMPLATES_FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.execute(_SCHEMA)

    def rows(self, site: str) -> list[tuple[str, str, int, int]]:
        """Every counted template of one site."""
        return self._db.execute(
            "SELECT site, template, articles, others FROM url_templates WHERE site = ?", (site,)
        ).fetchall()

    def save(self, rows: Iterable[tuple[str, str, int, int]]) -> int:
        """Store these totals (replacing the site's earlier counts of the same templates); how many."""
        batch = list(rows)
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO url_templates VALUES (?, ?, ?, ?)", batch)
        return len(batch)

    def close(self) -> None:
        self._db.close()
