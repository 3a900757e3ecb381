"""What users do today: the minimal spider with trafilatura extracting the body in the callback.

Run standalone, outside the newscrawl project, with the repo on ``PYTHONPATH``:
``scrapy runspider trafilatura_spider.py -a url=START -O out.jsonl``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
import trafilatura
from scrapy.http import Response

from benchmarks.spiders.start import follow_start_page


class TrafilaturaSpider(scrapy.Spider):
    """Follows the start page's article links; trafilatura extracts title and body of each."""

    name = "bench_trafilatura"

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
        body = trafilatura.extract(response.text, url=response.url, favor_precision=True)
        yield {"url": response.url, "title": response.xpath("//title/text()").get(), "text": body}
