"""A worker's lease on its place in a shared crawl, renewed by a thread of its own.

The other workers reap a worker whose heartbeat key (TTL ``NEWSCRAWL_REDIS_HEARTBEAT_TTL``) expired:
its in-flight requests go back on the queue and its unwritten claims are undone. The key is renewed
here, by a daemon thread with its own Redis connection, every TTL/3 seconds, so a reactor that is
starved (a busy machine, a long callback) does not make a live worker look dead. A renewal may come
up to 2/3 of the TTL late (the GIL held by a long C call, a slow Redis round-trip: the connection's
timeout is the period) before the lease expires; one that comes more than half the TTL after the
previous one is logged and counted (``newscrawl/distributed/heartbeat_late``).

A process that is killed or stopped (SIGSTOP, a paused VM) renews nothing and is reaped as before.
So is one whose reactor made no progress for ``NEWSCRAWL_REDIS_STALL_LIMIT`` seconds (a hung worker
must not hold its requests for ever): the thread then withholds the renewal
(``newscrawl/distributed/heartbeat_withheld``) until the reactor moves again.

The thread does not touch the crawl's stats (the reactor thread may be reading them): it counts,
and the worker hands the counts to the stats from the reactor (:meth:`HeartbeatLease.take_counts`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

import redis

from newscrawl.distributed.keys import CrawlKeys
from newscrawl.distributed.scripts import RENEW_LEASE

logger = logging.getLogger(__name__)

# Renewals per TTL: a renewal may be late by (1 - 1/RENEWALS_PER_TTL) of the TTL before the lease expires.
RENEWALS_PER_TTL = 3
# A renewal later than this fraction of the TTL after the previous one is reported as late.
LATE_FRACTION = 0.5


class HeartbeatLease:
    """Renews ``<crawl>:worker:<id>`` (SET PX ttl) and the worker's membership of the workers set."""

    def __init__(
        self,
        url: str,
        keys: CrawlKeys,
        worker: str,
        ttl: float,
        *,
        stall_limit: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.worker = worker
        self.ttl = ttl
        self.period = ttl / RENEWALS_PER_TTL
        self.late_after = ttl * LATE_FRACTION
        self.stall_limit = stall_limit
        self._clock = clock
        self._client = redis.Redis.from_url(
            url, socket_timeout=self.period, socket_connect_timeout=self.period
        )
        self._renew = self._client.register_script(RENEW_LEASE)
        self._keys = [keys.heartbeat(worker), keys.workers]
        self._args = [worker, max(1, round(ttl * 1000))]
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_renewed = clock()
        self.last_progress = clock()
        self._withheld = False

    def acquire(self) -> None:
        """Take the lease now; a Redis error propagates (the worker cannot join)."""
        self._renew(keys=self._keys, args=self._args)
        self.last_renewed = self.last_progress = self._clock()

    def start(self) -> None:
        """Take the lease now, then keep renewing it from a daemon thread."""
        self.acquire()
        self._thread = threading.Thread(target=self._run, name=f"lease-{self.worker}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop renewing (the worker leaves: it deletes the key itself) and close the connection."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.period + 5)
        self._client.close()

    def progress(self) -> None:
        """The worker's reactor made progress (called from its periodic tick)."""
        self.last_progress = self._clock()

    def take_counts(self) -> dict[str, int]:
        """Events counted since the last call (stat name under ``newscrawl/distributed/`` -> count)."""
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
        return counts

    def renew(self) -> bool:
        """One renewal; True when the lease was renewed."""
        now = self._clock()
        stalled = now - self.last_progress
        if self.stall_limit and stalled > self.stall_limit:
            if not self._withheld:
                self._withheld = True
                self._count("heartbeat_withheld")
                logger.error(
                    "Worker %s: no progress in the reactor for %.0f s (NEWSCRAWL_REDIS_STALL_LIMIT): "
                    "lease not renewed, the other workers will take over its requests",
                    self.worker,
                    stalled,
                )
            return False
        self._withheld = False
        try:
            self._renew(keys=self._keys, args=self._args)
        except redis.RedisError as exc:
            self._count("heartbeat_failed")
            logger.warning("Worker %s: lease renewal failed (retrying): %s", self.worker, exc)
            return False
        done = self._clock()
        gap, self.last_renewed = done - self.last_renewed, done
        if gap > self.late_after:
            self._count("heartbeat_late")
            logger.warning(
                "Worker %s: lease renewed %.1f s after the previous renewal (TTL %g s)%s",
                self.worker,
                gap,
                self.ttl,
                "; it had expired, so this worker may have been reaped" if gap >= self.ttl else "",
            )
        return True

    def _count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def _run(self) -> None:
        due = self.last_renewed + self.period
        while not self._stop.wait(max(0.0, due - self._clock())):
            due = self._clock() + self.period
            try:
                self.renew()
            except Exception:  # the thread must outlive any surprise; the next period retries
                self._count("heartbeat_failed")
                logger.exception("Worker %s: lease renewal failed (retrying)", self.worker)
