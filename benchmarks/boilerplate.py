"""Boilerplate step on the article-extraction benchmark corpus (``../shared/aeb/``).

Runs ``extract_article(html, neutral_url, use_profiles=False)`` over every page three ways:

- ``keep``: every visible block (no boilerplate removal at all);
- ``drop-structural``: drop mode with the phrase stage switched off (extractor flags and captions only);
- ``drop``: drop mode with the phrase stage (the default pipeline).

and prints precision / recall / F1 with the corpus's own metric (see ``../shared/aeb/README.md``).

    python benchmarks/boilerplate.py [--aeb ../shared/aeb] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawl import extract_article
from newscrawl.clean import CleanOptions, clean_article
from newscrawl.clean.options import BoilerplateMode
from newscrawl.extract import extract_raw

NEUTRAL_URL = "https://benchmark.invalid/article/{id}"
_TOKEN = re.compile(r"\w+")


def aeb_shingle_scores(predicted: str, truth: str, n: int = 4) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) of the AEB metric: 4-token shingle multisets, normalised to sum to 1."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKEN.findall(text)
        if len(tokens) < n:
            return Counter([tuple(tokens)]) if tokens else Counter()
        return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))

    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aeb_precision_recall_f1(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(precision, recall, F1) over (predicted, truth) pairs: precision over non-empty predictions."""
    precisions, recalls = [], []
    for predicted, truth in pairs:
        tp, fp, fn = aeb_shingle_scores(predicted, truth)
        if predicted.strip():
            precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def extract_body(html: str, url: str, mode: BoilerplateMode, phrases: bool) -> str:
    """The body as ``extract_article(html, url, boilerplate=mode, use_profiles=False)`` gives it.

    ``phrases=False`` runs the same extraction and stages with the phrase/position verdicts off.
    """
    if phrases:
        article = extract_article(html, url, boilerplate=mode, use_profiles=False)
    else:
        raw = extract_raw(html, url, use_profiles=False)
        article = clean_article(raw, CleanOptions(boilerplate=mode, boilerplate_phrases=False))
    return article.articleBody or ""


def run(aeb: Path, limit: int | None) -> dict[str, tuple[float, float, float]]:
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    # The corpus is UTF-8 (its README); decoded here because some pages do not declare it.
    pages = {
        i: gzip.decompress((aeb / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace")
        for i in ids
    }
    results: dict[str, tuple[float, float, float]] = {}
    variants: dict[str, tuple[BoilerplateMode, bool]] = {
        "keep": ("keep", True),
        "drop-structural": ("drop", False),
        "drop": ("drop", True),
    }
    for name, (mode, phrases) in variants.items():
        pairs = [
            (
                extract_body(html, NEUTRAL_URL.format(id=page_id), mode, phrases),
                truth[page_id]["articleBody"] or "",
            )
            for page_id, html in pages.items()
        ]
        results[name] = aeb_precision_recall_f1(pairs)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "aeb")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    results = run(args.aeb, args.limit)
    print(f"{'variant':<18} {'precision':>9} {'recall':>9} {'F1':>9}")
    for name, (p, r, f) in results.items():
        print(f"{name:<18} {p:9.4f} {r:9.4f} {f:9.4f}")
    keep_p, keep_r, _ = results["keep"]
    drop_p, drop_r, _ = results["drop"]
    print(f"drop vs keep: precision {drop_p - keep_p:+.4f}, recall {drop_r - keep_r:+.4f}")
    ok = drop_p > keep_p and keep_r - drop_r <= 0.005
    print("gate (precision up, recall down <= 0.5 points):", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
