"""Publication dates of records with no date field: ours beside dateparser's first date, same run.

Run: `nice python -m benchmarks.pubdate_eval`

Data: the 1,000 Detik records of ../shared/data/detik-2025/articles.jsonl. They carry no date
field; 128 have a URL stating the date (`/read/2019/06/29/…`), which is the label (the URL is
the outlet's own record of the publication date, not one of our rules reading the text).
Every fourth record (by line) is the held-out split, reported apart.

- "record as ingested": the record as it is (URL included) through `extract`, as ingest reads it;
  agreement with the label measures the order of trust (a URL beats the text's dates).
- "text alone": the record with its URL (and any date field) removed: the date must come from
  the text (header, weekday-agreeing dateline, weekday within the window). Agreement with the
  label, and coverage.
- dateparser (a user's obvious choice): the first date `search_dates` finds in the text, with
  the same reference date and `PREFER_DATES_FROM=past`.
- Years: over all 1,000 records (text alone), dates whose year is outside the corpus' range
  (the years of the labels to the window's end).

The window for a weekday without a year ends at WINDOW_END (the corpus is "detik-2025"; the
file's mtime is the copy's date, not the scrape's), as `triage ingest --published-before` sets it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date, datetime

from corpus_tools.extract import extract, url_date
from corpus_tools.record import SourceDocument

from .corpora import DETIK
from .web_eval import RESULTS

WINDOW_END = date(2025, 12, 31)


def records() -> list[tuple[str, dict]]:
    out = []
    with DETIK.open() as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                out.append(("held-out" if number % 4 == 0 else "dev", json.loads(line)))
    return out


def ours(record: dict) -> str | None:
    doc = SourceDocument(path="detik.jsonl", kind="record", payload=json.dumps(record).encode(), line=1)
    try:
        return extract(doc, "id", WINDOW_END, window_end=WINDOW_END).published
    except ValueError:
        return None


def dateparser_first(text: str) -> str | None:
    from dateparser.search import search_dates
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime(WINDOW_END.year, WINDOW_END.month,
                                                                        WINDOW_END.day)}
    try:
        found = search_dates(text[:3000], languages=["id"], settings=settings)
    except Exception:  # dateparser raises on some inputs; that is its miss
        return None
    return found[0][1].date().isoformat() if found else None


def evaluate() -> dict:
    rows: dict[tuple[str, str], Counter] = {}
    years = Counter()
    labels = {}
    for split, record in records():
        label = url_date(record.get("source_url"))
        bare = {k: v for k, v in record.items() if k not in ("source_url", "url", "date", "published", "tanggal")}
        text_alone = ours(bare)
        if text_alone:
            years[int(text_alone[:4])] += 1
        if not label:
            continue
        labels[record["id"]] = label
        for system, got in (("ours, record as ingested", ours(record)), ("ours, text alone", text_alone),
                            ("dateparser first date, text alone", dateparser_first(record["text"]))):
            row = rows.setdefault((split, system), Counter())
            row["labelled"] += 1
            row["dated"] += got is not None
            row["agree"] += got == label
    label_years = [int(v[:4]) for v in labels.values()]
    low, high = min(label_years), WINDOW_END.year
    outside = sum(n for year, n in years.items() if not low <= year <= high)
    return {"rows": rows, "range": (low, high), "outside": outside, "dated": sum(years.values()),
            "years": dict(sorted(years.items()))}


def table(measured: dict) -> str:
    lines = ["| split | system | labelled (URL date) | dated | agree with the label | agreement |",
             "|---|---|---|---|---|---|"]
    for (split, system), row in measured["rows"].items():
        lines.append(f"| {split} | {system} | {row['labelled']} | {row['dated']} | {row['agree']} | "
                     f"{row['agree'] / row['labelled']:.3f} |")
    low, high = measured["range"]
    lines += ["", f"All 1,000 records, text alone: {measured['dated']} dated; {measured['outside']} with a year "
                  f"outside the corpus' range {low}–{high}. Years: {measured['years']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args(argv)
    text = table(evaluate())
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pubdate.md").write_text(
        "Publication dates of Detik records with no date field (`python -m benchmarks.pubdate_eval`); label: "
        "the date in the record's URL; the window for a weekday without a year ends 2025-12-31.\n\n" + text + "\n")


if __name__ == "__main__":
    main()
