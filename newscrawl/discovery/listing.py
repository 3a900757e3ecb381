"""The links of a listing page, read in one streaming pass without keeping the page's tree.

A start page can list tens of thousands of articles; its full lxml tree costs over 1 KB per link
while the crawl schedules them. `listing_links` feeds the page to lxml's pull parser in chunks and
drops every element once it is closed, so only the link strings are kept.
"""

from __future__ import annotations

from lxml import etree

from newscrawl.discovery.feeds import feed_href

CHUNK = 64 * 1024


def listing_links(text: str, base_url: str) -> tuple[list[str], list[str]]:
    """(feed URLs announced by ``<link rel="alternate">``, raw ``href`` of every ``<a>``), in page order.

    The same links as ``feed_links(Selector(text=text), base_url)`` and
    ``Selector(text=text).css("a::attr(href)").getall()``: the page is prepared and parsed as parsel
    does (UTF-8, recovering, huge trees allowed).
    """
    feeds: list[str] = []
    hrefs: list[str] = []
    parser = etree.HTMLPullParser(events=("start", "end"), encoding="utf-8", recover=True, huge_tree=True)
    body = text.strip().replace("\x00", "").encode("utf-8")
    for offset in range(0, len(body), CHUNK):
        parser.feed(body[offset : offset + CHUNK])
        _drain(parser, base_url, feeds, hrefs)
    parser.close()
    _drain(parser, base_url, feeds, hrefs)
    return list(dict.fromkeys(feeds)), hrefs


def _drain(parser: etree.HTMLPullParser, base_url: str, feeds: list[str], hrefs: list[str]) -> None:
    for event, element in parser.read_events():
        if event == "start":
            if element.tag == "a":
                href = element.get("href")
                if href is not None:
                    hrefs.append(href)
            elif element.tag == "link" and (url := feed_href(element.attrib, base_url)):
                feeds.append(url)
            continue
        # Closed: its links were read at its start; free it and the siblings before it.
        element.clear(keep_tail=False)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
