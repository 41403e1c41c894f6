"""A learned line score for the span of a whole-page dump: a logistic regression over
language-independent line features, trained offline on the development dumps.

`features(...)` turns the lines `span.find_span` has scored by its rules into one vector a line:
the line's own shape (length, function-word density, sentence punctuation, digits, capitals,
position), the rules' verdict on it (furniture, headline-shaped, short line, prose…) and the same
of its neighbours (jusText's context). `probabilities(...)` applies the weights of
`line_model.json` — written by `python -m benchmarks.dumps_model --write`, which fits them with
scikit-learn on the development pages only — in plain Python: nothing is imported at run time.
No feature names a word: the words come from the language file (its stopwords) or nowhere.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).with_name("line_model.json")
_SENTENCE = re.compile(r"[.!?。！？][\"”’')\]»]*(?:\s|$)")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]{4,}")

# the rules' verdict on a line, as span.find_span leaves it before the maximum-sum span
CATEGORIES = ("furniture", "headline", "neutral", "short_sentence", "fragment", "dateline", "prose_alone", "prose")
OWN = ("log_words", "log_chars", "stop_density", "sentence", "ends_sentence", "digits", "capitals",
       "link_row", "clutter") + CATEGORIES
CONTEXT = ("prose", "furniture", "headline", "log_words")  # of the neighbours, and of a window around the line
WINDOW = 3


def names() -> list[str]:
    """The feature names, in the order of `features`' vectors."""
    found = list(OWN) + ["position", "in_core", "core_distance", "own_stopwords"]
    for side in ("prev", "next"):
        found += [f"{side}_{name}" for name in CONTEXT]
    found += [f"window_{name}" for name in CONTEXT]
    return found


def features(texts: list[str], words: list[int], densities: list[float], categories: list[str],
             clutter: list[bool], link_rows: list[bool], core: tuple[int, int], own_stopwords: bool
             ) -> list[list[float]]:
    """One vector a line (see `names`)."""
    n = len(texts)
    own = []
    for i, text in enumerate(texts):
        long_words = _WORD.findall(text)
        row = [math.log1p(words[i]), math.log1p(len(text)), densities[i] if own_stopwords else 0.0,
               float(bool(_SENTENCE.search(text))), float(text.endswith((".", "!", "?", "。", "！", "？", '."', ".”"))),
               len(_DIGIT.findall(text)) / len(text),
               sum(w[0].isupper() for w in long_words) / len(long_words) if long_words else 0.0,
               float(link_rows[i]), float(clutter[i])]
        row += [float(categories[i] == c) for c in CATEGORIES]
        own.append(row)
    index = {name: k for k, name in enumerate(OWN)}
    context = [[(own[i][index["prose"]] + own[i][index["prose_alone"]]), own[i][index["furniture"]],
                own[i][index["headline"]], own[i][index["log_words"]]] for i in range(n)]
    blank = [0.0] * len(CONTEXT)
    start, end = core
    vectors = []
    for i in range(n):
        distance = 0 if start <= i < end else (start - i if i < start else i - end + 1)
        row = own[i] + [i / n, float(start <= i < end), math.log1p(distance), float(own_stopwords)]
        row += context[i - 1] if i > 0 else blank
        row += context[i + 1] if i + 1 < n else blank
        around = [context[k] for k in range(max(0, i - WINDOW), min(n, i + WINDOW + 1)) if k != i]
        row += [sum(c[k] for c in around) / len(around) for k in range(len(CONTEXT))] if around else blank
        vectors.append(row)
    return vectors


@lru_cache(maxsize=1)
def load(path: str = str(MODEL)) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def probabilities(vectors: list[list[float]], model: dict | None = None) -> list[float]:
    """P(the line belongs to the story) of each vector, by the weights of `model` (the shipped
    file by default): a logistic regression over standardised features."""
    model = model or load()
    weights = [w / s for w, s in zip(model["weights"], model["scale"])]
    bias = model["bias"] - sum(w * m for w, m in zip(weights, model["mean"]))
    found = []
    for row in vectors:
        z = bias + sum(w * x for w, x in zip(weights, row))
        found.append(1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0)
    return found
