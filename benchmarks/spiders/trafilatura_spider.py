"""What users do today: the minimal spider with trafilatura extracting the body in the callback.

Run standalone, outside the newscrawl project, with the repo on ``PYTHONPATH``:
``scrapy runspider trafilatura_spider.py -a url=START -O out.jsonl``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import trafilatura
from scrapy.http import Response

from benchmarks.spiders.minimal import MinimalSpider


class TrafilaturaSpider(MinimalSpider):
    """Follows the start page's article links; trafilatura extracts title and body of each."""

    name = "bench_trafilatura"

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        body = trafilatura.extract(response.text, url=response.url, favor_precision=True)
        yield {"url": response.url, "title": response.xpath("//title/text()").get(), "text": body}
