"""Publication dates of records with no date field: ours beside dateparser's first date, same run.

Run: `nice python -m benchmarks.pubdate_eval`

Data: the 1,000 Detik records of ../shared/data/detik-2025/articles.jsonl. They carry no date
field (keys: id, lang, source_url, text, clean_status, category), so "with the date fields
removed" (the issue's target) removes nothing; 127 have a URL stating the date
(`/read/2019/06/29/…`), which is the label (the URL is the outlet's own record of the
publication date, not one of our rules reading the text). Every fourth record (by line) is the
held-out split, reported apart.

- "record as ingested" (the issue's target): the record as it is, URL kept, through `extract`
  as ingest reads it; agreement with the label measures the order of trust (a URL beats the
  text's dates), and the years over all records (most have no URL date: their dates come from
  the text) must stay inside the corpus' range.
- "text alone": the record with its URL (and any date field) removed: the date must come from
  the text (header, dateline, a date beside "kemarin"/"hari ini", a weekday within the window),
  or stay empty. Agreement with the label over labelled records, and precision (agreement over
  the records given a date).
- dateparser (a user's obvious choice): the first date `search_dates` finds in the text, with
  the same reference date and `PREFER_DATES_FROM=past`.
- Years: dates whose year is outside the corpus' range (the years of the labels to the window's
  end). Some records are older than the first label: Detik's article ids are sequential (the
  126 labelled ids are in date order, no inversion), so the id also bounds each record's date
  between the labelled ids around it. "Contradicts the id order" counts dated records whose
  date falls outside those bounds — a check over all 1,000 records, not only the labelled.

The window for a weekday without a year ends at WINDOW_END (the corpus is "detik-2025"; the
file's mtime is the copy's date, not the scrape's), as `triage ingest --published-before` sets it.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
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


_DETIK_ID = re.compile(r"/d-(\d+)/|/read/\d{4}/\d\d/\d\d/\d+/(\d+)/")


def detik_id(url: str | None) -> int | None:
    match = _DETIK_ID.search(url or "")
    return int(match.group(1) or match.group(2)) if match else None


def id_bounds(labelled: list[tuple[int, str]]):
    """(earliest, latest) possible date of an article id, from the labelled ids around it."""
    labelled = sorted(labelled)
    ids = [i for i, _ in labelled]

    def bounds(article_id: int) -> tuple[str | None, str | None]:
        at = bisect.bisect_left(ids, article_id)
        low = labelled[at - 1][1] if at > 0 else None
        high = labelled[at][1] if at < len(labelled) else None
        return low, high
    return bounds


def evaluate() -> dict:
    rows: dict[tuple[str, str], Counter] = {}
    checks: dict[tuple[str, str], Counter] = {}
    years: dict[str, Counter] = {"as ingested": Counter(), "text alone": Counter()}
    labels = {}
    outcomes = []
    for split, record in records():
        label = url_date(record.get("source_url"))
        bare = {k: v for k, v in record.items() if k not in ("source_url", "url", "date", "published", "tanggal")}
        as_ingested, text_alone = ours(record), ours(bare)
        outcomes.append((split, detik_id(record.get("source_url")), as_ingested, text_alone))
        for system, got in (("as ingested", as_ingested), ("text alone", text_alone)):
            if got:
                years[system][int(got[:4])] += 1
        if not label:
            continue
        labels[record["id"]] = label
        for system, got in (("ours, record as ingested", as_ingested), ("ours, text alone", text_alone),
                            ("dateparser first date, text alone", dateparser_first(record["text"]))):
            row = rows.setdefault((split, system), Counter())
            row["labelled"] += 1
            row["dated"] += got is not None
            row["agree"] += got == label
    bounds = id_bounds([(detik_id(r.get("source_url")), url_date(r.get("source_url"))) for _, r in records()
                        if url_date(r.get("source_url")) and detik_id(r.get("source_url"))])
    for split, article_id, as_ingested, text_alone in outcomes:
        for system, got in (("as ingested", as_ingested), ("text alone", text_alone)):
            check = checks.setdefault((split, system), Counter())
            check["records"] += 1
            if got is None:
                continue
            check["dated"] += 1
            if article_id is not None:
                low, high = bounds(article_id)
                check["contradicts"] += bool((low and got < low) or (high and got > high))
    label_years = [int(v[:4]) for v in labels.values()]
    low, high = min(label_years), WINDOW_END.year
    outside = {system: sum(n for year, n in counted.items() if not low <= year <= high)
               for system, counted in years.items()}
    first_id = min(detik_id(r.get("source_url")) or 10**9 for _, r in records() if url_date(r.get("source_url")))
    older = sum(1 for _, article_id, _, _ in outcomes if article_id is not None and article_id < first_id)
    # outside the range among the records the id does not place before it
    outside_in_range = {system: sum(1 for _, article_id, *got in outcomes
                                    if (article_id is None or article_id >= first_id)
                                    and got[index] and not low <= int(got[index][:4]) <= high)
                        for index, system in enumerate(("as ingested", "text alone"))}
    return {"rows": rows, "checks": checks, "range": (low, high), "outside": outside, "older": older,
            "outside_in_range": outside_in_range,
            "years": {system: dict(sorted(counted.items())) for system, counted in years.items()}}


def table(measured: dict) -> str:
    lines = ["| split | system | labelled (URL date) | dated | agree with the label | agreement | precision |",
             "|---|---|---|---|---|---|---|"]
    for (split, system), row in sorted(measured["rows"].items(), key=lambda kv: kv[0][0] != "dev"):
        precision = f"{row['agree'] / row['dated']:.3f}" if row["dated"] else "–"
        lines.append(f"| {split} | {system} | {row['labelled']} | {row['dated']} | {row['agree']} | "
                     f"{row['agree'] / row['labelled']:.3f} | {precision} |")
    low, high = measured["range"]
    lines += ["", "All records (labelled or not): dated, years outside the corpus' range "
                  f"{low}–{high}, dates that contradict the order of Detik's sequential article ids:", "",
              "| split | ours | records | dated | contradicts the id order |", "|---|---|---|---|---|"]
    for (split, system), check in sorted(measured["checks"].items(), key=lambda kv: kv[0][0] != "dev"):
        lines.append(f"| {split} | {system} | {check['records']} | {check['dated']} | {check['contradicts']} |")
    for system, counted in measured["years"].items():
        lines += ["", f"Ours, {system}, all 1,000 records: {measured['outside'][system]} with a year outside "
                      f"{low}–{high}. Years: {counted}."]
    lines += ["", f"{measured['older']} records have an id below the first labelled one (2018-01-08): they are "
                  "older than the range, so a year before it can be right for them; the id-order check judges them. "
                  "Among the other records, years outside the range: "
                  + ", ".join(f"{n} {system}" for system, n in measured["outside_in_range"].items()) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args(argv)
    text = table(evaluate())
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pubdate.md").write_text(
        "Publication dates of Detik records with no date field (`python -m benchmarks.pubdate_eval`); label: "
        "the date in the record's URL; the window for a weekday without a year ends 2025-12-31. Held-out: every "
        "fourth record, aggregate only.\n\n" + text + "\n")


if __name__ == "__main__":
    main()
