"""Objects of trafilatura's modules replaced by ours during our own calls, and put back after them.

Two places put stand-ins into trafilatura while triage reads a page: `discard.patched` (its discard and
prune searches, done as walks of the tree) and `html._without_unread_fields` (its metadata helpers whose
fields nothing here reads). Our calls may overlap — a library user's threads — and a swap that puts back,
at each call's end, what it found in place leaves the stand-ins in trafilatura for good once two overlap
(the second found the first's). `StandIns` counts the calls under a lock: the stand-ins go in when the
first begins and what was there goes back when the last ends, so trafilatura is left as it was found — its
own objects, or a caller's own patch of them. (`unittest.mock.patch` restores per call, as the first forms
here did.)
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator


class StandIns:
    """A context: `swaps` — (module, attribute name, stand-in) — in place while any of its calls runs."""

    def __init__(self, swaps: list[tuple[Any, str, Any]]):
        self.swaps = swaps
        self._lock = threading.Lock()
        self._running = 0  # calls inside now
        self._saved: list[tuple[Any, str, Any]] = []  # what the modules held when the first of them began

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._saved = [(module, name, getattr(module, name)) for module, name, _ in self.swaps]
                for module, name, stand_in in self.swaps:
                    setattr(module, name, stand_in)
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    for module, name, original in self._saved:
                        setattr(module, name, original)
                    self._saved = []
