"""An extraction worker that misbehaves on request, for `tests/test_workers.py`.

URLs containing ``/crash`` kill the worker (as a segfault in a C extension would), ``/hang`` makes it
sleep far past any time limit, ``/bug`` raises an unexpected exception; other pages extract normally.
"""

from __future__ import annotations

import os
import time
from typing import Any

from newscrawl.article import extract_page
from newscrawl.items import Extraction
from newscrawl.workers import process


def faulty_extract(html: str, url: str, **kwargs: Any) -> Extraction:
    if "/crash" in url:
        os._exit(70)
    if "/hang" in url:
        time.sleep(600)
    if "/bug" in url:
        raise KeyError("a bug in extraction")
    return extract_page(html, url, **kwargs)


if __name__ == "__main__":
    process.extract_page = faulty_extract  # type: ignore[assignment]
    process.main()
