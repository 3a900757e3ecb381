"""Score newscrawl, trafilatura and a bare lxml parse on the article-extraction benchmark corpus.

Usage (from the repo root)::

    /work/venv/bin/python benchmarks/extraction.py [--limit N] [--json OUT] [--corpus ../shared/aeb]

Each page is handed to newscrawl with a neutral URL (``http://127.0.0.1/<path of the original>``)
so that no site profile applies: the score is the generic engine's alone. The three extractors run
page by page in turn, so machine noise hits them alike; times are wall-clock per page (parse
included). trafilatura runs with its defaults (``trafilatura.extract(html, url=...)``: comments and
tables included, favor_precision and favor_recall off). Each page is timed ``--repeat`` times
(default 3) and its fastest time kept. The "lxml" row is the floor: ``lxml.html.document_fromstring``
only, with the whole page's text as its prediction.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402

from benchmarks import SHARED  # noqa: E402
from benchmarks.aeb_metric import CorpusScore, PageScore, score_corpus, score_page  # noqa: E402

DEFAULT_CORPUS = SHARED / "aeb"
logger = logging.getLogger(__name__)


def neutral_url(url: str) -> str:
    """The original URL's path (and query) on 127.0.0.1, so no site profile matches."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"http://127.0.0.1{parts.path or '/'}{query}"


def load_corpus(corpus: Path, limit: int | None = None) -> Iterator[tuple[str, str, str, str]]:
    """``(page id, neutral url, html text, true body)`` for every page, in id order."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    for n, page_id in enumerate(sorted(truth)):
        if limit is not None and n >= limit:
            return
        html = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        entry = truth[page_id]
        yield page_id, neutral_url(entry["url"]), html, entry["articleBody"] or ""


def run_newscrawl(html: str, url: str) -> str:
    """newscrawl's cleaned body (generic engine, drop mode)."""
    from newscrawl import extract_article

    return extract_article(html, url, use_profiles=False).articleBody or ""


def run_trafilatura(html: str, url: str) -> str:
    """trafilatura 2.x with its defaults (comments and tables included, no precision/recall bias)."""
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_lxml(html: str, url: str) -> str:
    """The floor: parse only; the whole page's text is the prediction."""
    return lxml.html.document_fromstring(html).text_content()


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "newscrawl": run_newscrawl,
    "trafilatura": run_trafilatura,
    "lxml": run_lxml,
}


def _timed(extract: Callable[[str, str], str], html: str, url: str) -> tuple[str, float]:
    start = time.perf_counter()
    predicted = extract(html, url)
    return predicted, (time.perf_counter() - start) * 1000


def run(
    corpus: Path, limit: int | None = None, names: tuple[str, ...] = tuple(EXTRACTORS), repeat: int = 1
) -> tuple[dict[str, CorpusScore], dict[str, float], dict[str, dict[str, PageScore]]]:
    """Score each extractor; returns (scores, median ms per page, per-page scores).

    Each page's time is the fastest of ``repeat`` runs (the machine is shared; the minimum is the
    least noisy estimate of the work done).
    """
    times: dict[str, list[float]] = {name: [] for name in names}
    pages: dict[str, dict[str, PageScore]] = {name: {} for name in names}
    for page_id, url, html, truth in load_corpus(corpus, limit):
        for name in names:
            try:
                predicted, ms = _timed(EXTRACTORS[name], html, url)
                for _ in range(repeat - 1):
                    ms = min(ms, _timed(EXTRACTORS[name], html, url)[1])
            except Exception:  # an extractor failing on a page scores as an empty prediction
                logger.exception("%s failed on %s", name, page_id)
                predicted, ms = "", float("nan")
            if ms == ms:  # failures have no time
                times[name].append(ms)
            pages[name][page_id] = score_page(predicted, truth)
    scores = {name: score_corpus(pages[name].values()) for name in names}
    medians = {name: statistics.median(times[name]) if times[name] else 0.0 for name in names}
    return scores, medians, pages


def table(scores: dict[str, CorpusScore], medians: dict[str, float]) -> str:
    """A Markdown table of the results, with newscrawl's time as a ratio of trafilatura's."""
    base = medians.get("trafilatura") or 0.0
    rows = [
        "| extractor | F1 | precision | recall | accuracy | median ms/page | time vs trafilatura |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        ratio = f"{medians[name] / base:.2f}x" if base else "-"
        rows.append(
            f"| {name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {s.accuracy:.3f} "
            f"| {medians[name]:.1f} | {ratio} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    parser.add_argument("--json", type=Path, default=None, help="write scores and per-page F1 here")
    parser.add_argument("--repeat", type=int, default=3, help="time each page N times, keep the fastest")
    parser.add_argument(
        "--only", default=",".join(EXTRACTORS), help="comma-separated extractors (default: all)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    names = tuple(n for n in args.only.split(",") if n)
    scores, medians, pages = run(args.corpus, args.limit, names, args.repeat)
    print(table(scores, medians))
    if "newscrawl" in medians and medians.get("trafilatura"):
        print(
            f"\nnewscrawl median time = {medians['newscrawl'] / medians['trafilatura']:.2f} x trafilatura's"
        )
    if args.json:
        out = {
            name: {
                "f1": s.f1,
                "precision": s.precision,
                "recall": s.recall,
                "accuracy": s.accuracy,
                "median_ms": medians[name],
                "pages": {pid: [p.precision, p.recall] for pid, p in pages[name].items()},
            }
            for name, s in scores.items()
        }
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
