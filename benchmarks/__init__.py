"""Benchmarks: accuracy against the baselines a user would otherwise pick, and speed.

`python -m benchmarks` runs them all and rewrites BENCHMARKS.md. They read the development data from
`shared/data/` beside the checkout (`../shared/data`); a suite started without it stops at once with one
line saying so (`python -m benchmarks --collect`, which reads only `results/`, does not need it).
"""

import sys
from pathlib import Path

_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# `python -m benchmarks[.suite]`: while runpy finds the module, argv[0] is "-m" (an import by the tests is not)
if sys.argv[:1] == ["-m"] and "--collect" not in sys.argv and not _DATA.is_dir():
    sys.exit(f"benchmarks: {_DATA}: not found; the benchmarks read the development data there "
             "(the folder shared/data beside this checkout)")
