"""HTML ingest: where the CPU goes per page, ours beside trafilatura's own `extract`.

Run: `python -m benchmarks.html_stages [--repeat 1]`

The pages of `speed.py`'s HTML part (the readability pages unpacked, the html-id pages). Each
system runs in a process of its own, as in `speed.py`, and is timed by the CPU time of its
thread (`time.thread_time`), stage by stage, by wrapping the stage functions:

- trafilatura: `trafilatura.extract(page, with_metadata=True)` in a loop (speed.py's baseline):
  its metadata pass, and in it htmldate's date search and dateparser;
- ours: `ingest.ingest(workers=1)` in-process into a fresh SQLite store: the precision reading
  (with the metadata), the second reading (trafilatura's default settings, text only), the checks
  of `extract/html.py`, each stage after extraction, and what is outside `pipeline.process`
  (reading the files, the store).

Times are inclusive: a row includes the rows indented under it. "dateparser" is htmldate's
external date parser: its first call in a process loads and compiles every locale (seconds, once
per process, in both systems), the calls after it are milliseconds. Imports are not counted.
Speed only: nothing is written to `results/`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from . import corpora
from .speed import html_pages

# (label, indentation) in the order printed; a label missing from a system prints "–"
ROWS = [
    ("whole run", 0),
    ("trafilatura.extract", 1),
    ("pipeline.process", 1),
    ("decode + extract", 2),
    ("trafilatura, precision reading", 3),
    ("trafilatura, default reading (second)", 3),
    ("metadata (trafilatura)", 3),
    ("htmldate find_date", 4),
    ("dateparser", 5),
    ("html.py: parse", 3),
    ("html.py: is-article signals", 3),
    ("html.py: story blocks + cut check", 3),
    ("language", 2),
    ("clean", 2),
    ("dates", 2),
    ("events", 2),
    ("fingerprint", 2),
    ("outside process (read, store)", 1),
]


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, owner, name: str, label) -> None:
        """Replace `owner.name` by a function timing it under `label` (a string, or a function of
        the call's arguments giving one)."""
        original = getattr(owner, name)
        seconds = self.seconds

        def timed(*args, **kwargs):
            start = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[label(*args, **kwargs) if callable(label) else label] += time.thread_time() - start
        setattr(owner, name, timed)


def _common(clock: _Clock) -> None:
    import htmldate.extractors
    import trafilatura.core
    import trafilatura.metadata
    clock.wrap(trafilatura.core, "extract_metadata", "metadata (trafilatura)")
    clock.wrap(trafilatura.metadata, "find_date", "htmldate find_date")
    clock.wrap(htmldate.extractors, "_external_date", "dateparser")


def run_trafilatura(pages: list[Path]) -> dict[str, float]:
    import trafilatura
    clock = _Clock()
    _common(clock)
    clock.wrap(trafilatura, "extract", "trafilatura.extract")
    start = time.thread_time()
    for page in pages:
        trafilatura.extract(page.read_bytes(), with_metadata=True)
    clock.seconds["whole run"] = time.thread_time() - start
    return dict(clock.seconds)


def run_ours(pages: list[Path], db: Path) -> dict[str, float]:
    import importlib
    # the modules themselves (the package exports some of their names: `corpus_tools.extract` is a function)
    modules = {name: importlib.import_module(name) for name in (
        "corpus_tools.ingest", "corpus_tools.pipeline", "corpus_tools.extract.html", "corpus_tools.dates",
        "corpus_tools.events")}
    ingest, pipeline = modules["corpus_tools.ingest"], modules["corpus_tools.pipeline"]
    html = modules["corpus_tools.extract.html"]
    clock = _Clock()
    _common(clock)
    clock.wrap(ingest, "process", "pipeline.process")
    clock.wrap(pipeline, "extract", "decode + extract")
    clock.wrap(html, "_trafilatura", lambda *a, **k: "trafilatura, precision reading" if k.get("favor_precision")
               else "trafilatura, default reading (second)")
    clock.wrap(html.lxml_html, "fromstring", "html.py: parse")
    clock.wrap(html, "_signals", "html.py: is-article signals")
    clock.wrap(html, "_story_blocks", "html.py: story blocks + cut check")
    clock.wrap(html, "_cuts_inside", "html.py: story blocks + cut check")
    clock.wrap(html, "_spliced", "html.py: story blocks + cut check")
    clock.wrap(pipeline, "detect_language", "language")
    clock.wrap(pipeline.clean, "clean_text", "clean")
    clock.wrap(modules["corpus_tools.dates"], "tag", "dates")
    clock.wrap(modules["corpus_tools.events"], "extract_events", "events")
    clock.wrap(pipeline.fingerprint, "sign", "fingerprint")
    clock.wrap(pipeline.fingerprint, "body_hash", "fingerprint")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    start = time.thread_time()
    ingest.ingest([str(p) for p in pages], str(db), workers=1)
    clock.seconds["whole run"] = time.thread_time() - start
    clock.seconds["outside process (read, store)"] = clock.seconds["whole run"] - clock.seconds["pipeline.process"]
    return dict(clock.seconds)


def table(pages: int, ours: list[dict], theirs: list[dict]) -> str:
    def cell(runs: list[dict], label: str) -> str:
        values = sorted(run[label] for run in runs if label in run)
        return f"{1000 * values[len(values) // 2] / pages:.1f}" if values else "–"
    lines = [f"CPU ms per page over {pages} pages (median of {len(ours)} run(s); a row includes the rows "
             "indented under it):", "", "| stage | ours | trafilatura.extract(with_metadata=True) |", "|---|---|---|"]
    for label, depth in ROWS:
        lines.append(f"| {'· ' * depth}{label} | {cell(ours, label)} | {cell(theirs, label)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--system", choices=("ours", "trafilatura"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.system:  # one system in this process; the parent reads the JSON
        folder = Path(args.folder)
        pages = sorted(folder.glob("*.html"))
        run = run_ours(pages, folder.parent / "stages.db") if args.system == "ours" else run_trafilatura(pages)
        print(json.dumps(run))
        return
    env = {**os.environ, "PYTHONPATH": str(corpora.REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        pages = html_pages(Path(tmp) / "html")
        runs: dict[str, list[dict]] = {"ours": [], "trafilatura": []}
        for _ in range(args.repeat):
            for system in runs:
                out = subprocess.run([sys.executable, "-m", "benchmarks.html_stages", "--system", system,
                                      "--folder", str(Path(tmp) / "html")], env=env, capture_output=True,
                                     check=True, text=True).stdout
                runs[system].append(json.loads(out.strip().splitlines()[-1]))
    print(table(len(pages), runs["ours"], runs["trafilatura"]))


if __name__ == "__main__":
    main()
