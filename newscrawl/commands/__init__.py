"""Scrapy custom commands of newscrawl (``scrapy extract``, ``scrapy refresh_fixtures``)."""
