"""Scrapy settings for newscrawl: polite defaults, JSON-lines feeds, the cleaning pipelines."""

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
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Output -------------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# Every run writes its own JSON-lines file; `scrapy crawl news -O x.jsonl` replaces this as usual.
FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
# Items that fail validation go here (with URL and reason); set to "" to only log and count them.
NEWSCRAWL_REJECTS_FEED = "output/%(name)s/%(time)s.rejects.jsonl"

# --- newscrawl ------------------------------------------------------------------------------------
# "drop" removes boilerplate blocks from articleBody; "keep" keeps every visible block in order.
NEWSCRAWL_BOILERPLATE = "drop"
# Offline replay: a folder of saved pages (see fixtures/README.md). Empty = live network.
NEWSCRAWL_REPLAY_DIR = ""
# Articles with a shorter body (characters) are rejected.
NEWSCRAWL_MIN_BODY_CHARS = 200

# Final stats as JSON (for scripts and tests); empty = off.
NEWSCRAWL_STATS_FILE = ""

EXTENSIONS = {
    "newscrawl.extensions.stats_file.StatsFile": 900,
}
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.replay.FixtureReplayMiddleware": 50,
}
ITEM_PIPELINES = {
    "newscrawl.pipelines.cleaning.TextNormalisationPipeline": 100,
    "newscrawl.pipelines.cleaning.BoilerplatePipeline": 110,
    "newscrawl.pipelines.cleaning.CaptionPipeline": 120,
    "newscrawl.pipelines.cleaning.DatePipeline": 130,
    "newscrawl.pipelines.cleaning.AuthorPipeline": 140,
    "newscrawl.pipelines.cleaning.AssemblyPipeline": 200,
    "newscrawl.pipelines.dedup.DedupPipeline": 300,
    "newscrawl.pipelines.validate.ValidationPipeline": 400,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
