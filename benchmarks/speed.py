"""Speed: whole `triage` processes, per core and with 2 workers, beside trafilatura in the same run.

Run: `python -m benchmarks.speed [--sizes 1000,10000,100000] [--repeat 3] [--cold 7]`

Everything is timed as a real process, imports included, as a user meets it:

- Text ingest: the 1,000 Detik texts as .txt dumps, `triage ingest --workers 1`
  and `--workers 2` into a fresh store. Reported as articles per second (wall)
  and as CPU milliseconds per article (user + system of the whole process
  tree): the work per article per core, which a loaded machine disturbs less.
- HTML: the readability pages (`dumps/readability/*/source.html.gz`, unpacked)
  and the html-id pages, `triage ingest --workers 1` against one process running
  `trafilatura.extract` on the same bytes in a loop. The ratio is taken per run
  (same pages, back to back) and its median reported.
- Cold start: each one-document command and `--version`/`--help`, median of
  `--cold` runs, beside trafilatura's command line run alternately with it:
  `trafilatura < page.html`, which extracts the page, and `trafilatura -i page.html`,
  the command issue 13 names, which reads the file as a list of URLs to download
  (it logs each line as a discarded URL and extracts nothing: start-up alone).
- Scaling: generated corpora (corpora.py) of each size, `--workers 2`: ms per
  article and peak RSS, both the largest single process and the sum over the
  process tree (sampled from /proc). Then, on each store, `triage timeline` as
  stored by the ingest, and computed from scratch: `timeline --reports` (the
  default timeline's question with reports kept, which the ingest does not
  store) and `timeline --query presiden`; CPU seconds and peak RSS of each.

`--only scaling` (or `text`, `html`, `cold`, comma-separated) runs those parts alone.

Machines differ, and a shared VM drifts within minutes, so the run also times a
fixed pure-Python loop (`reference_ms`, best of five, in a fresh interpreter)
before and after: a machine that takes twice as long on it takes about twice as
long on the rest. Two runs' figures compare only at about the same reference.

Our own modules are byte-compiled first (`compileall`), as an installed package is.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpora
from .run import machine

RESULTS = Path(__file__).with_name("results")
READABILITY = corpora.DATA / "dumps" / "readability"
PARTS = ("text", "html", "cold", "scaling")
TRAFILATURA_LOOP = ("import sys, trafilatura\n"
                    "metadata = sys.argv[1] == 'metadata'\n"
                    "for path in sys.argv[2:]:\n"
                    "    with open(path, 'rb') as fh:\n"
                    "        trafilatura.extract(fh.read(), with_metadata=metadata)\n")
REFERENCE_LOOP = ("import time\n"
                  "def once():\n"
                  "    start = time.perf_counter()\n"
                  "    sum(i * i for i in range(1_000_000))\n"
                  "    return time.perf_counter() - start\n"
                  "print(round(min(once() for _ in range(5)) * 1000, 1))\n")


def reference_ms() -> float:
    """Milliseconds a fresh interpreter takes for a fixed pure-Python loop: the machine's speed now."""
    return float(subprocess.run([sys.executable, "-c", REFERENCE_LOOP], capture_output=True, text=True,
                                check=True).stdout)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(corpora.REPO), "NO_COLOR": "1"}


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """(proportional set size summed, largest resident set) of `root` and its descendants, in MB.

    PSS shares each page among the processes mapping it, so forked workers are not counted twice."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total = largest = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as fh:
                rss = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                pss = next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), rss)
        except OSError:
            continue
        total += pss
        largest = max(largest, rss)
    return total / 1024, largest / 1024


def measure(command: list[str], sample: bool = False) -> dict:
    """Run `command`; wall seconds, CPU seconds of its process tree, peak RSS (when `sample`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # files: a full pipe would block
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=_env())
        peak_sum = peak_one = 0.0
        while proc.poll() is None:
            if sample:
                total, largest = _tree_rss_mb(proc.pid)
                peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
            time.sleep(0.2 if sample else 0.005)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "returncode": proc.returncode, "stdout": out.read(), "stderr": err.read(),
                "peak_sum_mb": peak_sum, "peak_one_mb": peak_one}


