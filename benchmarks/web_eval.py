"""Open-web HTML pages: stored or refused, mojibake, body token F1 — ours beside trafilatura's default.

Run: `nice python -m benchmarks.web_eval [--heldout] [--verbose]`

Pages (development data in ../shared/data):
- readability: `dumps/readability/*/source.html.gz` (93 pages, English and other languages,
  many with no charset declared early); `expected.txt` is the article text. Every fourth page
  by sorted name (index 3, 7, 11, …) is the held-out split, set aside before the decoding and
  article-check rules were tuned; its figures are printed only with `--heldout`.
- html-id: the 26 pages of `html-id/` (16 articles with `content` in ground-truth.json, 10
  home/index pages and feeds, which should be refused).

Systems, on the same bytes in the same run, one core each:
- ours: the ingest pipeline (`pipeline.process` on a SourceDocument of the raw bytes: decode,
  extract, article check, language, clean); "stored" means it was not refused;
- trafilatura: `trafilatura.extract(raw bytes)` with its default settings (it decodes itself).

Scores: pages stored (a refused page scores F1 0), pages whose text ftfy's `badness.is_bad`
flags as mojibake, and body token F1 (bag of lowercased word tokens) against the expected
text, averaged over pages (macro) — and the refusals of a page trafilatura extracts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

from .corpora import DATA, HTML_ID

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
READABILITY = DATA / "dumps" / "readability"
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
TODAY = date(2026, 1, 1)  # a fixed reference date: results must not depend on the day of the run


def pages() -> list[tuple[str, str, bytes, str | None]]:
    """(split, name, raw bytes, expected text or None for a page that is not an article)."""
    out = []
    for index, folder in enumerate(sorted(p.parent for p in READABILITY.glob("*/source.html.gz"))):
        split = "readability held-out" if index % 4 == 3 else "readability dev"
        out.append((split, folder.name, gzip.decompress((folder / "source.html.gz").read_bytes()),
                    (folder / "expected.txt").read_text(encoding="utf-8")))
    truth = json.loads((HTML_ID / "ground-truth.json").read_text())
    for path in sorted(HTML_ID.glob("*/*.html")):
        name = f"{path.parent.name}/{path.name}"
        expected = truth.get(name)
        out.append(("html-id", name, path.read_bytes(), expected["content"] if expected else None))
    return out


def f1(got: str, expected: str) -> float:
    a, b = Counter(_TOKEN.findall(got.lower())), Counter(_TOKEN.findall(expected.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def ours(raw: bytes) -> tuple[str | None, str | None]:
    """(body, None) when stored, (None, reason) when refused."""
    from corpus_tools.pipeline import ArticleRejected, Context, process
    from corpus_tools.record import SourceDocument
    try:
        article = process(SourceDocument(path="page.html", kind="html", payload=raw), Context(today=TODAY))
    except ArticleRejected as exc:
        return None, str(exc)
    return article.body, None


def trafilatura_default(raw: bytes) -> tuple[str | None, str | None]:
    import trafilatura
    text = trafilatura.extract(raw)
    return (text, None) if text and text.strip() else (None, "nothing extracted")


SYSTEMS = {"ours": ours, "trafilatura default": trafilatura_default}


def evaluate(verbose: bool = False) -> dict:
    from ftfy.badness import is_bad
    results: dict[str, dict[str, dict]] = {}
    seconds = Counter()
    for split, name, raw, expected in pages():
        outputs = {}
        for system, run in SYSTEMS.items():
            start = time.process_time()  # CPU time: the machine may be shared
            outputs[system] = run(raw)
            seconds[system] += time.process_time() - start
        for system, (text, reason) in outputs.items():
            row = results.setdefault(split, {}).setdefault(system, Counter())
            row["pages"] += 1
            if expected is None:  # a home/index page or a feed: should be refused
                row["non-articles"] += 1
                row["non-articles stored"] += text is not None
                continue
            row["articles"] += 1
            row["stored"] += text is not None
            row["mojibake"] += bool(text) and is_bad(text)
            row["f1"] += f1(text, expected) if text else 0.0
            if system == "ours" and text is None and outputs["trafilatura default"][0]:
                row["refused, trafilatura extracts"] += 1
            if verbose and system == "ours" and split != "readability held-out":
                other = outputs["trafilatura default"][0]
                print(f"{split:16} {name:40} ours={f1(text or '', expected):.3f} "
                      f"traf={f1(other or '', expected):.3f} {'MOJIBAKE ' if text and is_bad(text) else ''}"
                      f"{reason or ''}")
    return {"results": results, "seconds": dict(seconds)}


def table(measured: dict, heldout: bool) -> str:
    lines = ["| split | system | articles stored | mojibake (ftfy is_bad) | refused though trafilatura extracts "
             "| non-articles stored | body token F1 (macro) |",
             "|---|---|---|---|---|---|---|"]
    for split, systems in measured["results"].items():
        if split == "readability held-out" and not heldout:
            continue
        for system, row in systems.items():
            articles = row["articles"]
            refused = str(row["refused, trafilatura extracts"]) if system == "ours" else "–"
            lines.append(f"| {split} | {system} | {row['stored']}/{articles} | {row['mojibake']} | {refused} | "
                         f"{row['non-articles stored']}/{row['non-articles']} | "
                         f"{row['f1'] / articles if articles else 0:.3f} |")
    seconds = measured["seconds"]
    lines.append("")
    lines.append("CPU time over all pages, one process: " + ", ".join(f"{s} {t:.1f} s" for s, t in seconds.items()) + ".")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="also score the held-out readability split")
    parser.add_argument("--verbose", action="store_true", help="one line per development page")
    args = parser.parse_args(argv)
    measured = evaluate(args.verbose)
    text = table(measured, heldout=True if argv == [] else args.heldout)
    print(text)
    if argv == [] or args.heldout:  # the full suite (python -m benchmarks) passes --heldout
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "web.md").write_text(
            "Open-web pages (`python -m benchmarks.web_eval --heldout`): the ingest pipeline beside "
            "trafilatura's default extraction on the same bytes. Held-out: every fourth readability page "
            "by sorted name, set aside before tuning.\n\n" + text + "\n")


if __name__ == "__main__":
    main()
