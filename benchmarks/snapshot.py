"""Record what the library call gives on every page we have, and compare two recordings.

A refactor must change no result; a rule change should change only what it means to. This writes
one JSON line per (corpus, page, mode) with the whole `Article` that ``extract_article`` returns —
the bundled fixtures (with their saved date), ``../shared/aeb`` and ``../shared/trafeval`` (original
URLs, so profiles apply where they would), in drop and keep mode — and compares a new recording with
an old one field by field::

    python -m benchmarks.snapshot --out /tmp/before.jsonl
    ... change the code ...
    python -m benchmarks.snapshot --out /tmp/after.jsonl --compare /tmp/before.jsonl

Exits 1 when the two differ (the differing pages and fields are printed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import SHARED  # noqa: E402

# A fixed clock: date checks must not depend on the day the recording is made.
NOW = "2026-12-01T00:00:00+00:00"
MODES = ("drop", "keep")


def pages(shared: Path = SHARED) -> Iterator[tuple[str, str, str, bytes, str | None]]:
    """``(corpus, page id, url, html bytes, saved)`` for every page of every corpus present."""
    from newscrawl.fixtures import iter_fixtures

    for fixture in sorted(iter_fixtures(REPO / "fixtures"), key=lambda f: str(f.meta_path)):
        yield "fixtures", str(fixture.meta_path.relative_to(REPO)), fixture.url, fixture.body(), fixture.saved
    aeb = shared / "aeb"
    if aeb.is_dir():
        truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id in sorted(truth):
            body = gzip.decompress((aeb / "html" / f"{page_id}.html.gz").read_bytes())
            yield "aeb", page_id, truth[page_id]["url"], body, None
    trafeval = shared / "trafeval"
    if trafeval.is_dir():
        notes = json.loads((trafeval / "annotations.json").read_text(encoding="utf-8"))
        for url, note in sorted(notes.items(), key=lambda item: item[1]["file"]):
            body = gzip.decompress((trafeval / "html" / note["file"]).read_bytes())
            yield "trafeval", note["file"], url, body, None


def record(out: Path, shared: Path = SHARED) -> int:
    """Write the recording; returns the number of lines."""
    from datetime import datetime

    from newscrawl import ExtractionError, extract_article

    now = datetime.fromisoformat(NOW)
    count = 0
    with out.open("w", encoding="utf-8") as file:
        for corpus, page_id, url, body, saved in pages(shared):
            for mode in MODES:
                try:
                    article = extract_article(body, url, boilerplate=mode, now=now, saved=saved)
                    result: object = asdict(article)
                except ExtractionError as exc:
                    result = {"error": str(exc)}
                line = {"corpus": corpus, "id": page_id, "mode": mode, "article": result}
                file.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count


def load(path: Path) -> dict[tuple[str, str, str], dict]:
    """A recording as ``(corpus, id, mode) -> article``."""
    records = {}
    with path.open(encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            records[(row["corpus"], row["id"], row["mode"])] = row["article"]
    return records


def compare(new: Path, old: Path, show: int = 20) -> int:
    """Print the differences between two recordings; returns how many records differ."""
    before, after = load(old), load(new)
    differing = []
    fields: Counter[str] = Counter()
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        differing.append(key)
        for name in sorted(set(a or {}) | set(b or {})):
            if (a or {}).get(name) != (b or {}).get(name):
                fields[f"{key[0]}/{key[2]}/{name}"] += 1
    print(f"{len(differing)} of {len(set(before) | set(after))} records differ")
    for name, n in fields.most_common():
        print(f"  {name}: {n}")
    for key in differing[:show]:
        print("  ", *key)
    return len(differing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write the recording")
    parser.add_argument("--compare", type=Path, help="an earlier recording to compare with")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = record(args.out, args.shared)
    print(f"{count} records written to {args.out} in {time.perf_counter() - started:.0f} s")
    if args.compare:
        return 1 if compare(args.out, args.compare) else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
