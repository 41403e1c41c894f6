"""The design of benchmarks/stories_cost.py: passes that do not overlap, in date order, copies within a pass."""

from __future__ import annotations

from datetime import date, timedelta

from benchmarks import stories_cost
from benchmarks.stories_cost import cron_order, pass_shift, replay_items, run
from benchmarks.timeline_eval import TODAY
from corpus_tools import stories
from corpus_tools.fingerprint import sign
from corpus_tools.record import Article, SourceDocument
from corpus_tools.store import Store

PORT = ("Rebel fighters attacked the northern port of Misrata on Tuesday, shelling the harbour where aid ships "
        "had docked, officials said. The attack followed a week of fighting along the coastal road, and the "
        "government blamed the rebels for the deaths of three sailors. Aid groups asked both sides to let the "
        "ships leave the harbour before the next convoy arrives from Malta at the end of the week.")
OIL = ("Engineers lowered a new containment cap onto the leaking well in the Gulf of Mexico, the oil company "
       "said on Monday. The cap is meant to stop the flow of crude that has fouled beaches from Louisiana to "
       "Florida since the rig exploded in April. Fishermen said the spill had closed their waters for months.")


def _article(n: int, title: str, body: str, published: str | None) -> tuple[str, Article]:
    """An article as the pipeline makes it (signed: the store keeps its signature for dedup)."""
    minhash, shingles = sign(body)
    return f"doc#{n}", Article(source=SourceDocument(path=f"doc#{n}", kind="record", payload=b""), title=title,
                               body=body, body_hash=f"h{n}", language="en", published=published,
                               minhash=list(minhash), shingle_hashes=shingles)


def _day(article: Article, today: date) -> date:
    return date.fromisoformat(article.published) if article.published else today


def test_pass_shift_keeps_every_pass_out_of_the_link_window_of_the_next():
    articles = [_article(1, "Port attacked", PORT, "2005-01-04"), _article(2, "Cap on the well", OIL, "2010-06-01"),
                _article(3, "Undated", OIL, None)]
    shift = pass_shift(articles, TODAY)
    passes: dict[int, list[date]] = {}
    for key, article, today, index in replay_items(articles, 4 * len(articles), shift):
        passes.setdefault(index // len(articles), []).append(_day(article, today))
        assert key.endswith(f"@{index // len(articles)}")
    assert sorted(passes) == [0, 1, 2, 3]
    for k in (0, 1, 2):  # the earliest article of a pass reaches back LINK_DAYS: never to a story of the pass before
        assert min(passes[k + 1]) - timedelta(days=stories.LINK_DAYS) > max(passes[k])
    # the first design's 400 days a pass put the next pass's articles inside this one's dates
    early = [_day(a, t) for _, a, t, _ in replay_items(articles, 2 * len(articles), 400)]
    assert min(early[3:]) - timedelta(days=stories.LINK_DAYS) <= max(early[:3])


def test_cron_order_is_by_date_with_undated_articles_on_the_day_they_are_ingested():
    articles = [_article(1, "a", PORT, "2011-03-02"), _article(2, "b", OIL, None), _article(3, "c", PORT, "2005-01-04"),
                _article(4, "d", OIL, "2011-03-02"), _article(5, "e", PORT, "2030-01-01")]
    assert [k for k, _ in cron_order(articles, date(2026, 1, 1))] == ["doc#3", "doc#1", "doc#4", "doc#2", "doc#5"]


def test_each_pass_finds_its_own_copies_and_makes_its_own_stories(tmp_path):
    articles = [_article(1, "Rebels shell the port of Misrata", PORT, "2011-03-01"),
                _article(2, "Rebels shell the port of Misrata", PORT + " Reporting by a wire agency.", "2011-03-01"),
                _article(3, "A cap on the leaking well", OIL, "2011-03-03")]
    store = Store(tmp_path / "cost.db")
    shift = pass_shift(articles, TODAY)
    out = run(store, replay_items(articles, 3 * len(articles), shift), saving=True, count=3 * len(articles), quiet=True)
    assert len(out) == 9
    rows = {r["doc_key"]: dict(r) for r in store.db.execute(
        "SELECT id, doc_key, duplicate_of, story_id, published FROM articles")}
    for k in range(3):
        original, copy, other = rows[f"doc#1@{k}"], rows[f"doc#2@{k}"], rows[f"doc#3@{k}"]
        # one copy group within the pass (either may be kept), not the same text of pass 0
        assert {copy["duplicate_of"], original["duplicate_of"]} in ({original["id"], None}, {copy["id"], None})
        assert copy["story_id"] == original["story_id"] != other["story_id"]
        assert original["published"] == (date(2011, 3, 1) + timedelta(days=k * shift)).isoformat()
    story_ids = [{rows[f"doc#{n}@{k}"]["story_id"] for n in (1, 2, 3)} for k in range(3)]
    assert not story_ids[0] & story_ids[1] and not story_ids[1] & story_ids[2]
    store.close()


def test_a_checkpoint_is_measured_beside_a_fresh_store_doing_the_same_work(tmp_path, monkeypatch):
    monkeypatch.setattr(stories_cost, "BATCH", 3)  # checkpoints of 3 articles: the last pass's, in a fresh store
    articles = [_article(1, "Rebels shell the port of Misrata", PORT, "2011-03-01"),
                _article(2, "The port of Misrata shelled again by rebels", PORT.replace("Tuesday", "Friday"),
                         "2011-03-04"),
                _article(3, "A cap on the leaking well", OIL, "2011-03-03")]
    shift = pass_shift(articles, TODAY)
    store = Store(tmp_path / "cost.db")
    out = run(store, replay_items(articles, 9, shift), saving=True, count=9, quiet=True,
              shadows=stories_cost.Shadows(articles, shift, 9))
    store.close()
    assert ["fresh" in m for m in out] == [False] * 6 + [True] * 3
    assert [m["candidates"] for m in out[6:]] == [m["fresh"]["candidates"] for m in out[6:]]
    assert sum(m["candidates"] for m in out[6:]) > 0  # the second article of the port story met the first
    part = stories_cost.summary(out[6:])
    assert part["same"] == "100%" and part["ratio"].endswith("x")


def test_two_checkpoints_in_one_pass_are_both_measured():
    articles = [_article(n, "t", PORT, "2011-03-01") for n in range(3000)]
    shadows = stories_cost.Shadows(articles, 9000, 2500)  # checkpoints 1,000 and 2,500, both in the first pass
    assert shadows.starts == {0: 2500}
    assert [shadows.measured(i) for i in (0, 999, 1000, 1499, 1500, 2499)] == [True, True, False, False, True, True]
