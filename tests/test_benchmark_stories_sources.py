"""Which articles benchmarks/stories_eval.py reads: a development run never reads the held-out topic, its cache of
processed articles serves only the topics asked for (and only when it holds all of them), and news-tls's input is
the articles published within the gold range."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from benchmarks.stories_eval import DETIK, HELD_OUT, TOPICS, baselines, processed, topic_sources
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
