"""Crawl throughput and memory benchmark: newscrawl against two baselines on a generated local news site.

    python -m benchmarks.crawl                       # 5,000 pages: minimal, trafilatura, newscrawl
    python -m benchmarks.crawl --pages 500           # a quick run while developing
    python -m benchmarks.crawl --urls 50000          # also the memory mode: 50,000 URLs over the same pages
    python -m benchmarks.crawl --only newscrawl --setting CONCURRENT_REQUESTS=32 --json out.json
    python -m benchmarks.crawl --leads               # also CONCURRENT_ITEMS=100; gzip without charset

Each crawl runs in its own process (``scrapy runspider`` for the baselines, ``scrapy crawl news`` for
newscrawl) with the same concurrency settings and the same article URLs; the child's rusage gives CPU
seconds and peak RSS, Scrapy's own ``elapsed_time_seconds`` gives pages per second.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks.profiles import format_summary, summarise
from benchmarks.servers import ServeOptions, free_port, serve
from benchmarks.sitegen import (
    EMPTY_LISTING_PATH,
    LISTING_PATH,
    SITEMAP_INDEX_PATH,
    SITEMAP_URLS_PER_FILE,
    generate_site,
    listing_path,
)

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SPIDERS = Path(__file__).resolve().parent / "spiders"
KINDS = ("minimal", "trafilatura", "newscrawl")
# The same crawl settings for every spider: no politeness delays, fixed concurrency, plain INFO logs.
COMMON_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "ROBOTSTXT_OBEY": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    # One task per callback output instead of Scrapy's 100 (see --leads): newscrawl's default, and the
    # best setting for the baselines too, so the ceiling stays a ceiling.
    "CONCURRENT_ITEMS": "1",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
    "HTTPCACHE_ENABLED": "False",
    "LOGSTATS_INTERVAL": "30",
}
TARGET_VS_MINIMAL = 0.6
TARGET_VS_TRAFILATURA = 2.0
TARGET_PEAK_RSS_MB = 300.0
TARGET_MEMORY_GROWTH = 1.5
_STAT = re.compile(r"'([\w/.-]+)': (\d+(?:\.\d+)?)[,}]")


@dataclass
class CrawlRun:
    """One measured crawl."""

    label: str
    kind: str
    urls: int
    returncode: int = 0
    responses: int = 0
    articles: int = 0
    items: int = 0
    elapsed_s: float = 0.0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    startup_cpu_s: float = 0.0  # CPU of the same crawler on a start page without links
    stats: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def pages_per_s(self) -> float:
        return self.articles / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.articles if self.articles else 0.0

    @property
    def net_cpu_ms_per_page(self) -> float:
        """CPU per page without the fixed start-up cost (imports, settings, spider open and close)."""
        return 1000 * (self.cpu_s - self.startup_cpu_s) / self.articles if self.articles else 0.0

    def summary(self) -> dict[str, Any]:
        """The run as a JSON-friendly dict (with the derived rates)."""
        data = asdict(self)
        data.pop("stats")
        data["pages_per_s"] = round(self.pages_per_s, 1)
        data["cpu_ms_per_page"] = round(self.cpu_ms_per_page, 2)
        data["net_cpu_ms_per_page"] = round(self.net_cpu_ms_per_page, 2)
        return data


def parse_stats(log: str) -> dict[str, float]:
    """The numeric stats of Scrapy's final "Dumping Scrapy stats" block in a crawl log."""
    _, sep, dump = log.rpartition("Dumping Scrapy stats:")
    if not sep:
        return {}
    dump = dump.split("\n20", 1)[0]  # the dump ends where the next timestamped log line starts
    return {key: float(value) for key, value in _STAT.findall(dump)}


def crawl_command(
    kind: str, start_url: str, workdir: Path, settings: dict[str, str]
) -> tuple[list[str], Path]:
    """The command line of one crawl and the directory to run it from."""
    # FEEDS rather than -O: with -O, `scrapy crawl news` also writes the project's default feed.
    feeds = json.dumps({str(workdir / f"{kind}.jsonl"): {"format": "jsonlines", "encoding": "utf-8"}})
    if kind == "newscrawl":
        # robots=0: like the other crawlers, read only the start page (with robots=auto the spider
        # also follows robots.txt -> sitemaps, and the "empty" start-up page crawled every article).
        cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={start_url}", "-a", "robots=0"]
        settings = {
            "NEWSCRAWL_STATS_FILE": str(workdir / "newscrawl.stats.json"),
            "NEWSCRAWL_REJECTS_FEED": str(workdir / "newscrawl.rejects.jsonl"),
            "NEWSCRAWL_STATE_DIR": str(workdir / "state"),
            **settings,
        }
        cwd = REPO
    else:
        script = SPIDERS / ("minimal.py" if kind == "minimal" else "trafilatura_spider.py")
        cmd = [sys.executable, "-m", "scrapy", "runspider", str(script), "-a", f"url={start_url}"]
        cwd = workdir  # outside the project: no scrapy.cfg, so no newscrawl settings
    settings = {"FEEDS": feeds, **settings}
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd, cwd


