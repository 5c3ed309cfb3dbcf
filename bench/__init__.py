"""Benchmarks: scripts that print figures (never tests with time limits)."""
