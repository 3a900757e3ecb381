"""scrapy-redis's priority queue, with every taken request on record until this worker finishes it."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import PriorityQueue

from newscrawl.distributed.connection import keys_from_settings
from newscrawl.distributed.scripts import POP_TO_INFLIGHT

logger = logging.getLogger(__name__)


@dataclass
class Taken:
    """A request this worker popped: the object the engine works on and its queue payload."""

    request: Request
    payload: bytes
    taken_at: float


class InFlightPriorityQueue(PriorityQueue):
    """Pops atomically into the worker's in-flight hash (``<crawl>:inflight:<worker>``).

    The worker extension removes a payload from the hash once the engine is done with its request
    (downloaded, parsed, items through the pipelines); whatever a killed worker leaves in its hash is
    put back on the queue by the survivors. Pushing, ordering and the key are scrapy-redis's own.
    """

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        keys = keys_from_settings(settings)
        self.stats = spider.crawler.stats
        self.worker = settings["NEWSCRAWL_WORKER_ID"]
        self.inflight_key = keys.inflight(self.worker)
        self.workers_key = keys.workers
        self._pop = server.register_script(POP_TO_INFLIGHT)
        self.taken: dict[int, Taken] = {}

    def pop(self, timeout: int = 0) -> Request | None:
        payload = self._pop(keys=[self.key, self.inflight_key, self.workers_key], args=[self.worker])
        if not payload:
            return None
        try:
            request = self._decode_request(payload)
        except Exception:
            logger.exception("Dropped an undecodable request from the shared queue")
            self.stats.inc_value("newscrawl/distributed/undecodable_request")
            self.server.hdel(self.inflight_key, payload)
            return None
        self.taken[id(request)] = Taken(request, payload, time.monotonic())
        return request

    def take_finished(self, active: Iterable[Request], min_age: float) -> list[bytes]:
        """Forget and return the payloads of taken requests the engine no longer works on.

        ``min_age`` (seconds) guards the instant between the pop and the downloader's bookkeeping.
        A payload is returned only when no other taken request has the same one: after this worker was
        reaped and resumed it may work on a request and on the copy it popped again from the queue.
        """
        now = time.monotonic()
        busy = {id(r) for r in active}
        done = [k for k, t in self.taken.items() if k not in busy and now - t.taken_at >= min_age]
        finished = [self.taken.pop(k).payload for k in done]
        held = {t.payload for t in self.taken.values()}
        return [payload for payload in finished if payload not in held]

    def in_progress(self) -> list[bytes]:
        """The payloads of the requests taken and not yet finished."""
        return [t.payload for t in self.taken.values()]
