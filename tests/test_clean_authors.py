"""Authors: the people and agencies a byline credits (agencies also apart); roles, e-mails gone."""

from __future__ import annotations

import pytest

from newscrawl.clean import normalise_authors
from newscrawl.clean.authors import clean_authors
from newscrawl.items import RawArticle
from newscrawl.options import ExtractOptions


@pytest.mark.parametrize(
    ("values", "authors", "agencies"),
    [
        (["By Jane Doe, Political Editor"], ["Jane Doe"], []),
        (["By Jane Doe Political Editor"], ["Jane Doe"], []),
        (["Chris Smyth, Whitehall Editor"], ["Chris Smyth"], []),
        (["By Sarah Smith, Senior Reporter, in Washington"], ["Sarah Smith"], []),
        (["Jane Doe and John Smith in London"], ["Jane Doe", "John Smith"], []),
        (["By Jane Doe & John Smith"], ["Jane Doe", "John Smith"], []),
        (["Jane Doe | Reuters"], ["Jane Doe", "Reuters"], ["Reuters"]),
        (["Anna Müller (dpa)"], ["Anna Müller", "dpa"], ["dpa"]),
        (["Max Mustermann (mm)"], ["Max Mustermann"], []),
        (["Max Mustermann (MM) und Erika Muster (em)"], ["Max Mustermann", "Erika Muster"], []),
        (["Max Mustermann / mm"], ["Max Mustermann"], []),
        (["(kj)"], ["kj"], []),
        (["det/dpa"], ["det", "dpa"], ["dpa"]),
        (["gto"], ["gto"], []),
        (["Jane Doe jane.doe@example.com @janedoe https://twitter.com/janedoe"], ["Jane Doe"], []),
        (["jane.doe@example.com"], [], []),
        (["Von Anna Müller und Peter Schmidt"], ["Anna Müller", "Peter Schmidt"], []),
        (["Par Jean Dupont et Marie Curie"], ["Jean Dupont", "Marie Curie"], []),
        (["Por Juan Pérez y María García"], ["Juan Pérez", "María García"], []),
        (["José Ortega y Gasset"], ["José Ortega y Gasset"], []),
        (["Mario Rossi e Luca Bianchi"], ["Mario Rossi", "Luca Bianchi"], []),
        (["Ursula von der Leyen"], ["Ursula von der Leyen"], []),
        (["Luigi Di Maio"], ["Luigi Di Maio"], []),
        (["By Staff"], [], []),
        (["Staff and agencies"], [], []),
        (["Reuters"], ["Reuters"], ["Reuters"]),
        (["Reuters Staff"], ["Reuters"], ["Reuters"]),
        (["PA Media"], ["PA Media"], ["PA Media"]),
        (["Associated Press"], ["Associated Press"], ["Associated Press"]),
        (["AP", "AFP"], ["AP", "AFP"], ["AP", "AFP"]),
        (["By Jane Doe, AP"], ["Jane Doe", "AP"], ["AP"]),
        (["Владимир Иванов и Анна Петрова"], ["Владимир Иванов", "Анна Петрова"], []),
        (["山田太郎"], ["山田太郎"], []),
        (["김철수 기자"], ["김철수"], []),
        (["Jane Doe", "jane doe", "JANE DOE", "John Smith"], ["Jane Doe", "John Smith"], []),
        (["Senior Reporter"], [], []),
    ],
)
def test_clean_authors(values: list[str], authors: list[str], agencies: list[str]) -> None:
    assert clean_authors(values) == (authors, agencies)


def test_agency_copy_is_credited_to_and_published_under_the_agency() -> None:
    raw = RawArticle(url="https://example.com/a", authors=["By Reuters"], publisher="The Courier")
    normalise_authors(raw, ExtractOptions())
    assert raw.authors == ["Reuters"] and raw.publisher == "Reuters"
    assert raw.events == ["authors/agency"]


def test_people_with_agency_help_keep_the_site_as_publisher() -> None:
    raw = RawArticle(url="https://example.com/a", authors=["Jane Doe and AFP"], publisher="The Courier")
    normalise_authors(raw, ExtractOptions())
    assert raw.authors == ["Jane Doe", "AFP"] and raw.publisher == "The Courier"


def test_byline_of_no_names_is_counted() -> None:
    raw = RawArticle(url="https://example.com/a", authors=["Staff Writer"])
    normalise_authors(raw, ExtractOptions())
    assert raw.authors == [] and raw.events == ["authors/none_left"]
