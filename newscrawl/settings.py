"""Scrapy settings for newscrawl: polite defaults, JSON-lines feeds, extraction options, pipelines."""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- Politeness -------------------------------------------------------------------------------
# Who we are and how to reach the operator: set NEWSCRAWL_CONTACT to a URL or e-mail address.
NEWSCRAWL_CONTACT = "https://github.com/newscrawl/newscrawl"
USER_AGENT = f"newscrawl/0.1 (+{NEWSCRAWL_CONTACT}; news archive crawler)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output; an article page yields one
# item, so the default 100 only burns CPU on idle tasks (about 1-2 ms of 7-9 ms per page; see the
# README's throughput benchmark, `python -m benchmarks.crawl --leads`).
CONCURRENT_ITEMS = 1
# Pages are parsed and extracted in worker processes so the crawl uses more than one core: a number,
# or "auto" (one per usable core beyond the first, at most 4; 0 = in the crawl process itself).
NEWSCRAWL_EXTRACT_PROCESSES = "auto"
# A page whose extraction takes longer is skipped (newscrawl/skipped/extract_timeout), its worker restarted.
NEWSCRAWL_EXTRACT_TIMEOUT = 60.0
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Each retry waits BASE * 2**(attempt-1) seconds (or the server's Retry-After), at most MAX.
NEWSCRAWL_RETRY_BACKOFF_BASE = 1.0
NEWSCRAWL_RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Output -------------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# Every run writes its own JSON-lines file; `scrapy crawl news -O x.jsonl` replaces this as usual.
# (Scrapy merges -o/-O feeds into FEEDS; the spider drops this default when the command line names one.)
NEWSCRAWL_DEFAULT_FEED = "output/%(name)s/%(time)s.jsonl"
FEEDS = {
    NEWSCRAWL_DEFAULT_FEED: {"format": "jsonlines", "encoding": "utf-8"},
}
# Items that fail validation go here (with URL and reason); set to "" to only log and count them.
NEWSCRAWL_REJECTS_FEED = "output/%(name)s/%(time)s.rejects.jsonl"

# --- newscrawl ------------------------------------------------------------------------------------
# "drop" removes boilerplate blocks from articleBody; "keep" keeps every visible block in order.
NEWSCRAWL_BOILERPLATE = "drop"
# Flag boilerplate blocks by phrase lists and site phrases too (False: by page structure only).
NEWSCRAWL_BOILERPLATE_PHRASES = True
# Site profiles refine the generic engine's fields on their sites (False: generic engine only).
NEWSCRAWL_SITE_PROFILES = True
# Offline replay: a folder of saved pages (see fixtures/README.md). Empty = live network.
NEWSCRAWL_REPLAY_DIR = ""
# Articles with a shorter body (characters) are rejected.
NEWSCRAWL_MIN_BODY_CHARS = 200
# Drop the second copy of an article (same canonical URL or same body) within one crawl.
NEWSCRAWL_DEDUP_ENABLED = True

# Final stats as JSON (for scripts and tests); empty = off.
NEWSCRAWL_STATS_FILE = ""

EXTENSIONS = {
    "newscrawl.extensions.extraction_workers.ExtractionWorkers": 100,
    "newscrawl.extensions.stats_file.StatsFile": 900,
    "newscrawl.extensions.summary.CrawlSummary": 910,
    "newscrawl.extensions.seen.SeenStoreWriter": 950,
}
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.replay.FixtureReplayMiddleware": 50,
    # Hostile sites (responses pass these from the highest number down): refuse unsafe redirects,
    # bound decompression, wait for Retry-After, fix charsets, skip non-pages, account failures.
    "newscrawl.middlewares.redirects.RequestGuardMiddleware": 60,
    # Article downloads wait while the extraction workers have a backlog (bounded memory, max_articles).
    "newscrawl.middlewares.extraction_backpressure.ExtractionBackpressureMiddleware": 45,
    "newscrawl.middlewares.redirects.RedirectGuardMiddleware": 610,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.compression.BoundedHttpCompressionMiddleware": 590,
    "newscrawl.middlewares.retry.RetryAfterMiddleware": 575,
    "newscrawl.middlewares.charset.CharsetMiddleware": 585,
    "newscrawl.middlewares.pagecheck.PageCheckMiddleware": 560,
    "newscrawl.middlewares.failures.FailureAccountingMiddleware": 540,
    # Retries wait (exponential backoff, or the server's Retry-After when longer) before going out.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry_backoff.BackoffRetryMiddleware": 550,
}
# The failure accounting logs the final line of a failed download; Scrapy's own "Gave up retrying"
# would repeat it.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
# Longest wait honoured for a Retry-After header (seconds).
NEWSCRAWL_RETRY_AFTER_MAX = 60
# Hosts a redirect may lead to besides the crawl's start sites (private ones included).
NEWSCRAWL_REDIRECT_ALLOWED_HOSTS: list[str] = []
# Per-site crawl summary (JSON); empty = beside the first feed (x.jsonl -> x.summary.json).
NEWSCRAWL_SUMMARY_FILE = ""
# Detect the story's language: fill in a missing inLanguage, correct one the text clearly contradicts.
NEWSCRAWL_DETECT_LANGUAGE = True
# Keep only articles in these languages (comma-separated, e.g. "de,en"; `-a language=de,en`); empty = all.
NEWSCRAWL_LANGUAGES = ""
ITEM_PIPELINES = {
    "newscrawl.pipelines.dedup.DedupPipeline": 300,
    "newscrawl.pipelines.language.LanguageFilterPipeline": 350,
    "newscrawl.pipelines.validate.ValidationPipeline": 400,
    "newscrawl.pipelines.seen.SeenPipeline": 500,
}
SPIDER_MIDDLEWARES = {
    "newscrawl.middlewares.incremental.IncrementalMiddleware": 800,
    # Engine side of the others: sees final article requests and holds them back (lazy frontier).
    "newscrawl.middlewares.frontier.FrontierMiddleware": 100,
}
# --- Frontier ------------------------------------------------------------------------------------
# Discovered article requests wait on disk (a per-crawl scratch SQLite file) and are handed to the
# scheduler when it holds fewer than LOW requests, up to HIGH: memory stays flat however many URLs a
# sitemap or listing names. Off in distributed mode (the frontier is in Redis there).
NEWSCRAWL_FRONTIER_ENABLED = True
NEWSCRAWL_FRONTIER_LOW = 100
NEWSCRAWL_FRONTIER_HIGH = 1000
# Where the scratch file is made (removed at once on POSIX; empty = the system's temporary directory).
NEWSCRAWL_SCRATCH_DIR = ""
# Each exported line is flushed (and fsynced) before the seen-store records it.
FEED_STORAGES = {
    "": "newscrawl.extensions.durable_feed.DurableFileFeedStorage",
    "file": "newscrawl.extensions.durable_feed.DurableFileFeedStorage",
}
NEWSCRAWL_FEED_FSYNC = True
# Group commit: feed lines are flushed per item, but fsynced (and their seen-store records written, in
# one transaction) only every INTERVAL seconds or ITEMS items, and at close. 0 = fsync every line.
NEWSCRAWL_FEED_SYNC_INTERVAL = 0.5
NEWSCRAWL_FEED_SYNC_ITEMS = 32

