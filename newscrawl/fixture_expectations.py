"""What a saved article page should come out as: the single definition tests and tools share."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from newscrawl import extract_article
from newscrawl.fixtures import Fixture


def saved_at(fixture: Fixture) -> datetime:
    """The moment a fixture was saved, as an aware datetime (UTC when the file gives no zone)."""
    saved = datetime.fromisoformat(fixture.saved) if fixture.saved else datetime.now(timezone.utc)
    return saved if saved.tzinfo else saved.replace(tzinfo=timezone.utc)


def current_output(fixture: Fixture) -> dict[str, Any] | None:
    """Today's article for a saved page, as a JSON-ready dict; None for a page that is no article."""
    from newscrawl.extract import extract_raw

    body = fixture.body()
    if not extract_raw(body, fixture.url, saved=fixture.saved).isArticle:
        return None
    saved = saved_at(fixture)
    article = extract_article(body, fixture.url, now=saved, saved=saved)
    article.dateDownloaded = saved.astimezone(timezone.utc).isoformat(timespec="seconds")
    return asdict(article)
