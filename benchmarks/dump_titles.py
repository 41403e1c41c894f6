"""Whole-page text dumps: the title, publication date and outlet a dump is stored with.

Run: `nice python -m benchmarks.dump_titles [--verbose] [--heldout]` (development pages only unless
`--heldout`, which adds the held-out averages — run it once, at the end of a change; --verbose lists
development pages alone). Prints its tables and writes nothing.

Data: the dumps of `dumps_eval` (`../shared/data/dumps/readability/<page>/dump.txt`,
`../shared/data/html-id/<outlet>/<page>.dump.txt`), same split (every fourth readability page
by name and the last four html-id dumps by path are held out). A dump has no HTML; each has its
HTML twin (`source.html.gz`, `<page>.html`), which gives the labels — never a rule of ours:

- title: the page's `og:title`, `twitter:title` and `<title>`, an `<h1>` that shares half its
  words with them (the headline as shown, not a logo's or a section's), and for html-id the
  `title` of `ground-truth.json`; each also cut at a site-name separator ("Headline - BBC
  News" → "Headline"). A title matches exactly when, letters and digits alone and lower-cased, it
  equals one of them; its token F1 is the best over them (tokens lower-cased, split on what is not
  a letter or digit). A page with no title stored scores 0;
- date: htmldate on the twin (`original_date=True`, its own extensive search), and for html-id
  the `date` of `ground-truth.json` (epoch milliseconds, read in Western Indonesian Time, UTC+7,
  the outlets' zone). Scored over the pages with a label: the share stored with that day, with
  another day, with none;
- outlet (html-id only, where `ground-truth.json` names the `source`): the share stored with that
  name (letters and digits alone, one holding the other: "KapanLagi.com" is "KapanLagi"), with
  another, with none.

What is measured is what ingest stores: `pipeline.prepare` on the dump as a text document (title,
date and outlet of the `Extracted` it returns), reference date 2026-01-01 as in `dumps_eval`.
Baseline for the title: the dump's first line of three words or more (where a text's headline
conventionally is).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from .corpora import HTML_ID
from .dumps_eval import page_sets

WIB = timezone(timedelta(hours=7))
_SEPARATORS = re.compile(r"\s+[|\-–—:»·•]+\s+")
_TOKEN = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    return "".join(_TOKEN.findall(text.lower()))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


# -- labels: from the HTML twin ----------------------------------------------------------------------

def _twin(dump: Path) -> Path:
    if dump.name == "dump.txt":
        return dump.parent / "source.html.gz"
    return dump.with_name(dump.name[:-len(".dump.txt")] + ".html")


def _html(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return raw.decode("utf-8", errors="replace")


def html_titles(markup: str) -> list[str]:
    """Every title the page gives itself: og:title, twitter:title, <title>, each <h1>; and each cut at a
    site-name separator."""
    import lxml.html
    try:
        tree = lxml.html.fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = [m.get("content") or "" for m in tree.xpath(
        "//meta[@property='og:title' or @name='og:title' or @name='twitter:title' or @property='twitter:title']")]
    found += [t.text_content() for t in tree.xpath("//title")[:1]]
    named = set(_tokens(" ".join(found)))  # an <h1> that is the page's headline, not its logo or a section's name
    for h1 in tree.xpath("//h1"):
        words = _tokens(h1.text_content())
        if words and sum(w in named for w in words) >= 0.5 * len(words):
            found.append(h1.text_content())
    titles: list[str] = []
    for title in found:
        title = " ".join(title.split())
        if not title:
            continue
        titles.append(title)
        cuts = list(_SEPARATORS.finditer(title))  # each part, and the title without its last or first parts
        titles += [part for part in _SEPARATORS.split(title) if len(_tokens(part)) >= 2]
        titles += [title[:cut.start()] for cut in cuts] + [title[cut.end():] for cut in cuts]
    return list(dict.fromkeys(titles))


def html_date(markup: str) -> str | None:
    import htmldate
    try:
        return htmldate.find_date(markup, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a label source, not the system measured: no label
        return None


def _truth() -> dict:
    return json.loads((HTML_ID / "ground-truth.json").read_text(encoding="utf-8"))


def labels(name: str, dump: Path) -> dict:
    markup = _html(_twin(dump))
    titles = html_titles(markup)
    dates = {"htmldate": html_date(markup)}
    outlet = None
    truth = _truth().get(name) if name.endswith(".html") else None
    if truth:
        titles = [" ".join(truth["title"].split()), *titles]
        stamp = truth.get("date")
        dates["ground truth"] = (datetime.fromtimestamp(int(stamp) / 1000, tz=WIB).date().isoformat()
                                 if stamp and str(stamp).isdigit() else None)
        outlet = truth.get("source")
    return {"titles": titles, "dates": dates, "outlet": outlet}


# -- what ingest stores ------------------------------------------------------------------------------

def ours(text: str) -> dict:
    from corpus_tools.pipeline import ArticleRejected, Context, prepare
    from corpus_tools.record import SourceDocument
    doc = SourceDocument(path="dump.txt", kind="text", payload=text.encode("utf-8"))
    try:
        extracted = prepare(doc, Context(today=date(2026, 1, 1)))[0]
    except ArticleRejected:
        return {"title": None, "published": None, "outlet": None}
    return {"title": extracted.title, "published": extracted.published, "outlet": extracted.outlet}


def first_line(text: str) -> str | None:
    return next((line.strip() for line in text.split("\n") if len(_tokens(line)) >= 3), None)


def title_score(got: str | None, titles: list[str]) -> tuple[bool, float]:
    if not got or not titles:
        return False, 0.0
    exact = _fold(got) in {_fold(t) for t in titles}
    best = 0.0
    mine = _tokens(got)
    for title in titles:
        want = _tokens(title)
        common = sum(min(mine.count(w), want.count(w)) for w in set(mine))
        if common:
            p, r = common / len(mine), common / len(want)
            best = max(best, 2 * p * r / (p + r))
    return exact, best


# -- report ------------------------------------------------------------------------------------------

def run(pages: list[tuple[str, Path, str]]) -> list[dict]:
    rows = []
    for name, dump, _ in pages:
        text = dump.read_text(encoding="utf-8")
        label = labels(name, dump)
        got = ours(text)
        baseline = first_line(text)
        rows.append({"page": name, "label": label, "ours": got, "baseline": baseline,
                     "title": title_score(got["title"], label["titles"]),
                     "baseline title": title_score(baseline, label["titles"])})
    return rows


def summary(set_name: str, rows: list[dict]) -> list[str]:
    n = len(rows)
    out = []
    for system, key in (("ours (as ingested)", "title"), ("first line of 3+ words", "baseline title")):
        exact = sum(r[key][0] for r in rows) / n
        f1 = sum(r[key][1] for r in rows) / n
        none = sum(1 for r in rows if not (r["ours"]["title"] if key == "title" else r["baseline"]))
        out.append(f"| {set_name} ({n}) | title | {system} | {exact:.3f} | {f1:.3f} | {none} |")
    for source in ("htmldate", "ground truth"):
        labelled = [r for r in rows if r["label"]["dates"].get(source)]
        if not labelled:
            continue
        same = sum(r["ours"]["published"] == r["label"]["dates"][source] for r in labelled)
        none = sum(r["ours"]["published"] is None for r in labelled)
        out.append(f"| {set_name} ({n}) | date vs {source} ({len(labelled)} labelled) | ours (as ingested) | "
                   f"{same / len(labelled):.3f} | other day {len(labelled) - same - none} | {none} |")
    named = [r for r in rows if r["label"]["outlet"]]
    if named:
        same = sum(bool(r["ours"]["outlet"]) and (_fold(r["label"]["outlet"]) in _fold(r["ours"]["outlet"])
                                                 or _fold(r["ours"]["outlet"]) in _fold(r["label"]["outlet"]))
                   for r in named)
        none = sum(not r["ours"]["outlet"] for r in named)
        out.append(f"| {set_name} ({n}) | outlet vs ground truth ({len(named)} labelled) | ours (as ingested) | "
                   f"{same / len(named):.3f} | other {len(named) - same - none} | {none} |")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dump_titles")
    parser.add_argument("--verbose", action="store_true", help="one line per development page")
    parser.add_argument("--heldout", action="store_true", help="also the held-out averages (once, at the end)")
    args = parser.parse_args(argv)
    sets = page_sets(heldout=args.heldout)
    results = {name: run(pages) for name, pages in sets.items()}
    print("| set | what | system | exact / same day | token F1 / | none stored |")
    print("|---|---|---|---:|---:|---:|")
    for name, rows in results.items():
        print("\n".join(summary(name, rows)))
    if args.verbose:
        for name in ("readability dev", "html-id dev"):
            print(f"\n## {name}: per page (exact, F1 | stored title | date stored / labels | outlet)")
            for r in sorted(results[name], key=lambda r: r["title"][1]):
                label = r["label"]
                print(f"  {'=' if r['title'][0] else ' '} {r['title'][1]:.2f}  {r['page']}\n"
                      f"      stored: {r['ours']['title']!r}\n      label:  {label['titles'][:1]!r}\n"
                      f"      date: {r['ours']['published']} / {label['dates']}  outlet: {r['ours']['outlet']}"
                      + (f" / {label['outlet']}" if label["outlet"] else ""))


if __name__ == "__main__":
    main()
