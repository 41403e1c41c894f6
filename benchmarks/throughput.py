"""Throughput: articles per second, peak memory, stage shares, scaling, read latency.

Run: `python -m benchmarks.throughput [--sizes 1000,10000,100000] [--workers 2]`

- End to end: `triage ingest` as a real subprocess into a fresh store, for text
  dumps (1,000 real Detik texts + the seeds), HTML pages (the 16 html-id article
  pages, several copies) and JSONL (the Detik file), with peak RSS of the run.
- Stage shares: the same documents through `pipeline.process` in-process with a
  StageTimer (store time = ingest time minus the stages, measured with 1 worker).
- Baselines in the same run: trafilatura alone on the same HTML pages;
  langdetect alone on the same texts.
- Scaling: time per article at each size of a generated corpus (see corpora.py),
  and `timeline` / `articles` latency on the largest store.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from . import corpora

RESULTS = Path(__file__).with_name("results")


FOOTNOTE = ("¹ The largest `ru_maxrss` of this benchmark's children so far: a child forked from this process counts "
            "the pages it inherits, and the figure never goes down from one run to the next. The ingest's own "
            "processes, measured through GNU time, are in `results/speed.md` (peak RSS of the largest process).")


def run_ingest(paths: list[Path], db: Path, workers: int) -> tuple[float, dict, float]:
    """(seconds, report, peak RSS MB: the largest `ru_maxrss` of this process's children so far, an upper bound
    only: a child forked from this large process counts the pages it inherits, and the figure never goes down
    between runs; `benchmarks/speed.py` measures the ingest's own processes through GNU time)."""
    env = {**os.environ, "PYTHONPATH": str(corpora.REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cli", "ingest", *map(str, paths), "--db", str(db),
                           "--format", "json", "--quiet", "--workers", str(workers)],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr)
    return seconds, json.loads(proc.stdout), max(peak, before) / 1024


def timed_cli(args: list[str], db: Path, repeat: int = 3) -> float:
    env = {**os.environ, "PYTHONPATH": str(corpora.REPO)}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli", *args, "--db", str(db)], capture_output=True, env=env,
                       check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_startup(repeat: int = 3) -> float:
    env = {**os.environ, "PYTHONPATH": str(corpora.REPO)}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli", "--version"], capture_output=True, env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def stage_shares(paths: list[Path]) -> dict[str, float]:
    """Seconds per stage over the documents of `paths`, in-process, one worker."""
    from corpus_tools.pipeline import ArticleRejected, Context, process
    from corpus_tools.read import ReadProblem, read_documents
    from corpus_tools.timing import StageTimer

    timer = StageTimer()
    ctx = Context(today=date.today())
    for path in paths:
        with timer("read"):
            docs = [d for d in read_documents(path) if not isinstance(d, ReadProblem)]
        for doc in docs:
            try:
                process(doc, ctx, timer=timer)
            except ArticleRejected:
                pass
    return dict(timer.seconds)


def trafilatura_alone(pages: list[Path]) -> float:
    """Seconds for trafilatura.extract on each page (decoding included, as ours includes it)."""
    import trafilatura
    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.read_bytes().decode("utf-8", "replace"))
    return time.perf_counter() - start


