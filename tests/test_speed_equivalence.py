"""Code written out for speed must give what the library it replaces gives (issue 13).

`fingerprint.signature` computes datasketch's MinHash itself, `stories._analyzer` is
scikit-learn's word analyzer written out: both only to spare their imports.
"""

from __future__ import annotations

import pytest

from corpus_tools import fingerprint, stories
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
