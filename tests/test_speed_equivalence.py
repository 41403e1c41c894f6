"""Code written out for speed must give what the library it replaces gives (issue 13).

`fingerprint.signature` computes datasketch's MinHash itself, `stories._analyzer` is
scikit-learn's word analyzer written out: both only to spare their imports.
"""

from __future__ import annotations

import re

import pytest

from corpus_tools import fingerprint, firstchar, stories
from corpus_tools.dates import tagger
from corpus_tools.languages import section

from .conftest import SEEDS

TEXTS = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))][:12] + [
    "", "one", "two words", "Ünïcode ＦＵＬＬＷＩＤＴＨ text, with — punctuation; and 123 numbers 4-5",
    "Presiden Joko Widodo meresmikan jalan tol di Jawa Tengah pada Senin (12/11/2024).",
]


@pytest.mark.parametrize("params", [fingerprint.DEFAULT_PARAMS,
                                    fingerprint.FingerprintParams(shingle_size=2, num_perm=64, bands=16, seed=7)])
def test_signature_is_datasketch_minhash(params):
    datasketch = pytest.importorskip("datasketch")
    assert len(TEXTS) > 10
    for text in TEXTS:
        expected = datasketch.MinHash(num_perm=params.num_perm, seed=params.seed)
        expected.update_batch([s.encode() for s in fingerprint.shingles(text, params.shingle_size)])
        assert fingerprint.signature(text, params) == expected.hashvalues.tolist(), text[:60]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_analyzer_is_scikit_learn_word_analyzer(lang):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    stop = set(section(lang, "stopwords").get("words", "").split())
    assert stop
    theirs = text.CountVectorizer(lowercase=True, stop_words=sorted(stop),
                                  token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b").build_analyzer()
    ours = stories._analyzer(lang)
    for doc in TEXTS + ["The U.S. can't stop; it's Jokowi's re-election, ÉLAN and naïve café 2024-11-12"]:
        assert ours(doc) == theirs(doc)
    assert ours(TEXTS[0])  # not vacuous


@pytest.mark.parametrize("pattern, flags", [
    (r"(?<![\w/])(?:(?P<wd>senin|selasa),?\s+)?(?P<d>[0-3]?\d)\s+(?P<m>juni|juli)", re.I),
    (r"(?:abc)?(?!)\s+x|y\d", 0),
    (r"[^a]b", 0),  # a negated class: left unguarded
    (r"a?", 0),  # can match empty: left unguarded
    (r"(?i)senin", 0),  # inline flags: left unguarded
    (r"\bfoo|\d+(?:\.\d+)?|(?=x)xy", 0),
])
def test_guarded_patterns_match_exactly_as_the_plain_ones(pattern, flags):
    plain, fast = re.compile(pattern, flags), firstchar.guarded(pattern, flags)
    text = "Senin, 12 Juni dan 3 juli; x y5 ab cb foo 3.14 xy SENIN 1 JULI " * 3
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)]
    assert [m.groupdict() for m in plain.finditer(text)] == [m.groupdict() for m in fast.finditer(text)]


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_date_families_guarded_find_what_they_found_unguarded(lang):
    lexicon = tagger.Lexicon(lang)
    texts = TEXTS + [path.read_text() for path in sorted(SEEDS.glob("*.txt"))[12:40]]
    guarded = 0
    for _priority, pattern, _resolve, _needles in lexicon.families:
        assert pattern.pattern.startswith("(?=[") or firstchar.first_class(pattern.pattern, pattern.flags) is None
        guarded += pattern.pattern.startswith("(?=[")
        plain = re.compile(pattern.pattern.split(")(?:", 1)[1][:-1], pattern.flags) \
            if pattern.pattern.startswith("(?=[") else pattern
        for text in texts:
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert guarded >= len(lexicon.families) - 2
