"""Score the metadata extractor (headline, authors, publication day) against a small hand-read truth.

    python benchmarks/metadata_truth.py [--show] [--use-profiles]

The truth (``benchmarks/data/metadata_truth.json``) is a seeded random sample of news and blog
article pages from ``../shared/trafeval`` (tuning half: even file number, held-out half: odd), five
pages of ``../shared/aeb`` (alternating halves) and the real Metro page, each read by hand: the
headline as shown on the page, the authors as credited (persons; the organisation or agency when no
person is; a person the page's JSON-LD names as author counts as credited unless the visible byline
names someone else, and a byline of a related-story teaser does not), the publication day. A field
that is ``null`` could not be read unambiguously and is not scored; a list of days accepts any of them
(a page that shows a local day other than its UTC one).

Rates: authors set-equal (case and whitespace folded), date on the same day, headline exact after
folding whitespace, Unicode compatibility forms and quote marks. Site profiles are off by default, so
the score is the generic engine's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import SHARED  # noqa: E402
from newscrawl import extract_article  # noqa: E402

TRUTH = REPO / "benchmarks" / "data" / "metadata_truth.json"
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def fold(text: str | None) -> str:
    """Text compared leniently: NFKC, one kind of quote mark, single spaces, no case."""
    text = unicodedata.normalize("NFKC", text or "").translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def page_html(entry: dict) -> bytes:
    """The saved bytes of one truth page."""
    if entry["source"] == "trafeval":
        path = SHARED / "trafeval" / "html" / f"{entry['id']}.html.gz"
    elif entry["source"] == "aeb":
        path = SHARED / "aeb" / "html" / f"{entry['id']}.html.gz"
    else:
        return (SHARED / "real" / f"{entry['id']}.html").read_bytes()
    with gzip.open(path) as stream:
        return stream.read()


def page_url(entry: dict) -> str:
    """The address of one truth page (a page of ``../shared/real`` has it in its expected values)."""
    if "url" in entry:
        return entry["url"]
    expected = SHARED / "real" / f"{entry['id']}.expected.json"
    return json.loads(expected.read_text(encoding="utf-8"))["url"]


Hits = dict[tuple[str, str], list[int]]  # (half, field) -> [right, scored]


def score(use_profiles: bool = False) -> tuple[Hits, list[str]]:
    """Right and scored counts per (half, field), and a line for every miss."""
    pages = json.loads(TRUTH.read_text(encoding="utf-8"))["pages"]
    hits: Hits = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for entry in pages:
        art = extract_article(page_html(entry), page_url(entry), use_profiles=use_profiles, now=NOW)
        half = entry["half"]
        checks = {}
        if entry["authors"] is not None:
            want = {fold(a) for a in entry["authors"]}
            checks["authors"] = ({fold(a) for a in art.authors or []} == want, art.authors, entry["authors"])
        if entry["date"] is not None:
            got = (art.datePublished or "")[:10]
            checks["date"] = (got in entry["date"], art.datePublished, entry["date"])
        if entry["headline"] is not None:
            same = fold(art.headline) == fold(entry["headline"])
            checks["headline"] = (same, art.headline, entry["headline"])
        for field, (ok, got, want) in checks.items():
            hits[(half, field)][0] += ok
            hits[(half, field)][1] += 1
            if not ok:
                where = f"{entry['source']}:{entry['id'][:12]}"
                misses.append(f"MISS {half:8} {field:8} {where} got={got!r} want={want!r}")
    return hits, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every miss")
    parser.add_argument("--use-profiles", action="store_true", help="let site profiles apply")
    args = parser.parse_args()
    hits, misses = score(args.use_profiles)
    if args.show:
        print("\n".join(misses))
    print(f"{'half':10} {'authors':>14} {'date':>14} {'headline':>14}")
    for half in ("tuning", "held-out"):
        cells = []
        for field in ("authors", "date", "headline"):
            ok, total = hits[(half, field)]
            cells.append(f"{ok / total:.3f} ({ok}/{total})" if total else "-")
        print(f"{half:10} " + " ".join(f"{c:>14}" for c in cells))


if __name__ == "__main__":
    main()
