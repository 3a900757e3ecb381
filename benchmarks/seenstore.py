"""Seen-store lookup speed: is a lookup still fast with 1,000,000 emitted articles?

Fills a fresh SQLite store (in a temp dir) with N canonical URLs, then times random ``get`` calls
for stored URLs (hits) and unknown ones (misses). The baseline, measured in the same run on the
same machine, is the same lookups in a 1,000-row store: the ratio shows how lookup cost grows with
the store (a B-tree: logarithmic), the absolute figure is checked against the 0.1 ms target.

    python benchmarks/seenstore.py                # 1,000,000 rows
    python benchmarks/seenstore.py --rows 200000  # quicker
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawl.state import SeenRecord, SQLiteSeenStore

TARGET_MS = 0.1
BATCH = 50_000


def url(i: int) -> str:
    host = f"www.news-site-{i % 97}.example"
    return f"https://{host}/section-{i % 13}/2024/07/{i % 28 + 1:02d}/story-{i}-slug-text"


def fill(store: SQLiteSeenStore, rows: int) -> float:
    start = time.perf_counter()
    for first in range(0, rows, BATCH):
        store.put_many(
            [
                SeenRecord(url(i), f"{i:032x}", "2024-07-01T10:00:00+00:00", None, 1.7e9)
                for i in range(first, min(rows, first + BATCH))
            ]
        )
    return time.perf_counter() - start


def lookup_ms(store: SQLiteSeenStore, rows: int, lookups: int, seed: int) -> tuple[float, float]:
    """Mean milliseconds per lookup for hits and for misses."""
    rng = random.Random(seed)
    hits = [url(rng.randrange(rows)) for _ in range(lookups)]
    misses = [url(rows + rng.randrange(rows)) for _ in range(lookups)]
    start = time.perf_counter()
    assert all(store.get(u) is not None for u in hits)
    hit = (time.perf_counter() - start) / lookups * 1000
    start = time.perf_counter()
    assert all(store.get(u) is None for u in misses)
    miss = (time.perf_counter() - start) / lookups * 1000
    return hit, miss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = SQLiteSeenStore(Path(tmp) / "small.sqlite3")
        fill(small, 1_000)
        base_hit, base_miss = lookup_ms(small, 1_000, args.lookups, 1)
        big = SQLiteSeenStore(Path(tmp) / "big.sqlite3")
        fill_s = fill(big, args.rows)
        hit, miss = lookup_ms(big, args.rows, args.lookups, 2)
        size_mb = (Path(tmp) / "big.sqlite3").stat().st_size / 1e6
        small.close()
        big.close()
    print(f"filled {args.rows:,} rows in {fill_s:.1f}s ({size_mb:.0f} MB)")
    print(f"baseline (1,000 rows): hit {base_hit * 1000:.1f} us, miss {base_miss * 1000:.1f} us")
    print(f"{args.rows:,} rows:    hit {hit * 1000:.1f} us, miss {miss * 1000:.1f} us")
    print(f"ratio to baseline: hit x{hit / base_hit:.2f}, miss x{miss / base_miss:.2f}")
    ok = hit <= TARGET_MS and miss <= TARGET_MS
    print(f"target <= {TARGET_MS} ms per lookup: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
