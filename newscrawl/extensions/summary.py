"""At the end of every crawl, a per-site health summary: a log block and a JSON file.

For each host: requests sent (answered by the network or, in replay mode, by the saved pages),
responses fetched (by status), articles emitted (written to the feeds), not written (a feed failed),
rejected (by reason), dropped (by reason, e.g. duplicates), and pages retried, skipped, refused and
failed (by reason) — so a scheduled run's health can be read at a glance. The totals add ``updated``
(the seen-store's ``newscrawl/.../updated`` stats) and ``known``: articles emitted by an earlier run
and not due for a re-check, so not fetched at all (``newscrawl/incremental/skipped``; not counted per
host, nor among ``skipped``, which are pages fetched and then skipped). The summary also gives the
crawl's duration and its rates (pages fetched and articles emitted per second). Totals of every
``newscrawl/...`` stat are included too.

What went wrong with the crawl's own output is listed under ``failures``, one line each (a feed that
could not be written, seen-store records that could not be written), with the ``exit_code`` the crawl
ends with (`newscrawl.outcome`). The summary is made when the engine has stopped, after every
component's close work (the seen-store writer's last writes included), so it knows all of it.

``NEWSCRAWL_SUMMARY_FILE`` is where the JSON goes (``%(name)s`` and ``%(time)s`` as in ``FEEDS``);
empty (the default) puts it beside the first local feed (``x.jsonl`` -> ``x.summary.json``), or at
``output/%(name)s/%(time)s.summary.json`` when there is none. ``NEWSCRAWL_SUMMARY_ENABLED`` turns
it off.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.extensions.feed_export import CheckedFeedExporter, item_not_written, item_written
from newscrawl.extensions.feed_files import FeedFiles
from newscrawl.extensions.outcomes import page_outcome
from newscrawl.extensions.progress import duration_text
from newscrawl.items import Article, Rejected
from newscrawl.outcome import exit_code

logger = logging.getLogger(__name__)

DEFAULT_SUMMARY_FILE = "output/%(name)s/%(time)s.summary.json"
_COUNTED = (
    *("requests", "fetched", "emitted", "not_written", "updated", "known", "rejected"),
    *("dropped", "retried", "skipped", "refused", "failed"),
)
_KINDS = ("not_written", "rejected", "dropped", "retried", "skipped", "refused", "failed")


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.lower() or parts.scheme or "unknown"


def summary_path_beside(feed_uri: str) -> str | None:
    """Where the summary of a local feed goes (``out/x.jsonl`` -> ``out/x.summary.json``)."""
    parts = urlsplit(feed_uri)
    if parts.scheme == "file":
        path = unquote(parts.path)
    elif parts.scheme and len(parts.scheme) > 1:
        return None  # s3://, ftp://, ... : not a local file
    else:
        path = feed_uri
    stem, dot, suffix = path.rpartition(".")
    base = stem if dot and "/" not in suffix else path
    return f"{base}.summary.json"


class SiteCounts:
    """What happened on one host, counted by kind and reason."""

    def __init__(self) -> None:
        self.requests = 0
        self.fetched: Counter[str] = Counter()
        self.emitted = 0
        self.reasons: dict[str, Counter[str]] = defaultdict(Counter)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "requests": self.requests,
            "fetched": sum(self.fetched.values()),
            "fetched_by_status": dict(sorted(self.fetched.items())),
            "emitted": self.emitted,
        }
        for kind in _KINDS:
            counts = self.reasons.get(kind, Counter())
            out[kind] = sum(counts.values())
            out[f"{kind}_by_reason"] = dict(sorted(counts.items()))
        return out


class CrawlSummary:
    """Counts outcomes per host from signals and writes the summary when the spider closes."""

    def __init__(self, crawler: Crawler, path_template: str) -> None:
        self.crawler = crawler
        self.path_template = path_template
        self.sites: dict[str, SiteCounts] = defaultdict(SiteCounts)
        self.started = datetime.now(timezone.utc)
        self.reason: str | None = None
        self.spider_name = ""
        self._exporter_reports = False  # emitted = written, as the checked feed exporter reports it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        if not crawler.settings.getbool("NEWSCRAWL_SUMMARY_ENABLED"):
            raise NotConfigured  # switched off: no warning
        path = crawler.settings.get("NEWSCRAWL_SUMMARY_FILE")
        if not path:
            feeds = [uri for uri in crawler.settings.getdict("FEEDS") if uri]
            beside = [p for p in (summary_path_beside(str(uri)) for uri in feeds) if p]
            path = beside[0] if beside else DEFAULT_SUMMARY_FILE
        ext = cls(crawler, path)
        connect = crawler.signals.connect
        connect(ext.spider_opened, signal=signals.spider_opened)
        connect(ext.request_reached_downloader, signal=signals.request_reached_downloader)
        connect(ext.response_received, signal=signals.response_received)
        connect(ext.item_scraped, signal=signals.item_scraped)
        connect(ext.item_written, signal=item_written)
        connect(ext.item_not_written, signal=item_not_written)
        connect(ext.item_dropped, signal=signals.item_dropped)
        connect(ext.page_outcome, signal=page_outcome)
        connect(ext.spider_closed, signal=signals.spider_closed)
        connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.started = datetime.now(timezone.utc)
        self.spider_name = spider.name
        self._exporter_reports = self.crawler.get_extension(CheckedFeedExporter) is not None

    def request_reached_downloader(self, request: Request, spider: Spider) -> None:
        self.sites[_host(request.url)].requests += 1

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        self.sites[_host(response.url)].fetched[str(response.status)] += 1

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        if isinstance(item, Rejected):
            self.sites[_host(item.url)].reasons["rejected"][item.reason] += 1
        elif isinstance(item, Article) and not self._exporter_reports:
            self.sites[_host(item.url)].emitted += 1

    def item_written(self, item: Any) -> None:
        if isinstance(item, Article):
            self.sites[_host(item.url)].emitted += 1

    def item_not_written(self, item: Any) -> None:
        if isinstance(item, Article):
            self.sites[_host(item.url)].reasons["not_written"]["feed_failed"] += 1

    def item_dropped(self, item: Any, response: Response, exception: BaseException, spider: Spider) -> None:
        url = getattr(item, "url", None) or (response.url if response is not None else "")
        reason = str(exception).split(" ", 1)[0].rstrip(":") or type(exception).__name__
        self.sites[_host(url)].reasons["dropped"][reason] += 1

    def page_outcome(self, url: str, category: str, reason: str) -> None:
        self.sites[_host(url)].reasons[category][reason] += 1

    def failures(self, stats: dict[str, Any]) -> list[str]:
        """One line per failure of the crawl's own output (feeds, seen-store)."""
        lines = []
        files = self.crawler.get_extension(FeedFiles)
        not_written = int(stats.get("newscrawl/feed/write_failed", 0) or 0)
        for feed, why in (files.failures if files is not None else {}).items():
            lines.append(f"feed {feed} could not be written: {why}")
        if not_written:
            lines.append(
                f"{not_written} items were not written to a feed: they are not recorded as emitted, "
                "the next run fetches them again"
            )
        unrecorded = int(stats.get("newscrawl/seen/sync_failed", 0) or 0)
        if unrecorded:
            lines.append(
                f"{unrecorded} seen-store records could not be written: the next run reads them back "
                "from the feed"
            )
        return lines

    def summary(self, reason: str) -> dict[str, Any]:
        """The whole summary as a JSON-ready dict."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        newscrawl = {k: v for k, v in sorted(stats.items()) if k.startswith("newscrawl/")}
        totals: dict[str, int] = {kind: 0 for kind in _COUNTED}
        sites = {host: counts.as_dict() for host, counts in sorted(self.sites.items())}
        for site in sites.values():
            for kind in _COUNTED:
                totals[kind] += site.get(kind, 0)
        totals["updated"] = sum(v for k, v in newscrawl.items() if k.endswith("/updated"))
        totals["known"] = int(newscrawl.get("newscrawl/incremental/skipped", 0) or 0)
        finished = datetime.now(timezone.utc)
        duration = max((finished - self.started).total_seconds(), 1e-6)
        return {
            "finish_reason": reason,
            "exit_code": exit_code({**stats, "finish_reason": reason}),
            "failures": self.failures(stats),
            "started": self.started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "duration_s": round(duration, 1),
            "fetched_per_s": round(totals["fetched"] / duration, 2),
            "emitted_per_s": round(totals["emitted"] / duration, 2),
            "totals": totals,
            "sites": sites,
            "stats": newscrawl,
        }

    def _path(self) -> Path:
        stamp = self.started.replace(microsecond=0).isoformat().replace(":", "-")
        params = {"name": self.spider_name, "time": stamp}
        return Path(self.path_template % params)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        """Written once every component has finished its close work (their last counts included)."""
        if self.reason is None:  # the spider never opened: nothing was crawled
            return
        summary = self.summary(self.reason)
        for line in self._log_lines(summary):
            logger.info(line)
        for line in summary["failures"]:
            logger.warning("  FAILED: %s", line)
        path = self._path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:  # the disk the feed filled up, most likely: the log above has it all
            logger.error("Could not write the crawl summary to %s: %s", path, exc)
            return
        logger.info("Crawl summary written to %s", path)

    @staticmethod
    def _log_lines(summary: dict[str, Any]) -> list[str]:
        totals = dict(summary["totals"])
        rates = {
            "fetched": f"{totals['fetched']} ({summary['fetched_per_s']:.1f}/s)",
            "emitted": f"{totals['emitted']} ({summary['emitted_per_s']:.1f}/s)",
            "known": f"{totals['known']} (emitted before, not fetched)",
        }
        counts = ", ".join(f"{k} {rates.get(k, v)}" for k, v in totals.items())
        took = duration_text(summary["duration_s"])
        lines = [
            f"Crawl summary ({summary['finish_reason']}, exit code {summary['exit_code']}): {counts}; "
            f"duration {took}"
        ]
        for host, site in summary["sites"].items():
            parts = [
                f"requests {site['requests']}",
                f"fetched {site['fetched']}",
                f"emitted {site['emitted']}",
            ]
            for kind in _KINDS:
                if site[kind]:
                    why = ", ".join(f"{r} {n}" for r, n in site[f"{kind}_by_reason"].items())
                    parts.append(f"{kind} {site[kind]} ({why})")
            lines.append(f"  {host}: " + "; ".join(parts))
        return lines
