"""How a crawl ended, as an exit code a scheduler (cron, systemd, Scrapyd) can act on.

| code | meaning |
|---:|---|
| 0 | the crawl ran: pages were fetched (or there was nothing new to fetch) and everything was written |
| 1 | the crawl ran but its output failed: a feed or the seen-store could not be written (``feed_failed``) |
| 2 | it did not start: a wrong argument or setting, or an unusable seen-store (one line says which) |
| 3 | nothing could be fetched: every request failed (site down, DNS, refused, all 4xx/5xx) |
| 75 | it did not start: another crawl holds the state directory's lock (try again later) |

A graceful stop (Ctrl-C once, SIGTERM) is not a failure: the run ends with what it wrote (exit 0 when
nothing was lost) and the next run, or the same command with the same ``JOBDIR``, goes on.

`exit_code` reads the crawl's final stats; components record the facts it needs as stats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OK, LOST, USAGE, NOTHING_FETCHED = 0, 1, 2, 3
# sysexits.h's EX_TEMPFAIL: "try again later" (another crawl holds the state directory).
BUSY = 75
# Stats that mean the crawl's output failed: a feed could not be written (at all, or some items), or
# seen-store records could not be written (any count above zero).
LOSS_STATS = ("newscrawl/feed/failed", "newscrawl/feed/write_failed", "newscrawl/seen/sync_failed")


def nothing_fetched(stats: Mapping[str, Any]) -> bool:
    """Whether requests went out and not one response came back (failures only)."""
    requests = int(stats.get("downloader/request_count", 0) or 0)
    responses = int(stats.get("response_received_count", 0) or 0)
    failed = sum(int(v or 0) for k, v in stats.items() if k.startswith("newscrawl/failed/"))
    return responses == 0 and (requests > 0 or failed > 0)


def exit_code(stats: Mapping[str, Any]) -> int:
    """The exit code of a crawl that started, from its final stats (see the module docstring)."""
    if any(int(stats.get(name, 0) or 0) for name in LOSS_STATS):
        return LOST
    if nothing_fetched(stats):
        return NOTHING_FETCHED
    return OK
