"""Score newscrawl, trafilatura and a bare lxml parse on both extraction corpora in one run.

Usage (from the repo root)::

    .venv/bin/python benchmarks/extraction.py                    # AEB and trafeval, all extractors
    .venv/bin/python benchmarks/extraction.py --corpus trafeval --only newscrawl --repeat 1
    .venv/bin/python benchmarks/extraction.py --corpus aeb --limit 40 --json out.json

Corpora (``../shared``, or where ``NEWSCRAWL_SHARED`` points):

- **aeb** (``aeb/``, 181 pages): the article-extraction-benchmark shingle metric
  (`benchmarks.aeb_metric`, as in ``aeb/README.md``). trafilatura runs with its defaults
  (``trafilatura.extract(html, url=...)``), as the published AEB numbers do.
- **trafeval** (``trafeval/``, 990 pages): the corpus authors' snippet metric
  (`benchmarks.trafeval_metric`, as in ``trafeval/README.md``). trafilatura runs as that README
  says: ``extract(html, url=url, include_comments=False, include_tables=True,
  include_formatting=False)``. The score is also given on two fixed halves: the **tuning half** is
  the pages with an even file number (``0000``, ``0002`` ...), the **held-out half** those with an odd
  one; rules are tuned on the first and checked on the second, to see whether they generalise.

Every page is handed to newscrawl with a neutral URL (``http://127.0.0.1/<path of the original>``)
so that no site profile applies: the score is the generic engine's alone. newscrawl gets the page's
bytes as saved (it decodes them with the page's own charset, as a crawl does); trafilatura and lxml
get the text decoded the same way. The extractors run page by page in turn, so machine noise hits
them alike; times are wall-clock per page (parse included), the fastest of ``--repeat`` runs
(default 3). The "lxml" row is the floor: ``lxml.html.document_fromstring`` only, with the whole
page's text as its prediction.

Besides the tables, the run lists each corpus's worst pages for newscrawl (with trafilatura's score
on the same page when it ran) and every page with a body in its truth that came back empty.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402

from benchmarks import SHARED, aeb_metric, trafeval_metric  # noqa: E402
from benchmarks.aeb_metric import CorpusScore, PageScore  # noqa: E402

DEFAULT_CORPUS = SHARED / "aeb"
TRAFEVAL_CORPUS = SHARED / "trafeval"
CORPORA = ("aeb", "trafeval")
logger = logging.getLogger(__name__)


def neutral_url(url: str) -> str:
    """The original URL's path (and query) on 127.0.0.1, so no site profile matches.

    A few trafeval keys are not URLs (``hard::blog.python.org.html``): their name becomes the path.
    """
    parts = urlsplit(url)
    if not parts.netloc:
        return f"http://127.0.0.1/{url.split('::')[-1].lstrip('/')}"
    query = f"?{parts.query}" if parts.query else ""
    return f"http://127.0.0.1{parts.path or '/'}{query}"


def load_corpus(corpus: Path, limit: int | None = None) -> Iterator[tuple[str, str, str, str]]:
    """AEB: ``(page id, neutral url, html text, true body)`` for every page, in id order."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    for n, page_id in enumerate(sorted(truth)):
        if limit is not None and n >= limit:
            return
        html = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        entry = truth[page_id]
        yield page_id, neutral_url(entry["url"]), html, entry["articleBody"] or ""


@dataclass(frozen=True)
class TrafevalPage:
    """One trafeval page: its bytes, its text in its own charset, and its snippets."""

    page_id: str  # the file number, "0000" ...
    url: str  # neutral
    body: bytes
    html: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]

    @property
    def tuning(self) -> bool:
        """Whether the page is in the tuning half (even file number) rather than the held-out half."""
        return int(self.page_id) % 2 == 0


