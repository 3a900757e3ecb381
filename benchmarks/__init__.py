"""Benchmarks: extraction quality, throughput and memory, each against baselines measured in the same run."""
