"""Benchmarks: runnable modules writing Markdown tables and plots to ``reports/bench/``."""
