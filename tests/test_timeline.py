"""Events and the timeline: the seeds gold end to end, merging rules, and output formats."""

from __future__ import annotations

import csv
import dataclasses
import io
import bisect
import json
import math
import random
from collections import Counter, defaultdict

from datetime import date

from corpus_tools.clean import clean_text
from corpus_tools.dates import tag
from corpus_tools.events import extract_events
from corpus_tools.store import Store
from corpus_tools.timeline import (SAME_EVENT, MentionRow, TimelineRow, _attach_coarse, _coarse_keys, _coarse_pool,
                                   _cosine, _dot, _group_day, _length, _merge_by_content, _rows_of,
                                   _top_terms, build_timeline, centrality, mention_rows, row_as_dict, value_span)

from .conftest import SEEDS, run_cli


def _timeline(db, *args) -> list[dict]:
    proc = run_cli("timeline", "--format", "json", *args, db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seed_timeline_matches_the_gold(seeded_db, gold):
    rows = _timeline(seeded_db)
    for event in gold["events"]:
        candidates = [r for r in rows if r["date"] == event["date"] and r["articles"] >= event["min_articles"]]
        assert any(any(k.lower() in _text(r) for k in event["keywords_any"]) for r in candidates), event
    for row in rows:
        assert int(row["date"][:4]) not in gold["forbidden_event_years"], row


def _counts(rows) -> list[tuple[str, str, int]]:
    return sorted((r.date, r.label, r.articles) for r in rows)


def test_copies_count_once(seeded_db):
    """The sample corpus holds a re-scrape, a re-post and a republished copy of three seeds:
    the timeline with them counts exactly what it counts without them."""
    with Store(seeded_db, readonly=True) as store:
        mentions = mention_rows(store.event_mentions())
    originals = [m for m in mentions if m.article_id == m.cluster_id]
    copies = [m for m in mentions if m.article_id != m.cluster_id]
    assert {m.article_id for m in copies}, "the copies were not recognised as copies, or mention no event"
    with_copies = _counts(build_timeline(mentions))
    assert with_copies == _counts(build_timeline(originals))
    # and the copies would have counted had they not been recognised as copies
    independent = [dataclasses.replace(m, cluster_id=m.article_id) for m in mentions]
    assert sum(n for *_, n in _counts(build_timeline(independent))) > sum(n for *_, n in with_copies)
    # and the CLI shows the same counts
    assert sorted((r["date"], r["label"], r["articles"]) for r in _timeline(seeded_db)) == with_copies


def test_limit_keeps_best_supported_rows_in_date_order(seeded_db):
    everything = _timeline(seeded_db)
    top = _timeline(seeded_db, "--limit", "3")
    assert len(top) == 3
    assert [r["date"] for r in top] == sorted(r["date"] for r in top)
    weakest_kept = min(r["score"] for r in top)
    dropped = [r for r in everything if r["date"] not in {t["date"] for t in top}]
    assert dropped and all(r["score"] <= weakest_kept for r in dropped)


def test_from_to_min_sources_query_and_article_filters(seeded_db):
    june = _timeline(seeded_db, "--from", "2024-06-01", "--to", "2024-06-30")
    assert june and all(r["date"].startswith("2024-06") for r in june)
    assert all(r["articles"] >= 2 for r in _timeline(seeded_db, "--min-sources", "2"))
    dewan = _timeline(seeded_db, "--query", "Dewan Federasi")
    assert dewan and all(any("SINDOnews" == s["outlet"] for s in r["sources"]) for r in dewan)
    assert _timeline(seeded_db, "--query", "zzzxqj") == []
    one = _timeline(seeded_db, "--article", "4")
    assert one and all(s["article"] == 4 for r in one for s in r["sources"])
    bad = run_cli("timeline", "--from", "June", db=seeded_db)
    assert bad.returncode == 2 and "expected YYYY" in bad.stderr


def test_csv_markdown_and_table_formats(seeded_db):
    rows = _timeline(seeded_db)
    table = list(csv.DictReader(io.StringIO(run_cli("timeline", "--format", "csv", db=seeded_db).stdout)))
    assert [r["date"] for r in table] == [r["date"] for r in rows]
    # CSV is for a spreadsheet: one value a column, the whole summary, the count of sources a number
    assert list(table[0]) == ["date", "granularity", "label", "actors", "summary", "sources", "outlets"]
    assert [(t["label"], t["summary"], int(t["sources"]), t["actors"].split("; ")) for t in table] == \
        [(r["label"], r["summary"], r["articles"], r["actors"] or [""]) for r in rows]
    markdown = run_cli("timeline", "--format", "markdown", db=seeded_db).stdout.splitlines()
    assert markdown[0] == "| date | event | sources |" and len(markdown) == len(rows) + 2
    assert "2024-06-19" in run_cli("timeline", db=seeded_db).stdout


def _m(article, value, label="sign", actors=("Putin", "Kim"), granularity="day", cluster=None, report=False):
    return MentionRow(article, cluster or article, "X", "2024-11-12", label, label, actors, value, granularity,
                      f"sentence of {article}", report)


def test_month_mentions_support_the_day_row_and_copies_count_once():
    rows = build_timeline([_m(1, "2024-06-19"), _m(2, "2024-06", granularity="month"),
                           _m(3, "2024-06-19", cluster=1)])
    assert [(r.date, r.articles) for r in rows] == [("2024-06-19", 2)]


def test_different_dates_for_one_event_are_flagged_as_conflicts():
    rows = build_timeline([_m(1, "2024-11-09"), _m(2, "2024-11-09"), _m(3, "2024-11-10")])
    assert [r.date for r in rows] == ["2024-11-09"]
    assert row_as_dict(rows[0])["conflicts"][0]["date"] == "2024-11-10"


def test_days_of_one_trial_are_rows_of_their_own_and_a_retelling_is_a_conflict():
    # Same label, the same two parties, a few days apart, no article in common: a trial's days.
    def said(article, value, sentence, cluster=None):
        return dataclasses.replace(_m(article, value, label="trial", actors=("Conrad Murray", "Michael Jackson"),
                                      cluster=cluster), sentence=sentence)

    opening = "The trial of Conrad Murray over the death of Michael Jackson opens in Los Angeles ."
    rows = build_timeline([
        said(1, "2011-09-27", opening), said(2, "2011-09-27", opening, cluster=20),
        said(3, "2011-09-30", "Paramedics tell the court Murray never mentioned the sedative propofol ."),
        said(4, "2011-10-26", "A nurse tells jurors she warned Jackson against the drug months earlier ."),
        said(5, "2011-09-28", opening)])  # the opening again, dated a day late: the same event
    assert [r.date for r in rows] == ["2011-09-27", "2011-09-30", "2011-10-26"]
    assert [c["date"] for c in row_as_dict(rows[0])["conflicts"]] == ["2011-09-28"]


def test_unrelated_events_on_one_day_stay_apart():
    rows = build_timeline([_m(1, "2024-11-09"), _m(2, "2024-11-09", label="attack", actors=("Israel",))])
    assert sorted(r.label for r in rows) == ["attack", "sign"]


def _text(row: dict) -> str:
    return " ".join([row["summary"]] + [s["sentence"] for s in row["sources"]]).lower()


def _matches(rows: list[dict], event: dict) -> bool:
    return any(r["date"] == event["date"] and r["articles"] >= event["min_articles"]
               and any(k.lower() in _text(r) for k in event["keywords_any"]) for r in rows)


def test_seeds_gold_in_process_clean_tag_extract_build(gold):
    """The seeds through the stages themselves (no store): clean_text → tag → extract_events → build_timeline."""
    mentions = []
    for number, (name, info) in enumerate(sorted(gold["articles"].items()), start=1):
        body = clean_text((SEEDS / name).read_text(), "id").body
        timexes = tag(body, date.fromisoformat(info["published"]), "id")
        mentions += [MentionRow(number, number, name, info["published"], m.label, m.trigger, m.actors, m.value,
                                m.granularity, m.sentence, m.is_report) for m in extract_events(body, timexes, "id")]
    rows = [row_as_dict(r) for r in build_timeline(mentions)]
    missing = [e["date"] for e in gold["events"] if not _matches(rows, e)]
    assert not missing, missing
    assert not [r["date"] for r in rows if int(r["date"][:4]) in gold["forbidden_event_years"]]
    signing = next(r for r in rows if r["date"] == "2024-06-19" and r["label"] == "sign")
    assert any(s["sentence"] and "19 Juni" not in s["sentence"] for s in signing["sources"])  # month mentions count
    report = [r for r in rows if r["date"] == "2024-11-12"]  # KCNA's announcement, told by several outlets
    assert report and max(r["articles"] for r in report) >= 2


def test_week_supports_a_day_inside_it_and_reports_stay_apart():
    mentions = [_m(1, "2024-11-06", label="approve", actors=("Dewan Federasi",)),
                _m(2, "2024-W45", label="approve", actors=("Dewan Federasi",), granularity="week"),
                _m(3, "2024-11-12", label="report", actors=("KCNA",), report=True),
                _m(4, "2024-11-12", label="report", actors=("KCNA",), report=True)]
    rows = build_timeline(mentions, reports=True)
    assert [(r.date, r.label, r.articles) for r in rows] == [("2024-11-06", "approve", 2), ("2024-11-12", "report", 2)]
    # one outlet saying when it reported is no event row; two outlets dating one announcement are
    assert [r.date for r in build_timeline(mentions)] == ["2024-11-06"]
    other = MentionRow(5, 5, "Y", "2024-11-12", "report", "report", ("KCNA",), "2024-11-12", "day", "s", True)
    assert [r.date for r in build_timeline(mentions + [other])] == ["2024-11-06", "2024-11-12"]


def test_a_month_outside_any_day_row_makes_its_own_row():
    rows = build_timeline([_m(1, "2024-06-19"), _m(2, "2024-10", label="approve", actors=("Duma",),
                                                   granularity="month")])
    assert [(r.date, r.granularity) for r in rows] == [("2024-06-19", "day"), ("2024-10", "month")]


def test_ranking_prefers_days_many_articles_mention_and_later_articles_recall():
    def later(article, value, published):
        return MentionRow(article, article, "X", published, "attack", "attack", ("Baghdad",), value, "day",
                          f"sentence {article}", False)
    cited = [later(i, "2005-01-30", f"2005-02-{10 + i:02d}") for i in range(1, 4)]  # recalled weeks later
    ahead = [later(i, "2005-03-01", "2005-02-2" + str(i)) for i in range(4, 7)]  # only announced beforehand
    lone = [later(7, "2005-04-01", "2005-04-01")]
    rows = build_timeline(cited + ahead + lone, limit=2)
    assert [r.date for r in rows] == ["2005-01-30", "2005-03-01"]
    assert rows[0].rank > rows[1].rank  # as many articles, but written after the day


def test_limit_spends_rows_on_different_days():
    mentions = [_m(1, "2024-11-09"), _m(2, "2024-11-09"), _m(3, "2024-11-09", label="attack", actors=("Kursk",)),
                _m(4, "2024-11-11", label="decree", actors=("Kim",))]
    rows = build_timeline(mentions, limit=2)
    assert sorted(r.date for r in rows) == ["2024-11-09", "2024-11-11"]


def test_json_dict_has_the_documented_keys():
    [row] = build_timeline([_m(1, "2024-06-19"), _m(2, "2024-06-19")])
    data = row_as_dict(row)
    assert {"date", "granularity", "label", "actors", "summary", "articles", "sources", "conflicts"} <= set(data)
    assert data["articles"] == 2 and {s["article"] for s in data["sources"]} == {1, 2}
    assert set(data["sources"][0]) >= {"article", "outlet", "published", "sentence"}
    json.dumps(data)


def _random_mentions(seed: int, count: int = 400) -> list[MentionRow]:
    """Mentions of a few stories over two months: days, weeks, months and years, sentences from a small
    vocabulary so that rows share terms (coarse mentions then meet several candidate rows)."""
    rng = random.Random(seed)
    words = "presiden menteri banjir gempa rapat sidang korban warga jalan kota partai pemilu".split()
    days = [f"2024-{m:02d}-{d:02d}" for m in (5, 6) for d in range(1, 29, 3)]
    coarse = ["2024-05", "2024-06", "2024-W22", "2024-W23", "2024", "2024-Q2", "2024-08", "2024-W40", "2023"]
    sentences = [" ".join(rng.sample(words, 5)).capitalize() + "." for _ in range(8)]  # repeated: twins
    out = []
    for article in range(1, count + 1):
        coarse_one = rng.random() < 0.45
        value = rng.choice(coarse if coarse_one else days)
        granularity = ("year" if len(value) == 4 else "week" if "W" in value else "quarter" if "Q" in value
                       else "month") if coarse_one else "day"
        sentence = sentences[rng.randrange(len(sentences))]
        out.append(MentionRow(article, rng.choice([article, article, max(1, article - 1)]), rng.choice("ABC"),
                              "2024-06-30", rng.choice(["sign", "meet", "flood"]), "t",
                              tuple(rng.sample(["Budi Santoso", "Siti", "Joko Widodo", "Ani"], rng.randint(0, 2))),
                              value, granularity, sentence, rng.random() < 0.1, story_id=rng.choice([1, 2, 3, None]),
                              language="id"))
    return out


def test_add_all_is_add_one_by_one():
    """The batch `add_all` fills the same sets in the same order and sums the same term weights."""
    mentions = _random_mentions(1, 60)
    one, batch = TimelineRow("2024-06-01", "day"), TimelineRow("2024-06-01", "day")
    for mention in mentions:
        one.add(mention)
    batch.add_all(mentions[:25])
    batch.add_all(mentions[25:])
    assert batch.mentions == one.mentions
    for name in ("labels", "actor_words", "clusters", "stories"):
        assert list(getattr(batch, name)) == list(getattr(one, name))
    assert list(batch.terms.items()) == list(one.terms.items())  # same sums, same order


def _attach_reference(day_rows: list[TimelineRow], coarse: list[MentionRow]) -> list[TimelineRow]:
    """_attach_coarse without its caches: every coarse mention weighs its whole pool afresh."""
    by_story, by_month = defaultdict(list), defaultdict(lambda: defaultdict(list))  # month → term → rows
    days = [date.fromisoformat(row.date) for row in day_rows]
    for index, row in enumerate(day_rows):
        for story in row.stories:
            by_story[story].append(index)
        for term in _top_terms(row.terms):
            by_month[days[index].year * 12 + days[index].month][term].append(index)
    day_of, own = [day.toordinal() for day in days], {}
    taken = []
    for mention in coarse:  # each weighed against the rows as their day mentions made them
        best, best_key = None, None
        for index in _coarse_pool(mention, by_story, by_month, day_of):
            row = day_rows[index]
            key = _coarse_keys(mention, [(index, row)], {})[0] or None  # one candidate weighed alone
            if key is not None and (best_key is None or key > best_key):
                best, best_key = row, key
        if best is None:
            best = own.setdefault((mention.value, mention.label, mention.story_id),
                                  TimelineRow(mention.value, mention.granularity))
        taken.append((best, mention))
    for row, mention in taken:
        row.add(mention)
    return list(own.values())


def test_coarse_mentions_attach_as_without_caches():
    for seed in range(8):
        mentions = _random_mentions(seed)
        coarse = [m for m in mentions if m.granularity != "day"]

        def day_rows():
            by_day = defaultdict(list)
            for m in mentions:
                if m.granularity == "day":
                    by_day[m.value].append(m)
            return [row for items in by_day.values() for row in _group_day(items)]

        rows, expected_rows = day_rows(), day_rows()
        own, expected_own = _attach_coarse(rows, coarse), _attach_reference(expected_rows, coarse)

        def shape(rows):
            return [(r.date, r.granularity, [(m.article_id, m.value) for m in r.mentions]) for r in rows]
        assert shape(rows) == shape(expected_rows)
        assert shape(own) == shape(expected_own)
        assert own and any(m.granularity != "day" for r in rows for m in r.mentions)  # both ways were taken


def test_coarse_pool_with_its_span_lists_kept_is_the_plain_pool():
    """_coarse_pool's lists kept per span across the mentions (the caller's `spans`) give each mention the pool
    its definition names: its story's rows inside its span, then the rows inside it holding one of its terms among
    their top terms (each term's rows in index order), each row at its first place."""
    for seed in range(6):
        mentions = _random_mentions(seed)
        by_day = defaultdict(list)
        for m in mentions:
            if m.granularity == "day":
                by_day[m.value].append(m)
        rows = [row for items in by_day.values() for row in _group_day(items)]
        days = [date.fromisoformat(row.date) for row in rows]
        by_story, by_month = defaultdict(list), defaultdict(dict)
        for index, row in enumerate(rows):
            for story in row.stories:
                by_story[story].append(index)
            for term in _top_terms(row.terms):
                by_month[days[index].year * 12 + days[index].month].setdefault(term, []).append(index)
        day_of, spans, seen = [day.toordinal() for day in days], {}, 0
        for mention in (m for m in mentions if m.granularity != "day"):
            first, last = value_span(mention.value)
            inside = [i for i in range(len(rows)) if first <= days[i] <= last]
            expected = [i for i in inside if mention.story_id in rows[i].stories]
            for term in mention.terms:
                expected += [i for i in inside if term in _top_terms(rows[i].terms)]
            pool = _coarse_pool(mention, by_story, by_month, day_of, spans)
            assert pool == list(dict.fromkeys(expected))
            assert pool == _coarse_pool(mention, by_story, by_month, day_of)  # no lists kept: the same
            seen += bool(pool)
        assert seen and spans  # pools met rows, and lists were kept


def _merge_reference(rows: list[TimelineRow]) -> list[TimelineRow]:
    """_merge_by_content as first written: a pair of rows weighed again for each top term they share."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i
    by_term: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        for term in _top_terms(row.terms):
            for other in by_term[term]:
                if find(other) != find(index):
                    norm = _length(rows[other].terms) * _length(row.terms)
                    if (_dot(rows[other].terms, row.terms) / norm if norm else 0.0) >= SAME_EVENT:
                        parent[find(index)] = find(other)
            by_term[term].append(index)
    groups: dict[int, TimelineRow] = {}
    for index, row in enumerate(rows):
        if find(index) in groups:
            groups[find(index)].absorb(row)
        else:
            groups[find(index)] = row
    return list(groups.values())


def test_a_days_content_merge_gives_the_groups_of_weighing_every_shared_term():
    """Each pair of rows sharing top terms is weighed once: the same rows, with the same mentions in order."""
    merged_somewhere = False
    for seed in range(8):
        by_day_story = defaultdict(list)
        for m in _random_mentions(seed):
            if m.granularity == "day":
                by_day_story[(m.value, m.story_id or 0)].append(m)
        for day in sorted({day for day, _ in by_day_story}):
            groups = [items for (value, _), items in by_day_story.items() if value == day]
            got, expected = _merge_by_content(_rows_of(groups)), _merge_reference(_rows_of(groups))
            assert [[m.article_id for m in r.mentions] for r in got] == \
                [[m.article_id for m in r.mentions] for r in expected]
            merged_somewhere |= len(got) < len(groups)
    assert merged_somewhere


def test_a_sentences_terms_are_text_vectors_weights_in_order():
    """`_sentence_terms` (built from the word counts directly) is `text_vector([sentence], lang)`: the same terms in
    the same order with the same weights (1 + log of the count), and equal weights are one float."""
    from corpus_tools.stories import text_vector
    from corpus_tools.timeline import _sentence_terms, forget_sentence_terms

    sentences = [("Presiden membuka rapat, presiden menutup rapat dan presiden pulang pada Senin (15/12).", "id"),
                 ("The court heard the case; the court adjourned and the court will sit again on Monday.", "en"),
                 ("Ini dan itu.", "id"), ("", "en")] + \
        [(" ".join(random.Random(seed).choices(["banjir", "Jakarta", "warga", "air", "rumah", "dan", "di"], k=30)), "id")
         for seed in range(20)]
    forget_sentence_terms()
    for sentence, lang in sentences:
        expected = text_vector([sentence], lang)
        got = _sentence_terms(sentence, lang)
        assert list(got.items()) == list(expected.items())
    repeated = _sentence_terms("banjir banjir warga warga", "id")
    assert repeated["banjir"] is repeated["warga"]  # one float for equal weights
    forget_sentence_terms()


def test_a_rows_actors_are_read_again_once_a_mention_is_added():
    """A row keeps its actors between reads (its summary and its dict both read them) only while no mention is
    added: each read gives what the row's mentions name then."""
    mentions = [m for m in _random_mentions(3, 200) if m.actors]
    row = TimelineRow("2024-06-01", "day")
    row.add_all(mentions[:3])
    first = row.actors
    assert row.actors == first and row.actors is not row.actors  # each read its own list
    newcomer = dataclasses.replace(mentions[3], cluster_id=10_000, actors=("Megawati Soekarnoputri",))
    for cluster in range(10_000, 10_005):  # named by more independent articles than any other name
        row.add(dataclasses.replace(newcomer, cluster_id=cluster))
    assert row.actors[0] == "Megawati Soekarnoputri" and "Megawati Soekarnoputri" not in first
    fresh = TimelineRow("2024-06-01", "day")
    fresh.add_all(row.mentions)
    assert row.actors == fresh.actors


def test_pruned_coarse_keys_are_the_weighed_ones():
    """`_prune_plan` spares only rows of another story that cannot reach SAME_EVENT: the keys are those of
    weighing every candidate, and rows were spared (near the threshold too: cosines on both sides of it)."""
    from collections import Counter
    from corpus_tools.timeline import _coarse_keys, _cosine, _prune_plan
    rng = random.Random(5)
    common, rare = ["presiden", "jakarta", "menteri"], [f"kata{i}" for i in range(40)]
    spared = weighed = 0
    cosines = []
    for trial in range(300):
        words = rng.sample(common, rng.randint(0, 3)) + rng.sample(rare, rng.randint(1, 12))
        words += rng.sample(words, rng.randint(0, min(3, len(words))))  # repeated words weigh more
        mention = MentionRow(1, 1, "A", "2024-06-30", "sign", "t", (), "2024-06", "month", " ".join(words),
                             story_id=1, language="id")
        rows = []
        for index in range(12):
            row = TimelineRow("2024-06-10", "day")
            row.terms = Counter({w: rng.choice([1.0, 1.0, 1.6931471805599454, 2.0, 3.5, 7.0])
                                 for w in rng.sample(common + rare, rng.randint(1, 25))})
            row.stories = {rng.choice([1, 2, 3])}
            row.labels, row.actor_words = frozenset({"meet"}), frozenset()
            rows.append((index, row))
        held = Counter(t for _, row in rows for t in row.terms)
        plan = _prune_plan(mention.terms, held)
        assert _coarse_keys(mention, rows, {}, plan) == _coarse_keys(mention, rows, {})
        needed, limits = plan
        for _, row in rows:
            if 1 in row.stories:
                continue
            length = math.sqrt(sum(w * w for w in row.terms.values()))
            if row.terms.keys().isdisjoint(needed[bisect.bisect_left(limits, -max(row.terms.values()) / length)]):
                spared += 1
                assert _cosine(mention.terms, row.terms) < SAME_EVENT
            else:
                weighed += 1
            cosines.append(_cosine(mention.terms, row.terms))
    assert spared > 500 and weighed > 500
    assert any(0.3 < c < SAME_EVENT for c in cosines) and any(c >= SAME_EVENT for c in cosines)


def _merge_names_reference(names: set[str]) -> dict[str, str]:
    """merge_names as first written: every name against every other."""
    from corpus_tools.timeline import _name_words
    words = {n: _name_words(n) for n in names}
    out = {}
    for name in names:
        wider = [m for m in names if words[name] <= words[m]]
        top = max(wider, key=lambda m: (len(words[m]), m))
        out[name] = top if words[name] and all(words[m] <= words[top] for m in wider) else name
    return out


def test_merge_names_is_every_pair_weighed():
    """merge_names finds each name's wider names through its words: the same map, in the same order, as
    comparing every pair (spellings, a name inside one or two longer ones, names without a word)."""
    from corpus_tools.timeline import merge_names
    rng = random.Random(3)
    parts = ["Joko", "Widodo", "Jokowi", "Prabowo", "Subianto", "Kim", "Jong", "Un", "Jong-un", "Putin", "Sri",
             "Mulyani", "Indrawati", "-", "2"]
    merged = 0
    for _ in range(300):
        names = {" ".join(rng.sample(parts, rng.randint(1, 4))) for _ in range(rng.randint(1, 30))}
        found = merge_names(names)
        assert list(found.items()) == list(_merge_names_reference(names).items())
        merged += sum(name != wider for name, wider in found.items())
    assert merged > 100


def _said(article, value, granularity, label, actors, sentence, story=7):
    return MentionRow(article, article, "X", "2005-03-01", label, label, actors, value, granularity, sentence,
                      story_id=story, language="en")


def test_a_day_row_is_weighed_as_its_day_mentions_made_it_not_as_earlier_joiners_left_it():
    """A week, month or year mention supports a day row by what the day's own mentions say (its event, two of its
    names, its words). A mention that joined first does not lend the row its label or names for the next one: in a
    long story that chain turned a day row into a bucket of every event of its year (the reviewer's `2004-11-25`,
    11 sources of which one reported that day)."""
    day = [_said(1, "2004-11-25", "day", "approve", ("Parliament",), "Parliament approved the budget bill on 25 November."),
           _said(2, "2004-11-25", "day", "approve", ("Parliament",), "The budget bill was approved by Parliament.")]
    joiner = _said(3, "2004-11", "month", "approve", ("Tony Blair", "Gordon Brown"),
                "In November Tony Blair and Gordon Brown approved the plan.")  # the day's event: it supports the day
    follower = _said(4, "2004-11", "month", "die", ("Tony Blair", "Gordon Brown"),
                  "Tony Blair and Gordon Brown attended a funeral in November after a soldier died.")  # only the joiner's names
    rows = build_timeline(day + [joiner, follower])
    by_value = {(r.date, r.label): {m.article_id for m in r.mentions} for r in rows}
    assert by_value[("2004-11-25", "approve")] == {1, 2, 3}
    assert by_value[("2004-11", "die")] == {4}
    # and the order the mentions come in does not change that
    again = build_timeline(day + [follower, joiner])
    assert {(r.date, r.label): {m.article_id for m in r.mentions} for r in again} == by_value


def test_a_year_supports_a_day_only_on_its_event_and_its_content_both():
    """'last year' is too vague to back a day on a shared name or a shared event word alone: it joins a day row of
    its story when it tells the same event in the same words, else it is a row of its own."""
    day = [_said(1, "2004-06-28", "day", "hand", ("Paul Bremer",), "Paul Bremer handed over sovereignty in Baghdad on June 28.")]
    names_only = _said(2, "2004", "year", "testify", ("Paul Bremer", "Baghdad"),
                    "Paul Bremer told the committee in Baghdad last year that costs rose.")
    same_event = _said(3, "2004", "year", "hand", ("Paul Bremer",),
                    "Paul Bremer handed over sovereignty in Baghdad last year.")
    month = _said(4, "2004-06", "month", "hand", ("Iyad Allawi",), "Iyad Allawi took power when the handover came in June.")
    rows = {(r.date, r.label): {m.article_id for m in r.mentions} for r in build_timeline(day + [names_only, same_event, month])}
    assert rows[("2004-06-28", "hand")] == {1, 3, 4}  # a month still joins on its event alone
    assert rows[("2004", "testify")] == {2}


def test_a_contact_line_glued_after_the_sentence_gives_way_to_the_sentence_before_it():
    """A sentence that is a footer ("… : help@…") after its seam: the summary is the piece before it that
    reads alone, not the footer (review, finding 6)."""
    sentence = ("Jane Roe , painter and teacher , born March 3 1941 ; died July 9 2005 Letters for publication "
                "should be sent to : letters@example.org If you need help using the site : help@example.org "
                "Call the main switchboard : This article appeared on page 32 of the paper .")
    mention = MentionRow(1, 1, "X", "2005-07-20", "die", "died", ("Jane Roe",), "2005-07-09", "day", sentence,
                         language="en")
    [row] = build_timeline([mention])
    assert row.summary == "Jane Roe , painter and teacher , born March 3 1941 ; died July 9 2005"


def test_without_a_sentence_that_reads_as_a_summary_a_whole_one_comes_before_a_fact_box():
    """When no mention reads as a summary, a whole sentence (here a dependent clause standing alone) is
    preferred to a fact box ("Born : … Also known as : …")."""
    box = ("Born : March 3 , 1941 , Leeds , England Also known as : Janey Roe Best known for : painting the "
           "Leeds docks , portraits of Jane Roe 's family , Roe painting")
    clause = "After Jane Roe was born in Leeds on 3 March 1941 ."
    mentions = [MentionRow(i, i, "X", "2005-07-20", "bury", "born", ("Jane Roe",), "1941-03-03", "day", text,
                           language="en") for i, text in enumerate([box, box, clause], start=1)]
    [row] = build_timeline(mentions)
    assert row.summary == clause


def _told(article, value, sentence, story=7):
    """A day named by one article written weeks after it (every such day has the same counts)."""
    return MentionRow(article, article, "X", "2010-08-01", "cap", "cap", ("BP",), value, "day", sentence,
                      story_id=story, language="en")


def test_between_days_of_equal_counts_the_rank_prefers_those_told_in_their_storys_words():
    """Days with the same support and salience: the one whose sentence shares nothing with the story's other days
    (a page's aside) ranks below those told in the story's words. Before, the earliest date won the tie."""
    mentions = [_told(1, "2010-05-02", "The pun is an ancient artform and the lowest form of wit."),
                _told(2, "2010-05-20", "BP tried to cap the leaking oil well with a containment dome."),
                _told(3, "2010-06-03", "A new cap was placed over the leaking oil well by BP engineers."),
                _told(4, "2010-07-15", "BP says the cap has stopped oil leaking from the well.")]
    rows = build_timeline(mentions, limit=3)
    assert [r.date for r in rows] == ["2010-05-20", "2010-06-03", "2010-07-15"]


def test_centrality_is_the_cosine_to_the_other_rows_of_the_same_story():
    mentions = [_told(1, "2010-05-20", "BP tried to cap the leaking oil well with a containment dome."),
                _told(2, "2010-06-03", "A new cap was placed over the leaking oil well by BP engineers."),
                _told(3, "2010-07-15", "BP says the cap has stopped oil leaking from the well."),
                _told(4, "2010-06-04", "BP engineers placed the cap over the oil well.", story=8),
                _told(5, "2010-06-05", "Fishermen were told to stay ashore.", story=9)]
    rows = build_timeline(mentions)
    assert len(rows) == 5
    found = dict(zip((r.date for r in rows), centrality(rows)))
    for row in rows:
        others = Counter()
        for other in rows:
            if other is not row and other.mentions[0].story_id == row.mentions[0].story_id:
                others.update(other.terms)
        expected = _cosine(row.terms, others)
        assert math.isclose(found[row.date], expected, abs_tol=1e-12)
    assert found["2010-06-04"] == found["2010-06-05"] == 0.0  # the only row of its story: no other to be close to
    assert found["2010-06-03"] > 0.3  # a story's rows that share words


def test_a_byline_opening_a_sentence_makes_it_no_summary():
    """"By Jane Roe BBC Panorama , Washington …": an author cue of the language file and a name after it is a
    byline glued to the sentence, not a summary; "By Monday , …" is a sentence."""
    byline = ("By Hilary Roe BBC Panorama , Washington A rig worker has told the BBC that he identified a leak in "
              "the rig 's safety equipment weeks before the explosion on 20 April .")
    plain = "A rig worker said he saw a leak in the safety equipment weeks before the explosion on 20 April ."
    mentions = [MentionRow(i, i, "X", "2010-06-21", "explode", "explosion", ("BBC",), "2010-04-20", "day", text,
                           language="en") for i, text in enumerate([byline, byline, plain], start=1)]
    [row] = build_timeline(mentions)
    assert row.summary == plain
    by_day = ("By Monday , the rig had sunk and a leak in the safety equipment was found before the explosion on "
              "20 April .")
    mentions = [MentionRow(i, i, "X", "2010-06-21", "explode", "explosion", ("BBC",), "2010-04-20", "day", text,
                           language="en") for i, text in enumerate([by_day, by_day, plain], start=1)]
    [row] = build_timeline(mentions)
    assert row.summary == by_day


def test_lists_chronologies_and_latest_days_noted_per_article_are_the_plain_formulas():
    """`build_timeline` notes per article what its sentences date, and folds the notes into lists, chronologies
    and latest days only for an article where some key holds two values (`_note` says so; most articles' do not):
    the rows carry what the plain formulas give over every mention, grouped or not."""
    from corpus_tools.timeline import _note

    seen: dict = {}
    assert [_note(seen, "k", "a"), _note(seen, "k", "a"), _note(seen, "k", "b"), _note(seen, "k", "c")] == \
        [False, False, True, True]
    rng = random.Random(13)
    days = [f"2024-06-{d:02d}" for d in range(1, 29)]
    mentions = []
    for article in range(1, 80):
        chronology = article % 9 == 0  # dates events to CHRONOLOGY_DAYS days or more
        for number in range(rng.randint(1, 4)):
            named = rng.sample(days, 13 if chronology and number == 0 else rng.choice([1, 1, 1, 2, 3]))
            for value in named:
                coarse = rng.random() < 0.15
                mentions.append(MentionRow(article, article, "X", "2024-07-01", "sign", "sign", ("Putin",),
                                           value[:7] if coarse else value, "month" if coarse else "day",
                                           f"sentence {number} of {article}", rng.random() < 0.1))
    dates, event_days = defaultdict(set), defaultdict(set)
    for m in mentions:
        dates[(m.article_id, m.sentence)].add(m.value)
        if m.granularity == "day" and not m.is_report:
            event_days[(m.article_id, m.sentence)].add(m.value)
    per_article = defaultdict(set)
    for (article, _), found in event_days.items():
        per_article[article] |= found
    lists = {key for key, found in dates.items() if len(found) >= 3}
    chronologies = {article for article, found in per_article.items() if len(found) >= 12}
    latest = {key: max(found) for key, found in event_days.items() if len(found) >= 2}
    assert lists and chronologies and latest and len(latest) < len(event_days)
    for grouped in (True, False):
        rows = build_timeline(mentions, grouped=grouped)
        assert rows
        for row in rows:
            assert (row.lists, row.chronologies, row.latest) == (lists, chronologies, latest)


def test_counters_made_without_their_init_are_the_counters_it_makes():
    """A sentence's vector and a row's terms start as Counters made without `Counter.__init__` (its `update` ran
    in Python for each): the same class, items and order, and they count, add and compare as Counters do."""
    from corpus_tools.timeline import _counter_copy, _new_counter

    weights = Counter({"presiden": 1.0, "jakarta": 1.6931471805599454, "banjir": 1.0})
    made, copy = _new_counter(), _counter_copy(weights)
    assert type(made) is Counter and made == Counter() and TimelineRow("2024-06-19", "day").terms == Counter()
    assert type(copy) is Counter and list(copy.items()) == list(Counter(weights).items()) and copy is not weights
    made.update(["a", "a"])
    copy["presiden"] += 1
    assert made == Counter(a=2) and copy + weights == Counter(weights) + Counter(weights) + Counter(presiden=1)
    assert weights["presiden"] == 1.0 and made["missing"] == 0
