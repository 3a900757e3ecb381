"""The extraction worker pool: the library call (`newscrawl.extract_page`) in worker processes.

`pool.ExtractionPool` starts and feeds the workers (``python -m newscrawl.workers.process``) and
falls back to calling the same function in-process. No Scrapy imports: the crawl's extension
(`newscrawl.extensions.extraction_workers`) builds a pool from the settings and starts and stops it.
"""

from __future__ import annotations

from newscrawl.workers.pool import (
    ExtractionPool,
    ExtractionTimeoutError,
    WorkerCrashedError,
    default_processes,
    parse_processes,
)

__all__ = [
    "ExtractionPool",
    "ExtractionTimeoutError",
    "WorkerCrashedError",
    "default_processes",
    "parse_processes",
]
