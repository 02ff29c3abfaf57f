"""Benchmarks: run with `make bench` (see README). They print figures; they assert nothing."""
