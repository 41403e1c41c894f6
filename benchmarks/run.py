"""Run every benchmark and rewrite BENCHMARKS.md from their latest tables.

    python -m benchmarks            # everything (over an hour on 2 cores: throughput's 100k ingest,
                                    # memory and store_eval alone take some 35 minutes)
    python -m benchmarks clean dates  # only some
    python -m benchmarks --collect  # only rebuild BENCHMARKS.md from benchmarks/results/
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results")
# module → heading, in the order the README discusses them
SUITES = {
    "clean_eval": "Clutter removal (issue: clean)",
    "dumps_eval": "Whole-page text dumps (issue 11)",
    "dates_eval": "Dates (issue: dates)",
    "timeline_eval": "Timeline (issue: timeline)",
    "stories_eval": "Stories and the mixed-store timeline (issue 17)",
    "dedup_eval": "Near-duplicates (issue: duplicates)",
    "throughput": "Throughput (issue: throughput)",
    "web_eval": "Open-web pages: decoding, article check, body F1 (issue 12)",
    "pubdate_eval": "Publication dates of records with no date field (issue 12)",
    "memory": "Memory of one big JSONL file (issue 12)",
    "store_eval": "Shared store on PostgreSQL (issue 14)",
    "speed": "Speed per core, cold start, scaling (issue: speed)",
}
RESULT_FILES = {"clean_eval": "clean.md", "dumps_eval": "dumps.md", "dates_eval": "dates.md",
                "timeline_eval": "timeline.md", "stories_eval": "stories.md", "dedup_eval": "dedup.md", "throughput": "throughput.md",
                "web_eval": "web.md", "pubdate_eval": "pubdate.md", "memory": "memory.md", "store_eval": "store.md",
                "speed": "speed.md"}


# what a suite needs on its command line to do what the full run asks of it (these two score and write their
# held-out split only when asked: alone, a developer runs them on dev)
FULL_RUN_ARGS = {"web_eval": ["--heldout"], "pubdate_eval": ["--heldout"]}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB RAM, "
            f"Python {platform.python_version()}")


def collect() -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    parts = ["# Benchmarks", "",
             f"Latest tables written by `python -m benchmarks` (each suite also runs alone: "
             f"`python -m benchmarks.<suite>`). Machine: {machine()}. Collected "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit}.", ""]
    for module, heading in SUITES.items():
        path = RESULTS / RESULT_FILES[module]
        parts += [f"## {heading}", "", f"`python -m benchmarks.{module}`", ""]
        parts.append(path.read_text().strip() if path.exists() else "_not run yet_")
        parts.append("")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(parts))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if "--collect" not in argv:
        chosen = [m for m in SUITES if not argv or m in argv or m.split("_")[0] in argv]
        for module in chosen:
            print(f"== {module}", flush=True)
            # each suite in a fresh interpreter: a process that ran other suites first is large, and the peak RSS
            # a suite reads of its children (ru_maxrss) counts the pages a fork inherits from it
            done = subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *FULL_RUN_ARGS.get(module, [])],
                                  cwd=ROOT, check=False)
            if done.returncode:
                print(f"== {module} exited {done.returncode}", flush=True)
    collect()


if __name__ == "__main__":
    main()
