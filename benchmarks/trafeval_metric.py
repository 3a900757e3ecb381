"""The trafilatura evaluation metric: snippets that the body must contain, and snippets it must not.

As ``../shared/trafeval/README.md`` describes it: the extracted text and every snippet are
whitespace-normalised (``re.sub(r"\\s+", " ", s).strip()``); per page each ``with`` snippet found in
the text (substring) is a true positive, otherwise a false negative; each ``without`` snippet found
is a false positive, otherwise a true negative. Counts are summed over the corpus; precision is
TP/(TP+FP), recall TP/(TP+FN), F1 their harmonic mean, accuracy (TP+TN)/all. An empty or failed
extraction finds nothing: its ``with`` snippets are all false negatives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Whitespace runs collapsed to one space, ends stripped."""
    return _SPACE.sub(" ", text or "").strip()


@dataclass(frozen=True)
class SnippetCounts:
    """True/false positives and negatives of one page (or summed over pages)."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(self.tp + other.tp, self.fp + other.fp, self.tn + other.tn, self.fn + other.fn)

    @property
    def errors(self) -> int:
        """Snippets judged wrongly (missing story snippets plus included boilerplate snippets)."""
        return self.fp + self.fn


def score_page(
    predicted: str, with_snippets: Sequence[str], without_snippets: Sequence[str]
) -> SnippetCounts:
    """Count one page's snippets found and missed in the extracted text."""
    text = normalise(predicted)
    found_with = sum(1 for s in with_snippets if text and normalise(s) in text)
    found_without = sum(1 for s in without_snippets if text and normalise(s) in text)
    return SnippetCounts(
        tp=found_with,
        fn=len(with_snippets) - found_with,
        fp=found_without,
        tn=len(without_snippets) - found_without,
    )


@dataclass(frozen=True)
class SnippetScore:
    """The corpus-level numbers of the metric."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int
    counts: SnippetCounts


def score_corpus(pages: Iterable[SnippetCounts]) -> SnippetScore:
    """Precision, recall, F1 and accuracy of the summed counts."""
    total = SnippetCounts()
    n = 0
    for counts in pages:
        total += counts
        n += 1
    precision = total.tp / (total.tp + total.fp) if total.tp + total.fp else 0.0
    recall = total.tp / (total.tp + total.fn) if total.tp + total.fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    all_snippets = total.tp + total.fp + total.tn + total.fn
    accuracy = (total.tp + total.tn) / all_snippets if all_snippets else 0.0
    return SnippetScore(f1, precision, recall, accuracy, n, total)
