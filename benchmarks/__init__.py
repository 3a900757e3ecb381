"""Benchmarks: extraction quality and speed measured against reference extractors."""
