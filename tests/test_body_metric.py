"""The AEB metric, checked on hand-made examples."""

from __future__ import annotations

import pytest

from benchmarks.aeb_metric import score_corpus, score_page, shingles, tokens


def test_tokens_are_unicode_word_runs() -> None:
    assert tokens("Hello, wörld! 東京 it's") == ["Hello", "wörld", "東京", "it", "s"]


def test_shingles_of_four_tokens_and_short_texts() -> None:
    assert shingles(["a", "b", "c", "d", "e"]) == {("a", "b", "c", "d"), ("b", "c", "d", "e")}
    assert shingles(["a", "b"]) == {("a", "b")}
    assert shingles([]) == set()


def test_exact_prediction_scores_one() -> None:
    page = score_page("one two three four five", "One two three four five".lower())
    assert (page.precision, page.recall, page.exact) == (1.0, 1.0, True)


def test_counts_are_normalised_per_page() -> None:
    # truth shingles: abcd bcde; prediction: abcd bcdx -> tp 1, fp 1, fn 1
    page = score_page("a b c d x", "a b c d e")
    assert page.tp == pytest.approx(1 / 3)
    assert page.fp == pytest.approx(1 / 3)
    assert page.fn == pytest.approx(1 / 3)
    assert page.precision == pytest.approx(0.5)
    assert page.recall == pytest.approx(0.5)
    assert not page.exact


def test_whitespace_and_punctuation_do_not_matter_for_accuracy() -> None:
    assert score_page("a, b\n\nc  d", "a b c d").exact


def test_empty_prediction_counts_for_recall_only() -> None:
    good = score_page("a b c d e", "a b c d e")
    empty = score_page("", "a b c d e")
    corpus = score_corpus([good, empty])
    assert corpus.precision == pytest.approx(1.0)  # only the page with a prediction
    assert corpus.recall == pytest.approx(0.5)
    assert corpus.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert corpus.accuracy == pytest.approx(0.5)


def test_f1_is_harmonic_mean_of_means_not_mean_of_f1s() -> None:
    a = score_page("a b c d x", "a b c d e")  # p .5 r .5
    b = score_page("a b c d e f g", "a b c d e f g h")  # p 1, r .8 (4 of 5 shingles, normalised)
    corpus = score_corpus([a, b])
    p = (a.precision + b.precision) / 2
    r = (a.recall + b.recall) / 2
    assert corpus.f1 == pytest.approx(2 * p * r / (p + r))
    assert b.recall == pytest.approx(4 / 5)


def test_empty_corpus() -> None:
    assert score_corpus([]).pages == 0
