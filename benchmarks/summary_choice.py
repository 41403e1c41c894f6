"""Where the row summaries' ROUGE comes from, and what other ways of choosing them give: issue 17's summaries.

Run: `PYTHONPATH=. python -m benchmarks.summary_choice [--cache FILE]` (the cache is stories_eval's).

The development topics of benchmarks/stories_eval.py and the Detik sample are stored as `stories_eval --dev` stores
them (the held-out topic is neither processed nor stored here: there is no flag to read it). The `--story` rows of
each topic's gold timelines are built once, as stories_eval builds them (the story holding most of the topic, the
gold range, top-L days), with their leak-free versions (the journalists' own timeline articles left out,
`stories_eval._without`); then only the summary is chosen again, by the shipped rule and by each rule below, and
scored by stories_eval's ROUGE-1 agreement: per topic, leak-free and (after the semicolon) with the journalists'
timelines. The shipped rule's line equals what `stories_eval --dev` prints.

The shipped choice is `TimelineRow.summary_and_language`: a pool, the first non-empty of its tiers (chronology
entries told after the day; the day's leads that tell the row's event; mentions told after the day; the row's
mentions), then the candidate closest to the row's content. `pool` below re-states it with each candidate's text,
article and cosine, so that other keys can choose from the same pool; the report says on how many rows its choice
is the shipped one (all of them, or this file no longer measures the library: tests/test_benchmark_summary_choice.py).

Printed: the tiers' share of the rows; per gold-day row (leak-free), the ROUGE-1 F of the shipped summary against
the day's gold summary beside the best candidate of its pool (an oracle); the signals issue 17's brief names as
keys within the pool (the sentence dates the row's day itself, holds a trigger of the row's event, names its main
actors, the earliest-published or the day's own article, quotes, length), each alone and, for the weighted ones,
chosen leave-one-topic-out (weights picked on two topics, the third's figure beside the shipped one's); a tier rule
(a lead that dates the row's day, when no lead tells its event and no chronology does); two sentences a row (what a
summary as long as the journalists' would give: not a one-sentence choice).

Labels and gold summaries come from the gold files only; no rule of corpus_tools reads them.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus_tools.dates import tag
from corpus_tools.events import labels_in
from corpus_tools.store import Store
from corpus_tools.timeline import (SUMMARY_CHARS, _cosine, body_part, closed_quote, readable_part, text_vector,
                                   time_stamped, timeline_from_store)

from .stories_eval import (HELD_OUT, TOPICS, _main_story, _without, fill, processed, rouge_agreement,
                           timeline_articles, topic_sources)

_WORD = re.compile(r"\w+")
TIERS = ("told", "lead", "after", "mention")


@dataclass(frozen=True)
class Candidate:
    text: str  # as printed (`readable_part` of a mention's sentence; a lead as `attach_leads` cut it)
    language: str
    article: int
    published: str | None
    cosine: float  # to the row's content, rounded as the shipped choice rounds it


def _mention_candidates(row, mentions, content) -> list[Candidate]:
    mentions = [m for m in mentions if not time_stamped(body_part(m.sentence, m.language), m.language)] or mentions
    mentions = [m for m in mentions if not row._tells_later(m)] or mentions
    return [Candidate(readable_part(m.sentence, m.language), m.language, m.article_id, m.published,
                      round(_cosine(row._weighted(m.terms), content), 6)) for m in mentions]


def _lead_candidates(row, leads, content) -> list[Candidate]:
    leads = [lead for lead in leads if not time_stamped(lead[1], lead[2])] or leads
    published = {m.article_id: m.published for m in row.mentions}
    return [Candidate(text, lang, article, published.get(article),
                      round(_cosine(row._weighted(text_vector([text], lang)), content), 6))
            for article, text, lang in leads]


def pool(row, dated_leads: bool = False) -> tuple[str, list[Candidate]]:
    """(tier, candidates) the shipped summary is chosen from (`TimelineRow.summary_and_language`). With
    `dated_leads`, a row with no lead telling its event and no chronology entry weighs the leads that date its day
    themselves (`dates_day`) as its lead tier."""
    content = row._weighted(row.terms)
    candidates = row._summary_candidates()
    if candidates and all(map(row._tells_later, candidates)):
        candidates = row._coarser_candidates() or candidates
    after = row._after(candidates)
    told = [m for m in after if m.article_id in row.chronologies]
    leads = [lead for lead in row.leads if row._tells(lead[1], lead[2])]
    if leads:
        told = [m for m in told if row._agrees(m)]
    elif dated_leads and not told:
        leads = [lead for lead in row.leads if dates_day(row, lead)]
    if told or not leads:
        tier = "told" if told else "after" if after else "mention"
        return tier, _mention_candidates(row, told or after or candidates, content)
    return "lead", _lead_candidates(row, leads, content)


def dates_day(row, lead) -> bool:
    """Whether the lead's latest day-level date (read against its article's publication day) is the row's day."""
    published = next((m.published for m in row.mentions if m.article_id == lead[0] and m.published), None)
    if row.granularity != "day" or not published or len(published) != 10:
        return False
    days = _days(lead[1], published, lead[2])
    return bool(days) and max(days) == row.date