def load_trafeval(corpus: Path, limit: int | None = None) -> Iterator[TrafevalPage]:
    """Every trafeval page in file order (the first ``limit`` only when given)."""
    from newscrawl.responses.charset import decode_html

    notes = json.loads((corpus / "annotations.json").read_text(encoding="utf-8"))
    ordered = sorted(notes.items(), key=lambda item: item[1]["file"])
    for n, (url, note) in enumerate(ordered):
        if limit is not None and n >= limit:
            return
        body = gzip.decompress((corpus / "html" / note["file"]).read_bytes())
        yield TrafevalPage(
            page_id=note["file"].split(".")[0],
            url=neutral_url(url),
            body=body,
            html=decode_html(body),
            with_snippets=tuple(note.get("with") or ()),
            without_snippets=tuple(note.get("without") or ()),
        )


def run_newscrawl(html: str | bytes, url: str) -> str:
    """newscrawl's cleaned body (generic engine, drop mode)."""
    from newscrawl import extract_article

    return extract_article(html, url, use_profiles=False).articleBody or ""


def run_trafilatura(html: str, url: str) -> str:
    """trafilatura 2.x with its defaults (comments and tables included, no precision/recall bias)."""
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_trafilatura_trafeval(html: str, url: str) -> str:
    """trafilatura as the trafeval README runs it: no comments, tables, no formatting."""
    import trafilatura

    return (
        trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, include_formatting=False
        )
        or ""
    )


_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def run_lxml(html: str, url: str) -> str:
    """The floor: parse only; the whole page's text is the prediction.

    The text goes in as UTF-8 bytes: lxml refuses a string that declares an encoding (``<?xml``).
    """
    data = html.encode("utf-8", "surrogatepass")
    return lxml.html.document_fromstring(data, parser=_UTF8_PARSER).text_content()


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "newscrawl": run_newscrawl,
    "trafilatura": run_trafilatura,
    "lxml": run_lxml,
}
TRAFEVAL_EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    **EXTRACTORS,
    "trafilatura": run_trafilatura_trafeval,
}


_FAILED: set[str] = set()  # extractors whose first failure was logged with its traceback


def _timed(extract: Callable[[Any, str], str], html: Any, url: str, repeat: int) -> tuple[str, float]:
    """The extraction and its fastest time in ms of ``repeat`` runs; ("", nan) when it fails."""
    best = float("inf")
    predicted = ""
    try:
        for _ in range(max(repeat, 1)):
            start = time.perf_counter()
            predicted = extract(html, url)
            best = min(best, (time.perf_counter() - start) * 1000)
    except Exception as exc:  # an extractor failing on a page scores as an empty prediction
        name = getattr(extract, "__name__", str(extract))
        if name in _FAILED:
            logger.error("%s failed on %s: %r", name, url, exc)
        else:
            _FAILED.add(name)
            logger.exception("%s failed on %s", name, url)
        return "", float("nan")
    return predicted, best


def _median(times: list[float]) -> float:
    valid = [t for t in times if t == t]  # failures have no time
    return statistics.median(valid) if valid else 0.0


def run(
    corpus: Path, limit: int | None = None, names: tuple[str, ...] = tuple(EXTRACTORS), repeat: int = 1
) -> tuple[dict[str, CorpusScore], dict[str, float], dict[str, dict[str, PageScore]]]:
    """AEB: score each extractor; returns (scores, median ms per page, per-page scores).

    Each page's time is the fastest of ``repeat`` runs (the machine is shared; the minimum is the
    least noisy estimate of the work done).
    """
    times: dict[str, list[float]] = {name: [] for name in names}
    pages: dict[str, dict[str, PageScore]] = {name: {} for name in names}
    for page_id, url, html, truth in load_corpus(corpus, limit):
        for name in names:
            predicted, ms = _timed(EXTRACTORS[name], html, url, repeat)
            times[name].append(ms)
            pages[name][page_id] = aeb_metric.score_page(predicted, truth)
    scores = {name: aeb_metric.score_corpus(pages[name].values()) for name in names}
    medians = {name: _median(times[name]) for name in names}
    return scores, medians, pages


