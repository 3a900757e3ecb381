"""The library call: one page in, the clean article and what happened to it out.

The data path of a page, one way: `newscrawl.extract.read_page` parses it once; the generic engine
(`newscrawl.extract.extract_generic`) reads every field; the site profile for the URL, if any,
refines them from the same `Page` (`newscrawl.sites`); the cleaning stages (`newscrawl.clean`) fix
the fields and record what they dropped; the `Article` is assembled. `extract_page` returns it with the
verdict and the events (an `Extraction`); a crawl's extraction workers call exactly that.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from newscrawl.clean import clean_article
from newscrawl.extract import extract_generic, read_page
from newscrawl.items import Article, Extraction, RawArticle
from newscrawl.options import BoilerplateMode, ExtractOptions
from newscrawl.sites import profile_for_url

__all__ = ["extract_article", "extract_page", "extract_raw"]

Moment = date | datetime | str | None


def extract_raw(
    html: str | bytes, url: str, *, use_profiles: bool = True, saved: Moment = None
) -> RawArticle:
    """The raw article fields of one page, before cleaning.

    With ``use_profiles`` the site profile registered for the URL's domain refines the generic
    engine's fields; any field it leaves empty keeps the generic value. ``saved`` (when the page
    was fetched; today when None) picks the profile's parser version for that date.
    """
    page = read_page(html, url)
    raw = extract_generic(page)
    profile = profile_for_url(url) if use_profiles else None
    if profile is not None:
        raw = profile.apply(page, raw, saved)
    return raw


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one page.

    Extracting a page builds thousands of small objects that live until the page is done and are
    then freed by reference counting; collections that start mid-page only rescan them (about 5% of
    the page's time on trafeval). Whatever cycles a page leaves are collected at the next
    collection after it. A collector the caller had switched off stays off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract_page(
    html: str | bytes,
    url: str,
    *,
    options: ExtractOptions | None = None,
    saved: Moment = None,
    downloaded: str | None = None,
) -> Extraction:
    """Extract and clean one page: the `Article`, whether the page is an article, which profile made
    it, and the events of extraction and cleaning by reason.

    ``downloaded`` (ISO 8601) is when the page was fetched: the article's ``dateDownloaded`` and the
    reference for rejecting future dates (``options.now`` when None). ``saved`` picks the site
    profile's parser version (default: ``downloaded``; the newest version when both are None).
    Raises `ExtractionError` when the input is not an HTML document.
    """
    options = options or ExtractOptions()
    with _collector_paused():
        raw = extract_raw(
            html, url, use_profiles=options.use_profiles, saved=saved if saved is not None else downloaded
        )
        raw.dateDownloaded = downloaded
        article = clean_article(raw, options)
    return Extraction(article, raw.isArticle, raw.profile, dict(Counter(raw.events)))


def extract_article(
    html: str | bytes,
    url: str,
    *,
    boilerplate: BoilerplateMode = "drop",
    use_profiles: bool = True,
    now: datetime | None = None,
    saved: Moment = None,
) -> Article:
    """Extract and clean one article page.

    ``boilerplate="keep"`` keeps every visible text block of the article in reading order.
    ``use_profiles=False`` skips site profiles (generic engine only). Raises `ExtractionError`
    when the input is not an HTML document. ``saved`` (when the page was fetched) picks the site
    profile's parser version for that date (the newest when None).
    """
    if now is not None:
        options = ExtractOptions(boilerplate=boilerplate, use_profiles=use_profiles, now=now)
    else:
        options = ExtractOptions(boilerplate=boilerplate, use_profiles=use_profiles)
    return extract_page(html, url, options=options, saved=saved).article
