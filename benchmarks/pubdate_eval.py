"""Publication dates of records with no date field: ours beside dateparser's first date, same run.

Run: `nice python -m benchmarks.pubdate_eval [--heldout]` (dev only unless `--heldout`: run the
held-out split once, at the end of a change; `python -m benchmarks` runs both and writes the table)

Data: the 1,000 Detik records of ../shared/data/detik-2025/articles.jsonl. They carry no date
field (keys: id, lang, source_url, text, clean_status, category), so "with the date fields
removed" (the issue's target) removes nothing; 127 have a URL stating the date
(`/read/2019/06/29/…`), which is the label (the URL is the outlet's own record of the
publication date, not one of our rules reading the text). Every fourth record (by line) is the
held-out split, reported apart.

- "record as ingested" (the issue's target): the records as they are, URL kept, ingested (the
  split's records in file order, one run, `triage ingest --published-before WINDOW_END` into a new
  SQLite store) and read back from the store: agreement with the label measures the order of
  trust (a URL beats the text's dates), and the years over all records (most have no URL date:
  their dates come from the text) must stay inside the corpus' range. Ingest checks a date read
  in a text against the outlet's id order (corpus_tools/id_order.py, the URL-dated records of the
  store); "undated by the id order" counts the dates it did not take. A record ingest does not
  store (none in this sample) counts as undated.
- "text alone": the record with its URL (and any date field) removed: the date must come from
  the text (header, dateline, a date beside "kemarin"/"hari ini", a weekday within the window),
  or stay empty (through `extract`; with no URL there is no id to check the date against). Agreement with the label over labelled records, and precision (agreement over
  the records given a date).
- dateparser (a user's obvious choice): the first date `search_dates` finds in the text, with
  the same reference date and `PREFER_DATES_FROM=past`.
- Years outside the corpus' range, by split: the corpus' range runs from the year of its first
  URL-dated article (2018-01-08) to the window's end (WINDOW_END). The labels that fix it are the
  URL dates of both splits (the corpus' own record, no output of ours: the same range and id
  bounds in a dev-only run). Detik's article ids are sequential (the 126 labelled ids are in
  date order, no inversion), and a few records have an id below the first labelled one: they are
  older than the range, so a year before it is no error for them; they are counted apart, and
  the id order judges them. "Years outside the corpus' range" (the target: 0) is every other
  dated record with a year outside it. "Contradicts the id order" counts dated records whose date
  falls outside the dates of the labelled ids around their id — a check over all records, not
  only the labelled.

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


def ingested(chosen: list[dict]) -> dict[str, tuple[str | None, str | None]]:
    """(published, published_from) by record id, as a real ingest of `chosen` stores them."""
    import tempfile
    from pathlib import Path

    from corpus_tools.ingest import ingest
    from corpus_tools.store import Store
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "detik.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen))
        ingest([str(source)], str(Path(folder) / "store.db"), window_end=WINDOW_END)
        with Store(str(Path(folder) / "store.db")) as store:
            rows = store.db.execute("SELECT external_id, published, published_from FROM articles").fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


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


def evaluate(heldout: bool = True) -> dict:
    """Every figure by split; without `heldout` the held-out records are not run at all."""
    rows: dict[tuple[str, str], Counter] = {}
    checks: dict[tuple[str, str], Counter] = {}
    years: dict[tuple[str, str], Counter] = {}
    everything = records()
    labels = corpus_labels(everything)
    low, high = corpus_range(labels)
    bounds = id_bounds(labels)
    first_id = min(labels)[0]
    stored = ingested([record for split, record in everything if heldout or split == "dev"])
    for split, record in everything:
        if split == "held-out" and not heldout:
            continue
        label = url_date(record.get("source_url"))
        bare = {k: v for k, v in record.items() if k not in ("source_url", "url", "date", "published", "tanggal")}
        as_ingested, provenance = stored.get(record["id"], (None, None))
        text_alone = ours(bare)
        checks.setdefault((split, "as ingested"), Counter())["undated by the id order"] += provenance == "id-order"
        article_id = detik_id(record.get("source_url"))
        for system, got in (("as ingested", as_ingested), ("text alone", text_alone)):
            check = checks.setdefault((split, system), Counter())
            check["records"] += 1
            if got is None:
                continue
            check["dated"] += 1
            year = int(got[:4])
            years.setdefault((split, system), Counter())[year] += 1
            older = article_id is not None and article_id < first_id  # the id places it before the first label
            if not low <= year <= high:
                check["outside, older id" if older and year < low else "outside"] += 1
            if article_id is not None:
                before, after = bounds(article_id)
                check["contradicts"] += bool((before and got < before) or (after and got > after))
        if not label:
            continue
        for system, got in (("ours, record as ingested", as_ingested), ("ours, text alone", text_alone),
                            ("dateparser first date, text alone", dateparser_first(record["text"]))):
            row = rows.setdefault((split, system), Counter())
            row["labelled"] += 1
            row["dated"] += got is not None
            row["agree"] += got == label
    return {"rows": rows, "checks": checks, "range": (low, high), "first": min(labels),
            "years": {key: dict(sorted(counted.items())) for key, counted in years.items()}}


def corpus_labels(everything: list[tuple[str, dict]]) -> list[tuple[int, str]]:
    """(Detik id, URL date) of every record whose URL states its date, both splits: the corpus'
    own record of when its articles appeared (no output of ours), the same for every run."""
    return sorted((detik_id(r.get("source_url")), url_date(r.get("source_url"))) for _, r in everything
                  if url_date(r.get("source_url")) and detik_id(r.get("source_url")))


def corpus_range(labels: list[tuple[int, str]]) -> tuple[int, int]:
    """The corpus' range of years: from its first URL-dated article to the window's end (WINDOW_END,
    the latest publication date the run allows). A record whose id is below the first labelled id
    is older than that label: the corpus reaches before its range there, so a year before the range
    is not counted outside it for such a record (the id order still judges it: it must not be
    later than the first label)."""
    return int(labels[0][1][:4]), WINDOW_END.year


def table(measured: dict, heldout: bool = True) -> str:
    splits = ("dev", "held-out") if heldout else ("dev",)
    lines = ["| split | system | labelled (URL date) | dated | agree with the label | agreement | precision |",
             "|---|---|---|---|---|---|---|"]
    for (split, system), row in sorted(measured["rows"].items(), key=lambda kv: kv[0][0] != "dev"):
        if split not in splits:
            continue
        precision = f"{row['agree'] / row['dated']:.3f}" if row["dated"] else "–"
        lines.append(f"| {split} | {system} | {row['labelled']} | {row['dated']} | {row['agree']} | "
                     f"{row['agree'] / row['labelled']:.3f} | {precision} |")
    low, high = measured["range"]
    first_id, first_day = measured["first"]
    lines += ["", f"All records (labelled or not). The corpus' range is {low}–{high}: from its first URL-dated "
                  f"article ({first_day}, id {first_id}) to the window's end. \"Years outside the corpus' range\" (the target: 0) "
                  "counts dated records whose year is outside it, except a year before it for a record whose "
                  "Detik id is below the first labelled one (older than the range by the corpus' own id order: "
                  "counted apart). \"Contradicts the id order\": the date falls outside the dates of the "
                  "labelled ids around the record's id (Detik's ids are sequential).", "",
              "| split | ours | records | dated | years outside the corpus' range | before the range, id older "
              "than the first label | contradicts the id order | undated by the id order |",
              "|---|---|---|---|---|---|---|---|"]
    for (split, system), check in sorted(measured["checks"].items(), key=lambda kv: kv[0][0] != "dev"):
        if split not in splits:
            continue
        lines.append(f"| {split} | {system} | {check['records']} | {check['dated']} | {check['outside']} | "
                     f"{check['outside, older id']} | {check['contradicts']} | "
                     f"{check['undated by the id order'] if system == 'as ingested' else '–'} |")
    lines.append("")
    for (split, system), counted in measured["years"].items():
        if split in splits:
            lines.append(f"Years, {split}, {system}: {counted}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="also run and score the held-out split (once, at "
                                                               "the end of a change); writes the results table")
    args = parser.parse_args(argv)
    heldout = True if argv == [] else args.heldout  # the full suite (python -m benchmarks) passes --heldout
    text = table(evaluate(heldout), heldout)
    print(text)
    if heldout:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "pubdate.md").write_text(
            "Publication dates of Detik records with no date field (`python -m benchmarks.pubdate_eval --heldout`); "
            "label: the date in the record's URL; the window for a weekday without a year ends 2025-12-31. "
            "Held-out: every fourth record, aggregate only.\n\n" + text + "\n")


if __name__ == "__main__":
    main()
