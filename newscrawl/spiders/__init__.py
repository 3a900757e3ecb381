"""newscrawl's spiders: they schedule and route requests; extraction and cleaning live elsewhere."""
