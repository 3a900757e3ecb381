"""Crawlers for tests that build the project's components one by one.

`project_crawler` gives a crawler as ``scrapy crawl`` makes one: the project's settings module and its
add-ons applied (components installed, extensions built, ``CrawlState`` and ``FeedFiles`` among them),
with the given settings on top. Components then find each other as in a crawl
(``crawler.get_extension``). The spider is not created: ``crawler.spider`` is None.
"""

from __future__ import annotations

from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

import newscrawl.settings as project
from newscrawl.extensions.crawl_state import CrawlState
from newscrawl.spiders.news import NewsSpider

# The reactor settings are left to get_crawler: they must match the reactor this process runs.
PROJECT_SETTINGS = {k: v for k, v in vars(project).items() if k.isupper() and k != "TWISTED_REACTOR"}


def project_crawler(spidercls: type[scrapy.Spider] = NewsSpider, **settings: Any) -> Crawler:
    """A crawler with the project's settings and add-ons, ``settings`` overriding them."""
    return get_crawler(spidercls, {**PROJECT_SETTINGS, **settings})


def crawl_state(crawler: Crawler) -> CrawlState:
    """The crawler's `CrawlState` (its owner of the seen-store and the scratch database)."""
    return CrawlState.of(crawler)
