"""The boilerplate step's quality gate on the benchmark corpus (``../shared/aeb/``).

Drop mode must beat keep mode on precision while losing at most 0.5 points of recall, with the AEB
metric. The numbers themselves are printed by ``python benchmarks/boilerplate.py``.
"""

from __future__ import annotations

import importlib.util

from tests.helpers import REPO, SHARED, needs_shared

spec = importlib.util.spec_from_file_location("boilerplate_bench", REPO / "benchmarks" / "boilerplate.py")
bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(bench)  # type: ignore[union-attr]


@needs_shared
def test_drop_mode_raises_precision_without_costing_recall() -> None:
    results = bench.run(SHARED / "aeb", None)
    keep_p, keep_r, _ = results["keep"]
    drop_p, drop_r, _ = results["drop"]
    structural_p, structural_r, _ = results["drop-structural"]
    assert drop_p > keep_p
    assert keep_r - drop_r <= 0.005
    # the phrase stage itself must pay its way too
    assert drop_p > structural_p
    assert structural_r - drop_r <= 0.005
