"""The JSON Schema of the item accepts clean articles and refuses broken ones."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

import jsonschema
import pytest

from newscrawl.items import Article
from tests.helpers import REPO

SCHEMA = json.loads((REPO / "newscrawl" / "schema" / "article.schema.json").read_text())


def good() -> dict:
    return asdict(
        Article(
            url="https://example.com/news/2024/01/02/story",
            headline="A headline",
            articleBody="First paragraph.\nSecond paragraph.",
            datePublished="2024-01-02T10:00:00+01:00",
            fingerprint="0123456789abcdef0123456789abcdef",
        )
    )


def test_schema_covers_every_article_field() -> None:
    assert set(SCHEMA["properties"]) == {f.name for f in fields(Article)}


def test_clean_article_validates() -> None:
    jsonschema.validate(good(), SCHEMA)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("articleBody", "One\n\nTwo"),
        ("articleBody", " leading space"),
        ("headline", ""),
        ("datePublished", "2 January 2024"),
        ("datePublished", "2024-01-02T10:00:00"),
        ("url", "ftp://example.com/x"),
        ("fingerprint", "XYZ"),
    ],
)
def test_schema_refuses_broken_values(field: str, value: object) -> None:
    item = good()
    item[field] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(item, SCHEMA)
