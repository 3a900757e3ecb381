"""What a site profile is: plain data plus versioned field parsers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from newscrawl.items import RawArticle

# A parser version refines the generic engine's raw fields with site knowledge.
ParserFn = Callable[[etree._Element, str, RawArticle], RawArticle]


@dataclass(frozen=True)
class ParserVersion:
    """One layout of a site, valid for pages saved on or after ``valid_from``."""

    name: str
    valid_from: date
    parse: ParserFn


@dataclass(frozen=True)
class SiteProfile:
    """Everything newscrawl knows about one news site."""

    name: str
    domains: tuple[str, ...]
    timezone: str | None = None
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    # Regular expressions (matched with re.search on the URL path) for article pages.
    article_url_patterns: tuple[str, ...] = ()
    # Extra boilerplate phrases (regular expressions) for this site's text blocks.
    boilerplate_patterns: tuple[str, ...] = ()
    versions: tuple[ParserVersion, ...] = field(default_factory=tuple)

    def version_for(self, saved: date | None = None) -> ParserVersion | None:
        """The newest parser version valid on ``saved`` (today when None)."""
        valid = [v for v in self.versions if saved is None or v.valid_from <= saved]
        return max(valid, key=lambda v: v.valid_from) if valid else None

    def apply(self, root: etree._Element, url: str, raw: RawArticle, saved: date | None = None) -> RawArticle:
        """Refine generic raw fields with this site's parser and settings."""
        version = self.version_for(saved)
        if version is not None:
            raw = version.parse(root, url, raw)
            raw.profile = f"{self.name}@{version.name}"
        else:
            raw.profile = self.name
        raw.timezone = raw.timezone or self.timezone
        raw.boilerplatePatterns = [*raw.boilerplatePatterns, *self.boilerplate_patterns]
        return raw
