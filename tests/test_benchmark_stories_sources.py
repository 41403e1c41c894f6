"""Which articles benchmarks/stories_eval.py reads: a development run never reads the held-out topic, its cache of
processed articles serves only the topics asked for (and only when it holds all of them), and news-tls's input is
the articles published within the gold range."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from benchmarks.stories_eval import DETIK, HELD_OUT, TOPICS, baselines, fill, outside_main, processed, topic_sources
from corpus_tools.store import Store
from tests.records import story


def _jsonl(path, seed: int, count: int = 2):
    lines = [json.dumps({"id": f"{seed}-{n}", "published": f"2011-03-0{n + 1}", "text": story(seed * 10 + n, "en")})
             for n in range(count)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _labels(items) -> set[str]:
    return {label for label, _, _ in items}


def test_a_cache_serves_the_labels_asked_and_only_when_it_holds_them(tmp_path):
    dev_file, held_file = _jsonl(tmp_path / "dev.jsonl", 1), _jsonl(tmp_path / "held.jsonl", 2)
    cache = tmp_path / "cache.pkl"
    dev = processed([("dev", dev_file)], cache)
    assert _labels(dev) == {"dev"} and len(dev) == 2
    # a full run after a development run: the cache lacks a topic, so everything is processed again
    full = processed([("dev", dev_file), ("held", held_file)], cache)
    assert _labels(full) == {"dev", "held"} and len(full) == 4
    # a development run after a full run: the cache serves it, without the held-out topic's articles
    held_file.unlink()  # and without reading its file
    again = processed([("dev", dev_file)], cache)
    assert _labels(again) == {"dev"}
    assert [key for _, key, _ in again] == [key for _, key, _ in dev]


@pytest.mark.skipif(not TOPICS.is_dir() or not DETIK.exists(), reason="development data absent")
def test_a_development_run_never_lists_the_held_out_topic():
    assert HELD_OUT in {label for label, _ in topic_sources()}
    assert HELD_OUT not in {label for label, _ in topic_sources(HELD_OUT)}


def test_news_tls_input_leaves_out_the_mentions_of_articles_published_after_the_range():
    articles = [{"published": day} for day in ("2011-03-01", "2011-03-01", "2011-03-02", "2011-04-01")]
    # (publication day, day named) → copies: a look back written in April names 3 March three times
    mentioned = Counter({("2011-03-01", "2011-03-02"): 1, ("2011-03-02", "2011-03-03"): 1,
                         ("2011-04-01", "2011-03-03"): 3})
    every = baselines(articles, mentioned, "2011-03-01", "2011-03-03", 1, news_tls=False)
    assert every == {"publication dates": {"2011-03-01"}, "date mentions": {"2011-03-03"}}
    inside = baselines(articles, mentioned, "2011-03-01", "2011-03-03", 1, news_tls=True)
    # one mention each of 2 and 3 March left: the tie goes to the earlier day; publication days outside the range
    # were never candidates
    assert inside == {"publication dates": {"2011-03-01"}, "date mentions": {"2011-03-02"}}


_OTHER = ("chess grandmaster tournament opening endgame rook bishop pawn knight queen gambit checkmate draw "
          "rating blitz clock arbiter sacrifice castling").split()


def _other_news(seed: int) -> str:
    """An article body in words none of `story`'s share: news of another kind."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(_OTHER) for _ in range(16)).capitalize() + "." for _ in range(6))


def test_outside_main_lists_each_topics_articles_outside_its_main_story(tmp_path):
    lines = [{"id": f"a{n}", "published": f"2011-03-0{n + 1}", "text": story(40 + n, "en")} for n in range(3)]
    lines.append({"id": "a-other", "published": "2011-03-02", "text": _other_news(7)})
    topic_a = tmp_path / "a.jsonl"
    topic_a.write_text("".join(json.dumps(line) + "\n" for line in lines))
    items = processed([("a", topic_a), ("b", _jsonl(tmp_path / "b.jsonl", 5, 3))], None)
    store = Store(tmp_path / "t.db")
    label_of = fill(store, items, [])
    story_of = {a: store.article_story(a) for a in label_of}
    main = {label: Counter(story_of[a] for a in label_of if label_of[a] == label).most_common(1)[0][0]
            for label in ("a", "b")}
    out = outside_main(store, label_of)
    store.close()
    listed = {row["article"] for row in out}
    # exactly the articles whose story is not their topic's main story, each with its own story and opening
    assert listed == {a for a in label_of if story_of[a] != main[label_of[a]]}
    assert all(row["story"] == story_of[row["article"]] and row["topic"] == label_of[row["article"]] for row in out)
    other = next(row for row in out if row["opening"].lower().split()[0] in _OTHER)
    assert other["topic"] == "a" and other["published"] == "2011-03-02"
