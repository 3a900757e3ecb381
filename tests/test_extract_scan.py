"""The cheap page searches find exactly what the XPath expressions they replace find, in the same order."""

from __future__ import annotations

from itertools import islice

import pytest
from lxml import etree

from newscrawl.extract.htmlparse import parse_html
from newscrawl.extract.scan import AttributeSearch, PageTexts, first, following, substrings

PAGES = [
    """<html class="author-page"><body>
    <header id="top"><h1 class="logo">Site</h1><a href="/a">A</a></header>
    <div class="byline" id="author-box" data-testid="byline"><span class="Author">Jane</span></div>
    <main><article><h1>Headline <em>here</em></h1><p class="writer">x</p>
    <div data-component="author-card"><a href="/author/joe" class="autor">Joe</a><b>y</b></div>
    <section><p id="byline2">By Ann</p><p class="date">1 May</p><span class="auteur"></span></section>
    </article><aside><a href="/x">x</a><p class="AUTHOR">no</p></aside></main>
    <footer><p class="posted-on">2024</p></footer></body></html>""",
    """<html><body><div><div><h1>Deep <span>h1</span></h1></div><p>after</p></div>
    <p>later <a href="/b">b</a> <a>no href</a></p><h1>second</h1><p>last</p></body></html>""",
    "<html><body><p>No marks at all</p></body></html>",
]
_CONTAINS = etree.XPath(
    "//*[contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'Author')"
    " or contains(@class, 'writer') or contains(@class, 'autor') or contains(@id, 'byline')"
    " or contains(@id, 'author') or contains(@data-testid, 'byline') or contains(@data-component, 'author')]"
)
_SEARCH = AttributeSearch(
    {
        "class": substrings("author", "byline", "Author", "writer", "autor"),
        "id": substrings("byline", "author"),
        "data-testid": substrings("byline"),
        "data-component": substrings("author"),
    }
)


@pytest.mark.parametrize("html", PAGES)
def test_attribute_search_equals_xpath_contains(html: str) -> None:
    root = parse_html(html)
    assert _SEARCH(root) == _CONTAINS(root)


def test_attribute_search_finds_each_element_once_and_is_case_sensitive() -> None:
    root = parse_html(PAGES[0])
    found = _SEARCH(root)
    assert len(found) == len(set(found))
    assert root.find(".//div[@class='byline']") in found
    assert not any(el.get("class") == "AUTHOR" for el in found)


@pytest.mark.parametrize("html", PAGES)
@pytest.mark.parametrize("tags", [("p", "span", "a"), ("a",), ("time",)])
def test_following_equals_xpath_following(html: str, tags: tuple[str, ...]) -> None:
    root = parse_html(html)
    h1 = first(root, "h1")
    if h1 is None:
        assert not root.xpath("//h1")
        return
    union = " or ".join(f"self::{t}" for t in tags)
    expected = root.xpath(f"(//h1)[1]/following::*[{union}][position() <= 5]")
    assert list(islice(following(h1, *tags), 5)) == expected


def test_first_is_the_first_in_document_order() -> None:
    root = parse_html(PAGES[1])
    assert first(root, "h1") is root.xpath("(//h1)[1]")[0]
    assert first(root, "table") is None


def test_page_texts_finds_the_short_texts_holding_a_word_in_document_order_with_their_elements() -> None:
    root = parse_html(
        "<html><body><p>Hello <b>DATUM:</b> 1.2.2020</p><script>var date = 1</script>"
        f"<p>{'long paragraph with a date inside. ' * 20}</p><div>context <i>x</i> tail</div>"
        "<p>İstanbul</p></body></html>"
    )
    texts = PageTexts(root)
    assert "texts" not in vars(texts)  # listed on first use only
    assert [texts.texts[i] for i in texts.containing(("dat",), 400)] == ["DATUM:", "var date = 1"]
    assert [texts.texts[i] for i in texts.containing(("text", "tail"), 400)] == ["context ", " tail"]
    assert texts.containing(("zebra",), 400) == []
    holders = {texts.texts[i]: texts.owner(i) for i in range(len(texts.texts))}
    assert holders["DATUM:"].tag == "b" and holders[" 1.2.2020"].tag == "p"  # a tail: its parent's
    assert holders["var date = 1"] is None  # a script's code shows nothing
    assert holders[" tail"].tag == "div"


def test_page_texts_copes_with_letters_whose_lower_case_is_longer() -> None:
    root = parse_html("<html><body><p>İ Datum: 3.4.2021</p><p>Autor: Jane Doe</p></body></html>")
    texts = PageTexts(root)
    assert [texts.texts[i] for i in texts.containing(("autor",), 400)] == ["Autor: Jane Doe"]
