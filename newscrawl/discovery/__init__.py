"""Pure discovery helpers: which URLs are articles, sitemaps and feeds."""
