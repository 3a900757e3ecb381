"""The saved-page fixture layout, shared by the replay middleware, the tests and the commands.

``fixtures/<host>/<name>.<ext>`` is the body as the site served it; ``<name>.json`` beside it holds
``url``, ``saved`` (ISO date), ``status``, ``content_type`` and ``expected``: the expected `Article`
as JSON, ``false`` for a page that must not give an article (a section front, a puzzle), or
``null`` (or no key) while it has not been computed yet (``scrapy refresh_fixtures --write`` fills it
in).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BODY_SUFFIXES = (".html", ".xml", ".txt", ".rss", ".gz", ".bin")


@dataclass(frozen=True)
class Fixture:
    """One saved response."""

    url: str
    saved: str
    body_path: Path
    meta_path: Path
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    # The expected Article as a dict; False: not an article; None: not computed yet.
    expected: dict[str, Any] | bool | None = None

    def body(self) -> bytes:
        return self.body_path.read_bytes()


def url_key(url: str) -> str:
    """The lookup key of a URL: scheme and host lower-cased, no fragment, '/' for an empty path."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def load_fixture(meta_path: Path) -> Fixture | None:
    """Read one sidecar file; None when it is not a fixture sidecar."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or "url" not in meta:
        return None
    body_path = meta_path.with_name(meta.get("body") or meta_path.stem + ".html")
    if not body_path.exists():
        for suffix in BODY_SUFFIXES:
            candidate = meta_path.with_suffix(suffix)
            if candidate.exists():
                body_path = candidate
                break
    return Fixture(
        url=meta["url"],
        saved=meta.get("saved", ""),
        body_path=body_path,
        meta_path=meta_path,
        status=int(meta.get("status", 200)),
        content_type=meta.get("content_type", "text/html; charset=utf-8"),
        expected=meta.get("expected"),
    )


def iter_fixtures(root: Path) -> Iterator[Fixture]:
    """Every fixture under ``root``, in a stable order."""
    for meta_path in sorted(Path(root).rglob("*.json")):
        fixture = load_fixture(meta_path)
        if fixture is not None and fixture.body_path.exists():
            yield fixture


def index_fixtures(root: Path) -> dict[str, Fixture]:
    """Fixtures under ``root`` by URL key."""
    return {url_key(f.url): f for f in iter_fixtures(root)}
