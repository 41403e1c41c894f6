"""`timeline --query`: where a query's CPU goes, stage by stage, and the least any design listing the same rows costs.

Run: `python -m benchmarks.query_stages --db STORE [--query presiden --query gempa] [--limit 100] [--repeat 3]
[--sources N|all]` (`--sources`: what each row lists, as `timeline --sources`; default 10)

Issue 13 asks for `timeline --query` under 0.3 s of CPU on 100k stored articles. This prints, for each query, the CPU
time (`time.process_time`, median of `--repeat` runs in this process) of the stages of the real path
(`timeline.timeline_dicts`, then `cli.render.print_json` into memory), by wrapping the stage functions (times are
inclusive: a row includes the rows indented under it):

- the full-text match (`Store.matching_articles`), the narrow rows (`Store.mention_dates`), the days' ranking
  (`_likely_days`);
- reading and making the mentions of the days read (`MentionRow.from_stored`, which consumes the store's cursor);
- building the rows (`build_timeline`): the days' rows (`_group_day`), the week, month and year mentions
  (`_attach_coarse`), conflicts, ranking;
- the leads and titles of the rows kept, their dicts (`row_as_dict`: summaries, sources; the sources' order,
  `source_order`), the JSON printed.

and then a **floor**: the cost of what any design showing these rows must do at least, whatever it stores: the
full-text match, the narrow rows and the ranking (a design that stores more can skip the last two), the whole rows
of only the mentions the shown rows list (their sources' mentions of the row's date and of the week, month and year
holding it: a few more than the sources), as the source dicts the rows list (the columns those need, nothing
weighed), and the same JSON printed. Start-up (imports, opening the store) is not
in either: measure it with an empty query (`triage timeline --query zzzzqq`). Speed only: nothing is written to
`results/`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Callable

from corpus_tools import timeline as T
from corpus_tools.store import Store

# a source as `row_as_dict` lists it: its keys, and the mention fields they come from
SOURCE_KEYS = ("article", "kept", "outlet", "published", "title", "url", "story", "sentence", "language")
SOURCE_FIELDS = ("article_id", "cluster_id", "outlet", "published", "title", "url", "story_id", "sentence", "language")
# (label, indentation, where the function lives, its name) in the order printed
STAGES = [
    ("timeline_dicts", 0, T, "timeline_dicts"),
    ("full-text match", 1, Store, "matching_articles"),
    ("narrow rows", 1, Store, "mention_dates"),
    ("days ranked", 1, T, "_likely_days"),
    ("mentions read and made", 1, T.MentionRow, "from_stored"),
    ("build_timeline", 1, T, "build_timeline"),
    ("day rows", 2, T, "_group_day"),
    ("week, month, year mentions", 2, T, "_attach_coarse"),
    ("conflicts", 2, T, "_resolve_conflicts"),
    ("ranking", 2, T, "_rank"),
    ("leads", 1, T, "attach_leads"),
    ("titles", 1, T, "attach_titles"),
    ("row dicts", 1, T, "row_as_dict"),
    ("sources ordered", 2, T, "source_order"),
]


@contextlib.contextmanager
def _timed(spent: dict[str, float]) -> Any:
    """Every stage of STAGES wrapped to add its CPU time to `spent[label]` (a nested call of the same stage counts
    once), unwrapped on leaving."""
    originals = []
    for label, _, owner, name in STAGES:
        raw = owner.__dict__.get(name)  # None: inherited (a Store method of a mixin)
        function = getattr(owner, name) if raw is None else raw.__func__ if isinstance(raw, classmethod) else raw
        depth = [0]

        def wrapper(*args: Any, _function: Callable = function, _label: str = label, _depth: list = depth,
                    **kwargs: Any) -> Any:
            if _depth[0]:
                return _function(*args, **kwargs)
            _depth[0] += 1
            start = time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                spent[_label] += time.process_time() - start
                _depth[0] -= 1

        originals.append((owner, name, raw))
        setattr(owner, name, classmethod(wrapper) if isinstance(raw, classmethod) else wrapper)
    try:
        yield
    finally:
        for owner, name, raw in originals:
            if raw is None:
                delattr(owner, name)
            else:
                setattr(owner, name, raw)


def _printed(rows: list[dict]) -> str:
    from cli.render import print_json
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print_json(rows)
    return out.getvalue()


def query_stages(store: Store, query: str, limit: int, sources: int | None = T.DEFAULT_SOURCES
                 ) -> tuple[dict[str, float], list[dict]]:
    """CPU seconds of each stage of one `timeline --query` (and "JSON printed"), and its rows (each listing at
    most `sources` sources; None: all)."""
    spent: dict[str, float] = defaultdict(float)
    with _timed(spent):
        rows = T.timeline_dicts(store, query=query, limit=limit, sources=sources)
    start = time.process_time()
    _printed(rows)
    spent["JSON printed"] = time.process_time() - start
    return dict(spent), rows


def _containers(day: str) -> set[str]:
    """The day, and the week, month and year holding it (what a day row's sources may date)."""
    if len(day) != 10:
        return {day}
    year, week, _ = date.fromisoformat(day).isocalendar()
    return {day, day[:7], day[:4], f"{year}-W{week:02d}"}


def floor(store: Store, query: str, rows: list[dict]) -> tuple[dict[str, float], list[dict]]:
    """CPU seconds of what any design listing `rows` does at least (module docstring), and the sources read: a
    dict of `row_as_dict`'s source keys for each mention read."""
    spent: dict[str, float] = {}
    clock = time.process_time
    start = clock()
    articles = store.matching_articles(query)
    spent["full-text match"] = clock() - start
    start = clock()
    dates = store.mention_dates([a[0] for a in articles])
    spent["narrow rows"] = clock() - start
    start = clock()
    T._likely_days(dates, articles, T._published_counts(articles), coarse=True)
    spent["days ranked"] = clock() - start
    shown: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        for source in row["sources"]:
            shown[source["article"]] |= _containers(row["date"])
    event_ids = [event for event, article, value, _, _ in dates if value in shown.get(article, ())]
    start = clock()
    sources = [dict(zip(SOURCE_KEYS, row)) for row in store.mention_tuples(list(SOURCE_FIELDS), event_ids=event_ids,
                                                                           parse=False, stream=True)]
    spent["shown sources read"] = clock() - start
    start = clock()
    _printed(rows)
    spent["JSON printed"] = clock() - start
    return spent, sources


def _median(runs: list[dict[str, float]], label: str) -> float:
    return statistics.median(run.get(label, 0.0) for run in runs)


def report(db: str | Path, queries: list[str], limit: int, repeat: int, sources: int | None = T.DEFAULT_SOURCES
           ) -> str:
    lines = [f"store {db}, limit {limit}, sources {'all' if sources is None else sources}, CPU s (median of {repeat})"]
    with Store(db, readonly=True) as store:
        for query in queries:
            T.timeline_dicts(store, query=query, limit=limit, sources=sources)  # languages, regexes, caches: once per process
            runs, floors = [], []
            for _ in range(repeat):
                spent, rows = query_stages(store, query, limit, sources)
                runs.append(spent)
                floor_spent, read = floor(store, query, rows)
                read = len(read)
                floors.append(floor_spent)
            sources = sum(len(row["sources"]) for row in rows)
            lines.append(f"\n--query {query}: {len(rows)} rows listing {sources} sources, "
                         f"{len(_printed(rows)):,} characters of JSON")
            for label, depth, _, _ in STAGES:
                lines.append(f"  {'  ' * depth}{label:<{34 - 2 * depth}} {_median(runs, label):7.3f}")
            lines.append(f"  {'JSON printed':<34} {_median(runs, 'JSON printed'):7.3f}")
            total = _median(runs, "timeline_dicts") + _median(runs, "JSON printed")
            lines.append(f"  {'whole (start-up not counted)':<34} {total:7.3f}")
            lines.append(f"  floor ({read} mentions read):")
            for label in floors[0]:
                lines.append(f"    {label:<32} {_median(floors, label):7.3f}")
            lines.append(f"    {'whole':<32} {statistics.median(sum(f.values()) for f in floors):7.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store: an SQLite file or a postgresql:// URL")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: presiden)")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sources", default=str(T.DEFAULT_SOURCES), help="sources a row lists: N or all")
    args = parser.parse_args(argv)
    sources = None if args.sources == "all" else int(args.sources)
    print(report(args.db, args.query or ["presiden"], args.limit, args.repeat, sources))


if __name__ == "__main__":
    sys.exit(main())
