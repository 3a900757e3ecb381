"""The trafeval snippet metric and the benchmark's corpus split, checked on hand-made examples."""

from __future__ import annotations

import pytest

from benchmarks.extraction import TrafevalPage, neutral_url
from benchmarks.trafeval_metric import SnippetCounts, normalise, score_corpus, score_page


def test_text_and_snippets_are_whitespace_normalised() -> None:
    assert normalise("  one\n two\t\u00a0three ") == "one two three"
    counts = score_page("The bridge\nreopens  next month.", ["bridge reopens next"], [])
    assert counts == SnippetCounts(tp=1, fp=0, tn=0, fn=0)


def test_with_snippets_found_are_true_positives_and_without_snippets_false_positives() -> None:
    text = "Story sentence one. Story sentence two. Share on Facebook"
    counts = score_page(text, ["sentence one", "sentence three"], ["Share on Facebook", "Cookie policy"])
    assert counts == SnippetCounts(tp=1, fp=1, tn=1, fn=1)


def test_an_empty_extraction_finds_nothing() -> None:
    assert score_page("", ["a", "b"], ["c"]) == SnippetCounts(tp=0, fp=0, tn=1, fn=2)


def test_counts_are_summed_over_pages_before_the_ratios() -> None:
    score = score_corpus([SnippetCounts(tp=3, fp=1, tn=2, fn=0), SnippetCounts(tp=1, fp=0, tn=3, fn=3)])
    assert score.precision == pytest.approx(4 / 5)
    assert score.recall == pytest.approx(4 / 7)
    assert score.f1 == pytest.approx(2 * (4 / 5) * (4 / 7) / (4 / 5 + 4 / 7))
    assert score.accuracy == pytest.approx(9 / 13)
    assert score.pages == 2


def test_tuning_half_is_the_even_file_numbers() -> None:
    page = TrafevalPage("0012", "http://127.0.0.1/", b"", "", (), ())
    assert page.tuning
    assert not TrafevalPage("0013", "http://127.0.0.1/", b"", "", (), ()).tuning


def test_neutral_urls_keep_the_path_and_name_keys_that_are_no_urls() -> None:
    assert neutral_url("https://www.example.com/a/b?x=1") == "http://127.0.0.1/a/b?x=1"
    assert neutral_url("hard::blog.example.org.html") == "http://127.0.0.1/blog.example.org.html"
