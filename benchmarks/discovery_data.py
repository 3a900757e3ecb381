"""Build the labelled URL set that `benchmarks/discovery.py` scores the link classifier on.

Positives and negatives both come from the real pages in ``../shared`` (read there; only labels and
URLs are written to ``benchmarks/data/discovery_urls.tsv``, one ``label<TAB>url`` per line):

- **article**: the page URL of every AEB page (``aeb/ground-truth.json``) and every trafeval page
  (``trafeval/annotations.json``, keys that are URLs): pages with a main text, which discovery must
  fetch.
- **not_article**: links of those same pages that the site's chrome offers, by this rule:
  a same-site ``<a href>`` (registered domain, Public Suffix List)
  1. inside ``<nav>``, ``<header>``, ``<footer>``, or an element with ``role`` navigation, menubar,
     banner or contentinfo, or with ``rel`` tag/author, or inside an element whose class or id names
     a breadcrumb, a tag list or an author box; **and**
  2. whose anchor text has one to three words (menu entries, tags and names; a headline-length
     anchor is a teaser, and a link around a picture only is a teaser's too: both left out); **and**
  3. that is not a page URL of either corpus, nor one with another query or trailing slash (a
     comment-reply link of the page itself).
  Up to `PER_PAGE` such links per page are kept (the same ones every run: smallest digest first).
- Pages and links on ``web.archive.org`` are left out of both (their URL shape is the archive's).
- Hand labels (``benchmarks/data/discovery_hand_labels.tsv``): chrome links that the rule picked but
  a reader of the URL can tell are articles (dated headline slugs, a teaser in a menu) are labelled
  ``article``.

The rule was checked by reading 200 of the negatives it picks (printed by ``--review``): see the
numbers in README "Discovery".

    python -m benchmarks.discovery_data            # rewrite the data file
    python -m benchmarks.discovery_data --review 200
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from lxml import etree, html  # noqa: E402

from benchmarks import SHARED  # noqa: E402
from newscrawl.discovery.urls import same_site  # noqa: E402

DATA = REPO / "benchmarks" / "data" / "discovery_urls.tsv"
HAND_LABELS = REPO / "benchmarks" / "data" / "discovery_hand_labels.tsv"
_LEFT_OUT_HOSTS = ("web.archive.org",)
PER_PAGE = 3
MAX_ANCHOR_WORDS = 3
_CHROME_TAGS = frozenset(("nav", "header", "footer"))
_CHROME_ROLES = frozenset(("navigation", "menubar", "banner", "contentinfo"))
_CHROME_WORDS = ("breadcrumb", "tags", "tag-list", "taglist", "keywords", "author", "byline")


def page_urls(shared: Path = SHARED) -> Iterator[tuple[str, Path]]:
    """``(page URL, gzipped HTML path)`` of every page of both corpora."""
    truth = json.loads((shared / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, entry in sorted(truth.items()):
        if not _left_out(entry["url"]):
            yield entry["url"], shared / "aeb" / "html" / f"{page_id}.html.gz"
    notes = json.loads((shared / "trafeval" / "annotations.json").read_text(encoding="utf-8"))
    for url, note in sorted(notes.items()):
        if url.strip().startswith(("http://", "https://")) and not _left_out(url):
            yield url.strip(), shared / "trafeval" / "html" / note["file"]


def _left_out(url: str) -> bool:
    return (urlsplit(url.strip()).hostname or "") in _LEFT_OUT_HOSTS


def _in_chrome(link: etree._Element) -> bool:
    if (link.get("rel") or "").lower() in ("tag", "author"):
        return True
    for el in link.iterancestors():
        if el.tag in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
            return True
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if any(word in names for word in _CHROME_WORDS):
            return True
    return False


def chrome_links(page_url: str, path: Path) -> list[str]:
    """Same-site links of the page's navigation chrome with short anchors (rule 1 and 2)."""
    try:
        root = html.document_fromstring(gzip.decompress(path.read_bytes()))
    except (etree.ParserError, ValueError):
        return []
    found = []
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            url = urljoin(page_url, href).split("#")[0]
        except ValueError:  # a broken href ("http://[ccpa-preferences]")
            continue
        if urlsplit(url).scheme not in ("http", "https") or not same_site(page_url, url):
            continue
        if not 0 < len(link.text_content().split()) <= MAX_ANCHOR_WORDS or not _in_chrome(link):
            continue
        found.append(url)
    return list(dict.fromkeys(found))


def _digest(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def _page_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path.rstrip("/")


def load(path: Path = DATA) -> list[tuple[str, str]]:
    """The committed rows: ``(label, url)`` (lines starting with ``#`` are comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, url = line.split("\t", 1)
            rows.append((label, url))
    return rows


def build(shared: Path = SHARED) -> list[tuple[str, str]]:
    """The labelled rows: every page URL as an article, then the chosen chrome links."""
    pages = list(page_urls(shared))
    positives = {url for url, _ in pages}
    positive_keys = {_page_key(url) for url in positives}
    rows = [("article", url) for url in sorted(positives)]
    negatives: set[str] = set()
    for url, path in pages:
        links = [
            link
            for link in chrome_links(url, path)
            if _page_key(link) not in positive_keys and not _left_out(link)
        ]
        negatives.update(sorted(links, key=_digest)[:PER_PAGE])
    hand = dict((url, label) for label, url in load(HAND_LABELS))
    rows += [(hand.get(url, "not_article"), url) for url in sorted(negatives)]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--review", type=int, help="print N random negatives to check the rule by eye")
    args = parser.parse_args(argv)
    if args.review:
        negatives = [url for label, url in load() if label == "not_article"]
        for url in random.Random(7).sample(negatives, min(args.review, len(negatives))):
            print(url)
        return 0
    rows = build()
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text("".join(f"{label}\t{url}\n" for label, url in rows), encoding="utf-8")
    counts = {label: sum(row[0] == label for row in rows) for label in ("article", "not_article")}
    print(f"{DATA.relative_to(REPO)}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
