"""The seen-store in Redis: one hash per crawl, canonical URL -> JSON record (distributed mode).

It implements `newscrawl.state.base.SeenStore` (the add-on names it in ``NEWSCRAWL_SEEN_STORE``, so the
crawl's `CrawlState` opens it) and adds the atomic claim of `DistributedEmitPipeline`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, fields
from typing import Any

from newscrawl.distributed.scripts import CLAIM_ARTICLE, CONFIRM_CLAIM, PUT_RECORDS
from newscrawl.state.base import SeenRecord

logger = logging.getLogger(__name__)

_FIELDS = tuple(f.name for f in fields(SeenRecord))

# Verdicts of RedisSeenStore.claim
NEW, CHANGED, DUPLICATE, UNCHANGED = "new", "changed", "duplicate", "unchanged"
# ... and: this run already let the same body through under another URL (on any worker).
DUPLICATE_BODY = "duplicate_body"
EMIT = frozenset({NEW, CHANGED})
# Outcomes of RedisSeenStore.confirm (besides DUPLICATE: another worker emitted it meanwhile)
CONFIRMED, RECLAIMED = "confirmed", "reclaimed"


def _decode(raw: bytes | str) -> SeenRecord:
    data = json.loads(raw)
    return SeenRecord(**{name: data.get(name) for name in _FIELDS})


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisSeenStore:
    """Implements :class:`newscrawl.state.base.SeenStore` on a Redis hash shared by all workers.

    Beyond the protocol, :meth:`claim` decides atomically whether an article is emitted: it is the
    exactly-once guard across workers (by canonical URL, and by body fingerprint: the same story under
    two URLs passes once per run, whichever worker fetches it) and the incremental filter across runs
    in one round-trip. A claim stays pending (``pending_key``, ``pending_bodies_key``) until
    :meth:`confirm`; the claims of a worker that dies before confirming are undone by the survivors, so
    its re-queued request emits the article again. ``put`` and ``put_many`` keep the run mark a claim
    put on a record.
    """

    def __init__(
        self,
        client: Any,
        key: str,
        *,
        seed_key: str,
        items_key: str,
        pending_key: str = "",
        workers_key: str = "",
        bodies_key: str = "",
        pending_bodies_key: str = "",
    ) -> None:
        self.client = client
        self.key = key
        self.seed_key = seed_key
        self.items_key = items_key
        self.pending_key = pending_key or key + ":pending"
        self.workers_key = workers_key or key + ":workers"
        self.bodies_key = bodies_key or key + ":bodies"
        self.pending_bodies_key = pending_bodies_key or self.pending_key + ":bodies"
        self._claim = client.register_script(CLAIM_ARTICLE)
        self._confirm = client.register_script(CONFIRM_CLAIM)
        self._put = client.register_script(PUT_RECORDS)
        # url -> (record JSON with its run, run, worker, fingerprint) of the claims made here and not yet
        # confirmed
        self._unconfirmed: dict[str, tuple[str, str, str, str]] = {}

    @classmethod
    def from_url(cls, url: str, crawl: str, worker: str = "") -> RedisSeenStore:
        """The store of crawl ``crawl`` on the Redis server at ``url`` (claims for ``worker``)."""
        from newscrawl.distributed.connection import redis_from_url
        from newscrawl.distributed.keys import CrawlKeys

        keys = CrawlKeys(crawl)
        return cls(
            redis_from_url(url),
            keys.seen,
            seed_key=keys.seed,
            items_key=keys.items,
            pending_key=keys.pending(worker) if worker else "",
            workers_key=keys.workers,
            bodies_key=keys.bodies,
            pending_bodies_key=keys.pending_bodies(worker) if worker else "",
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisSeenStore:
        """The shared crawl's store (``NEWSCRAWL_SEEN_STORE``, set by the distributed add-on)."""
        settings = crawler.settings
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            raise ValueError("RedisSeenStore needs NEWSCRAWL_REDIS_URL")
        # Outside the add-on (a store named with -s) the crawl and worker may be unset: the spider's
        # name, no pending claims.
        crawl = settings.get("NEWSCRAWL_REDIS_CRAWL") or crawler.spidercls.name
        return cls.from_url(url, crawl, settings.get("NEWSCRAWL_WORKER_ID"))

    def get(self, url: str) -> SeenRecord | None:
        raw = self.client.hget(self.key, url)
        return _decode(raw) if raw else None

    def put(self, record: SeenRecord) -> None:
        self.put_many([record])

    def put_many(self, records: list[SeenRecord]) -> None:
        """Insert or replace many records in one atomic round-trip."""
        if records:
            args = [part for r in records for part in (r.url, json.dumps(asdict(r)))]
            self._put(keys=[self.key], args=args)

    def claim(self, record: SeenRecord, worker: str) -> str:
        """Record ``record`` unless this run already emitted its URL or its body (under another URL), or
        an earlier run emitted the same body and dateModified; returns ``new``, ``changed`` (emit) or
        ``duplicate``, ``duplicate_body``, ``unchanged`` (skip).

        The run is the crawl's current seed value; ``worker`` gets the article counted in the items hash.
        """
        payload = json.dumps(asdict(record))
        keys = [self.key, self.items_key, self.seed_key, self.pending_key, self.workers_key]
        keys += [self.bodies_key, self.pending_bodies_key]
        args = [record.url, record.fingerprint or "", record.date_modified or "", payload, worker]
        verdict, run = (_text(part) for part in self._claim(keys=keys, args=args))
        if verdict in EMIT:
            claimed = json.dumps({**asdict(record), "run": run})
            self._unconfirmed[record.url] = (claimed, run, worker, record.fingerprint or "")
        return verdict

    def confirm(self, url: str) -> str:
        """The claimed article of ``url`` is written: make its claim final.

        Returns ``confirmed``; or, when a reaper undid the claim meanwhile (this worker was stopped past
        its lease), ``reclaimed`` (claimed again: nobody else emitted it) or ``duplicate`` (another
        worker emitted it, or its body under another URL, in the same run: the line just written is a
        second copy).
        """
        claimed = self._unconfirmed.pop(url, None)
        if claimed is None:  # not claimed through this client: only drop the pending entry
            self.client.hdel(self.pending_key, url)
            return CONFIRMED
        record, run, worker, fingerprint = claimed
        outcome = self._confirm(
            keys=[self.pending_key, self.key, self.items_key, self.bodies_key, self.pending_bodies_key],
            args=[url, record, worker, run, fingerprint],
        )
        return _text(outcome)

    def __len__(self) -> int:
        return int(self.client.hlen(self.key))

    def close(self) -> None:
        self.client.close()
