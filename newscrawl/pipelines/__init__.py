"""Item pipelines: thin Scrapy components over the pure functions of ``newscrawl.clean``."""
