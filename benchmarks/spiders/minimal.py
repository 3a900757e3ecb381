"""The framework's ceiling: a Scrapy spider that only reads each article's ``<title>``.

Run standalone, outside the newscrawl project, with the repo on ``PYTHONPATH``:
``scrapy runspider minimal.py -a url=START -O out.jsonl``
where START is the benchmark's listing page or a sitemap index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from benchmarks.spiders.start import follow_start_page


class MinimalSpider(scrapy.Spider):
    """Follows the start page's article links and yields each article's URL and title."""

    name = "bench_minimal"

    def __init__(self, url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not url:
            raise ValueError("give -a url=START_PAGE")
        self.start_url = url

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.start_url, callback=self.parse_start)

    def parse_start(self, response: Response) -> Iterator[Any]:
        yield from follow_start_page(response, self.parse_article, self.parse_start)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {"url": response.url, "title": response.xpath("//title/text()").get()}