# --- Incremental crawls (seen-store) -------------------------------------------------------------
# What earlier runs emitted, keyed by canonical URL: <NEWSCRAWL_STATE_DIR>/seen.sqlite3.
NEWSCRAWL_INCREMENTAL_ENABLED = True
NEWSCRAWL_STATE_DIR = ".newscrawl"
# Another SeenStore class (with from_crawler), e.g. a Redis one; empty = SQLite in NEWSCRAWL_STATE_DIR.
NEWSCRAWL_SEEN_STORE = ""
# fsync every store write (survives power loss, slower); off = survives the process being killed.
NEWSCRAWL_STATE_DURABLE = False
# An emitted article without a newer sitemap/feed date is fetched again after this long (90s, 6h, 3d).
NEWSCRAWL_RECHECK_AFTER = "3d"
# Ignore the store for one run (`-a full=1` sets it).
NEWSCRAWL_FULL = False

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# --- Distributed crawling ------------------------------------------------------------------------
# -s NEWSCRAWL_REDIS_URL=redis://host:6379/0 makes this crawl a worker of a shared crawl on Redis
# (scrapy-redis); see README "Distributed crawling". Empty = single machine, nothing of Redis loaded.
NEWSCRAWL_REDIS_URL = ""
ADDONS = {
    "newscrawl.distributed.addon.DistributedAddon": 0,
}