# Runs the crawl as its child and reports the child's rusage. A fresh small launcher matters: on Linux
# a process's peak RSS starts at its parent's RSS at fork time, so forking the crawl straight from this
# (larger) process would inflate the peak it reports.
_LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"exit": os.waitstatus_to_exitcode(status), "utime": usage.ru_utime, "stime": usage.ru_stime,
               "maxrss_kb": usage.ru_maxrss}, out)
"""


@dataclass
class Usage:
    """What the launcher reports about one crawl process."""

    returncode: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float


def run_measured(cmd: list[str], cwd: Path, log_path: Path) -> Usage:
    """Run `cmd` through the launcher, logging to `log_path`; returns exit code, times and peak RSS."""
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT")}
    env["PYTHONPATH"] = str(REPO)
    usage_path = log_path.with_suffix(".usage.json")
    started = time.monotonic()
    with log_path.open("wb") as log:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(usage_path), *cmd],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
    wall = time.monotonic() - started
    usage = json.loads(usage_path.read_text())
    return Usage(
        returncode=usage["exit"],
        wall_s=round(wall, 2),
        cpu_s=round(usage["utime"] + usage["stime"], 2),
        peak_rss_mb=round(usage["maxrss_kb"] / 1024, 1),  # Linux reports KiB
    )


def measure(
    label: str,
    kind: str,
    start_url: str,
    urls: int,
    start_pages: int,
    workdir: Path,
    settings: dict[str, str],
    wrapper: tuple[str, ...] = (),
) -> CrawlRun:
    """Run one crawl of `urls` article URLs reached from `start_url` and measure it.

    `wrapper` prefixes the command (a profiler); such a run's CPU numbers include the wrapper's.
    """
    rundir = workdir / label
    rundir.mkdir(parents=True, exist_ok=True)
    cmd, cwd = crawl_command(kind, start_url, rundir, settings)
    cmd = [*wrapper, *cmd]
    logger.info("%s: %s", label, " ".join(cmd))
    usage = run_measured(cmd, cwd, rundir / "crawl.log")
    stats = parse_stats((rundir / "crawl.log").read_text(encoding="utf-8", errors="replace"))
    responses = int(stats.get("response_received_count", 0))
    run = CrawlRun(
        label=label,
        kind=kind,
        urls=urls,
        returncode=usage.returncode,
        responses=responses,
        articles=max(0, responses - start_pages),
        items=int(stats.get("item_scraped_count", 0)),
        elapsed_s=stats.get("elapsed_time_seconds", 0.0),
        wall_s=usage.wall_s,
        cpu_s=usage.cpu_s,
        # The launcher sees the largest process's peak; extraction workers' peaks are added to it
        # (their CPU is already in the crawl's rusage: the crawl process waits for them).
        peak_rss_mb=round(usage.peak_rss_mb + stats.get("newscrawl/extract_pool/worker_peak_rss_mb", 0.0), 1),
        stats=stats,
    )
    if run.returncode or run.articles != urls:
        logger.warning(
            "%s: exit %d, %d article responses of %d URLs; see %s",
            label,
            run.returncode,
            run.articles,
            urls,
            rundir / "crawl.log",
        )
    return run


@dataclass
class Bench:
    """One benchmark session: the served site, the common settings, and the runs measured so far."""

    base: str
    workdir: Path
    start_url: str
    start_pages: int
    settings: dict[str, str]
    news_settings: dict[str, str]
    runs: dict[str, CrawlRun] = field(default_factory=dict)
    _startup: dict[str, float] = field(default_factory=dict)

    def settings_for(self, kind: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**(self.news_settings if kind == "newscrawl" else self.settings), **(extra or {})}

    def startup_cpu(self, kind: str, settings: dict[str, str]) -> float:
        """CPU seconds of `kind` crawling a start page without links (cached per kind and settings)."""
        key = json.dumps([kind, settings], sort_keys=True)
        if key not in self._startup:
            run = measure(
                f"{kind}-startup-{len(self._startup)}",
                kind,
                self.base + EMPTY_LISTING_PATH,
                0,
                1,
                self.workdir,
                settings,
            )
            self._startup[key] = run.cpu_s
        return self._startup[key]

    def run(
        self,
        label: str,
        kind: str,
        *,
        urls: int,
        start_url: str = "",
        start_pages: int = 0,
        extra: dict[str, str] | None = None,
    ) -> CrawlRun:
        """Measure one crawl (and, once per kind and settings, that crawler's start-up cost)."""
        settings = self.settings_for(kind, extra)
        run = measure(
            label,
            kind,
            start_url or self.start_url,
            urls,
            start_pages or self.start_pages,
            self.workdir,
            settings,
        )
        run.startup_cpu_s = self.startup_cpu(kind, settings)
        logger.info("%s: %s", label, run.summary())
        self.runs[label] = run
        return run

    def profile(self, urls: int) -> Path | None:
        """newscrawl under py-spy: the raw stacks file (None when py-spy is not installed)."""
        py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
        if not py_spy:
            logger.warning("py-spy is not installed (pip install py-spy); no profile")
            return None
        stacks = self.workdir / "newscrawl-profile.stacks.txt"
        wrapper = (py_spy, "record", "--format", "raw", "--rate", "250", "-o", str(stacks), "--")
        measure(
            "newscrawl-profile",
            "newscrawl",
            self.start_url,
            urls,
            self.start_pages,
            self.workdir,
            self.news_settings,
            wrapper,
        )
        return stacks


def format_table(runs: list[CrawlRun]) -> str:
    """A Markdown table of the runs."""
    lines = [
        "| run | URLs | article pages | items | elapsed s | pages/s | CPU ms/page | net CPU ms/page "
        "| peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r.label} | {r.urls} | {r.articles} | {r.items} | {r.elapsed_s:.1f} | {r.pages_per_s:.1f} | "
            f"{r.cpu_ms_per_page:.2f} | {r.net_cpu_ms_per_page:.2f} | {r.peak_rss_mb:.0f} |"
        )
    return "\n".join(lines)


def verdicts(runs: dict[str, CrawlRun]) -> list[str]:
    """The issue's targets, checked against the runs of this benchmark."""
    out = []
    news = runs.get("newscrawl")
    for base, target in (("minimal", TARGET_VS_MINIMAL), ("trafilatura", TARGET_VS_TRAFILATURA)):
        if news and base in runs:
            ratio = news.pages_per_s / runs[base].pages_per_s
            cpu_ratio = runs[base].net_cpu_ms_per_page / news.net_cpu_ms_per_page
            out.append(
                f"newscrawl / {base} pages/s = {ratio:.2f} (target >= {target}); "
                f"by net CPU per page = {cpu_ratio:.2f}"
            )
    if news and news.articles and (worker_cpu := news.stats.get("newscrawl/extract_pool/worker_cpu_s")):
        worker_ms = 1000 * worker_cpu / news.articles
        out.append(
            f"newscrawl CPU per page: {news.cpu_ms_per_page - worker_ms:.2f} ms in the crawl process, "
            f"{worker_ms:.2f} ms in {news.stats.get('newscrawl/extract_pool/processes', 0):.0f} "
            "extraction worker(s); pages/s is bounded by the busier of the two"
        )
    if news:
        out.append(f"newscrawl peak RSS = {news.peak_rss_mb:.0f} MB (target <= {TARGET_PEAK_RSS_MB:.0f} MB)")
    big = runs.get("newscrawl-memory")
    if news and big:
        growth = big.peak_rss_mb / news.peak_rss_mb
        out.append(
            f"newscrawl peak RSS {big.urls} URLs / {news.urls} URLs = {growth:.2f} "
            f"(target <= {TARGET_MEMORY_GROWTH})"
        )
    if "minimal-memory" in runs and "minimal" in runs:
        growth = runs["minimal-memory"].peak_rss_mb / runs["minimal"].peak_rss_mb
        out.append(f"minimal spider peak RSS growth, same URLs = {growth:.2f} (the frontier's share)")
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=5000, help="article pages to generate (default 5000)")
    parser.add_argument(
        "--urls", type=int, default=0, help="memory mode: crawl this many URLs over the pages"
    )
    parser.add_argument(
        "--only", default=",".join(KINDS), help="comma-separated subset of " + ",".join(KINDS)
    )
    parser.add_argument("--json", type=Path, help="write all runs and verdicts as JSON here")
    parser.add_argument("--start", choices=("listing", "sitemap"), default="listing", help="how URLs are fed")
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS (default 16)")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--gzip", action="store_true", help="serve gzip-compressed responses")
    parser.add_argument("--no-charset", action="store_true", help="no charset in Content-Type")
    parser.add_argument("--setting", action="append", default=[], help="KEY=VALUE for the newscrawl runs")
    parser.add_argument("--leads", action="store_true", help="also: CONCURRENT_ITEMS=100; gzip w/o charset")
    parser.add_argument("--profile", action="store_true", help="also profile newscrawl with py-spy")
    parser.add_argument("--keep", action="store_true", help="keep the generated site, logs and feeds")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    kinds = [k for k in args.only.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise SystemExit(f"unknown --only {sorted(unknown)}; choose from {KINDS}")
    concurrency = str(args.concurrency)
    settings = {
        **COMMON_SETTINGS,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
    }
    workdir = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    site = generate_site(workdir / "site", base, args.pages, listing_urls=args.urls)
    logger.info(
        "site: %d pages of %.0f-%.0f KB in %.0f s",
        args.pages,
        min(site.sizes) / 1e3,
        max(site.sizes) / 1e3,
        time.monotonic() - started,
    )
    if args.start == "sitemap":
        start_url, start_pages = base + SITEMAP_INDEX_PATH, 1 + math.ceil(args.pages / SITEMAP_URLS_PER_FILE)
    else:
        start_url, start_pages = base + LISTING_PATH, 1
    bench = Bench(
        base=base,
        workdir=workdir,
        start_url=start_url,
        start_pages=start_pages,
        settings=settings,
        news_settings={**settings, **dict(s.split("=", 1) for s in args.setting)},
    )
    options = ServeOptions(charset=not args.no_charset, gzip=args.gzip, server=args.server)
    profile = None
    with serve(site.root, port, options) as server_name:
        logger.info("serving with %s on %s (%s)", server_name, base, options)
        for kind in kinds:
            bench.run(kind, kind, urls=args.pages)
        if args.leads:
            for kind in ("minimal", "newscrawl"):
                if kind in kinds:
                    bench.run(f"{kind}-items100", kind, urls=args.pages, extra={"CONCURRENT_ITEMS": "100"})
        if args.urls > args.pages:
            for kind in ("minimal", "newscrawl"):
                if kind in kinds:
                    bench.run(
                        f"{kind}-memory", kind, urls=args.urls, start_url=base + listing_path(args.urls)
                    )
        if args.profile:
            profile = bench.profile(args.pages)
    if args.leads:
        with serve(site.root, port, ServeOptions(charset=False, gzip=True, server=args.server)):
            for kind in ("minimal", "newscrawl"):
                if kind in kinds:
                    bench.run(f"{kind}-gzip-nocharset", kind, urls=args.pages)
    report(args, bench, server_name, options, profile)
    if args.keep:
        print(f"\nkept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(r.returncode == 0 for r in bench.runs.values()) else 1


def report(
    args: argparse.Namespace, bench: Bench, server: str, options: ServeOptions, profile: Path | None
) -> None:
    """Print the table, the targets and the profile summary; write them as JSON with ``--json``."""
    runs = list(bench.runs.values())
    checks = verdicts(bench.runs)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nCrawl benchmark, {when}, {os.cpu_count()} CPUs (load {load}), server {server}, {options}\n")
    print(format_table(runs))
    print()
    for line in checks:
        print("-", line)
    profile_rows: dict[str, float] = {}
    if profile and profile.exists():
        counts, total = summarise(profile.read_text(encoding="utf-8"))
        print("\nWhere newscrawl's time goes (py-spy, busy samples):\n")
        print(format_summary(counts, total))
        profile_rows = {name: round(100 * n / total, 1) for name, n in counts.most_common()}
    if args.json:
        data = {
            "date": when,
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
            "server": server,
            "serve": asdict(options),
            "pages": args.pages,
            "urls": args.urls,
            "settings": bench.settings,
            "newscrawl_settings": bench.news_settings,
            "runs": [r.summary() for r in runs],
            "verdicts": checks,
            "profile_percent": profile_rows,
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
