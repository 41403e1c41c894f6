"""The shape of the timeline's memory (issue 13): a big store's mentions repeat their texts and their
sentences' terms, and a timeline holds each of those once. The peak RSS itself is measured by
benchmarks/speed.py (the scaling stores' `timeline` rows), not here."""

from __future__ import annotations

import re
import types

from corpus_tools.store import Store
from corpus_tools.timeline import (MENTION_FIELDS, MentionRow, attach_leads, build_timeline, row_as_dict,
                                   timeline_from_store)


def _mentions(db) -> list[MentionRow]:
    with Store(db, readonly=True) as store:
        return MentionRow.from_stored(store.mention_tuples(list(MENTION_FIELDS), parse=False))


def test_streamed_rows_are_the_listed_rows(seeded_db):
    with Store(seeded_db, readonly=True) as store:
        rows = store.mention_tuples(list(MENTION_FIELDS), parse=False)
        stream = store.mention_tuples(list(MENTION_FIELDS), parse=False, stream=True)
        assert isinstance(stream, types.GeneratorType)  # the cursor's rows one at a time, not a list of them
        assert list(stream) == rows


def test_mentions_hold_each_equal_text_and_term_once(seeded_db):
    mentions = _mentions(seeded_db)
    for name in ("sentence", "title", "url", "outlet", "label", "value"):
        texts = [getattr(m, name) for m in mentions if getattr(m, name) is not None]
        assert len({id(t) for t in texts}) == len(set(texts)), name  # equal texts: one object
    assert len(set(map(id, (m.terms for m in mentions)))) == len({m.sentence for m in mentions})
    terms = [t for m in mentions for t in m.terms]
    weights = [w for m in mentions for w in m.terms.values()]
    assert len(set(terms)) < len(terms) and len(set(weights)) < len(weights)  # there is something to share
    assert len({id(t) for t in terms}) == len(set(terms))  # a term shared by two sentences: one string
    assert len({id(w) for w in weights}) == len(set(weights))  # and one float per weight
    rows = build_timeline(mentions)
    sums = [w for row in rows for w in row.terms.values()]
    assert len({id(w) for w in sums}) == len(set(sums))  # rows' summed weights too


def _copy(value):
    return (value + ".")[:-1] if isinstance(value, str) else value  # an equal string, another object


def test_the_shared_objects_do_not_change_the_timeline(seeded_db):
    """The mentions built one by one (MentionRow(...), each with its own copies) give the same rows."""
    mentions = _mentions(seeded_db)
    apart = [MentionRow(*(_copy(getattr(m, name)) for name in MENTION_FIELDS)) for m in mentions]
    assert apart == mentions and apart[0].sentence is not mentions[0].sentence
    with Store(seeded_db, readonly=True) as store:
        published = store.published_counts()
        stored = [row_as_dict(row) for row in timeline_from_store(store, limit=0)]
        rows = build_timeline(apart, published=published)
        attach_leads(store, rows)  # as timeline_from_store does: the summaries weigh the day's leads
    assert [row_as_dict(row) for row in rows] == stored


def test_mentions_have_no_instance_dict_and_stay_frozen(seeded_db):
    import dataclasses

    import pytest

    mention = _mentions(seeded_db)[0]
    assert not hasattr(mention, "__dict__")  # slots: ~0.12 KB a mention less than a dict of its fields
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.value = "2024-01-01"
    assert mention.actor_words == frozenset(w.lower() for a in mention.actors for w in re.findall(r"\w+", a))


def test_a_row_shares_its_first_mention_terms_and_words_until_a_second_adds_some():
    from collections import Counter

    from corpus_tools.timeline import TimelineRow

    one = MentionRow(1, 1, "X", "2024-11-12", "sign", "sign", ("Putin",), "2024-11-12", "day",
                     "Putin signed the treaty in Pyongyang.")
    two = MentionRow(2, 2, "Y", "2024-11-12", "sign", "sign", ("Kim",), "2024-11-12", "day",
                     "Kim signed the treaty with Putin.")
    before = list(one.terms.items())
    row = TimelineRow("2024-11-12", "day")
    row.add(one)
    assert row.terms is one.terms and row.actor_words is one.actor_words  # shared, not copied
    row.add(one)
    assert row.actor_words is one.actor_words  # no word it lacks: still shared
    row.add(two)
    assert row.actor_words == one.actor_words | two.actor_words == {"putin", "kim"}
    assert row.terms is not one.terms and list(one.terms.items()) == before  # the mention's vector untouched
    expected = Counter()
    for mention in (one, one, two):
        for term, weight in mention.terms.items():
            expected[term] = expected.get(term, 0) + weight
    assert list(row.terms.items()) == list(expected.items())  # the same sums in the same order
    other = TimelineRow("2024-11-12", "day")
    other.add_all([one, one, two])
    assert list(other.terms.items()) == list(expected.items()) and list(one.terms.items()) == before
    assert row.labels == {"sign"} and row.labels is other.labels  # one set for the rows of one label
    third = MentionRow(3, 3, "Z", "2024-11-12", "meet", "meet", ("Kim",), "2024-11-12", "day", "Kim met Putin.")
    other.add(third)
    assert other.labels == {"sign", "meet"} and row.labels == {"sign"}  # the shared one untouched


