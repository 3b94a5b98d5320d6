"""Benchmarks: scripts that measure and print a table. Not part of `make test`."""