def langdetect_alone(texts: list[str]) -> float:
    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
    detect("warm up the profiles")
    start = time.perf_counter()
    for text in texts:
        detect(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--html-copies", type=int, default=4)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict = {"workers": args.workers, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="triage-bench-") as tmp_name:
        tmp = Path(tmp_name)
        texts = corpora.write_text_dumps(tmp / "text")
        html = tmp / "html"
        html.mkdir()
        pages = corpora.html_article_pages()
        copies = []
        for copy in range(args.html_copies):
            for page in pages:
                target = html / f"{copy}-{page.parent.name}-{page.name}"
                shutil.copy(page, target)
                copies.append(target)
        inputs = {"text dumps": [texts], "HTML pages": [html], "JSONL": [corpora.DETIK]}
        rows = []
        for name, paths in inputs.items():
            seconds, report, peak = run_ingest(paths, tmp / f"{name[:4]}.db", args.workers)
            count = report["new"]
            files = [p for path in paths for p in (sorted(path.iterdir()) if path.is_dir() else [path])]
            shares = stage_shares(files)
            rows.append({"input": name, "articles": count, "seconds": round(seconds, 2),
                         "articles_per_s": round(count / seconds, 1), "peak_rss_mb": round(peak),
                         "stage_seconds_1_worker": {k: round(v, 3) for k, v in shares.items()}})
        results["inputs"] = rows
        traf = trafilatura_alone(copies)
        ours_html = next(r for r in rows if r["input"] == "HTML pages")
        results["baselines"] = {
            "trafilatura_alone_pages_per_s": round(len(copies) / traf, 1),
            "ours_html_vs_trafilatura": round(ours_html["articles_per_s"] / (len(copies) / traf), 2),
            # trafilatura runs on one core, ours on `workers`: compare per core
            "ours_html_vs_trafilatura_per_core": round(ours_html["articles_per_s"] / args.workers
                                                       / (len(copies) / traf), 2),
        }
        sample = [p.read_text() for p in sorted(texts.iterdir())[:300]]
        lang_s = langdetect_alone(sample)
        results["baselines"]["langdetect_alone_ms_per_text"] = round(1000 * lang_s / len(sample), 2)
        results["startup_s"] = round(cli_startup(), 3)
        scaling = []
        for size in sizes:
            corpus = corpora.write_jsonl_corpus(tmp / f"gen-{size}", size)
            db = tmp / f"gen-{size}.db"
            seconds, report, peak = run_ingest([corpus], db, args.workers)
            scaling.append({"articles": size, "seconds": round(seconds, 1),
                            "ms_per_article": round(1000 * seconds / size, 3), "peak_rss_mb": round(peak)})
            if size == max(sizes):
                results["read_latency_s"] = {
                    "store": size,
                    "timeline": round(timed_cli(["timeline", "--format", "json"], db), 3),
                    "timeline_query": round(timed_cli(["timeline", "--query", "presiden", "--format", "json"], db), 3),
                    "articles_limit_50": round(timed_cli(["articles", "--limit", "50", "--format", "json"], db), 3),
                }
            shutil.rmtree(corpus)
        results["scaling"] = scaling
    _print(results)
    _write_markdown(results)
    return results


def _print(results: dict) -> None:
    print(json.dumps(results, indent=2))


def _write_markdown(results: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    lines = [f"Workers: {results['workers']} on {results['cpus']} CPUs. CLI start-up: {results['startup_s']} s.", "",
             "| input | articles | seconds | articles/s | peak RSS MB, upper bound¹ | stage seconds (1 worker, in-process) |",
             "|---|---|---|---|---|---|"]
    for row in results["inputs"]:
        stages = ", ".join(f"{k} {v}" for k, v in sorted(row["stage_seconds_1_worker"].items(), key=lambda kv: -kv[1]))
        lines.append(f"| {row['input']} | {row['articles']} | {row['seconds']} | {row['articles_per_s']} | "
                     f"{row['peak_rss_mb']} | {stages} |")
    base = results["baselines"]
    per_core = base.get("ours_html_vs_trafilatura_per_core")
    lines += ["", f"Baselines, same run: trafilatura alone {base['trafilatura_alone_pages_per_s']} pages/s on one core "
                  f"(ours on HTML with {results['workers']} workers = {base['ours_html_vs_trafilatura']}× of it"
                  + (f", {per_core}× per core" if per_core is not None else "") + "); langdetect alone "
                  f"{base['langdetect_alone_ms_per_text']} ms per whole text.", "",
              "| generated articles | seconds | ms/article | peak RSS MB, upper bound¹ |", "|---|---|---|---|"]
    for row in results["scaling"]:
        lines.append(f"| {row['articles']} | {row['seconds']} | {row['ms_per_article']} | {row['peak_rss_mb']} |")
    if "read_latency_s" in results:
        lat = results["read_latency_s"]
        lines += ["", f"Read latency on the {lat['store']}-article store (whole command, median of 3): "
                      f"timeline {lat['timeline']} s, timeline --query {lat['timeline_query']} s, "
                      f"articles --limit 50 {lat['articles_limit_50']} s."]
    lines += ["", FOOTNOTE]
    (RESULTS / "throughput.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