def _chronology_mentions() -> list[MentionRow]:
    """Article 1 dates events to fourteen days, three of them in one sentence (a list); articles 2 and 3
    report two of those days."""
    out = [MentionRow(1, 1, "X", "2024-03-30", "meet", "meet", ("Budi",), f"2024-03-{day:02d}", "day",
                      f"Budi met the council on 2024-03-{day:02d} about the budget.", story_id=1)
           for day in range(1, 12)]
    out += [MentionRow(1, 1, "X", "2024-03-30", "sign", "sign", ("Budi",), f"2024-03-{day}", "day",
                       "Budi signed on 20, 21 and 22 March.", story_id=1) for day in (20, 21, 22)]
    out += [MentionRow(article, article, outlet, "2024-03-23", "sign", "sign", ("Budi", "Siti"), "2024-03-21", "day",
                       f"Budi and Siti signed the budget on Thursday ({outlet}).", story_id=1)
            for article, outlet in ((2, "Y"), (3, "Z"))]
    out.append(MentionRow(3, 3, "Z", "2024-03-23", "sign", "sign", ("Budi",), "2024-03", "month",
                          "The budget was signed in March.", story_id=1))
    return out


def test_mentions_read_article_by_article_give_the_same_rows():
    """`grouped` (the store's order: each article's mentions together) counts what an article's sentences date
    one article at a time instead of holding it for every mention; the rows are the same."""
    mentions = _chronology_mentions()
    grouped = build_timeline(mentions, grouped=True)
    apart = build_timeline(mentions)
    assert [row_as_dict(r) for r in grouped] == [row_as_dict(r) for r in apart]
    assert grouped[0].lists == apart[0].lists == {(1, "Budi signed on 20, 21 and 22 March.")}
    assert grouped[0].chronologies == apart[0].chronologies == {1}
    assert grouped[0].latest == apart[0].latest == {(1, "Budi signed on 20, 21 and 22 March."): "2024-03-22"}


def test_the_timeline_reads_titles_and_urls_only_for_the_rows_it_keeps(seeded_db, monkeypatch):
    import corpus_tools.timeline as timeline

    weighed: list[tuple] = []  # (title, url) of each mention the timeline weighs, as it weighs them
    original = timeline.build_timeline

    def build(mentions, **options):
        weighed.extend((m.title, m.url) for m in mentions)
        return original(mentions, **options)
    monkeypatch.setattr(timeline, "build_timeline", build)
    with Store(seeded_db, readonly=True) as store:
        rows = timeline_from_store(store, limit=3)
        shown = {a["id"]: (a["title"], a["url"]) for a in store.list_articles()}
    assert weighed and set(weighed) == {(None, None)}  # never held for every mention
    kept = [m for row in rows for m in row.mentions]
    assert kept and all((m.title, m.url) == shown[m.article_id] for m in kept)
    assert any(m.title for m in kept)


def test_a_stored_timeline_is_written_piece_by_piece(tmp_path):
    """`Store.save_timelines` takes the JSON text in pieces and lets each go once written (SQLite writes them
    into the row in place): the text is read back whole, and the pieces are gone."""
    from corpus_tools.timeline import stored_question

    question = stored_question({"limit": 100})
    pieces = ["[", '{"date": "2024-11-12", "summary": "caf\\u00e9"}', ", ", "{}", "]"]
    whole = "".join(pieces)
    with Store(tmp_path / "t.db") as store:
        with store.transaction():
            store.save_timelines({question: pieces})
        assert pieces == []
        assert store.stored_timeline(question) == whole
        with store.transaction():  # replaced, not added to
            store.save_timelines({question: ["[]"]})
        assert store.stored_timeline(question) == "[]"
