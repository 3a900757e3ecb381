"""Benchmarks: extraction quality, throughput and memory, each against baselines measured in the same run."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The real third-party corpora beside the clone (``../shared``), or where NEWSCRAWL_SHARED points.
SHARED = Path(os.environ.get("NEWSCRAWL_SHARED") or REPO.parent / "shared")
