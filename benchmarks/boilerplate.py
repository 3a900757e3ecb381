"""Boilerplate step on the article-extraction benchmark corpus (``../shared/aeb/``).

Runs ``extract_article(html, neutral_url, use_profiles=False)`` over every page three ways (pages,
neutral URLs and the metric are those of ``benchmarks/extraction.py`` and ``benchmarks/aeb_metric.py``):

- ``keep``: every visible block (no boilerplate removal at all);
- ``drop-structural``: drop mode with the phrase stage switched off (extractor flags and captions only);
- ``drop``: drop mode with the phrase stage (the default pipeline).

and prints precision / recall / F1 with the corpus's own metric (see ``../shared/aeb/README.md``).

    python benchmarks/boilerplate.py [--aeb ../shared/aeb] [--limit N]
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import SHARED
from benchmarks.aeb_metric import PageScore, score_corpus, score_page
from benchmarks.extraction import load_corpus
from newscrawl.article import extract_raw
from newscrawl.clean import clean_article
from newscrawl.items import RawArticle
from newscrawl.options import BoilerplateMode, ExtractOptions


def clean_body(raw: RawArticle, mode: BoilerplateMode, phrases: bool) -> str:
    """The body ``extract_article(html, url, boilerplate=mode, use_profiles=False)`` gives, from the
    page's `extract_raw`; ``phrases=False`` switches the phrase/position verdicts off. A copy of ``raw``
    is cleaned: the stages change it in place."""
    options = ExtractOptions(boilerplate=mode, boilerplate_phrases=phrases, use_profiles=False)
    return clean_article(copy.deepcopy(raw), options).articleBody or ""


def run(aeb: Path, limit: int | None) -> dict[str, tuple[float, float, float]]:
    """(precision, recall, F1) of each variant over the corpus (the first ``limit`` pages).

    Extraction does not depend on the variant, so each page is extracted once and cleaned three ways.
    """
    pages = list(load_corpus(aeb, limit))
    variants: dict[str, tuple[BoilerplateMode, bool]] = {
        "keep": ("keep", True),
        "drop-structural": ("drop", False),
        "drop": ("drop", True),
    }
    scores: dict[str, list[PageScore]] = {name: [] for name in variants}
    for _, url, html, truth in pages:
        raw = extract_raw(html, url, use_profiles=False)
        for name, (mode, phrases) in variants.items():
            scores[name].append(score_page(clean_body(raw, mode, phrases), truth))
    results: dict[str, tuple[float, float, float]] = {}
    for name in variants:
        score = score_corpus(scores[name])
        results[name] = (score.precision, score.recall, score.f1)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb", type=Path, default=SHARED / "aeb")
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
