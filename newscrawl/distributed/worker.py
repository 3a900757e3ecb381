"""The worker side of a shared crawl: lease, in-flight bookkeeping, reaping, and when to exit."""

from __future__ import annotations

import logging
import time

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from newscrawl.distributed.connection import keys_from_settings, new_run_id, redis_from_settings
from newscrawl.distributed.lease import HeartbeatLease
from newscrawl.distributed.queue import InFlightPriorityQueue
from newscrawl.distributed.scripts import REAP_AND_COUNT, REJOIN, RELEASE_WORKER

logger = logging.getLogger(__name__)

PUSHED_BATCH = 100


class DistributedWorker:
    """Extension run by every worker of a shared crawl.

    The worker's heartbeat (TTL ``NEWSCRAWL_REDIS_HEARTBEAT_TTL``) is renewed by its lease thread
    (:mod:`newscrawl.distributed.lease`), not here: a starved reactor does not get a live worker reaped.

    Every ``NEWSCRAWL_REDIS_TICK`` seconds, in one pipelined round-trip, the reactor-side tick: drops
    the requests this worker finished from its in-flight hash, checks whether another worker reaped
    this one (see :meth:`_rejoin`), re-queues the in-flight requests of workers whose heartbeat
    expired, and counts the crawl's work left (queue, in-flight on live workers, pushed start URLs).
    Pushed start URLs are moved into the queue. When no work is left anywhere for
    ``NEWSCRAWL_REDIS_IDLE_GRACE`` seconds the run is over: its seed and request fingerprints are
    deleted (the next run starts fresh) and the worker exits, unless ``NEWSCRAWL_REDIS_SERVICE`` keeps
    it waiting for pushed sites.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.server = redis_from_settings(settings)
        self.keys = keys_from_settings(settings)
        self.worker = settings["NEWSCRAWL_WORKER_ID"]
        self.tick_seconds = settings.getfloat("NEWSCRAWL_REDIS_TICK")
        self.grace = settings.getfloat("NEWSCRAWL_REDIS_IDLE_GRACE")
        self.service = settings.getbool("NEWSCRAWL_REDIS_SERVICE")
        self.lease = HeartbeatLease(
            settings["NEWSCRAWL_REDIS_URL"],
            self.keys,
            self.worker,
            settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT_TTL"),
            stall_limit=settings.getfloat("NEWSCRAWL_REDIS_STALL_LIMIT"),
        )
        self._reap = self.server.register_script(REAP_AND_COUNT)
        self._release = self.server.register_script(RELEASE_WORKER)
        self._rejoin_script = self.server.register_script(REJOIN)
        self.idle_since: float | None = None
        self.run_closed = False
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedWorker:
        if not crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured("NEWSCRAWL_REDIS_URL is not set")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    # --- signals -------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        self.lease.start()
        logger.info(
            "Worker %s joined shared crawl %s (%s mode); its lease (%g s) is renewed every %g s",
            self.worker,
            self.keys.crawl,
            "service" if self.service else "one-off",
            self.lease.ttl,
            self.lease.period,
        )
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.tick_seconds, now=False)

    def spider_idle(self, spider: Spider) -> None:
        if self.service or not self.drained():
            raise DontCloseSpider
        # The engine can ask between two ticks, right after the grace ran out: the tick that would
        # close the run never comes, so close it here before the spider goes.
        if not self.run_closed:
            self._close_run()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.lease.stop()  # before the release below, which deletes the heartbeat
        self._count_lease_events()
        queue = self._queue()
        # The engine closes only when nothing is in progress: every taken request is finished.
        finished = queue.take_finished((), min_age=0.0) if queue is not None else []
        pipe = self.server.pipeline(transaction=False)
        if finished:
            pipe.hdel(self.keys.inflight(self.worker), *finished)
        self._release(
            keys=[
                self.keys.inflight(self.worker),
                self.keys.requests,
                self.keys.workers,
                self.keys.heartbeat(self.worker),
                self.keys.reaped,
            ],
            args=[self.worker, self.keys.prefix],
            client=pipe,
        )
        released = pipe.execute()[-1]
        if released:
            self.stats.inc_value("newscrawl/distributed/released", int(released))
        logger.info(
            "Worker %s left shared crawl %s (%s); %d unfinished request(s) put back",
            self.worker,
            self.keys.crawl,
            reason,
            released,
        )

    # --- the periodic tick -----------------------------------------------------------------------
    def tick(self) -> None:
        """One round-trip of bookkeeping; Redis errors are logged and retried at the next tick."""
        try:
            self._tick()
        except redis.RedisError as exc:
            self.stats.inc_value("newscrawl/distributed/redis_error")
            logger.warning("Shared-crawl bookkeeping failed (retrying): %s", exc)
        except Exception:
            self.stats.inc_value("newscrawl/distributed/tick_error")
            logger.exception("Shared-crawl bookkeeping failed (retrying)")

    def _tick(self) -> None:
        self.lease.progress()
        self._count_lease_events()
        queue = self._queue()
        finished = (
            queue.take_finished(self._active_requests(), self.tick_seconds) if queue is not None else []
        )
        pipe = self.server.pipeline(transaction=False)
        if finished:
            pipe.hdel(self.keys.inflight(self.worker), *finished)
        pipe.srem(self.keys.reaped, self.worker)
        self._reap(
            keys=[self.keys.workers, self.keys.requests, self.keys.start_urls, self.keys.reaped],
            args=[self.keys.prefix],
            client=pipe,
        )
        results = pipe.execute()
        if int(results[-2]):
            self._rejoin(queue, finished)
        requeued, inflight, queued, pushed, reaped, undone = (int(n) for n in results[-1])
        logger.debug(
            "Crawl %s: queue %d, in flight %d, pushed %d, finished here %d, taken %d",
            self.keys.crawl,
            queued,
            inflight,
            pushed,
            len(finished),
            len(queue.taken) if queue is not None else -1,
        )
        if reaped:
            self.stats.inc_value("newscrawl/distributed/reaped_workers", reaped)
            self.stats.inc_value("newscrawl/distributed/requeued", requeued)
            self.stats.inc_value("newscrawl/distributed/claims_undone", undone)
            logger.warning(
                "Reaped %d dead worker(s) of crawl %s: %d unfinished request(s) back on the queue, "
                "%d unwritten article claim(s) undone",
                reaped,
                self.keys.crawl,
                requeued,
                undone,
            )
        if pushed:
            self._schedule_pushed()
        if inflight or queued or pushed or requeued:
            self.idle_since = None
            self.run_closed = False
        elif self.idle_since is None:
            self.idle_since = time.monotonic()
        if self.drained() and not self.run_closed:
            self._close_run()
        self._wake_engine()

    def drained(self) -> bool:
        """True when the shared crawl has had no work left for the grace period."""
        return self.idle_since is not None and time.monotonic() - self.idle_since >= self.grace

    def _rejoin(self, queue: InFlightPriorityQueue | None, finished: list[bytes]) -> None:
        """Another worker reaped this one: its lease expired while it was stopped or cut off from Redis.

        The reaper put this worker's in-flight requests back on the queue and undid its unwritten
        claims; its lease thread has renewed the heartbeat since. Requests still in progress here are
        taken back from the queue and the finished ones taken off it (unless another worker popped them
        already: both then work on the request, and the atomic claim lets one copy of each article
        through). Undone claims are settled when their article is written (`DistributedEmitPipeline`).
        """
        in_progress = queue.in_progress() if queue is not None else []
        adopted, withdrawn = (
            int(n)
            for n in self._rejoin_script(
                keys=[self.keys.requests, self.keys.inflight(self.worker)],
                args=[len(in_progress), *in_progress, *finished],
            )
        )
        self.stats.inc_value("newscrawl/distributed/rejoined")
        self.stats.inc_value("newscrawl/distributed/rejoin_adopted", adopted)
        self.stats.inc_value("newscrawl/distributed/rejoin_withdrawn", withdrawn)
        logger.warning(
            "Worker %s was reaped by another worker (its lease expired: process stopped or cut off from "
            "Redis) and rejoined: took back %d of %d request(s) in progress and %d of %d finished one(s) "
            "off the queue",
            self.worker,
            adopted,
            len(in_progress),
            withdrawn,
            len(finished),
        )

    # --- helpers ---------------------------------------------------------------------------------
    def _count_lease_events(self) -> None:
        """Hand the lease thread's counts (late, failed, withheld renewals) to the crawl's stats."""
        for name, count in self.lease.take_counts().items():
            self.stats.inc_value(f"newscrawl/distributed/{name}", count)

    def _queue(self) -> InFlightPriorityQueue | None:
        scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
        queue = getattr(scheduler, "queue", None)
        return queue if isinstance(queue, InFlightPriorityQueue) else None

    def _active_requests(self) -> set[Request]:
        """Requests the engine is downloading or parsing (their items included)."""
        engine = self.crawler.engine
        active: set[Request] = set(engine.downloader.active)
        slot = engine.scraper.slot
        if slot is not None:
            active.update(slot.active)
            active.update(request for _, request, _ in slot.queue)
        return active

    def _schedule_pushed(self) -> None:
        """Move pushed start URLs into the shared queue (starting a run if none is open)."""
        raw = self.server.lpop(self.keys.start_urls, PUSHED_BATCH) or []
        if not raw:
            return
        self.server.set(self.keys.seed, new_run_id(), nx=True)
        for url in raw:
            self.crawler.engine.crawl(Request(url.decode(), dont_filter=True))
        self.stats.inc_value("newscrawl/distributed/pushed_start_urls", len(raw))
        logger.info("Scheduled %d pushed start URL(s)", len(raw))

    def _close_run(self) -> None:
        """The run is over: forget its seed and fingerprints so that the next run starts fresh."""
        self.run_closed = True
        self.server.delete(self.keys.seed, self.keys.dupefilter, self.keys.bodies)
        logger.info("Shared crawl %s has no work left: run closed", self.keys.crawl)

    def _wake_engine(self) -> None:
        """Make an idle engine look at the shared queue now rather than at its 5 s heartbeat.

        Scrapy has no public call for this; the engine's own ``nextcall`` is what ``engine.crawl()``
        uses after scheduling a request.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()
