"""Where a crawl's time goes: sort py-spy's raw (collapsed) stacks into a few categories.

    py-spy record --format raw -o stacks.txt -- python -m scrapy crawl news ...
    python -m benchmarks.profiles stacks.txt
    python -m benchmarks.profiles --extract 300     # cProfile of extract_article over 300 generated pages

Each sample is charged to the category of its innermost frame that matches one (so time spent in
lxml under newscrawl's extractor counts as "lxml parse", not as "newscrawl extract").
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.servers import rewrite_copy_markers
from benchmarks.sitegen import generate_site

logger = logging.getLogger(__name__)

# (category, substrings of a frame), tried in this order for each frame from the innermost outwards.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("startup (imports, settings)", ("_find_and_load", "_call_with_frames_removed", "load_object")),
    ("lxml parse", ("_parse_utf8", "document_fromstring", "lxml/html/__init__.py", "fromstring (")),
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


def profile_extract(pages: int, top: int = 25) -> None:
    """Time and cProfile `newscrawl.extract_article` over `pages` generated article pages."""
    from newscrawl import extract_article

    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        site = generate_site(Path(tmp), "http://127.0.0.1:8080", pages)
        docs = [
            (rewrite_copy_markers((Path(tmp) / a.path.lstrip("/")).read_bytes(), None).decode(), url)
            for a, url in zip(site.articles, site.article_urls(), strict=True)
        ]
    for html, url in docs[:10]:  # warm caches (compiled patterns, lazy imports)
        extract_article(html, url)
    started = time.process_time()
    for html, url in docs:
        extract_article(html, url)
    per_page = 1000 * (time.process_time() - started) / len(docs)
    print(f"extract_article: {per_page:.2f} ms CPU per page over {len(docs)} pages (no profiler)\n")
    profiler = cProfile.Profile()
    profiler.enable()
    for html, url in docs:
        extract_article(html, url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("stacks", type=Path, nargs="?", help="py-spy record --format raw output")
    parser.add_argument("--extract", type=int, metavar="PAGES", help="cProfile extract_article instead")
    args = parser.parse_args(argv)
    if args.extract:
        profile_extract(args.extract)
        return 0
    if not args.stacks:
        parser.error("give a stacks file or --extract PAGES")
    counts, total = summarise(args.stacks.read_text(encoding="utf-8"))
    print(format_summary(counts, total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
