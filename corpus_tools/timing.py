"""Per-stage wall-clock accounting, for the throughput benchmark.

The pipeline wraps each stage in `timer(name)`; the default timer does
nothing, so production runs pay one attribute lookup per stage.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from time import perf_counter
from typing import Iterator


class StageTimer:
    """Sums the time spent in each named stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += perf_counter() - start


class _NoTimer:
    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        yield


NO_TIMER = _NoTimer()
