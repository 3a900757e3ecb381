"""Benchmarks: throughput and memory of newscrawl against baselines measured in the same run."""
