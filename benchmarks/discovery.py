"""Score the link classifier on the labelled real URL set (`benchmarks/discovery_data.py`).

For article URLs: the share judged ``article`` (fetched at once) and ``article`` or ``unknown``
(fetched, the unknown ones as probes within a budget). For not-article URLs: the share judged
``article`` (always fetched: the waste) and ``article`` or ``unknown``. Sites are split in two fixed
halves by a digest of their registered domain: rules are tuned on half A, half B shows whether they
generalise. The old rule (a date or id *and* a long slug) is scored beside it.

    python -m benchmarks.discovery [--show 30]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import SHARED  # noqa: E402
from benchmarks.discovery_data import load  # noqa: E402
from newscrawl.discovery.urls import ARTICLE, NOT_ARTICLE, UNKNOWN, classify_url, registered_domain  # noqa: E402

Classifier = Callable[[str], str]


def half(url: str) -> str:
    """``A`` (tuning) or ``B`` (held out), fixed per site."""
    site = registered_domain(urlsplit(url).hostname or "")
    return "A" if hashlib.sha1(site.encode()).digest()[0] % 2 == 0 else "B"


def new_rule(url: str) -> str:
    return classify_url(url).verdict


def old_rule(url: str) -> str:
    """The classifier before December 2026: article or nothing (kept here only to compare)."""
    import re

    parts = urlsplit(url)
    path = parts.path
    if re.search(r"/(tag|tags|topic|topics|author|authors|category|categories|search)(/|$)", path, re.I):
        return NOT_ARTICLE
    slug = ([s for s in path.split("/") if s] or [""])[-1]
    long_slug = slug.count("-") >= 3 or len(slug) >= 30
    dated = re.search(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/|-)|/(19|20)\d{2}-\d{2}-\d{2}", path)
    number = re.search(r"\d{5,}", slug)
    return ARTICLE if (dated or number) and (long_slug or number) else NOT_ARTICLE


def score(rows: list[tuple[str, str]], classify: Classifier) -> dict[str, float]:
    """Shares of verdicts for the positives and the negatives of ``rows``."""
    verdicts = {"article": Counter[str](), "not_article": Counter[str]()}
    for label, url in rows:
        verdicts[label][classify(url)] += 1
    pos, neg = verdicts["article"], verdicts["not_article"]
    n_pos, n_neg = max(1, sum(pos.values())), max(1, sum(neg.values()))
    return {
        "articles": sum(pos.values()),
        "negatives": sum(neg.values()),
        "recall_article": pos[ARTICLE] / n_pos,
        "recall_fetched": (pos[ARTICLE] + pos[UNKNOWN]) / n_pos,
        "neg_article": neg[ARTICLE] / n_neg,
        "neg_fetched": (neg[ARTICLE] + neg[UNKNOWN]) / n_neg,
        "precision_article": pos[ARTICLE] / max(1, pos[ARTICLE] + neg[ARTICLE]),
    }


def news_urls() -> set[str]:
    """The AEB page URLs (news articles), when ``../shared`` is there: scored on their own too."""
    truth = SHARED / "aeb" / "ground-truth.json"
    if not truth.exists():
        return set()
    return {entry["url"] for entry in json.loads(truth.read_text(encoding="utf-8")).values()}


def table(rows: list[tuple[str, str]]) -> str:
    lines = [
        "| rule | part | articles | negatives | article recall (article) | (article+unknown) "
        "| negatives judged article | (article+unknown) | precision of article |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    parts = {"all": rows, "A (tuning)": [r for r in rows if half(r[1]) == "A"]}
    parts["B (held out)"] = [r for r in rows if half(r[1]) == "B"]
    news = news_urls()
    if news:
        for name in ("A", "B"):
            parts[f"{name}, news only (AEB)"] = [
                r for r in rows if half(r[1]) == name and (r[1] in news or r[0] == NOT_ARTICLE)
            ]
    for name, rule in (("new", new_rule), ("old", old_rule)):
        for part, subset in parts.items():
            s = score(subset, rule)
            lines.append(
                f"| {name} | {part} | {s['articles']} | {s['negatives']} | {s['recall_article']:.3f} "
                f"| {s['recall_fetched']:.3f} | {s['neg_article']:.3f} | {s['neg_fetched']:.3f} "
                f"| {s['precision_article']:.3f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print N mistakes of each kind (half A)")
    parser.add_argument("--part", default="A", choices=("A", "B", "all"))
    args = parser.parse_args(argv)
    rows = load()
    print(table(rows))
    if args.show:
        subset = rows if args.part == "all" else [r for r in rows if half(r[1]) == args.part]
        missed = [u for label, u in subset if label == ARTICLE and classify_url(u).verdict != ARTICLE]
        wasted = [u for label, u in subset if label == NOT_ARTICLE and classify_url(u).verdict == ARTICLE]
        print(f"\narticles not judged article ({len(missed)}):")
        for url in missed[: args.show]:
            print(f"  {classify_url(url).verdict:12} {url}")
        print(f"\nnegatives judged article ({len(wasted)}):")
        for url in wasted[: args.show]:
            print(f"  {classify_url(url).reason:12} {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
