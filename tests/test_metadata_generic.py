"""The generic engine's use of metadata: the lead image joins the body's images once."""

from __future__ import annotations

from newscrawl.extract import read_page
from newscrawl.extract.generic import add_lead_image, extract_generic
from newscrawl.items import Image
from tests.metadata_support import URL, og, page


def test_lead_image_is_added_when_the_body_has_no_such_image():
    images = [Image("https://cdn.example/a.jpg", "A")]
    add_lead_image(images, Image("https://cdn.example/lead.jpg"))
    assert [i.url for i in images] == ["https://cdn.example/a.jpg", "https://cdn.example/lead.jpg"]


def test_lead_image_is_not_added_twice_even_with_another_query():
    images = [Image("https://cdn.example/lead.jpg?w=800", "Caption from the body")]
    add_lead_image(images, Image("https://cdn.example/lead.jpg?w=1200"))
    add_lead_image(images, None)
    assert images == [Image("https://cdn.example/lead.jpg?w=800", "Caption from the body")]


def test_generic_engine_passes_metadata_into_the_raw_article():
    head = og("og:title", "Storm hits coast | Example News") + og("og:site_name", "Example News")
    head += og("og:image", "/img/lead.jpg") + og("og:type", "article")
    body = "<article><h1>Storm hits coast</h1><p>The storm arrived.</p></article>"
    raw = extract_generic(read_page(page(head, body), URL))
    assert raw.headline == "Storm hits coast"
    assert raw.publisher == "Example News"
    assert raw.isArticle is True
    assert [i.url for i in raw.images] == ["https://www.example-news.com/img/lead.jpg"]