@dataclass
class TrafevalRun:
    """Per-page snippet counts of each extractor on trafeval, with times and empty pages."""

    pages: dict[str, dict[str, trafeval_metric.SnippetCounts]] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=dict)
    empty: dict[str, list[str]] = field(default_factory=dict)  # pages with `with` snippets, empty body
    tuning: set[str] = field(default_factory=set)  # page ids of the tuning half

    def score(self, name: str, half: str = "all") -> trafeval_metric.SnippetScore:
        """The metric over ``half``: "all", "tuning" (even file numbers) or "held-out" (odd)."""
        pages = self.pages[name]
        if half == "all":
            chosen = pages.values()
        else:
            want = half == "tuning"
            chosen = [c for pid, c in pages.items() if (pid in self.tuning) == want]
        return trafeval_metric.score_corpus(chosen)

    def median(self, name: str) -> float:
        return _median(self.times[name])


def run_trafeval(
    corpus: Path = TRAFEVAL_CORPUS,
    limit: int | None = None,
    names: tuple[str, ...] = tuple(TRAFEVAL_EXTRACTORS),
    repeat: int = 1,
) -> TrafevalRun:
    """trafeval: every extractor on every page, scored with the snippet metric."""
    result = TrafevalRun(
        pages={n: {} for n in names}, times={n: [] for n in names}, empty={n: [] for n in names}
    )
    for page in load_trafeval(corpus, limit):
        if page.tuning:
            result.tuning.add(page.page_id)
        for name in names:
            given = page.body if name == "newscrawl" else page.html
            predicted, ms = _timed(TRAFEVAL_EXTRACTORS[name], given, page.url, repeat)
            result.times[name].append(ms)
            result.pages[name][page.page_id] = trafeval_metric.score_page(
                predicted, page.with_snippets, page.without_snippets
            )
            if page.with_snippets and not predicted.strip():
                result.empty[name].append(page.page_id)
    return result


def _ratio(ms: float, base: float) -> str:
    return f"{ms / base:.2f}x" if base else "-"


def aeb_table(scores: dict[str, CorpusScore], medians: dict[str, float], empty: dict[str, int]) -> str:
    """A Markdown table of the AEB results, with each time as a ratio of trafilatura's."""
    base = medians.get("trafilatura") or 0.0
    rows = [
        "| extractor | F1 | precision | recall | accuracy | empty | median ms/page | time vs trafilatura |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        rows.append(
            f"| {name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {s.accuracy:.3f} "
            f"| {empty[name]} | {medians[name]:.1f} | {_ratio(medians[name], base)} |"
        )
    return "\n".join(rows)


