"""The article-extraction-benchmark metric: shingle precision/recall/F1 and exact-token accuracy.

Tokens are Unicode ``\\w+`` runs. Each page's prediction and truth become sets of 4-token shingles;
per page the true/false positives and false negatives are normalised to sum to 1. Precision is the
mean over pages with a non-empty prediction, recall the mean over all pages, F1 the harmonic mean
of the two means, accuracy the share of pages whose token list equals the truth's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def tokens(text: str) -> list[str]:
    """The ``\\w+`` runs of ``text`` in order."""
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive tokens (the whole list when shorter but non-empty)."""
    if not toks:
        return set()
    if len(toks) < size:
        return {tuple(toks)}
    return {tuple(toks[i : i + size]) for i in range(len(toks) - size + 1)}


@dataclass(frozen=True)
class PageScore:
    """Normalised shingle counts of one page (tp + fp + fn == 1 unless both texts are empty)."""

    tp: float
    fp: float
    fn: float
    exact: bool
    predicted: bool

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 for an empty prediction."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when nothing is predicted (1.0 when the truth is empty too)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_page(predicted: str, truth: str) -> PageScore:
    """Score one page's predicted body against its true body."""
    pred_tokens, true_tokens = tokens(predicted), tokens(truth)
    pred, true = shingles(pred_tokens), shingles(true_tokens)
    tp, fp, fn = len(pred & true), len(pred - true), len(true - pred)
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp, fp, fn, exact=pred_tokens == true_tokens, predicted=bool(pred))


@dataclass(frozen=True)
class CorpusScore:
    """The corpus-level numbers everyone reports."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


def score_corpus(pages: Iterable[PageScore]) -> CorpusScore:
    """Mean precision (over pages with a prediction), mean recall (over all), their F1, accuracy."""
    pages = list(pages)
    if not pages:
        return CorpusScore(0.0, 0.0, 0.0, 0.0, 0)
    predicted = [p for p in pages if p.predicted]
    precision = sum(p.precision for p in predicted) / len(predicted) if predicted else 0.0
    recall = sum(p.recall for p in pages) / len(pages)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages)
    return CorpusScore(f1, precision, recall, accuracy, len(pages))
