"""The request meta keys the spider sets on article requests and the crawl's components read.

One definition for the spider (`newscrawl.spiders.news`), the incremental filter, the lazy frontier,
the extraction backpressure and the seen-store writer.
"""

from __future__ import annotations

# True on a request for an article page (filtered by the seen-store, held by the frontier).
META_ARTICLE = "newscrawl_article"
# How the article was found: "sitemap", "feed" or "link".
META_SOURCE = "newscrawl_source"
# The sitemap lastmod / feed date of the entry that led to it (ISO 8601), or None.
META_CHANGED_AT = "newscrawl_changed_at"
