"""Sanity run of the metadata extractor over the aeb corpus (``../shared/aeb``): crashes, empty or
site-name headlines, how often each field is found, and the median CPU time against a bare lxml parse
(CPU time stays steady on a busy machine).

    python benchmarks/metadata_sanity.py [--decode-utf8] [--show]

The corpus has no metadata truth, so this counts and times; it does not score.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import SHARED  # noqa: E402
from newscrawl.extract.headline import name_key  # noqa: E402
from newscrawl.extract.htmlparse import parse_html  # noqa: E402
from newscrawl.extract.metadata import extract_metadata  # noqa: E402
from newscrawl.extract.page import page_from_tree  # noqa: E402

AEB = SHARED / "aeb"
FIELDS = (
    "headline",
    "authors",
    "datePublishedRaw",
    "dateModifiedRaw",
    "inLanguage",
    "publisher",
    "canonicalUrl",
    "description",
    "keywords",
    "section",
    "leadImage",
)
MOJIBAKE = ("Ã", "â€", "Ð", "ì", "ë")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--decode-utf8", action="store_true", help="hand over text decoded as UTF-8, not bytes"
    )
    parser.add_argument("--show", action="store_true", help="print url, headline, authors, date per page")
    args = parser.parse_args()
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    parse_ms: list[float] = []
    meta_ms: list[float] = []
    for page_id, info in sorted(truth.items()):
        with gzip.open(AEB / "html" / f"{page_id}.html.gz") as stream:
            html: str | bytes = stream.read()
        if args.decode_utf8:
            html = html.decode("utf-8", "replace")
        start = time.process_time()
        root = parse_html(html)
        parsed = time.process_time()
        try:
            meta = extract_metadata(page_from_tree(root, info["url"]))
        except Exception as exc:
            counts["crash"] += 1
            print(f"CRASH {page_id}: {exc!r}")
            continue
        done = time.process_time()
        parse_ms.append((parsed - start) * 1000)
        meta_ms.append((done - parsed) * 1000)
        counts["pages"] += 1
        counts.update(f"has {field}" for field in FIELDS if meta.get(field))
        headline = meta["headline"] or ""
        if not headline:
            counts["headline empty"] += 1
        if headline and name_key(headline) == name_key(meta["publisher"] or ""):
            counts["headline == publisher"] += 1
        if any(mark in headline for mark in MOJIBAKE):
            counts["headline mojibake"] += 1
        if args.show:
            print(info["url"][:80], "|", headline, "|", meta["authors"], "|", meta["datePublishedRaw"])
    for key, value in sorted(counts.items()):
        print(f"{key:24} {value}")
    parse, meta = statistics.median(parse_ms), statistics.median(meta_ms)
    print(f"median parse {parse:.2f} ms, metadata {meta:.2f} ms ({meta / parse:.2f}x parse)")


if __name__ == "__main__":
    main()
