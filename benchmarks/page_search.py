"""The HTML page's search in a real browser: the renderer's work for each key typed into the search box.

Run: `PYTHONPATH=. python -m benchmarks.page_search [--rows 1500] [--db STORE] [--words "flood river"] [--repeat 5]`

The page is `triage timeline --format html --limit ROWS` of `--db` (a development store), or else ROWS generated rows
(three sources each, summaries and sentences of words drawn from a fixed list with a fixed seed, so the same page
every run). It is opened from its file in Debian's chromium (/usr/bin/chromium, driven by playwright); the search
words are typed one key at a time, each key as an `input` event, and then cleared. For each step the Chrome DevTools
Protocol's counters give the milliseconds the renderer spent on the step until two frames later: all its tasks,
style recalculation, layout. Median of `--repeat` runs of the whole sequence; the busiest step is the one a reader
waits for. Milliseconds on a busy machine drift: compare two pages (`--page A.html --page B.html`) in one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
TYPE = "value => { const q = document.getElementById('q'); q.value = value; q.dispatchEvent(new Event('input')); }"
WORDS = ("flood river rain storm minister court police president election vote parliament army border fire school "
         "hospital market price oil gas bank company strike union port ship train road bridge village city capital "
         "report trial judge prison water power").split()


def generated_rows(count: int) -> list[dict]:
    """`count` rows as `row_as_dict` makes them, each of three sources, with words from WORDS (seeded)."""
    from corpus_tools.timeline import MentionRow, build_timeline, row_as_dict

    pick = random.Random(21)
    rows = []
    for n in range(count):
        day = f"20{10 + n // 365 % 15:02}-{n // 28 % 12 + 1:02}-{n % 28 + 1:02}"
        mentions = [MentionRow(3 * n + k, 3 * n + k, f"Outlet {pick.randrange(40)}", day, "report", "report",
                               tuple(pick.sample(WORDS, 2)), day, "day", " ".join(pick.choices(WORDS, k=14)), False,
                               title=" ".join(pick.choices(WORDS, k=8)), url=f"https://example.org/{n}/{k}")
                    for k in range(3)]
        row = row_as_dict(build_timeline(mentions)[0])
        rows.append({**row, "summary": " ".join(pick.choices(WORDS, k=20))})
    return rows


def store_page(db: str, count: int) -> str:
    proc = subprocess.run([sys.executable, "-m", "cli", "timeline", "--format", "html", "--limit", str(count),
                           "--db", db], capture_output=True, text=True, check=True)
    return proc.stdout


def measure(browser, path: Path, words: str, repeat: int) -> list[tuple[str, float, float, float]]:
    """(step, task ms, style ms, layout ms) for each prefix of `words` typed, then the search cleared."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(path.as_uri())
    page.evaluate(FRAMES)

    def counters() -> dict[str, float]:
        return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

    steps = [words[:n] for n in range(1, len(words) + 1)] + [""]
    runs: dict[str, list[tuple[float, float, float]]] = {step: [] for step in steps}
    for _ in range(repeat):
        for step in steps:
            before = counters()
            page.evaluate(TYPE, step)
            page.evaluate(FRAMES)
            after = counters()
            runs[step].append(tuple(1000 * (after[k] - before[k])
                                    for k in ("TaskDuration", "RecalcStyleDuration", "LayoutDuration")))
    page.context.close()
    return [(step, *(statistics.median(r[i] for r in runs[step]) for i in range(3))) for step in steps]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1500)
    parser.add_argument("--db", help="a development store: its timeline's page instead of generated rows")
    parser.add_argument("--page", action="append", type=Path, help="an existing page file (repeat to compare)")
    parser.add_argument("--words", default="flood river")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from corpus_tools.page import timeline_page

    if not CHROMIUM.exists():
        print(f"page_search: no chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        pages = args.page or []
        if not pages:
            pages = [Path(folder) / "page.html"]
            text = store_page(args.db, args.rows) if args.db else timeline_page(generated_rows(args.rows))
            pages[0].write_text(text, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            for path in pages:
                rows = path.read_text(encoding="utf-8").count('<li class="event ')
                print(f"{path.name}: {rows} rows, search {args.words!r} typed key by key, median of {args.repeat} "
                      f"(renderer ms: all tasks / style / layout)")
                found = measure(browser, path, args.words, args.repeat)
                for step, task, style, layout in found:
                    print(f"  {step or '(cleared)':<14} {task:7.0f} {style:7.0f} {layout:7.0f}")
                print(f"  busiest step {max(t for _, t, _, _ in found):.0f} ms, all steps {sum(t for _, t, _, _ in found):.0f} ms")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