@lru_cache(maxsize=None)
def _days(text: str, published: str, lang: str) -> tuple[str, ...]:
    return tuple(t.value for t in tag(text, published, lang) if t.granularity == "day")


def shipped_key(row, candidate: Candidate, features: dict) -> tuple:
    return candidate.cosine, -candidate.article


def finish(text: str) -> str:
    """The chosen text as the row prints it (cut past SUMMARY_CHARS, the quote mark it lacks)."""
    text = text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1].rstrip() + "…"
    return closed_quote(text)


def choose(row, key=shipped_key, dated_leads: bool = False) -> str:
    _, candidates = pool(row, dated_leads)
    return finish(max(candidates, key=lambda c: key(row, c, features(row, c))).text)


def quote_share(text: str) -> float:
    """The share of the text's words inside quotation marks (Penn Treebank's, curly or straight)."""
    inside = words = 0
    quoted = False
    for token in text.split():
        if token.startswith(("``", "“")) or token.startswith('"') and not quoted:
            quoted = True
        if _WORD.search(token):
            words += 1
            inside += quoted
        if token.endswith(("''", "”")) or token.endswith('"') and quoted and (len(token) > 1 or inside):
            quoted = False
    return inside / words if words else 0.0


def features(row, candidate: Candidate) -> dict:
    """The brief's signals for one candidate of a row."""
    main = {w.lower() for a in row.actors[:2] for w in _WORD.findall(a)}
    words = {w.lower() for w in _WORD.findall(candidate.text)}
    days = _days(candidate.text, candidate.published, candidate.language) \
        if candidate.published and len(candidate.published) == 10 else ()
    return {"words": len(candidate.text.split()), "quote": quote_share(candidate.text),
            "published": candidate.published or "9999-99-99", "own day": candidate.published == row.date,
            "dates the day": row.date in days, "trigger": bool(labels_in(candidate.text, candidate.language)
                                                               & set(row.labels)),
            "actor": bool(main & words) if main else True}


def rouge_f(text: str, reference: str) -> float:
    """ROUGE-1 F of one summary against one reference (lower-cased words), for the per-row oracles."""
    a = Counter(w.lower() for w in _WORD.findall(text))
    b = Counter(w.lower() for w in _WORD.findall(reference))
    hits = sum((a & b).values())
    if not hits:
        return 0.0
    p, r = hits / sum(a.values()), hits / sum(b.values())
    return 2 * p * r / (p + r)


def topic_rows(store: Store, label_of: dict[int, str]) -> dict[str, list[tuple[dict, list, list]]]:
    """Topic → [(gold day → text, `--story` rows, their leak-free versions)] for each gold timeline."""
    articles = store.list_articles()
    story_of = {a["id"]: store.article_story(a["id"]) for a in articles}
    out = {}
    for folder in sorted(p for p in TOPICS.iterdir() if (p / "gold.json").exists()):
        name = folder.name
        if name == HELD_OUT or name not in label_of.values():
            continue
        story = _main_story(story_of, label_of, name)[0]
        own = timeline_articles(store, articles, label_of, name, folder)
        runs = []
        for timeline in json.loads((folder / "gold.json").read_text())["timelines"]:
            gold = {day: " ".join(text) for day, text in timeline["timeline"]}
            rows = timeline_from_store(store, story_id=story, limit=len(gold), date_from=min(gold),
                                       date_to=max(gold), granularity="day")
            runs.append((gold, rows, [r for r in (_without(row, own) for row in rows) if r is not None]))
        out[name] = runs
    return out


def scores(topics: dict, summary) -> dict[str, tuple[float, float]]:
    """Topic → (leak-free, with the journalists' timelines) ROUGE-1 agreement of `summary(row)`, the mean over
    its gold timelines, as stories_eval computes them."""
    return {name: (statistics.mean(rouge_agreement({r.date: summary(r) for r in free}, gold)
                                   for gold, _, free in runs),
                   statistics.mean(rouge_agreement({r.date: summary(r) for r in rows}, gold)
                                   for gold, rows, _ in runs))
            for name, runs in topics.items()}


def line(label: str, result: dict[str, tuple[float, float]]) -> str:
    free = statistics.mean(v[0] for v in result.values())
    full = statistics.mean(v[1] for v in result.values())
    cells = " | ".join(f"{v[0]:.4f}" for v in result.values())
    return f"| {label} | {cells} | {free:.4f}; {full:.4f} |"


def two_sentences(row) -> str:
    """The shipped summary, then the best candidate of the next non-empty tier from another article."""
    tier, candidates = pool(row)
    first = max(candidates, key=lambda c: (c.cosine, -c.article))
    content = row._weighted(row.terms)
    after = row._after(row._summary_candidates())
    tiers = {"told": _mention_candidates(row, [m for m in after if m.article_id in row.chronologies], content),
             "lead": _lead_candidates(row, [lead for lead in row.leads if row._tells(lead[1], lead[2])], content),
             "after": _mention_candidates(row, after, content),
             "mention": _mention_candidates(row, row._summary_candidates(), content)}
    for name in TIERS:
        others = [c for c in tiers[name] if c.article != first.article and c.text != first.text]
        if others:
            return finish(first.text) + " " + finish(max(others, key=lambda c: (c.cosine, -c.article)).text)
    return finish(first.text)


