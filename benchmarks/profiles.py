"""Where a crawl's time goes: sort py-spy's raw (collapsed) stacks into a few categories.

    py-spy record --format raw -o stacks.txt -- python -m scrapy crawl news ...
    python -m benchmarks.profiles stacks.txt

Each sample is charged to the category of its innermost frame that matches one (so time spent in
lxml under newscrawl's extractor counts as "lxml parse", not as "newscrawl extract").
"""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from pathlib import Path

logger = logging.getLogger(__name__)

# (category, substrings of a frame), tried in this order for each frame from the innermost outwards.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("startup (imports, settings)", ("_find_and_load", "_call_with_frames_removed", "load_object")),
    ("lxml parse", ("document_fromstring", "lxml/html/__init__.py", "fromstring (")),
    ("trafilatura", ("trafilatura/",)),
    ("newscrawl extract", ("newscrawl/extract/", "newscrawl/sites/")),
    ("newscrawl clean", ("newscrawl/clean/",)),
    ("newscrawl pipelines", ("newscrawl/pipelines/",)),
    ("newscrawl spider", ("newscrawl/spiders/", "newscrawl/discovery/")),
    ("encoding detection / decoding", ("w3lib/encoding", "_body_inferred_encoding", "_declared_encoding")),
    ("parsel selectors", ("parsel/",)),
    ("feed export", ("feedexport", "exporters.py", "json/encoder")),
    ("decompression", ("httpcompression", "_compression", "gzip")),
    ("Scrapy callback output / item handling", ("scrapy/core/scraper.py", "scrapy/utils/asyncio.py")),
    ("Scrapy download (HTTP client)", ("scrapy/core/downloader", "http11.py", "twisted/web/")),
    ("Scrapy engine, scheduler, middlewares", ("scrapy/",)),
    ("Twisted / asyncio event loop", ("twisted/", "asyncio/", "selectors.py")),
)
IDLE = ("Condition.wait", "select (", "poll (", "epoll")


def categorise(stack: str) -> str:
    """The category of one collapsed stack (frames separated by ``;``, outermost first)."""
    for frame in reversed(stack.split(";")):
        for name, needles in CATEGORIES:
            if any(n in frame for n in needles):
                return name
    return "other"


def summarise(raw: str) -> tuple[Counter[str], int]:
    """Samples per category over the busy samples of a py-spy raw file, and their total."""
    counts: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        leaf = stack.rsplit(";", 1)[-1]
        if any(idle in leaf for idle in IDLE):
            continue
        counts[categorise(stack)] += int(n)
    return counts, sum(counts.values())


def format_summary(counts: Counter[str], total: int) -> str:
    """A Markdown table: category, share of busy samples."""
    rows = ["| where | share of busy samples |", "|---|---:|"]
    rows += [f"| {name} | {100 * n / total:.1f}% |" for name, n in counts.most_common()]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("stacks", type=Path, help="py-spy record --format raw output")
    args = parser.parse_args(argv)
    counts, total = summarise(args.stacks.read_text(encoding="utf-8"))
    print(format_summary(counts, total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
