"""Scrapy settings for newscrawl: polite defaults, JSON-lines feeds, extraction options, crawl state.

Every ``NEWSCRAWL_*`` setting the code reads is declared here, once, with its default and a one-line
comment (tests/test_settings_declared.py checks it); the code reads them without a default of its own.
The project's components (extensions, middlewares, pipelines, feed storage) are installed by the
add-on in ``ADDONS`` (`newscrawl.addon`), not listed here.
"""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- Politeness -------------------------------------------------------------------------------
# Who we are and how to reach the operator: a URL or e-mail address. The add-on puts it into USER_AGENT
# ("newscrawl/0.1 (+<contact>; news archive crawler)") unless USER_AGENT is given.
NEWSCRAWL_CONTACT = "https://github.com/newscrawl/newscrawl"
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
# Pages are parsed and extracted in worker processes so the crawl uses more than one core.
# Worker processes: a number, or "auto" (one per usable core beyond the first, at most 4; 0 = in-process).
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
# The first retry's wait (seconds); negative = no backoff middleware.
NEWSCRAWL_RETRY_BACKOFF_BASE = 1.0
# The longest wait before a retry (seconds).
NEWSCRAWL_RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
# Scrapy's caching DNS resolver, refusing private/loopback/link-local addresses (cloud metadata
# included) for every name but the crawl's start hosts and NEWSCRAWL_REDIRECT_ALLOWED_HOSTS. Set here
# (not by the add-on): Scrapy installs the resolver before any crawler or add-on exists.
TWISTED_DNS_RESOLVER = "newscrawl.resolver.PrivateAddressResolver"
TELNETCONSOLE_ENABLED = False

# --- Output -------------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# Every run writes its own JSON-lines file; `scrapy crawl news -O x.jsonl` replaces this as usual.
# (Scrapy merges -o/-O feeds into FEEDS; the add-on drops this default when the command line names one.)
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

# The failure accounting logs the final line of a failed download; Scrapy's own "Gave up retrying"
# would repeat it.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
# Longest wait honoured for a Retry-After header (seconds).
NEWSCRAWL_RETRY_AFTER_MAX = 60
# Hosts a redirect may lead to besides the crawl's start sites (private ones included).
NEWSCRAWL_REDIRECT_ALLOWED_HOSTS: list[str] = []
# Per-site crawl summary (JSON); empty = beside the first feed (x.jsonl -> x.summary.json).
NEWSCRAWL_SUMMARY_FILE = ""
# Write the per-site crawl summary at all (log block and JSON file).
NEWSCRAWL_SUMMARY_ENABLED = True
# Refuse redirects off the site, to other schemes or to private addresses (RedirectGuardMiddleware).
NEWSCRAWL_REDIRECT_GUARD_ENABLED = True
# Re-label HTML responses with the encoding that decodes their bytes cleanly (CharsetMiddleware).
NEWSCRAWL_CHARSET_ENABLED = True
# Skip 200 pages that are binary, empty, a cookie/JavaScript wall or a soft-404 (PageCheckMiddleware).
NEWSCRAWL_PAGECHECK_ENABLED = True
# Count and log every final download failure once (FailureAccountingMiddleware).
NEWSCRAWL_FAILURE_ACCOUNTING_ENABLED = True
# Detect the story's language: fill in a missing inLanguage, correct one the text clearly contradicts.
NEWSCRAWL_DETECT_LANGUAGE = True
# Keep only articles in these languages (comma-separated, e.g. "de,en"; `-a language=de,en`); empty = all.
NEWSCRAWL_LANGUAGES = ""
# Emit at most this many articles, then close the crawl (`-a max_articles=N`); 0 = no limit.
NEWSCRAWL_MAX_ARTICLES = 0
# Drop articles published before this (2d, 6h, 2024-07-01), however found (`-a since=`); empty = all.
NEWSCRAWL_SINCE = ""

# --- Discovery ------------------------------------------------------------------------------------
# Links whose URL shape tells nothing are fetched as probes (the page check decides), at most this many
# per site and per listing page.
NEWSCRAWL_DISCOVERY_PROBES = 500
# ... and at most this many from one listing page.
NEWSCRAWL_DISCOVERY_PROBES_PER_PAGE = 30
# Learn each site's article URL shapes from the pages fetched, and keep them in the state directory.
NEWSCRAWL_LEARN_URL_TEMPLATES = True

