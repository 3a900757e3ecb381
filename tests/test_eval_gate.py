"""CI quality gate: newscrawl's body F1 on the AEB corpus must not drop below the recorded baseline.

One pass of newscrawl only (no trafilatura), so it stays fast. The baseline lives in
``benchmarks/eval_baseline.json``; re-record it with ``benchmarks/extraction.py`` when the engine
improves.
"""

from __future__ import annotations

import json
import warnings

from benchmarks.extraction import DEFAULT_CORPUS, run
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
