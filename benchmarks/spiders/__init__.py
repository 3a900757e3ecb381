"""Baseline spiders for the crawl benchmark, run standalone with ``scrapy runspider`` outside the project."""
