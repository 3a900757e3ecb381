"""Start requests shared by the baseline spiders: a listing page of links, or a sitemap (index)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap


def follow_start_page(
    response: Response, parse_article: Callable[[Response], Any], parse_start: Callable[[Response], Any]
) -> Iterator[scrapy.Request]:
    """Requests for every article a listing page links to, or every URL a sitemap (index) lists."""
    if response.url.endswith(".xml"):
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            callback = parse_start if sitemap.type == "sitemapindex" else parse_article
            yield scrapy.Request(entry["loc"], callback=callback)
        return
    for href in response.xpath("//a/@href").getall():
        yield response.follow(href, callback=parse_article)
