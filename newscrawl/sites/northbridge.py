"""The Northbridge Gazette: the fictional demo site bundled in ``fixtures/``.

It has no parser of its own: it shows a profile that only supplies discovery sources and the time
zone, and leaves every field to the generic engine.
"""

from newscrawl.sites.base import SiteProfile
from newscrawl.sites.registry import register

PROFILE = register(
    SiteProfile(
        name="northbridge",
        domains=("northbridge-gazette.example",),
        timezone="Europe/London",
        start_urls=("https://www.northbridge-gazette.example/",),
        sitemaps=("https://www.northbridge-gazette.example/sitemap-news.xml",),
        feeds=("https://www.northbridge-gazette.example/feed.xml",),
        article_url_patterns=(r"^/[a-z-]+/\d{4}/\d{2}/\d{2}/[\w-]+/?$",),
    )
)
