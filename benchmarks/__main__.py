"""`python -m benchmarks [SUITE ...]`: see run.py."""

from .run import main

main()
