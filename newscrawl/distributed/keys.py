"""The Redis key names of one shared crawl (pure: no Redis import)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NAMESPACE = "newscrawl"


@dataclass(frozen=True)
class CrawlKeys:
    """Every key of the crawl ``<namespace>:<crawl>``; ``crawl`` defaults to the spider name."""

    crawl: str
    namespace: str = DEFAULT_NAMESPACE

    @property
    def prefix(self) -> str:
        return f"{self.namespace}:{self.crawl}:"

    @property
    def requests(self) -> str:
        """Sorted set: the shared request queue (scrapy-redis PriorityQueue)."""
        return self.prefix + "requests"

    @property
    def dupefilter(self) -> str:
        """Set: request fingerprints of the current run (scrapy-redis RFPDupeFilter)."""
        return self.prefix + "dupefilter"

    @property
    def seed(self) -> str:
        """String: the run id, set (NX) by the worker that seeds the run."""
        return self.prefix + "seed"

    @property
    def start_urls(self) -> str:
        """List: start URLs pushed by ``python -m newscrawl.distributed push``."""
        return self.prefix + "start_urls"

    @property
    def workers(self) -> str:
        """Set: ids of the workers that joined the crawl and have not left or been reaped."""
        return self.prefix + "workers"

    @property
    def reaped(self) -> str:
        """Set: ids of workers another worker reaped (lease expired) that have not found out yet."""
        return self.prefix + "reaped"

    @property
    def items(self) -> str:
        """Hash: worker id -> number of articles it emitted."""
        return self.prefix + "items"

    @property
    def seen(self) -> str:
        """Hash: canonical URL -> JSON seen-record (the Redis seen-store)."""
        return self.prefix + "seen"

    @property
    def bodies(self) -> str:
        """Hash: body fingerprint -> JSON {url, run} of the article that passed with that body (content
        dedup across workers)."""
        return self.prefix + "bodies"

    def pending_bodies(self, worker: str) -> str:
        """Hash: body fingerprint -> previous body claim ('' if none), for articles the worker claimed and
        has not yet written to its feed."""
        return self.prefix + "pending_bodies:" + worker

    def heartbeat(self, worker: str) -> str:
        """String with a TTL: present while the worker is alive."""
        return self.prefix + "worker:" + worker

    def pending(self, worker: str) -> str:
        """Hash: canonical URL -> previous seen-record ('' if none), for articles the worker claimed and
        has not yet written to its feed."""
        return self.prefix + "pending:" + worker

    def inflight(self, worker: str) -> str:
        """Hash: serialized request -> queue score, for every request the worker took and has not finished."""
        return self.prefix + "inflight:" + worker