def _cpu_of(command: list[str], sample: bool = False) -> dict:
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = measure(command, sample)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def triage(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def ingest(paths: list[Path], db: Path, workers: int, sample: bool = False) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    result = _cpu_of(triage("ingest", *map(str, paths), "--db", str(db), "--format", "json", "--quiet",
                            "--workers", str(workers)), sample)
    if result["returncode"] not in (0, 1):
        raise RuntimeError(result["stderr"].decode())
    report = json.loads(result["stdout"])
    result["stored"] = report["new"]
    result["documents"] = report["new"] + len(report["skipped"]) + len(report["failed"])
    return result


def html_pages(folder: Path) -> list[Path]:
    """The readability pages unpacked, and the html-id pages, as .html files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for source in sorted(READABILITY.glob("*/source.html.gz")):
        target = folder / f"{source.parent.name}.html"
        target.write_bytes(gzip.decompress(source.read_bytes()))
        pages.append(target)
    for source in sorted(corpora.HTML_ID.glob("*/*.html")):
        target = folder / f"id-{source.parent.name}-{source.name}"
        shutil.copy(source, target)
        pages.append(target)
    return pages


def text_ingest(tmp: Path, repeat: int) -> dict:
    texts = corpora.write_text_dumps(tmp / "text")
    rows = {}
    for workers in (1, 2):
        runs = [ingest([texts], tmp / "text.db", workers) for _ in range(repeat)]
        count = runs[0]["stored"]
        rows[workers] = {
            "articles": count,
            "articles_per_s": round(statistics.median(count / r["wall"] for r in runs), 1),
            "cpu_ms_per_article": round(statistics.median(1000 * r["cpu"] / count for r in runs), 2),
            "wall_s": [round(r["wall"], 1) for r in runs],
        }
    return rows


def html_vs_trafilatura(tmp: Path, repeat: int) -> dict:
    pages = html_pages(tmp / "html")
    loops = {kind: [sys.executable, "-c", TRAFILATURA_LOOP, kind, *map(str, pages)] for kind in ("text", "metadata")}
    ratios: dict[str, list[float]] = {"text": [], "metadata": []}
    cpu_ratios: dict[str, list[float]] = {"text": [], "metadata": []}
    ours_rate, stored = [], 0
    for _ in range(repeat):
        theirs = {kind: _cpu_of(loop) for kind, loop in loops.items()}
        ours = ingest([tmp / "html"], tmp / "html.db", 1)
        stored = ours["stored"]
        ours_rate.append(len(pages) / ours["wall"])
        for kind, run in theirs.items():
            ratios[kind].append(run["wall"] / ours["wall"])
            cpu_ratios[kind].append(run["cpu"] / ours["cpu"])
    return {"pages": len(pages), "stored": stored, "ours_pages_per_s": round(statistics.median(ours_rate), 1),
            "ratio_wall": {k: round(statistics.median(v), 2) for k, v in ratios.items()},
            "ratio_cpu": {k: round(statistics.median(v), 2) for k, v in cpu_ratios.items()},
            "ratios": {k: [round(r, 2) for r in v] for k, v in ratios.items()}}


def cold_start(tmp: Path, runs: int) -> dict:
    page = tmp / "html" / "bbc-1.html"
    text = corpora.SEEDS / "002_2bf8664baea84d04.txt"
    db = tmp / "text.db"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "trafilatura -i page.html": [str(Path(sys.executable).with_name("trafilatura")), "-i", str(page)],
        "trafilatura < page.html": ["sh", "-c", 'exec "$0" < "$1"', str(Path(sys.executable).with_name("trafilatura")),
                                    str(page)],
        "triage --version": triage("--version"),
        "triage --help": triage("--help"),
        "triage clean page.html": triage("clean", str(page)),
        "triage clean text.txt": triage("clean", str(text)),
        "triage dates text.txt": triage("dates", str(text)),
        "triage articles --limit 20 (1k store)": triage("articles", "--limit", "20", "--db", str(db)),
        "triage timeline (1k store)": triage("timeline", "--db", str(db)),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # alternate the commands so load changes hit all of them alike
        for name, command in commands.items():
            times[name].append(measure(command)["wall"])
    clean = times["triage clean page.html"]

    def ratio(baseline: str) -> float:
        return round(statistics.median(c / t for c, t in zip(clean, times[baseline])), 2)
    return {"median_s": {name: round(statistics.median(t), 3) for name, t in times.items()},
            "clean_vs_trafilatura": ratio("trafilatura -i page.html"),
            "clean_vs_trafilatura_extracting": ratio("trafilatura < page.html")}


# The timelines read from each scaling store: the one the ingest stored, and two computed from scratch.
TIMELINES = {"timeline": [], "timeline --reports": ["--reports"], "timeline --query presiden": ["--query", "presiden"]}


GNU_TIME = Path("/usr/bin/time")


def timelines(db: Path) -> dict:
    """CPU seconds, wall seconds and peak RSS (MB, the kernel's high-water mark of the process) of each of
    `TIMELINES` on `db`. Through GNU time when there is one: a child's maximum RSS also counts the pages of
    the process it was forked from, and GNU time is a small one (this process is not)."""
    out = {}
    for name, extra in TIMELINES.items():
        with tempfile.TemporaryFile() as sink, tempfile.TemporaryFile() as err, \
                tempfile.NamedTemporaryFile(mode="r") as usage_file:
            command = triage("timeline", "--db", str(db), "--format", "json", *extra)
            if GNU_TIME.exists():
                command = [str(GNU_TIME), "-f", "%M %U %S", "-o", usage_file.name, *command]
            start = time.perf_counter()
            proc = subprocess.Popen(command, stdout=sink, stderr=err, env=_env())
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                err.seek(0)
                raise RuntimeError(err.read().decode())
            if GNU_TIME.exists():
                kilobytes, user, system = usage_file.read().split()[-3:]
                peak, cpu = int(kilobytes) / 1024, float(user) + float(system)
            else:
                peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        out[name] = {"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "peak_rss_mb": round(peak)}
    return out


def scaling(tmp: Path, sizes: list[int]) -> list[dict]:
    rows = []
    for size in sizes:
        corpus = corpora.write_jsonl_corpus(tmp / f"gen-{size}", size)
        result = ingest([corpus], tmp / f"gen-{size}.db", 2, sample=True)
        rows.append({"articles": size, "seconds": round(result["wall"], 1),
                     "ms_per_article": round(1000 * result["wall"] / size, 2),
                     "cpu_ms_per_article": round(1000 * result["cpu"] / size, 2),
                     "peak_rss_tree_mb": round(result["peak_sum_mb"]),
                     "peak_rss_process_mb": round(result["peak_one_mb"]),
                     "timelines": timelines(tmp / f"gen-{size}.db")})
        shutil.rmtree(corpus)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp / f'gen-{size}.db'}{suffix}").unlink(missing_ok=True)
    return rows


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", type=int, default=7)
    parser.add_argument("--only", default=",".join(PARTS), help="the parts to run, comma-separated: "
                        + ", ".join(PARTS))
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"--only: unknown parts {sorted(parts - set(PARTS))}; choose from {', '.join(PARTS)}")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "corpus_tools", "cli"], cwd=corpora.REPO,
                   capture_output=True, check=False)
    results: dict = {"machine": machine(), "load_before": os.getloadavg(), "reference_ms_before": reference_ms()}
    with tempfile.TemporaryDirectory(prefix="triage-speed-") as tmp_name:
        tmp = Path(tmp_name)
        if "text" in parts or "cold" in parts:  # the cold start reads the text ingest's store
            results["text"] = text_ingest(tmp, args.repeat)
        if "html" in parts or "cold" in parts:  # and one of its pages
            results["html"] = html_vs_trafilatura(tmp, args.repeat)
        if "cold" in parts:
            results["cold"] = cold_start(tmp, args.cold)
        if "scaling" in parts:
            results["scaling"] = scaling(tmp, [int(s) for s in args.sizes.split(",") if s])
    results["load_after"] = os.getloadavg()
    results["reference_ms_after"] = reference_ms()
    print(json.dumps(results, indent=2))
    if parts == set(PARTS):  # results/speed.md is the whole run's; a part run only prints its figures
        _write_markdown(results)
    return results


def _write_markdown(r: dict) -> None:
    load = f"{r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} after"
    lines = [f"Machine: {r['machine']}; load average (1 min) {load}. "
             + ("Taken while other jobs ran (load above the run's own): absolute times are inflated; the ratios "
                "against trafilatura, taken run by run, and the CPU ms per article are the figures to read."
                if r["load_before"][0] > 2.5 else ""),
             "",
             f"Machine speed: a fixed pure-Python loop (`speed.REFERENCE_LOOP`) took {r['reference_ms_before']} ms "
             f"before the run and {r['reference_ms_after']} ms after it; figures of runs compare only at about "
             "the same reference.", "",
             "Text ingest, 1,000 Detik .txt dumps, whole `triage ingest` process (median of runs):", "",
             "| workers | articles | articles/s (wall) | CPU ms per article | wall s per run |", "|---|---|---|---|---|"]
    for workers, row in r["text"].items():
        lines.append(f"| {workers} | {row['articles']} | {row['articles_per_s']} | {row['cpu_ms_per_article']} | "
                     f"{row['wall_s']} |")
    h = r["html"]
    lines += ["", f"HTML, {h['pages']} pages ({h['stored']} stored as articles), `triage ingest --workers 1` "
                  f"({h['ours_pages_per_s']} pages/s) against one process looping `trafilatura.extract` on the same "
                  "bytes, per core (median of per-run ratios, triage ÷ trafilatura throughput):", "",
              "| trafilatura baseline | by wall time | by CPU time | per run (wall) |", "|---|---|---|---|",
              f"| `extract(page)` (main text only) | **{h['ratio_wall']['text']}×** | {h['ratio_cpu']['text']}× | "
              f"{h['ratios']['text']} |",
              f"| `extract(page, with_metadata=True)` (title, date: what triage stores) | "
              f"**{h['ratio_wall']['metadata']}×** | {h['ratio_cpu']['metadata']}× | {h['ratios']['metadata']} |", "",
              f"Cold start (median of runs, seconds; `clean page.html` / `trafilatura < page.html` = "
              f"**{r['cold'].get('clean_vs_trafilatura_extracting', '–')}×**, / `trafilatura -i page.html` = "
              f"**{r['cold']['clean_vs_trafilatura']}×**; the latter reads the page as a list of URLs and extracts "
              "nothing from it, so it times trafilatura's start-up only):", "", "| command | s |", "|---|---|"]
    lines += [f"| `{name}` | {value} |" for name, value in r["cold"]["median_s"].items()]
    lines += ["", "Scaling, generated Detik-like JSONL, `--workers 2`:", "",
              "| articles | seconds | ms per article (wall) | CPU ms per article | peak RSS, largest process MB | "
              "peak PSS, process tree MB |", "|---|---|---|---|---|---|"]
    for row in r["scaling"]:
        lines.append(f"| {row['articles']} | {row['seconds']} | {row['ms_per_article']} | {row['cpu_ms_per_article']} | "
                     f"{row['peak_rss_process_mb']} | {row['peak_rss_tree_mb']} |")
    lines += ["", "Timelines read from each scaling store (one process each, `--format json`): as the ingest stored it, "
                  "and computed from scratch (`--reports`: the default question with reports kept, which the ingest "
                  "does not store; `--query presiden`):", "",
              "| articles | " + " | ".join(f"`{name}` CPU s | peak RSS MB" for name in TIMELINES) + " |",
              "|---|" + "---|---|" * len(TIMELINES)]
    for row in r["scaling"]:
        cells = [f"{row['timelines'][name]['cpu_s']} | {row['timelines'][name]['peak_rss_mb']}" for name in TIMELINES]
        lines.append(f"| {row['articles']} | " + " | ".join(cells) + " |")
    lines += ["", f"Python {platform.python_version()}; our modules byte-compiled first, as an installed package is."]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "speed.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
