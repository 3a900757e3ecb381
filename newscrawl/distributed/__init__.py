"""Distributed crawling on Redis (scrapy-redis): many workers share one crawl.

Switched on by the ``NEWSCRAWL_REDIS_URL`` setting through :mod:`newscrawl.distributed.addon`.
Nothing in this package imports ``redis`` or ``scrapy_redis`` at import time of the add-on, so a
crawl without the setting needs neither.
"""