# --- Frontier ------------------------------------------------------------------------------------
# Discovered article requests wait on disk (a per-crawl scratch SQLite file) and are handed to the
# scheduler when it holds fewer than LOW requests, up to HIGH: memory stays flat however many URLs a
# sitemap or listing names.
# Hold article requests on disk and feed the scheduler lazily (off in distributed mode: Redis queues).
NEWSCRAWL_FRONTIER_ENABLED = True
# Top the scheduler up when it holds fewer requests than this ...
NEWSCRAWL_FRONTIER_LOW = 100
# ... up to this many.
NEWSCRAWL_FRONTIER_HIGH = 1000
# Where the scratch file is made (removed at once on POSIX; empty = the system's temporary directory).
NEWSCRAWL_SCRATCH_DIR = ""
# Each exported line is flushed (and fsynced) before the seen-store records it (the add-on's feed
# storage, newscrawl.extensions.feed_files); False = flush only.
NEWSCRAWL_FEED_FSYNC = True
# Group commit: feed lines are flushed per item, but fsynced (and their seen-store records written, in
# one transaction) only every INTERVAL seconds or ITEMS items, and at close.
# Seconds between group-commit syncs; 0 = fsync every line and record it at once.
NEWSCRAWL_FEED_SYNC_INTERVAL = 0.5
# ... or a sync after this many items, whichever comes first.
NEWSCRAWL_FEED_SYNC_ITEMS = 32

# --- Incremental crawls (seen-store) -------------------------------------------------------------
# What earlier runs emitted, keyed by canonical URL: <NEWSCRAWL_STATE_DIR>/seen.sqlite3.
# Skip what earlier runs emitted and record what this one emits; off = no seen-store at all.
NEWSCRAWL_INCREMENTAL_ENABLED = True
# Where the seen-store (seen.sqlite3), the last run's feed journal and the crawl lock live.
NEWSCRAWL_STATE_DIR = ".newscrawl"
# Seconds a crawl waits for another crawl holding the state directory's lock (0 = refuse at once, exit
# code 75; inf = wait as long as it takes).
NEWSCRAWL_STATE_LOCK_WAIT = 0.0
# Another SeenStore class (with from_crawler), e.g. a Redis one; empty = SQLite in NEWSCRAWL_STATE_DIR.
NEWSCRAWL_SEEN_STORE = ""
# fsync every store write (survives power loss, slower); off = survives the process being killed.
NEWSCRAWL_STATE_DURABLE = False
# Store writes run in a background thread and are retried while the store is locked by another
# process; at the end of a crawl they may wait this many seconds before the crawl gives up on them
# (they are read back from the feed by the next run; exit code 1).
NEWSCRAWL_STATE_WRITE_TIMEOUT = 30.0
# An emitted article without a newer sitemap/feed date is fetched again after this long (90s, 6h, 3d).
NEWSCRAWL_RECHECK_AFTER = "3d"
# Ignore the store for one run (`-a full=1` sets it).
NEWSCRAWL_FULL = False

# A progress line every this many seconds (fetched, articles, pending, rate, failures, ETA); it replaces
# Scrapy's LogStats line. 0 = off (LogStats then logs as usual).
NEWSCRAWL_PROGRESS_INTERVAL = 30.0
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# A dropped item is logged as one line with its URL and reason, at INFO (Scrapy: WARNING + the whole item).
LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# --- Distributed crawling ------------------------------------------------------------------------
# -s NEWSCRAWL_REDIS_URL=redis://host:6379/0 makes this crawl a worker of a shared crawl on Redis
# (scrapy-redis); see README "Distributed crawling". Empty = single machine, nothing of Redis loaded.
NEWSCRAWL_REDIS_URL = ""
# Name of the shared crawl (Redis keys newscrawl:<name>:...); empty = the spider's name.
NEWSCRAWL_REDIS_CRAWL = ""
# This worker's id (feed file names, status); empty = host-pid-random.
NEWSCRAWL_WORKER_ID = ""
# Keep running when the shared crawl has no work left, waiting for pushed sites.
NEWSCRAWL_REDIS_SERVICE = False
# Seconds without work anywhere in the shared crawl before the run is over.
NEWSCRAWL_REDIS_IDLE_GRACE = 10.0
# Lease: seconds after which a worker whose lease thread renewed nothing is reaped (renewed every TTL/3).
NEWSCRAWL_REDIS_HEARTBEAT_TTL = 15.0
# Seconds without progress of a worker's reactor before its lease is no longer renewed; 0 = never.
NEWSCRAWL_REDIS_STALL_LIMIT = 300.0
# Seconds between a worker's bookkeeping round-trips (finished requests, reaping, counting work).
NEWSCRAWL_REDIS_TICK = 1.0

# The project's add-on installs newscrawl's components, routes the feeds, builds the User-Agent and
# turns the spider's limit arguments into settings; then the distributed add-on (a no-op unless
# NEWSCRAWL_REDIS_URL is set) switches the crawl to Redis. Lower numbers run first.
ADDONS = {
    "newscrawl.addon.NewscrawlAddon": 100,
    "newscrawl.distributed.addon.DistributedAddon": 200,
}
