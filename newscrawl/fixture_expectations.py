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


def is_html_page(fixture: Fixture) -> bool:
    """Whether a crawl reads the saved response as an HTML page (so it has an expected article).

    Judged as the crawl judges it (Scrapy's response types: the Content-Type, else the URL, else the
    body), not by the Content-Type alone: a page served as ``application/octet-stream`` is still one.
    """
    from scrapy.http import HtmlResponse
    from scrapy.responsetypes import responsetypes

    headers = {"Content-Type": fixture.content_type}
    kind = responsetypes.from_args(headers=headers, url=fixture.url, body=fixture.body())
    return issubclass(kind, HtmlResponse)


def expectation(fixture: Fixture) -> dict[str, Any] | bool:
    """What ``expected`` says today: the article as a dict, or False for a page that is no article."""
    output = current_output(fixture)
    return output if output is not None else False


def current_output(fixture: Fixture) -> dict[str, Any] | None:
    """Today's article for a saved page, as a JSON-ready dict; None for a page that is no article."""
    saved = saved_at(fixture)
    extraction = extract_page(page_text(fixture), fixture.url, options=ExtractOptions(now=saved), saved=saved)
    if not extraction.is_article:
        return None
    article = extraction.article
    article.dateDownloaded = saved.astimezone(timezone.utc).isoformat(timespec="seconds")
    return asdict(article)
