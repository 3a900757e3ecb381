"""What a saved article page should come out as: the single definition tests and tools share."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from newscrawl import ExtractOptions, extract_page
from newscrawl.fixtures import Fixture


def saved_at(fixture: Fixture) -> datetime:
    """The moment a fixture was saved, as an aware datetime (UTC when the file gives no zone)."""
    saved = datetime.fromisoformat(fixture.saved) if fixture.saved else datetime.now(timezone.utc)
    return saved if saved.tzinfo else saved.replace(tzinfo=timezone.utc)


def page_text(fixture: Fixture) -> str:
    """The saved body decoded as a crawl decodes it: the sidecar's Content-Type charset first.

    Decoding the bytes alone would miss a charset named only by the HTTP header.
    """
    from scrapy.http import TextResponse

    headers = {"Content-Type": fixture.content_type}
    return TextResponse(url=fixture.url, body=fixture.body(), headers=headers).text


def current_output(fixture: Fixture) -> dict[str, Any] | None:
    """Today's article for a saved page, as a JSON-ready dict; None for a page that is no article."""
    saved = saved_at(fixture)
    extraction = extract_page(page_text(fixture), fixture.url, options=ExtractOptions(now=saved), saved=saved)
    if not extraction.is_article:
        return None
    article = extraction.article
    article.dateDownloaded = saved.astimezone(timezone.utc).isoformat(timespec="seconds")
    return asdict(article)
