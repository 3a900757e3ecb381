"""Judging a downloaded response, as pure functions (bytes and headers in, a decision out; no Scrapy).

- `charset`: which encoding decodes the page's bytes (declarations tried strictly, then detection);
- `page_check`: is a ``200 OK`` page worth extracting (binary, empty, interstitial, soft-404);
- `retry_after`: how long a ``Retry-After`` header asks a crawler to wait.

The downloader middlewares (`newscrawl.middlewares.charset_fix`, `.page_check`, `.retry_accounting`,
`.retry_backoff`) apply them in a crawl; the library call decodes pages with `charset` too
(`newscrawl.extract.htmlparse`). This package sits below `newscrawl.extract` and imports nothing of it.
"""