def _keys() -> dict[str, object]:
    def first(name):
        return lambda row, c, f: (f[name], c.cosine, -c.article)

    return {"the sentence dates the row's day itself, first": first("dates the day"),
            "holds a trigger of the row's event, first": first("trigger"),
            "names one of the row's two main actors, first": first("actor"),
            "the day's own article (published on it), first": first("own day"),
            "the earliest-published article's, first": lambda row, c, f: (
                -int(f["published"].replace("-", "")), c.cosine, -c.article),
            "not mostly a quote (under half its words quoted), first": lambda row, c, f: (
                f["quote"] < 0.5, c.cosine, -c.article)}


LENGTH_GRID = [(0.0, 35)] + [(k, t) for k in (0.3, 0.8) for t in (25, 35, 45)]  # (k, T words)
QUOTE_GRID = (0.0, 0.3, 0.6)


def _weighted_key(k: float, t: int, q: float):
    return lambda row, c, f: (round(c.cosine * (1 - q * f["quote"]) * math.exp(-k * abs(math.log(max(f["words"], 1)
                                                                                                  / t))), 6),
                              -c.article)


def leave_one_out(topics: dict) -> list[str]:
    """For each topic: the length and quote weights best on the two others (ties to the shipped rule), and the
    topic's leak-free figure with them beside the shipped one's."""
    grid = {(k, t, q): scores(topics, lambda r, key=_weighted_key(k, t, q): choose(r, key))
            for k, t in LENGTH_GRID for q in QUOTE_GRID}
    shipped = grid[(0.0, 35, 0.0)]
    out = []
    for held in topics:
        train = [t for t in topics if t != held]
        best = max(grid, key=lambda p: (round(statistics.mean(grid[p][t][0] for t in train), 5),
                                        p == (0.0, 35, 0.0)))
        out.append(f"| {held} | k {best[0]}, T {best[1]}, quote {best[2]} | {grid[best][held][0]:.4f} | "
                   f"{shipped[held][0]:.4f} |")
    return out


def report(topics: dict) -> str:
    names = list(topics)
    head = f"| choice | {' | '.join(names)} | leak-free mean; with the journalists' timelines |"
    rule = "|---" * (len(names) + 2) + "|"
    shipped = scores(topics, lambda r: r.summary)
    agree = sum(choose(r) == r.summary for runs in topics.values() for _, rows, free in runs for r in rows + free)
    total = sum(len(rows) + len(free) for runs in topics.values() for _, rows, free in runs)
    lines = ["Summaries of the `--story` rows, development topics (ROUGE-1 agreement, leak-free per topic):", "",
             head, rule, line("shipped", shipped), line("the pool re-stated here, shipped key", scores(topics, choose))]
    for label, key in _keys().items():
        lines.append(line(label, scores(topics, lambda r, key=key: choose(r, key))))
    lines.append(line("tier: a lead dating the row's day when none tells its event and no chronology does",
                      scores(topics, lambda r: choose(r, dated_leads=True))))
    lines.append(line("two sentences a row (not a one-sentence choice)", scores(topics, two_sentences)))
    lines += ["", f"The pool re-stated here chooses the shipped summary on {agree} of {total} rows.", "",
              "Tiers (leak-free rows) and, on gold days, the shipped summary's ROUGE-1 F beside its pool's best:", "",
              "| topic | rows by tier | gold-day rows | shipped | best of the pool | pools of one |", "|---" * 6 + "|"]
    for name, runs in topics.items():
        tiers, chosen, best, single = Counter(), [], [], 0
        for gold, _, free in runs:
            for row in free:
                tier, candidates = pool(row)
                tiers[tier] += 1
                if row.date in gold:
                    chosen.append(rouge_f(row.summary, gold[row.date]))
                    best.append(max(rouge_f(c.text, gold[row.date]) for c in candidates))
                    single += len(candidates) == 1
        lines.append(f"| {name} | {', '.join(f'{t} {tiers[t]}' for t in TIERS)} | {len(chosen)} | "
                     f"{statistics.mean(chosen):.3f} | {statistics.mean(best):.3f} | {single} |")
    lines += ["", "Length prior and quote weight, leave one topic out (leak-free; score = cosine × (1 − quote × "
              "quoted share) × exp(−k·|log(words / T)|)):", "",
              "| held-out topic | picked on the other two | its figure | shipped |", "|---|---|---|---|"]
    lines += leave_one_out(topics)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Where the row summaries' ROUGE comes from (development topics).")
    parser.add_argument("--cache", type=Path, help="stories_eval's pickle of the processed articles.")
    args = parser.parse_args(argv)
    sources = topic_sources(HELD_OUT)  # never the held-out topic's file
    if sources is None:
        return
    items = processed(sources, args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "dev.db")
        label_of = fill(store, items, [])
        topics = topic_rows(store, label_of)
        store.close()
    print(report(topics))


if __name__ == "__main__":
    main()
