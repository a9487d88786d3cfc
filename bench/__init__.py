"""Benchmarks of the patron store and the app: `make bench` (python -m bench.run)."""
