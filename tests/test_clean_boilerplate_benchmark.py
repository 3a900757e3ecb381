"""The boilerplate step's quality gate on the benchmark corpus (``../shared/aeb/``).

Drop mode must beat keep mode on precision while losing at most 0.5 points of recall, with the AEB
metric. The numbers themselves are printed by ``python benchmarks/boilerplate.py``.
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.helpers import REPO, SHARED, needs_shared

spec = importlib.util.spec_from_file_location("boilerplate_bench", REPO / "benchmarks" / "boilerplate.py")
bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(bench)  # type: ignore[union-attr]


def test_metric_on_hand_made_pages() -> None:
    truth = "one two three four five six"
    assert bench.aeb_shingle_scores(truth, truth) == (1.0, 0.0, 0.0)
    tp, fp, fn = bench.aeb_shingle_scores("one two three four five six seven", truth)
    assert (tp, fp, fn) == pytest.approx((3 / 4, 1 / 4, 0.0))
    precision, recall, f1 = bench.aeb_precision_recall_f1([(truth, truth), ("", truth)])
    assert precision == 1.0  # the empty prediction does not count for precision...
    assert recall == 0.5  # ...but scores 0 recall
    assert f1 == pytest.approx(2 / 3)


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
