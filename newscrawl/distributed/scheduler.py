"""scrapy-redis's scheduler, adapted to Scrapy 2.19's stats API."""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.scheduler import Scheduler


class RedisScheduler(Scheduler):
    """The scrapy-redis scheduler without the ``spider`` argument to ``stats.inc_value()``.

    scrapy-redis 0.9.1 passes ``spider=`` to the stats collector, which Scrapy 2.19 deprecates (a
    warning per run); queueing, dupefilter and persistence are scrapy-redis's own.
    """

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop(self.idle_before_close)
        if request and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
