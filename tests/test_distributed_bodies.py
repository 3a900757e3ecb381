"""Content dedup across distributed workers (issue #16, item 13).

Each worker's DedupPipeline knew only the bodies it had seen itself: in a two-worker crawl, 29 copies
of a story under a second URL slipped through. The Redis claim now also claims the body fingerprint
for the run, so the same story passes once whichever worker fetches which URL.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import redis

from newscrawl.distributed.keys import CrawlKeys
from newscrawl.distributed.scripts import REAP_AND_COUNT
from newscrawl.distributed.seen_store import RedisSeenStore
from newscrawl.state.base import SeenRecord
from tests.distributed_support import start_worker, wait_all, worker_feeds
from tests.mockserver import Response
from tests.newssite import NewsSite, SiteServer, serve

pytestmark = pytest.mark.crawl  # a redis-server for every test

ARTICLES = 120
COPIES = 60  # articles also published under a second URL (its own canonical link), same body


def _store(client: redis.Redis, worker: str, crawl: str = "bodies") -> RedisSeenStore:
    keys = CrawlKeys(crawl)
    return RedisSeenStore(
        client, keys.seen, seed_key=keys.seed, items_key=keys.items, pending_key=keys.pending(worker),
        workers_key=keys.workers, bodies_key=keys.bodies, pending_bodies_key=keys.pending_bodies(worker),
    )  # fmt: skip


def _record(path: str, fingerprint: str) -> SeenRecord:
    return SeenRecord(f"http://x{path}", fingerprint, None, None, time.time())


def test_the_same_body_under_another_url_passes_once_per_run_whichever_worker(client: redis.Redis) -> None:
    keys = CrawlKeys("bodies")
    client.set(keys.seed, "run-1")
    w1, w2 = _store(client, "w1"), _store(client, "w2")
    assert w1.claim(_record("/a", "body-1"), "w1") == "new"
    assert w2.claim(_record("/a-copy", "body-1"), "w2") == "duplicate_body"
    assert w1.claim(_record("/a-copy", "body-1"), "w1") == "duplicate_body"
    assert w2.claim(_record("/b", "body-2"), "w2") == "new"
    assert w1.confirm("http://x/a") == w2.confirm("http://x/b") == "confirmed"
    assert not client.exists(keys.pending_bodies("w1"), keys.pending_bodies("w2"))
    # The next run: the copy is a URL never emitted; its body was emitted in another run.
    client.set(keys.seed, "run-2")
    assert w2.claim(_record("/a-copy", "body-1"), "w2") == "new"
    assert w1.claim(_record("/a", "body-1"), "w1") == "duplicate_body"


def test_a_dead_workers_body_claims_are_undone_with_its_url_claims(client: redis.Redis) -> None:
    keys = CrawlKeys("bodies")
    client.set(keys.seed, "run-1")
    dead, alive = _store(client, "dead"), _store(client, "alive")
    assert dead.claim(_record("/a", "body-1"), "dead") == "new"  # killed before writing it
    client.sadd(keys.workers, "dead")  # no heartbeat key: its lease expired
    reap = client.register_script(REAP_AND_COUNT)
    reap(keys=[keys.workers, keys.requests, keys.start_urls, keys.reaped], args=[keys.prefix])
    assert not client.hexists(keys.bodies, "body-1")
    assert alive.claim(_record("/a-copy", "body-1"), "alive") == "new"


def test_a_reaped_worker_that_resumes_takes_back_a_body_another_worker_emitted(client: redis.Redis) -> None:
    keys = CrawlKeys("bodies")
    client.set(keys.seed, "run-1")
    stopped, alive = _store(client, "stopped"), _store(client, "alive")
    assert stopped.claim(_record("/a", "body-1"), "stopped") == "new"
    client.sadd(keys.workers, "stopped")
    reap = client.register_script(REAP_AND_COUNT)
    reap(keys=[keys.workers, keys.requests, keys.start_urls, keys.reaped], args=[keys.prefix])
    assert alive.claim(_record("/a-copy", "body-1"), "alive") == "new"
    assert alive.confirm("http://x/a-copy") == "confirmed"
    assert stopped.confirm("http://x/a") == "duplicate"  # its line is a second copy of the story


def _add_copies(site: NewsSite, server: SiteServer, count: int) -> dict[str, str]:
    """Publish ``count`` articles again under a second URL, same page but its own canonical link.

    The copies are linked from the home page, next to the section fronts that list the originals.
    """
    base = server.base
    copies = {}
    for article in sorted(site.articles, key=lambda a: a.path)[:count]:
        copy = article.path + "-again"
        found = site.page(article.path, base)
        assert found is not None
        page = found[1].decode().replace(f'href="{base}{article.path}"', f'href="{base}{copy}"')
        server.routes[copy] = Response(page.encode())
        copies[copy] = article.path
    home = site.page("/", base)
    assert home is not None
    links = "".join(f'<a href="{copy}">again</a>' for copy in copies)
    server.routes["/"] = Response(home[1].decode().replace("</body>", f"{links}</body>").encode())
    return copies


def test_two_workers_emit_each_body_once_on_a_site_with_copies(tmp_path: Path, redis_url: str) -> None:
    site = NewsSite(ARTICLES, discovery=False)
    with serve(site) as server:
        copies = _add_copies(site, server, COPIES)
        base = server.base
        crawl = {"NEWSCRAWL_REDIS_CRAWL": "copies"}
        names = ["w1", "w2"]
        procs = {name: start_worker(tmp_path, name, base + "/", redis_url, **crawl) for name in names}
        wait_all(procs, tmp_path, 240)
        fetched = set(server.paths_requested())
    assert set(copies) <= fetched  # the copies were fetched: the dedup, not discovery, kept them out
    feeds = worker_feeds(tmp_path)
    items = [item for lines in feeds.values() for item in lines]
    bodies = Counter(item["fingerprint"] for item in items)
    assert max(bodies.values()) == 1, f"{sum(n - 1 for n in bodies.values())} copies slipped through"
    assert len(bodies) == ARTICLES
    paths = {item["canonicalUrl"].split("/", 3)[3] for item in items}
    originals = {copies.get("/" + p, "/" + p) for p in paths}
    assert len(originals) == ARTICLES  # every story once, under one of its URLs
