"""CI quality gate: newscrawl's body F1 on both corpora must not drop below the recorded baseline.

One pass of newscrawl only (no trafilatura) over each corpus, so it stays fast: AEB (181 pages,
shingle metric) and trafeval (990 pages, snippet metric, ~10 s). The baselines live in
``benchmarks/eval_baseline.json``; re-record them with ``benchmarks/extraction.py`` when the engine
improves.
"""

from __future__ import annotations

import json
import warnings

from benchmarks.extraction import DEFAULT_CORPUS, TRAFEVAL_CORPUS, run, run_trafeval
from tests.helpers import REPO, needs_shared

BASELINE = json.loads((REPO / "benchmarks" / "eval_baseline.json").read_text(encoding="utf-8"))


@needs_shared
def test_body_f1_does_not_regress() -> None:
    assert DEFAULT_CORPUS.is_dir(), f"{DEFAULT_CORPUS} missing"
    with warnings.catch_warnings():
        # Third-party date parsing warns on some pages; the gate measures what the benchmark measures.
        warnings.simplefilter("ignore")
        scores, _, _ = run(DEFAULT_CORPUS, names=("newscrawl",))
    score = scores["newscrawl"]
    recorded = BASELINE["newscrawl"]
    assert score.pages == BASELINE["pages"]
    assert score.f1 >= recorded["f1"] - BASELINE["max_f1_drop"], (
        f"body F1 {score.f1:.4f} fell below the recorded {recorded['f1']:.4f} "
        f"(precision {score.precision:.4f}, recall {score.recall:.4f})"
    )


@needs_shared
def test_trafeval_f1_does_not_regress() -> None:
    assert TRAFEVAL_CORPUS.is_dir(), f"{TRAFEVAL_CORPUS} missing"
    baseline = BASELINE["trafeval"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_trafeval(TRAFEVAL_CORPUS, names=("newscrawl",))
    score = result.score("newscrawl")
    recorded = baseline["newscrawl"]
    assert score.pages == baseline["pages"]
    assert score.f1 >= recorded["f1"] - baseline["max_f1_drop"], (
        f"trafeval F1 {score.f1:.4f} fell below the recorded {recorded['f1']:.4f} "
        f"(precision {score.precision:.4f}, recall {score.recall:.4f}; "
        f"tuning half {result.score('newscrawl', 'tuning').f1:.4f}, "
        f"held-out half {result.score('newscrawl', 'held-out').f1:.4f})"
    )


@needs_shared
def test_metadata_truth_does_not_regress() -> None:
    from benchmarks.metadata_truth import score

    recorded = BASELINE["metadata"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hits, misses = score()
    for field, right in recorded["right"].items():
        now = sum(hits[(half, field)][0] for half in ("tuning", "held-out"))
        assert now >= right - recorded["max_lost_pages"], (
            f"{field}: {now} pages right, recorded {right}\n" + "\n".join(m for m in misses if field in m)
        )
