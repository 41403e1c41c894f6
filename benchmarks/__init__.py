"""Benchmarks: accuracy against the baselines a user would otherwise pick, and speed.

`python -m benchmarks` runs them all and rewrites BENCHMARKS.md.
"""
