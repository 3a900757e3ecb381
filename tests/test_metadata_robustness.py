"""Metadata extraction never fails on odd but parseable input (property-based)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extract.jsonld import parse_json_tolerant
from tests.metadata_support import extract, ld, meta, og, page

KEYS = st.sampled_from(
    [
        "@type",
        "@id",
        "@graph",
        "headline",
        "name",
        "author",
        "datePublished",
        "dateModified",
        "publisher",
        "image",
        "keywords",
        "inLanguage",
        "articleSection",
        "isAccessibleForFree",
        "hasPart",
        "mainEntity",
        "mainEntityOfPage",
        "url",
        "description",
        "articleBody",
        "givenName",
        "caption",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["NewsArticle", "Person", "Organization", "WebPage", "ItemList", "2024-03-05", "#x"]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=6)),
    max_leaves=25,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_any_jsonld_shape_gives_a_result(value):
    data = extract(page(ld(json.dumps(value)) + og("og:title", "Storm")))
    assert isinstance(data["authors"], list)
    assert all(isinstance(a, str) for a in data["authors"])
    assert all(isinstance(k, str) for k in data["keywords"])
    assert data["headline"] is None or isinstance(data["headline"], str)
    assert data["isAccessibleForFree"] in (True, False, None)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_script_text_is_tolerated(text):
    assert isinstance(parse_json_tolerant(text), list)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_any_title_and_meta_text(title, author):
    clean = lambda s: s.replace("<", "").replace(">", "").replace('"', "").replace("&", "")  # noqa: E731
    html = page(
        f"<title>{clean(title)}</title>" + meta("author", clean(author)) + og("og:site_name", "Example")
    )
    data = extract(html)
    assert data["headline"] is None or data["headline"].strip() == data["headline"]