def trafeval_table(result: TrafevalRun) -> str:
    """A Markdown table of the trafeval results: all pages, tuning half, held-out half."""
    names = list(result.pages)
    base = result.median("trafilatura") if "trafilatura" in names else 0.0
    rows = [
        "| extractor | F1 | precision | recall | accuracy | F1 tuning | F1 held-out | empty "
        "| median ms/page | time vs trafilatura |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in names:
        s, tune, held = result.score(name), result.score(name, "tuning"), result.score(name, "held-out")
        ms = result.median(name)
        rows.append(
            f"| {name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {s.accuracy:.3f} "
            f"| {tune.f1:.3f} (P {tune.precision:.3f} R {tune.recall:.3f}) "
            f"| {held.f1:.3f} (P {held.precision:.3f} R {held.recall:.3f}) "
            f"| {len(result.empty[name])} | {ms:.1f} | {_ratio(ms, base)} |"
        )
    return "\n".join(rows)


def _aeb_worst(pages: dict[str, dict[str, PageScore]], show: int) -> list[str]:
    def f1(p: PageScore) -> float:
        return 2 * p.precision * p.recall / (p.precision + p.recall) if p.precision + p.recall else 0.0

    ours = pages["newscrawl"]
    theirs = pages.get("trafilatura", {})
    lines = []
    for pid in sorted(ours, key=lambda pid: f1(ours[pid]))[:show]:
        p = ours[pid]
        other = f" (trafilatura {f1(theirs[pid]):.2f})" if pid in theirs else ""
        lines.append(f"  {pid}  F1 {f1(p):.2f}  P {p.precision:.2f}  R {p.recall:.2f}{other}")
    return lines


def _trafeval_worst(result: TrafevalRun, show: int) -> list[str]:
    ours = result.pages["newscrawl"]
    theirs = result.pages.get("trafilatura", {})
    lines = []
    order = sorted(ours, key=lambda pid: (-ours[pid].errors, -ours[pid].fn, pid))
    for pid in order[:show]:
        c = ours[pid]
        if not c.errors:
            break
        half = "tuning" if pid in result.tuning else "held-out"
        other = f" (trafilatura fn {theirs[pid].fn} fp {theirs[pid].fp})" if pid in theirs else ""
        lines.append(f"  {pid}  {half:<8}  fn {c.fn} fp {c.fp}  tp {c.tp} tn {c.tn}{other}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both")
    parser.add_argument("--aeb", type=Path, default=DEFAULT_CORPUS, help="the AEB corpus folder")
    parser.add_argument("--trafeval", type=Path, default=TRAFEVAL_CORPUS, help="the trafeval corpus folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each corpus")
    parser.add_argument("--json", type=Path, default=None, help="write scores and per-page results here")
    parser.add_argument("--repeat", type=int, default=3, help="time each page N times, keep the fastest")
    parser.add_argument("--worst", type=int, default=15, help="list this many worst pages per corpus")
    parser.add_argument(
        "--only", default=",".join(EXTRACTORS), help="comma-separated extractors (default: all)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    names = tuple(n for n in args.only.split(",") if n)
    out: dict[str, Any] = {}
    ratios: list[str] = []
    if args.corpus in ("aeb", "both"):
        scores, medians, pages = run(args.aeb, args.limit, names, args.repeat)
        empty = {n: sum(1 for p in pages[n].values() if not p.predicted) for n in names}
        print(f"## AEB ({args.aeb}, {next(iter(scores.values())).pages} pages, shingle metric)\n")
        print(aeb_table(scores, medians, empty))
        if "newscrawl" in names:
            print("\nworst pages (newscrawl):")
            print("\n".join(_aeb_worst(pages, args.worst)))
        if medians.get("newscrawl") and medians.get("trafilatura"):
            ratios.append(f"AEB {medians['newscrawl'] / medians['trafilatura']:.2f}x")
        out["aeb"] = {
            name: {
                "f1": s.f1,
                "precision": s.precision,
                "recall": s.recall,
                "accuracy": s.accuracy,
                "median_ms": medians[name],
                "empty": empty[name],
                "pages": {pid: [p.precision, p.recall] for pid, p in pages[name].items()},
            }
            for name, s in scores.items()
        }
    if args.corpus in ("trafeval", "both"):
        result = run_trafeval(args.trafeval, args.limit, names, args.repeat)
        pages_n = len(next(iter(result.pages.values())))
        print(f"\n## trafeval ({args.trafeval}, {pages_n} pages, snippet metric; tuning half = even file")
        print("numbers, held-out half = odd)\n")
        print(trafeval_table(result))
        if "newscrawl" in names:
            print("\nworst pages (newscrawl, most snippets wrong):")
            print("\n".join(_trafeval_worst(result, args.worst)))
            if result.empty["newscrawl"]:
                print("empty bodies (newscrawl):", " ".join(result.empty["newscrawl"]))
        if {"newscrawl", "trafilatura"} <= set(names) and result.median("trafilatura"):
            ratios.append(f"trafeval {result.median('newscrawl') / result.median('trafilatura'):.2f}x")
        out["trafeval"] = {
            name: {
                **{
                    half: {"f1": s.f1, "precision": s.precision, "recall": s.recall, "accuracy": s.accuracy}
                    for half in ("all", "tuning", "held-out")
                    for s in (result.score(name, half),)
                },
                "median_ms": result.median(name),
                "empty": result.empty[name],
                "pages": {pid: [c.tp, c.fp, c.tn, c.fn] for pid, c in result.pages[name].items()},
            }
            for name in names
        }
    if ratios:
        print("\nnewscrawl median time vs trafilatura's:", ", ".join(ratios))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
