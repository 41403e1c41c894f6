"""Code written out for speed must give what the library it replaces gives (issue 13).

`fingerprint.signature` computes datasketch's MinHash itself, `stories._analyzer` is
scikit-learn's word analyzer written out: both only to spare their imports.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

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


def test_shingle_hashes_are_numpy_unique_of_the_digests():
    import numpy as np
    for text in TEXTS + ["a b a b a b", "x x x x"]:
        digests = fingerprint._digests(text, 2)
        assert fingerprint._sorted_blob(digests) == np.unique(np.frombuffer(digests, dtype="<u8")).astype("<u8").tobytes()
    repeated = np.array([5, 3, 5, 1, 3, 3], dtype="<u8").tobytes()
    assert np.frombuffer(fingerprint._sorted_blob(repeated), dtype="<u8").tolist() == [1, 3, 5]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_analyzer_is_scikit_learn_word_analyzer(lang):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    stop = set(section(lang, "stopwords").get("words", "").split())
    assert stop
    theirs = text.CountVectorizer(lowercase=True, stop_words=sorted(stop),
                                  token_pattern=stories.TOKEN_PATTERN).build_analyzer()
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


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_date_families_scanned_in_pieces_find_what_a_whole_scan_finds(lang):
    lexicon = tagger.Lexicon(lang)
    assert lexicon.cuts is not None and any(shape is not None for shape in lexicon.shapes)
    texts = TEXTS + [path.read_text() for path in sorted(SEEDS.glob("*.txt"))[12:40]] + [
        # dates against cut characters, lookaheads reaching past them, digits only across a cut
        'kata dia: "Senin (12/11/2024)" lalu; 5 Juni: 2024 tahun 1998% tahun 1998.5 abad 20,1',
        '"12 Juni"2024;"Selasa, 3 Juli 2023":"minggu lalu"?"tanggal 24 kemarin"!(12/11)“1990-an”',
        "1/2: 2024; x 12 Des? 3 Des 99\"Mar 1890: 2.3; 20-10 tahun 2024-11-12", "tahun 1998%ok; in 1998%ok: abad 20:x", "tahun 1998%;",
        "SENİN lalu: x; minggu lalu; \u212aamis? Juni. JUNİ\"x", "Selasa: hari ini; bulan lalu", "in May; last week",
        "March 3, 2024: the 1980s; \"last year\"?'80s 21st century— in June 1998—2 days ago.",
        # the words a family requires, inside longer words and whole beside digits, hyphens, underscores
        "12 desa; 3 Desember2024; 12 Des.2024; 5 Jun_ 2024; 9 Juni-an 2024; akhir-Juni 2020; Senin_ 3 Juli",
        "tiga hari-hari lalu; 2 harian lalu; sehari lalu; 3 Maret2024; Nov.9; Sept. 9, 2024; 4 mei2024 lalu",
        "in Junee 2024; 3 Marches; on Mondays; 2 weeks ago; 2 weekss ago; Jan_ 3; 3rd of Jan_uary 2024",
        # the same words against the characters a family cuts at and others consume
        "(12 Juni)2024 x(Juni 2024) 12.Juni 2024, 3 hari/lalu; x_juni 2024 tahun.lalu (kemarin) hari,ini",
        "akhir (Juni) lalu, 5 Juni, 2024. Sabtu(12/11) 'Juni' 2020 bulan-lalu Juni-Juli 2024 tanggal 24,lalu",
        "the (first) quarter, 2024; last-year's June; (3 days) ago; 12 June,2024 the 1990s.nowadays, 21st-century",
        # the ASCII letters a family's words lack, which end its windows, beside and inside dates
        "xSenin (12/11/2024) Senin y(12/11) ySelasa, 3 Juli 2023z Sabtu,12/11/2024y yang 5/6/2020 oleh",
        "Jumat yang lalu, 12 Juni 2024 pukul 10.30; Qamis 3 Juli; kemarin (3/4) pagi; tahun 2024-an; 1990-an",
        "Monday, Nov. 21, 2024 Kyiv; zMarch 3; the 1980sx; 2 weeks agoz; quarterly 1989 quarter; Zsunday",
    ]
    pieces_used = shaped = windowed = 0
    for (_priority, pattern, _resolve, needles), shape, window in zip(lexicon.families, lexicon.shapes,
                                                                     lexicon.windows):
        if shape is None:
            continue
        shaped += 1
        for text in texts:
            pieces = tagger._pieces(text, lexicon.cuts)
            pieces_used += len(pieces) > 1
            whole = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            if needles and not any(n in text.lower() for n in needles):
                whole = []
            assert [(m.span(), m.groupdict()) for m in tagger._in_pieces(pattern, text, pieces, *shape)] \
                == whole, (pattern.pattern[:60], text[:60])
            lowered = text.lower()
            if window is not None and len(lowered) == len(text) and firstchar.FOLDS_TO_ASCII.isdisjoint(text):
                windowed += 1
                assert [(m.span(), m.groupdict()) for m in tagger._in_windows(
                    pattern, text, lowered, *shape, window, {})] == whole, (pattern.pattern[:60], text[:60])
    assert pieces_used and shaped >= len(lexicon.families) - 2
    assert windowed
    # windows end at the ASCII letters a family's words lack too, not only at punctuation
    assert any(window[0].search("qQ") for window in lexicon.windows if window is not None)


def test_cli_coercion_without_pydantic_gives_what_typer_gives():
    from enum import Enum
    from typing import Optional

    from typer import _coercion, core
    from typer._click.exceptions import BadParameter
    from typer.models import ArgumentInfo, OptionInfo

    from cli import coercion

    assert coercion.install()
    assert core.build_runtime_param is not _coercion.build_runtime_param

    class Colour(str, Enum):
        red = "red"
        blue = "blue"

    cases = [
        (str, OptionInfo(), ["x", "", "  spaced  ", "ünï", "-"]),
        (Optional[str], OptionInfo(), ["2024-11-10", "a b"]),
        (bool, OptionInfo(), [True, False]),
        (int, OptionInfo(min=0), ["0", "20", "007", "-1", "x", "1.5", " 3", 5]),
        (Optional[int], OptionInfo(), ["12", "-3"]),
        (int, ArgumentInfo(), ["42"]),
        (float, OptionInfo(min=0.001), ["20", "0.5", "0", "1e3", ".5", "abc", 20.0, 0.0]),
        (float, OptionInfo(min=0.0, max=1.0), ["0.25", "1.5", "1"]),
        (Colour, OptionInfo(), ["red", "blue", "RED", "green", Colour.red]),
        (Colour, OptionInfo(case_sensitive=False), ["RED", "Blue"]),
        (list[str], ArgumentInfo(), [("a",), ("a", "b c", ""), ["x", "y"], "lone", ()]),
        (list[str], OptionInfo(), [(), ("title=kop",), ("a", 1)]),
        (list[int], OptionInfo(min=1), [("1", "22"), ("0",), ("x",), ()]),
        (list[Colour], OptionInfo(), [("red", "blue"), ("green",), ()]),
        (list[str], ArgumentInfo(), [("a", "b c"), ["x"], (), "one", ("-",)]),
        (list[str], OptionInfo(), [("title=headline",), []]),
        (list[int], OptionInfo(min=1), [("1", "20"), ("0",), ("x",), "3"]),
    ]
    cheap = 0
    for annotation, info, values in cases:
        descriptor = _coercion.resolve_type_descriptor(annotation, info)
        theirs, ours = _coercion.build_runtime_param(descriptor), core.build_runtime_param(descriptor)
        cheap += type(ours).__name__ == "Cheap"
        for value in values:
            try:
                expected = theirs._coerce_value(value, param=None, ctx=None)
            except BadParameter as exc:
                with pytest.raises(BadParameter) as raised:
                    ours._coerce_value(value, param=None, ctx=None)
                # the same words, less pydantic's "Value error, " before a choice's message
                assert str(raised.value) == str(exc).replace("Value error, ", "")
                continue
            got = ours._coerce_value(value, param=None, ctx=None)
            assert got == expected and type(got) is type(expected), (annotation, value)
    assert cheap == len(cases)


def test_the_only_non_ascii_characters_case_insensitive_ascii_letters_match():
    letter = re.compile("[a-z]", re.I)
    assert {chr(i) for i in range(128, 0x110000) if letter.fullmatch(chr(i))} == firstchar.FOLDS_TO_ASCII


def test_folds_to_ascii_says_what_the_set_says():
    texts = ["", "plain ascii", "caf\u00e9", "\u201cquoted\u201d", *FOLD_SAMPLES,
             *(prefix + char + suffix for char in firstchar.FOLDS_TO_ASCII for prefix in ("", "x", "\u00e9")
               for suffix in ("", "y", "\u4e00"))]
    for text in texts:
        assert firstchar.folds_to_ascii(text) == (not firstchar.FOLDS_TO_ASCII.isdisjoint(text)), repr(text)
    assert firstchar.folds_to_ascii("\u0130stanbul") and not firstchar.folds_to_ascii("Istanbul \u00e9")


FOLD_SAMPLES = ["\u017fimak", "\u212alik", "\u0131rmak", "\u0130\u0130", "\U0001f600 \u212a"]


# words with letters beyond ASCII (fr.toml's promotions), in every case and near miss
ACCENTED = ["Tous droits réservés 2025", "TOUS DROITS RÉSERVÉS", "tous droits reserves", "Tous droits re\u0301serve\u0301s",
            "Publicité", "PUBLICITÉ", "publicite", "Téléchargez l’application", "TÉLÉCHARGEZ L'APPLICATION",
            "téléchargez lapplication", "Nous utilisons des cookies", "Cette vidéo n’est pas disponible",
            "ſous droits réservés", "\u212aous droits réservés", "Tous droits réſervés"]


@pytest.mark.parametrize("lang", ["id", "en", "ms", "fr", "und"])
def test_promotion_patterns_skip_only_lines_they_cannot_match(lang):
    """The quick test skips only lines the pattern cannot match, for words beyond ASCII too: a language
    file with accented promotions ("tous droits réservés", fr.toml) had turned it off for its own
    language and for every language without a file (`und`: all files' words merged)."""
    from corpus_tools.clean.rules import rules_for
    rules = rules_for(lang)
    lines = [line for text in TEXTS for line in text.split("\n")] + [
        "Baca juga: sesuatu", "BACA JUGA", "Simak video berikut ini", "ſimak", "Klik di sini", "\u212alik",
        "Follow us on Twitter", "Subscribe to our newsletter", "Download aplikasinya sekarang"] + ACCENTED
    skipped = 0
    for pattern in (rules.promo, rules.promo_tail):
        assert isinstance(pattern, firstchar.WordsPattern) and pattern._may_match is not None
        for line in lines:
            assert pattern.search(line) == pattern.compiled.search(line) or \
                pattern.search(line).span() == pattern.compiled.search(line).span()
            assert pattern.sub("", line) == pattern.compiled.sub("", line)
            skipped += not pattern._may_match(line)
    assert skipped > len(lines)  # the quick test rules most lines out


def test_band_keys_are_blake2b_of_each_bands_uint64_rows():
    import hashlib

    import numpy as np
    params = fingerprint.DEFAULT_PARAMS
    sig = fingerprint.signature(TEXTS[0], params)
    values = np.asarray(sig, dtype=np.uint64)
    expected = [int.from_bytes(hashlib.blake2b(band.to_bytes(2, "big")
                                               + values[band * params.rows:(band + 1) * params.rows].tobytes(),
                                               digest_size=8).digest(), "big", signed=True)
                for band in range(params.bands)]
    assert fingerprint.band_keys(sig, params) == expected


def test_without_cpythons_re_internals_patterns_go_unguarded_and_find_the_same(tmp_path):
    """firstchar reads `re._parser`, private to CPython: a Python without it scans unguarded."""
    import json
    import os
    import subprocess
    import sys
    from datetime import date
    from pathlib import Path

    from corpus_tools.dates.tagger import scan

    texts = TEXTS + ["On Thursday, Nov. 21, police arrested him. Two days later he was freed."]
    script = tmp_path / "scan.py"
    script.write_text(
        "import json, re, sys\n"
        "del re._parser\n"
        "sys.modules['re._parser'] = None  # `from re import _parser` now raises ImportError\n"
        "from datetime import date\n"
        "from corpus_tools import firstchar\n"
        "from corpus_tools.dates.tagger import lexicon, scan\n"
        "texts = json.load(sys.stdin)\n"
        "assert not firstchar._INTERNALS and lexicon('id').cuts is None\n"
        "print(json.dumps([[(f.start, f.end, f.value) for f in scan(t, date(2024, 11, 13), lang)]\n"
        "                  for lang in ('id', 'en') for t in texts]))\n")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(script)], input=json.dumps(texts), capture_output=True,
                          text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr
    here = [[[f.start, f.end, f.value] for f in scan(t, date(2024, 11, 13), lang)]
            for lang in ("id", "en") for t in texts]
    assert json.loads(done.stdout) == here
    assert any(here)


def test_language_profiles_loaded_on_demand_are_langdetects():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from corpus_tools import language

    theirs = DetectorFactory()
    theirs.load_profile(PROFILES_DIRECTORY)
    ours = language._factory()
    assert ours.langlist == theirs.langlist and len(theirs.langlist) > 40
    table = ours.word_lang_prob_map
    for word, row in theirs.word_lang_prob_map.items():
        assert word in table and table[word] == row, word
    assert table == theirs.word_lang_prob_map  # every row now built: nothing more, nothing less
    for absent in ("qqqq", "\u2603", "", "zzz", "xq"):
        assert (absent in table) == (absent in theirs.word_lang_prob_map)
    with pytest.raises(KeyError):
        table["\u2603\u2603"]
    sample = TEXTS[0][:400]
    mine, reference = ours.create(), theirs.create()
    mine.append(sample)
    reference.append(sample)
    assert [(p.lang, p.prob) for p in mine.get_probabilities()] == \
        [(p.lang, p.prob) for p in reference.get_probabilities()]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_trigger_matches_find_what_the_whole_alternation_finds(lang):
    """`_is_report_date` asks `_trigger_matches` whether a trigger stands between a reporting verb and
    the date; it must answer what `triggers.search` answers, on every stretch of the sentences."""
    from corpus_tools import events
    rules = events.rules_for(lang)
    sentences = [s for text in TEXTS for s in re.split(r"(?<=[.!?])\s+", text)] + [
        "kata dia yang menandatangani kemarin", "ujar Budi, yang ditangkap polisi pada", "said he signedx on",
        "menandatangani", "xmenandatangani", "Menandatangani; ditandatangani-nya", "signed, arrested: met",
    ]
    stretches = tried = 0
    for sentence in sentences:
        for start in range(0, len(sentence), 7):
            stretch = sentence[start:start + events.REPORT_WINDOW]
            found = bool(rules.triggers.search(stretch))
            assert bool(events._trigger_matches(stretch, rules)) == found, stretch
            stretches += found
            tried += 1
    assert stretches and tried > stretches


def test_the_runs_of_letters_and_digits_of_a_text_read_either_way_agree():
    texts = [text.lower() for text in TEXTS] + ["a_b c-d e.f 12/3 x\x1cy\x1fz\tq", "", "___", "caf\u00e9 na\u00efve_x 1\u00b2"]
    for text in texts:
        assert tagger._runs(text) == set(tagger._RUN.findall(text)), repr(text[:40])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_scan_of_the_text_scanned_last_resolves_as_a_fresh_scan(lang):
    """`tagger.scan` keeps the last text's pattern matches (the publication date is read from a text, then
    its body, often the same text, is tagged against that date): reused for an equal text, they resolve
    against another reference date exactly as a scan from nothing does."""
    from datetime import date
    texts = TEXTS + ["Kemarin (12/11/2024) presiden tiba; Senin lalu, 3 hari kemudian dan tahun depan.",
                     "Yesterday (Nov 12, 2024) he came; last Monday, three days later and next year."]
    references = [date(2024, 11, 13), None, date(2019, 1, 1)]
    compared = 0
    for text in texts:
        for reference in references:
            tagger._last_matches = (None, None, ())
            fresh = tagger.scan(text, reference, lang)
            for earlier in references:
                tagger.scan(text, earlier, lang)  # the matches kept ...
                again = tagger.scan("".join(list(text)), reference, lang)  # ... for an equal text, another object
                assert again == fresh, (text[:60], reference, earlier)
                tagger.scan(text, earlier, "ms" if lang == "id" else "id")  # another language's patterns
                assert tagger.scan(text, reference, lang) == fresh
                compared += bool(fresh)
    assert compared  # not vacuous


def test_story_top_terms_and_cosine_are_the_plain_formulas():
    import heapq
    from collections import Counter
    import math
    import random
    rng = random.Random(3)
    for size in (0, 1, 5, 40, 200):
        vector = {f"t{rng.randrange(60)}{i % 7}": rng.choice([0.5, 0.25, rng.random()]) for i in range(size)}
        centroid = {f"t{rng.randrange(60)}{i % 5}": rng.random() for i in range(size * 2)}
        for n in (1, 3, 40, 500):
            assert stories._top(vector, n) == heapq.nsmallest(n, vector, key=lambda t: (-vector[t], t))
        counts = Counter({t: rng.choice([1, 1, 2, 3]) for t in vector})
        strongest = heapq.nsmallest(stories.QUERY_TERMS, vector, key=lambda t: (-vector[t], t))
        repeated = heapq.nsmallest(stories.QUERY_REPEATED, vector, key=lambda t: (-counts[t], -vector[t], t))
        assert stories.query_terms(vector, counts) == list(dict.fromkeys(strongest + repeated))
        norm = math.sqrt(sum(v * v for v in centroid.values()))
        for a, b in ((vector, centroid), (centroid, vector)):
            small, large = (a, b) if len(a) < len(b) else (b, a)
            plain = sum(v * large.get(t, 0.0) for t, v in small.items()) / norm if norm else 0.0
            assert stories.cosine(a, b, norm) == plain
    assert any(v == 0.5 for v in vector.values())  # ties were met


def test_term_counts_of_a_transaction_are_written_once_at_its_commit(tmp_path):
    """`count_terms` counts in memory; the transaction's commit writes one upsert row per term (not one per
    article and term), a rollback drops them; `document_frequencies` sees them meanwhile."""
    from corpus_tools.store import Store
    from corpus_tools.store.stories import DOCS
    statements: list[str] = []
    with Store(tmp_path / "t.db") as store:
        store.db.raw.set_trace_callback(statements.append)
        with store.transaction():
            store.count_terms(["a", "b"])
            store.count_terms(["b", "c"])
            assert store.document_frequencies(["a", "b", "c", "d"]) == (2, {"a": 1, "b": 2, "c": 1, "d": 0})
            store.count_terms(["a"])
            assert not any("term_df" in s and "INSERT" in s for s in statements)
        assert sum("INSERT INTO term_df" in s for s in statements) == 4  # a row each: "", a, b, c (one per article: 8)
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.count_terms(["a", "z"])
                raise RuntimeError("rolled back")
        store.begin()
        store.count_terms(["z"])
        store.rollback()
        with store.transaction():
            store.count_terms(["c"])
        rows = dict(store.db.execute("SELECT term, df FROM term_df").fetchall())
    assert rows == {DOCS: 4, "a": 2, "b": 2, "c": 2}


def test_term_counts_do_not_depend_on_the_batch_size(tmp_path):
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    from corpus_tools.ingest import ingest
    from corpus_tools.store import Store
    tables = []
    for batch_size in (1, 3, 200):
        db = tmp_path / f"b{batch_size}.db"
        assert ingest(paths, str(db), workers=1, batch_size=batch_size).new >= 5
        with Store(db) as store:
            tables.append([sorted(map(tuple, store.db.execute(f"SELECT * FROM {table}").fetchall()))
                           for table in ("term_df", "stories", "story_terms")])
    assert tables[0] == tables[1] == tables[2]
    assert len(tables[0][0]) > 100


# Mixed case, accented and other cased letters beside dates, for the patterns' case-insensitive twins.
_CASED_TEXTS = [
    "SENIN, 12 JUNI 2024 · Selasa (12/11/2024) · sElAsA 3 jULI · KEMARIN · Tahun 1998 · AKHIR Juni lalu",
    "ÉTÉ 2024: Ǆuni 12 · ß 3 Maret · Ünïcode ＳＥＮＩＮ 12 Juni · “Senin” (1/2/2020) · MINGGU LALU · Tiga Hari Lalu",
    "ON MONDAY, NOV. 21, 2024 · Last Week · THE FIRST QUARTER OF 1989 · Two Days Later · In The 1980s",
]


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_lowered_twins_find_in_the_lowered_text_what_the_families_find_in_the_text(lang):
    """`firstchar.lowered_twin`: a family's pattern without re.I, run on the text lower-cased (same length,
    none of FOLDS_TO_ASCII), matches where the family matches in the text, with the same group spans; and
    `_in_windows` gives through it the very matches of a whole scan (speed only, issue 13)."""
    lexicon = tagger.Lexicon(lang)
    texts = TEXTS + _CASED_TEXTS + [path.read_text() for path in sorted(SEEDS.glob("*.txt"))[12:40]]
    twins = compared = 0
    for index, ((_priority, pattern, _resolve, needles), shape, window) in enumerate(zip(
            lexicon.families, lexicon.shapes, lexicon.windows)):
        twin = lexicon.twin(index)
        twins += twin is not None
        for text in texts:
            lowered = text.lower()
            if twin is None or len(lowered) != len(text) or not firstchar.FOLDS_TO_ASCII.isdisjoint(text):
                continue
            whole = [m.regs for m in pattern.finditer(text)]
            assert [m.regs for m in twin.finditer(lowered)] == whole, (pattern.pattern[:60], text[:60])
            if needles and not any(n in lowered for n in needles):
                continue
            if window is not None:
                assert [(m.span(), m.groupdict()) for m in tagger._in_windows(
                    pattern, text, lowered, *shape, window, {}, twin)] \
                    == [(m.span(), m.groupdict()) for m in pattern.finditer(text)], (pattern.pattern[:60], text[:60])
            compared += bool(whole)
    assert twins >= len(lexicon.families) - 2 and compared


@pytest.mark.parametrize("pattern, text", [
    ("Juni", "JUNI"),  # an upper-case letter: a twin would not find "juni"
    ("[A-Z]+ 12", "JUNI 12"),
    ("\u00b5s", "\u03bcs"),  # the micro sign: re.I matches it to the Greek mu, a different lower-case letter
    ("(?i:juni)", "JUNI"),  # inline flags
    (r"(\w)\1", "Aa"),  # a back-reference
])
def test_no_lowered_twin_for_a_pattern_it_could_change(pattern, text):
    compiled = re.compile(pattern, re.I)
    assert compiled.search(text)
    assert firstchar.lowered_twin(compiled) is None
    assert firstchar.lowered_twin(re.compile("juni")) is None  # not case-insensitive: nothing to gain
    twin = firstchar.lowered_twin(re.compile(r"(?<![\w/])juni\s+(?:19|20)\d\d(?!\d)", re.I))
    assert twin is not None and twin.search("12 JUNI 2024".lower()).span() == (3, 12)


def test_the_dates_of_mixed_case_texts_are_those_found_without_twins():
    """The tagger with its twins dates each text as with the families' own patterns alone."""
    from datetime import date
    texts = TEXTS + _CASED_TEXTS
    for lang in ("id", "en"):
        lexicon = tagger.lexicon(lang)
        with_twins = []
        for text in texts:
            tagger._last_matches = (None, None, ())
            with_twins.append(tagger.scan(text, date(2024, 11, 13), lang))
        kept = lexicon.twins
        try:
            lexicon.twins = [None] * len(kept)
            for text, found in zip(texts, with_twins):
                tagger._last_matches = (None, None, ())
                assert tagger.scan(text, date(2024, 11, 13), lang) == found, text[:60]
        finally:
            lexicon.twins = kept
            tagger._last_matches = (None, None, ())
        assert any(with_twins)


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_the_characters_a_family_consumes_read_at_once_are_those_read_one_by_one(lang):
    chars = "".join(map(chr, range(1, 0x250))) + "\u201c\u201d\u2018\u2019\u2026\u2013\u2014\u212a\u0130\u0131\u017f"
    for _priority, pattern, _resolve, _needles in tagger.Lexicon(lang).families:
        shape = firstchar.Segmentable.of(pattern)
        assert shape.consumed(chars) == {c for c in chars if shape.consumes(c)}, pattern.pattern[:60]


def test_fold_is_the_two_substitutions_it_replaces():
    """`clean.rules.fold` translates punctuation to spaces and splits, instead of two regex substitutions
    and a strip: the same folded text, whatever the characters (every one up to U+3100, each beside a
    word, a space and punctuation), the lines of the seed articles included."""
    import random

    from corpus_tools.clean import rules

    def reference(text: str) -> str:
        return rules._SPACES.sub(" ", rules._PUNCT.sub(" ", text.lower())).strip()

    lines = [line for text in TEXTS for line in text.split("\n")]
    singles = [f"a{chr(code)}b {chr(code)} -{chr(code)}_ İ" for code in range(0x3100)]
    chance = random.Random(13)
    alphabet = [chr(code) for code in range(0x3100)] + list(" \t\n\x1c\x85\xa0-_.,'’“”")
    mixed = ["".join(chance.choice(alphabet) for _ in range(chance.randint(0, 40))) for _ in range(3000)]
    for text in lines + singles + mixed:
        assert rules.fold.__wrapped__(text) == reference(text), repr(text)


def test_line_features_of_ascii_lines_lowered_first_are_those_of_words_lowered():
    """`classify._features` lower-cases an ASCII line before finding its words (one pass fewer): the
    same words, word count and stopword density as lower-casing each word found."""
    import importlib

    from corpus_tools.clean.rules import rules_for

    classify = importlib.import_module("corpus_tools.clean.classify")
    rules = rules_for("id")
    lines = [line for text in TEXTS for line in text.split("\n")] + ["Yang DAN-di O'Neil’s 12-3 x_y", "İstanbul ve DAN"]
    for number, line in enumerate(lines):
        words = [w.lower() for w in classify._WORD.findall(line)]
        stops = sum(1 for w in words if w in rules.stopwords)
        expected = classify.Line(number, line, len(words), stops / len(words) if words else 0.0)
        assert classify._features(number, line, rules) == expected, line


def _seed_articles() -> list:
    from datetime import date

    from corpus_tools.pipeline import ArticleRejected, Context, process
    from corpus_tools.read import read_documents
    out = []
    for path in sorted(SEEDS.iterdir()):
        for doc in read_documents(path):
            try:
                out.append(process(doc, Context(today=date(2026, 3, 1))))
            except ArticleRejected:
                pass
    assert len(out) >= 6
    return out


def test_the_story_terms_and_band_keys_the_pipeline_computes_are_the_writers():
    """The worker counts an article's story terms and computes its band keys (`Article.story_terms`,
    `lsh_keys`); the writer takes them as they arrive (pickled, as from a worker process) and computes
    them itself, as before, for an article changed since (`dataclasses.replace`)."""
    import dataclasses
    import pickle
    for article in _seed_articles():
        names = [a for e in article.events for a in e.actors]
        expected = stories.term_counts(article.title, article.body, names, article.language)
        assert article.story_terms[1] == expected and expected
        assert article.lsh_keys[2] == fingerprint.band_keys(article.minhash, fingerprint.DEFAULT_PARAMS)
        arrived = pickle.loads(pickle.dumps(article))
        assert stories.article_terms(arrived) is arrived.story_terms[1]  # taken, not counted again
        assert fingerprint.article_bands(arrived.minhash, arrived.lsh_keys) is arrived.lsh_keys[2]
        # changed since: counted again from what it holds now
        other_body = dataclasses.replace(arrived, body="Gempa mengguncang Lombok. " + arrived.body[:200])
        assert stories.article_terms(other_body) == stories.term_counts(
            arrived.title, other_body.body, names, arrived.language) != expected
        retitled = dataclasses.replace(arrived, title="Banjir besar melanda Jakarta Utara")
        assert stories.article_terms(retitled) == stories.term_counts(
            retitled.title, arrived.body, names, arrived.language)
        if names:
            no_events = dataclasses.replace(arrived, events=[])
            assert stories.article_terms(no_events) == stories.term_counts(
                arrived.title, arrived.body, [], arrived.language)
        resigned = fingerprint.signature(other_body.body)
        assert fingerprint.article_bands(resigned, arrived.lsh_keys) == fingerprint.band_keys(resigned)
        small = fingerprint.FingerprintParams(shingle_size=2, num_perm=64, bands=16, seed=7)
        assert fingerprint.article_bands(arrived.minhash[:64], arrived.lsh_keys, small) == \
            fingerprint.band_keys(arrived.minhash[:64], small)


def _store_tables(db) -> dict:
    from corpus_tools.store import Store
    with Store(db) as store:
        names = [r[0] for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%' "
            "AND name NOT IN ('stored_timelines')")]
        return {name: sorted(map(repr, map(tuple, store.db.execute(f"SELECT * FROM {name}").fetchall())))
                for name in names}


def test_new_articles_are_placed_without_asking_the_store_what_it_cannot_hold(tmp_path, monkeypatch):
    """A new article (its row created by the open batch, not placed yet) is placed without the statements
    whose answer is known (its group, old band keys, story, kept article's story when it is no copy),
    and the store is the same, copies included, as when every article goes the full way; a second run
    over changed files (placed again: the full way) too."""
    import importlib
    import shutil

    from corpus_tools import dedup
    from corpus_tools import store as store_module
    ingest_module = importlib.import_module("corpus_tools.ingest")
    monkeypatch.setattr(store_module, "_now", lambda: "2026-03-01T00:00:00Z")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    statements: list[str] = []
    settle = ingest_module._settle

    def traced(store, *args):
        store.db.raw.set_trace_callback(statements.append)
        try:
            settle(store, *args)
        finally:
            store.db.raw.set_trace_callback(None)

    def run(db, full_way: bool):
        if full_way:
            monkeypatch.setattr(dedup, "assign", lambda *a, new=False, _f=dedup.assign, **k: _f(*a, **k))
            monkeypatch.setattr(stories, "assign", lambda *a, new=False, copy=True, _f=stories.assign, **k: _f(*a, **k))
        report = ingest_module.ingest([str(corpus)], str(db), workers=1)
        monkeypatch.undo()
        monkeypatch.setattr(store_module, "_now", lambda: "2026-03-01T00:00:00Z")
        monkeypatch.setattr(ingest_module, "_settle", traced)
        return report

    monkeypatch.setattr(ingest_module, "_settle", traced)
    first = run(tmp_path / "new.db", full_way=False)
    assert first.new >= 6 and first.duplicates >= 2
    assert not any(s.startswith(("DELETE FROM lsh_bands", "SELECT story_id FROM articles")) for s in statements)
    assert not any("WHERE duplicate_of = " in s and s.startswith("SELECT id FROM articles") for s in statements)
    run(tmp_path / "full.db", full_way=True)
    assert _store_tables(tmp_path / "new.db") == _store_tables(tmp_path / "full.db")
    changed = sorted(corpus.glob("00*.txt"))[1]
    changed.write_text(changed.read_text() + "\nPembaruan: warga diminta tetap waspada hingga Jumat.\n")
    statements.clear()
    assert run(tmp_path / "new.db", full_way=False).updated == 1
    assert any(s.startswith("DELETE FROM lsh_bands") for s in statements)  # placed again: the full way
    run(tmp_path / "full.db", full_way=True)
    tables = _store_tables(tmp_path / "new.db")
    assert tables == _store_tables(tmp_path / "full.db") and len(tables["lsh_bands"]) > 200


def test_the_stores_clock_and_candidate_statement_are_the_forms_they_replace():
    from datetime import datetime, timezone

    from corpus_tools.store import _now
    from corpus_tools.store.stories import _candidates_sql
    for _ in range(20_000):  # across many second edges: time.gmtime() alone lagged datetime's clock there
        before = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ours = _now()
        after = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert before <= ours <= after and len(ours) == 20
    one = ("SELECT story_id FROM (SELECT story_id FROM story_terms WHERE term = ? AND last_date >= ? "
           "ORDER BY last_date DESC LIMIT ?) AS t{}")
    for n in (1, 2, 30, 50):
        assert _candidates_sql(n) == ("SELECT story_id FROM (" + " UNION ALL ".join(one.format(i) for i in range(n))
                                      + ") AS found GROUP BY story_id ORDER BY count(*) DESC, story_id DESC LIMIT ?")


def _weigh_first_form(counts, documents, df):
    import math
    vector = {t: (1 + math.log(n)) * (math.log((1 + documents) / (1 + df.get(t, 0))) + 1) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def test_an_articles_weights_are_weighs_formula():
    import random
    rng = random.Random(5)
    for size in (0, 1, 7, 300):
        counts = {f"w{i}": rng.choice([1, 1, 2, 3, 9, rng.randrange(1, 400)]) for i in range(size)}
        df = {t: rng.choice([0, 1, 1, 2, 5, rng.randrange(1, 10_000)]) for t in counts if rng.random() < 0.8}
        for documents, extra in ((0, 1), (12, 0), (12, 1), (10_500, 1)):
            plain = _weigh_first_form(counts, documents, {t: df.get(t, 0) + extra for t in counts})
            ours = stories.weigh(counts, documents, df, extra)
            assert list(ours.items()) == list(plain.items())  # the same floats, bit for bit, in the same order


def _sequence_words_first_form(sequence, rules, inside=False):
    """A capitalised sequence's name words, read afresh: after its last title, without a particle at its end,
    none for an outlet."""
    from corpus_tools.events import _after_title, _name_words, _outlet, _without_phrases
    words = _name_words(_after_title(_without_phrases(sequence.split(), rules.phrases), rules), rules, inside)
    while words and words[-1].lower() in rules.particles:
        words.pop()
    return [] if words and _outlet(words, rules) else words


def _article_names_first_form(body, rules):
    from corpus_tools.events import _INSIDE, _STAMPED
    known = set()
    for match in rules.capitalised.finditer(body):
        words = _sequence_words_first_form(match.group(), rules)
        if words:
            known.add(" ".join(words).lower().strip(".,"))
    inside = Counter(m.group(1).strip(".,'’") for m in _INSIDE.finditer(body))
    inside.subtract(m.group(1).strip(".,'’") for m in _STAMPED.finditer(body))  # a word after a clock stamp
    inside.subtract(m.group(1).strip(".,'’") for m in re.finditer(r"@[\w-]+(?:\.[\w-]+)+\s+([A-Z][\w'’.-]*)", body))
    return frozenset(known), frozenset(word for word, n in inside.items() if n > 0)  # … and one after an address


@pytest.mark.parametrize("lang", ["id", "en"])
def test_article_names_remembered_by_sequence_are_those_read_afresh(lang):
    from corpus_tools import events
    rules = events.rules_for(lang)
    bodies = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))]
    bodies += ["Presiden Joko Widodo. Senin, 12 Maret. Kata Ali bin Abu, KPK … Kim Jong-un, Rusia.",
               "Rabu. .. Ini X. Jan. 2024 1998 -LRB- Dr. Who -RRB-", "", "lower case only"]
    for _ in range(2):  # the second time from what the first remembered
        for body in bodies:
            assert events.article_names(body, rules) == _article_names_first_form(body, rules)
    assert any(key is None for _, key in rules.sequences.values())  # sequences with no name word were met


# the name patterns of events.py as they were first written: each opens with a zero-width test
_PLAIN_INSIDE = re.compile(r"(?<=[\w,;)] )([A-Z][\w'’.-]*)")
_PLAIN_CAPITALISED = re.compile(r"\b(?:[A-Z][\w'’.-]*|\d+)(?:\s+(?:[A-Z][\w'’.-]*))*")
_PLAIN_LOWER_WORD = re.compile(r"\b[a-z][\w'’-]*")


def _plain_capitalised(particles):
    """The name pattern with a language's particles, opening with a word boundary."""
    if not particles:
        return _PLAIN_CAPITALISED
    alternation = "|".join(sorted(particles, key=len, reverse=True))
    return re.compile(r"\b(?:[A-Z][\w'’.-]*|\d+)(?:\s+(?:[A-Z][\w'’.-]*|(?:" + alternation +
                      r")(?:-[A-Z][\w'’.-]*|(?=\s+[A-Z]))))*")
_NAME_TEXTS = [
    "Presiden Joko Widodo, Ali bin Abu dan Ludwig van Beethoven. 12 Maret 2024 (Senin) ; Kim Jong-un",
    "a1B c_D e.F (G) ,H ;I )J x  K Ärzte Über 42x 7 8 9 ÉLAN O'Neil's D.C. -X _Y 3rd 2024a Z",
    "", "lower case only", "X", "1", " Y", "Jakarta - detikNews\n\nKPK menetapkan Wali Kota Bekasi, Rahmat Effendi.",
    "x-ray X-ray 2nd _abc don't 'quoted' l’état é-b a9b9 -a a- aB aé b’s ab_c",
]


@pytest.mark.parametrize("name", ["_INSIDE", "_CAPITALISED", "_LOWER_WORD", "en", "id", "ms"])
def test_name_patterns_open_with_their_first_character_and_find_what_the_plain_ones_find(name):
    """events.py's name patterns (and each language's, with its name particles) read their first character
    before their lookbehind (issue 13: `re` then finds where a match can start in C instead of trying every
    position of the body)."""
    from re import _constants, _parser
    from corpus_tools import events
    if name.startswith("_"):
        ours = getattr(events, name)
        plain = {"_INSIDE": _PLAIN_INSIDE, "_CAPITALISED": _PLAIN_CAPITALISED, "_LOWER_WORD": _PLAIN_LOWER_WORD}[name]
    else:
        ours = events.rules_for(name).capitalised
        plain = _plain_capitalised(events.rules_for(name).particles)
        assert events.rules_for(name).particles
    op, av = _parser.parse(ours.pattern, ours.flags)[0]
    while op is _constants.SUBPATTERN:  # a group's first item
        op, av = av[3][0]
    assert op is _constants.IN  # a character class first, no lookbehind or word boundary before it
    bodies = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + TEXTS + _NAME_TEXTS
    for body in bodies:
        assert [(m.span(), m.groups()) for m in ours.finditer(body)] == \
            [(m.span(), m.groups()) for m in plain.finditer(body)], body[:60]
    assert any(plain.search(body) for body in bodies)  # not vacuous


def _actors_first_form(sentence, rules, common=frozenset(), known=frozenset(), inside=None):
    """`events.actors` as it was first written: the words before every sequence read, titled or not."""
    from corpus_tools.events import MAX_ACTORS, _WORDS_DOTTED, _outlet
    found = []
    for match in rules.capitalised.finditer(sentence):
        seam = re.search(r"(?:(?<![\w.:])\d{1,2}[.:]\d{2}(?:\s+[A-Z]{2,4})?|:)[\"“‘'(\[\s]+\Z", sentence[:match.start()])
        raw = match.group().split()
        k = 0
        while k < len(raw) - 1 and (raw[k].isdigit() or (raw[k].isupper() and raw[k].lower() in rules.clock_words)):
            k += 1
        stamp = k if k and not raw[k - 1].isdigit() and (
            re.search(r"(?<![\w.:])\d{1,2}[.:]\Z", sentence[:match.start()]) if raw[0].isdigit() else seam) else 0
        opening = not sentence[:match.start()].strip("\"“‘'([ \t\n") or seam or stamp \
            or re.search(r"[@/.][\w-]+(?:\.[a-z]{2,})+/?\s+\Z", sentence[:match.start()])  # after an address
        words = _sequence_words_first_form(match.group(), rules, not opening)
        if opening and len(raw) > 2 and raw[0].lower() in rules.bylines and raw[1][:1].isupper() \
                and raw[2][:1].isupper() and raw[1].lower() not in rules.date_words:
            continue  # a byline
        if opening and inside is not None and len(words) > 2 and words[0] == raw[stamp] \
                and words[0].strip(".,'’") not in inside and " ".join(words[1:]).lower().strip(".,") in known:
            words = words[1:]  # a word capitalised only where it opens a sentence, before a known name
        if opening and words and words[0] == raw[stamp]:
            first = words[0].strip(".,'’")
            if first.lower() in common or (inside is not None and len(words) == 1 and first not in inside):
                words = words[1:]
        repeats = [i for i in range(1, len(words)) if words[i].lower() == words[i - 1].lower()]
        words = words[repeats[-1]:] if repeats else words
        after = re.match(r" ([^\W\d_][\w'’-]*)", sentence[match.end():])
        if len(words) > 2 and words[-1] == raw[-1] and after and after.group(1)[:1].islower() \
                and after.group(1).lower() in rules.titles and " ".join(words[:-1]).lower().strip(".,") in known:
            words = words[:-1]  # a post's first word after a known name: "Ken Salazar Interior secretary"
        if len(words) > 1 and sentence[:match.start()].endswith("/") and _outlet(words[:1], rules):
            words = words[1:]
        before = _WORDS_DOTTED.findall(sentence[max(0, match.start() - 40):match.start()])
        titled = match.group().split()[0].lower() in rules.titles or (before and before[-1].lower() in rules.titles)
        for cut in range(1, len(words) - 1):
            prefix, rest = " ".join(words[:cut]).lower().strip(".,"), " ".join(words[cut:]).lower().strip(".,")
            bare = [w.strip(".,'’") for w in words[:cut]]
            glued = (len(bare) == 1 and 2 <= len(bare[0]) <= 4 and bare[0].isupper() and bare[0].isalpha()) \
                or all(w.lower() in common for w in bare) \
                or (len(bare) == 1 and rules.triggers is not None and bool(rules.triggers.fullmatch(bare[0])))
            if (prefix in known and (titled or rest in known)) \
                    or (rest in known and len(words) - cut >= 2 and (glued or titled)):
                words = words[cut:]
                break
        initials = 0  # an organisation's initials after a title: "jaksa KPK Kiki Ahmad Yani"
        while initials < len(words) and 2 <= len(words[initials].strip(".,")) <= 5 \
                and words[initials].strip(".,").isalpha() and words[initials].strip(".,").isupper():
            initials += 1
        if len(words) > 2 and initials and len(words) - initials >= 2 and (titled or (
                words[0] in raw and any(w.lower().strip(".,") in rules.titles
                                        or w.lower().strip(".,").rsplit("-", 1)[-1] in rules.titles
                                        for w in raw[:raw.index(words[0])]))) \
                and all(w[:1].isupper() and w[1:].strip(".,'’-").islower() for w in words[initials:]):
            words = words[initials:]
        if not words:
            continue
        name = " ".join(words).strip(".,'’-")
        particle = re.search(r"(?<![\w'’-])([a-z]+)-\Z", sentence[:match.start()])
        if particle and particle.group(1) in rules.particles and words[0] == match.group().split()[0]:
            name = particle.group(1) + "-" + name
        name = rules.aliases.get(name.lower(), name)
        if len(name) > 1 and name not in found:
            found.append(name)
    return tuple(found[:MAX_ACTORS])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_actors_read_the_words_before_a_name_only_where_a_known_name_opens_it(lang, monkeypatch):
    """Whether a title stands before a capitalised sequence decides only where a known name opens a
    longer one: asked there alone (issue 13), the actors are those of the first form."""
    from corpus_tools import events
    rules = events.rules_for(lang)
    bodies = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + _NAME_TEXTS + [
        "Kata presiden Rusia Vladimir Putin di Moskow. Presiden Rusia Vladimir Putin tiba.",
        "The minister said Prime Minister Rishi Sunak met President Joe Biden in Washington on Monday."]
    cases = []
    for body in bodies:
        common = frozenset(events._LOWER_WORD.findall(body))
        known, inside = events.article_names(body, rules)
        for extra in (frozenset(), frozenset({"rusia", "prime", "washington"})):
            for start, end in events.sentences(body, rules):
                cases.append((body[start:end].strip(), common, known | extra, inside))
    expected = [_actors_first_form(*case[:1], rules, *case[1:]) for case in cases]
    reads = []
    real = events._WORDS_DOTTED
    monkeypatch.setattr(events, "_WORDS_DOTTED", type("Counted", (), {
        "findall": staticmethod(lambda text: reads.append(text) or real.findall(text))}))
    assert [events.actors(case[0], rules, *case[1:]) for case in cases] == expected
    sequences = sum(len(_PLAIN_CAPITALISED.findall(case[0])) for case in cases)
    assert 0 < len(reads) < sequences / 10  # the words before were read for a few sequences, not for each
    assert any("Vladimir Putin" in names or "Rishi Sunak" in names for names in expected)


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_direction_words_after_a_date_compiled_once_match_as_compiled_each_time(lang):
    """`pubdate._direction_after` tries each past/future word as `re.match(rf"{re.escape(w)}\\W", …)`
    did, from patterns compiled with the language's words (issue 13)."""
    from corpus_tools.extract import pubdate
    words = pubdate._words(lang)
    assert [(p, d) for p, d, _ in words.direction_ends] == list(words.directions.items())
    assert words.direction_ends or lang == "ms"
    for phrase, _, ends in words.direction_ends:
        for following in (phrase, phrase + " x", phrase + ".", phrase + "-an", phrase + "nya", "x " + phrase, ""):
            assert bool(ends.match(following)) == bool(re.match(rf"{re.escape(phrase)}\W", following))


def _normalise_first_form(text):
    import importlib
    decode = importlib.import_module("corpus_tools.decode")
    text = decode._nfkc(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = decode._SPACES.sub(" ", decode._CONTROL.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n"))


def test_normalise_substitutes_spaces_only_in_a_text_with_a_run_to_shorten(monkeypatch):
    """`decode.normalise` replaced every run of spaces by one space, each lone space by itself too: a
    text whose runs are all one " " is left as it is (issue 13); the text is the first form's."""
    import importlib
    decode = importlib.import_module("corpus_tools.decode")
    texts = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + TEXTS + [
        "", " ", "  ", "a\tb", "a \u00a0b", "x\u200by", "a \x0b b", "a\x0b\x0bb", "\u3000x", "a b\n c  d \n",
        "tab\tinside", "ＦＵＬＬ　ＷＩＤＴＨ", "a\u2003b", "one space only\nper gap here\r\nand there\r"]
    expected = [_normalise_first_form(text) for text in texts]
    substituted = []
    real = decode._SPACES
    monkeypatch.setattr(decode, "_SPACES", type("Counted", (), {
        "sub": staticmethod(lambda repl, text: substituted.append(text) or real.sub(repl, text))}))
    assert [decode.normalise(text) for text in texts] == expected
    assert "one space only\nper gap here\nand there\n" not in substituted and "" not in substituted
    assert any("\t" in text for text in substituted) and any("  " in text for text in substituted)
    assert len(substituted) < len(texts)


def test_print_json_writes_what_the_indenting_encoder_writes(capsys):
    """`render.print_json` encodes lists and dicts of plain values with the C encoder: the text must be the
    standard library's indented one, character for character (nested, empty, non-ASCII, odd keys and values)."""
    import datetime
    import enum
    import json

    from cli.render import print_json

    class Kind(str, enum.Enum):
        a = "a"

    class Level(enum.IntEnum):
        two = 2

    row = {"date": "2025-01-01", "actors": ["Dewi", "Ünïcode ＦＵＬＬ \"quoted\"\n\t"], "articles": 39,
           "outlets": {"news.example.id": 39, "": 1}, "stories": [3, 12], "support": 20.0, "score": 1e-05,
           "sources": [{"article": 80, "kept": None, "title": "Akhir 🙂", "ok": True, "x": float("inf")},
                       {"article": 81, "published": datetime.date(2025, 1, 2)}],
           "conflicts": [], "empty": {}, "nested": [[], [[1, 2], {}], ({"k": [1.5, -0.0]},)],
           1: "int key", 2.5: "float key", False: "bool key", None: "none key",
           "kind": Kind.a, "level": Level.two, "when": datetime.datetime(2025, 1, 2, 3, 4),
           "flat_with_odd_keys": {1: "a", "b": 2}, "true_key": {True: [1]}}
    tricky = [{"t": "a},\n      {b", "u": "{\"x\"}"}, {"t": "}, {", "n": None}, {"only": 1}]
    for data in ([row, row], [], {}, "text", 3, None, [[[]]], {"a": {"b": {"c": [1, "2", None]}}}, [row], tricky,
                 [tricky, {"s": tricky}], [{"a": 1}, {}], [{"a": {"b": 1}}]):
        print_json(data)
        assert capsys.readouterr().out == json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


_FRAGMENT_TEXTS = [
    "Presiden tiba di Jakarta. Senin (12/11/2024).\nIa pulang.\n\nKamis, 14 November 2024.\nRapat digelar pada"
    " Selasa (12/11/2024) dan Rabu (13/11/2024). Dr. Ali hadir.\nSelasa (12/11/2024)\n12 Maret 2024",
    "Tanpa tanggal.\nMasih tanpa tanggal. Sama sekali.\n\n\nSenin (12/11/2024)",
    "He arrived on Monday, Nov. 11, 2024.\nOn Tuesday.\nNothing here. At all.\nJune 2023\nJune 2023. June 2024.",
    "", "no dates at all", "Senin (12/11/2024)",
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_dated_sentences_merge_into_the_dated_sentences_of_the_whole_body(lang):
    """`events._dated_sentences` splits only the paragraphs holding a timex and those before them (issue 13):
    merged, they give the sentences with timexes that the sentences of every paragraph give, the same
    (start, end, timexes)."""
    from datetime import date
    from corpus_tools import events
    from corpus_tools.dates import tag
    rules = events.rules_for(lang)
    bodies = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + _FRAGMENT_TEXTS
    merged = 0
    for body in bodies:
        timexes = tag(body, date(2024, 11, 15), lang)
        within = events._Within(timexes)
        whole = [entry for entry in events._merge_date_fragments(events.sentences(body, rules), body, within)
                 if entry[2]]
        ours = [entry for entry in events._merge_date_fragments(events._dated_sentences(body, rules, timexes),
                                                                body, within) if entry[2]]
        assert ours == whole, body[:60]
        merged += sum(1 for start, end, _ in whole if (start, end) not in events.sentences(body, rules))
    assert merged  # date-only fragments were joined to the sentence before, across a paragraph too


def _occurrences_first_form(lowered, test, runs=None):
    """`tagger._occurrences` of a frozenset or tuple as first written: every word tried, in the set's order."""
    where = []
    whole = type(test) is frozenset
    size = len(lowered)
    for word in test:
        if runs is not None and whole and word not in runs and word.isalnum():
            continue
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if not whole or ((not at or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"))
                             and (end == size or not (lowered[end].isalnum() or lowered[end] == "_"))):
                where.append((at, end))
            at = lowered.find(word, at + 1)
    where.sort()
    return where


_ANCHOR_TEXTS = ["jum'at 12 juni, jumat; mei-juni 2024 des. desember_ x-mar 3 mar\n9 sept. sep 2024 nov.",
                 "kemarin lusa hari ini; besok-lusa tahun lalu; 3 minggu lalu; selasa", "may 3, in june; last week"]


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_date_anchors_found_among_the_texts_runs_and_needles_left_to_them(lang):
    """`tagger._occurrences` looks only for a whole word's letters-and-digits words that are runs of the text
    (`_unrun`), and `_matches` leaves the needles' test of a family scanned in windows around its needles
    written whole to the windows (`Lexicon.anchored`, issue 13): the same occurrences, the same matches."""
    lexicon = tagger.Lexicon(lang)
    texts = [text.lower() for text in TEXTS + _ANCHOR_TEXTS]
    anchors = {window[1] for window in lexicon.windows if window is not None and type(window[1]) is frozenset}
    found = 0
    for text in texts:
        runs = tagger._runs(text)
        for anchor in anchors:
            expected = _occurrences_first_form(text, anchor, runs)
            assert tagger._occurrences(text, anchor, runs) == expected, (sorted(anchor)[:3], text[:40])
            assert tagger._anchor_occurrences(text, anchor, {}) == expected  # what `_matches` asks before a window scan
            found += bool(expected)
    assert found
    assert any(lexicon.anchored)
    for text in TEXTS + _ANCHOR_TEXTS + [text.upper() for text in _ANCHOR_TEXTS]:
        tagger._last_matches = (None, None, ())
        ours = [(p, r.__name__, m.span(), m.groupdict()) for p, r, m in tagger._matches(text, lexicon)]
        lexicon.anchored = [False] * len(lexicon.anchored)
        tagger._last_matches = (None, None, ())
        tested = [(p, r.__name__, m.span(), m.groupdict()) for p, r, m in tagger._matches(text, lexicon)]
        lexicon.anchored = tagger.Lexicon(lang).anchored
        assert ours == tested, text[:40]


@pytest.mark.parametrize("lang", ["id", "en", "ms", "fr"])
def test_promotion_patterns_narrowed_to_a_documents_words_find_what_they_find(lang):
    """`WordsPattern.within(document)` looks, in the lines of a document and their parts, only for the words
    the document holds at all (issue 13): the same searches and substitutions as the pattern itself."""
    from corpus_tools.clean.rules import rules_for
    rules = rules_for(lang)
    words = [" ".join(p) for p in rules.promo._phrases[:6] + rules.promo_tail._phrases[:6]]
    documents = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + TEXTS + [
        "\n".join(f"Kata dia. {word.upper()} sekarang juga!" for word in words),
        "Berita biasa.\nBACA JUGA: x\nDownload aplikasi sekarang\nİstanbul ſ \u212aelvin " + " ".join(words),
        "ΣΑΣ " + words[0].title() + "\nσας",
        "Kata kami, halaman depan; video.\nIKUTI   kami\tDI medsos. Klik  di   sini ya\nArtikel ini telah  tayang kemarin",
        "\n".join(ACCENTED), "Le texte.\nTous  droits\tréservés, publicité.\nNous utilisons des cookies " + "\n".join(ACCENTED[:3]),
    ]
    narrowed = searched = 0
    for document in documents:
        for pattern in (rules.promo, rules.promo_tail):
            ours = pattern.within(document)
            narrowed += ours is not pattern and len(ours._phrases) < len(pattern._phrases)
            for line in document.split("\n"):
                line = line.strip()
                for piece in {line, line[:len(line) // 2].rstrip(), line[len(line) // 3:]}:
                    found, again = pattern.search(piece), ours.search(piece)
                    assert (again and again.span()) == (found and found.span()), piece
                    assert ours.sub("", piece) == pattern.sub("", piece), piece
                    searched += found is not None
    assert narrowed and searched


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_sentences_trigger_matches_found_once_date_the_same_events(lang, monkeypatch):
    """`extract_events` finds a sentence's trigger matches once for all its dates (issue 13): the same
    mentions as when `_nearest_trigger` finds them for each date, and fewer searches."""
    from datetime import date
    from corpus_tools import events
    from corpus_tools.dates import tag
    bodies = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + _FRAGMENT_TEXTS + [
        "Rapat digelar pada Selasa (12/11/2024) dan diserang pada Rabu (13/11/2024), dilantik 14 November 2024.",
        "He was elected on Monday, Nov. 11, 2024 and sworn in on Tuesday, Nov. 12, 2024."]
    cases = [(body, tag(body, date(2024, 11, 15), lang)) for body in bodies]
    calls = []
    real = events._trigger_matches
    monkeypatch.setattr(events, "_trigger_matches", lambda sentence, rules: calls.append(sentence) or real(sentence, rules))
    ours = [events.extract_events(body, timexes, lang) for body, timexes in cases]
    found_once = len(calls)
    real_nearest = events._nearest_trigger
    monkeypatch.setattr(events, "_nearest_trigger", lambda sentence, offset, rules, length=0, matches=None:
                        real_nearest(sentence, offset, rules, length))
    calls.clear()
    assert ours == [events.extract_events(body, timexes, lang) for body, timexes in cases]
    assert any(ours) and found_once < len(calls)


def test_character_tests_by_map_are_the_generator_forms():
    """Lines' character tests read by `map(str.isdigit / isalpha / islower, …)` instead of a generator over
    the characters (issue 13): each function as first written, on seed lines and characters whose digit,
    letter and case tests disagree with ASCII intuition (superscripts, other scripts' digits, marks)."""
    import importlib
    from corpus_tools.clean import span
    from corpus_tools.clean.rules import rules_for
    from corpus_tools.extract import text as text_meta
    classify = importlib.import_module("corpus_tools.clean.classify")
    lines = [line.strip() for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().split("\n")]
    lines += ["Harga naik ² kali", "١٢ نوفمبر ٢٠٢٤ | 09:42", "Ⅻ Ⅳ ǅungla ǈ", "Éé̀ ñ 12 Januari 2024 | 10:00 WIB",
              "Rabu, 13 November 2024", "x", "", "Reply", "Report abuse", "ABC def", "ŉ ß ﬁ"]
    rules = rules_for("id")

    def headline_first_form(line):
        words = text_meta._WORD.findall(line)
        if not 4 <= len(words) <= 30 or len(line) > 220 or text_meta._MARKUP.search(line) \
                or text_meta.menu_line(line, glued=False):
            return False
        if line.endswith((".", ":", ";", ",")) and not line.endswith("..."):
            return False
        return sum(c.isalpha() for c in line) >= 0.6 * len(line)

    def labelled_first_form(text):
        first = next((k for k, c in enumerate(text) if c.isalpha()), None)
        return first is not None and text[first].isupper() and any(c.islower() for c in text[first + 1:])

    for line in lines:
        assert text_meta.looks_like_headline(line) == headline_first_form(line), line
        assert span._labelled(line) == labelled_first_form(line), line
        if len(line) <= 120 and not any(c.isdigit() for c in line):
            assert classify._timestamp_kind(line, rules) is None
    assert any(text_meta.looks_like_headline(line) for line in lines)


def test_shingles_hashed_by_cpythons_sha1_are_hashlibs():
    """The shingles' SHA-1 by CPython's own `_sha1` (issue 13: OpenSSL's per-call set-up was most of a short
    hash): the digests, and so the signatures and shingle hashes stored for years, are hashlib's."""
    import hashlib
    assert fingerprint._sha1 is not hashlib.sha1 or pytest.skip("a Python built without its builtin sha1")
    for text in TEXTS:
        shingles = fingerprint.shingles(text)
        assert fingerprint._digests(text, 3) == b"".join(
            [hashlib.sha1(s.encode()).digest()[:8] for s in shingles])
    for data in (b"", b"abc", "Ünïcode ＦＵＬＬ".encode(), b"x" * 55, b"x" * 56, b"x" * 64, b"y" * 1000):
        assert fingerprint._sha1(data).digest() == hashlib.sha1(data).digest(), data[:20]


def test_stopword_vote_counted_by_map_is_its_generator_form():
    """`stopword_vote` counts a language's words, and a close relative's own words (`_only`), by
    `map(frozenset.__contains__, …)` (issue 13): the vote as first written, on seed samples of several
    lengths and on short slices of their words, where Indonesian and Malay contests are close."""
    from corpus_tools import language

    stopwords = language._stopwords()
    for code in stopwords:
        for other in stopwords:
            assert language._only(code, other) == stopwords[code] - stopwords[other]

    def first_form(sample, short=False):
        words = [w.lower() for w in language._WORD.findall(sample)]
        if not words or not stopwords:
            return None
        hits = {code: sum(w in stop for w in words) for code, stop in stopwords.items()}
        best = max(hits, key=lambda code: hits[code])
        count = hits[best]
        share, least = ((language.SHORT_VOTE_SHARE, language.SHORT_VOTE_HITS) if short
                        else (language.VOTE_SHARE, language.VOTE_HITS))
        if count < least or count < share * len(words):
            return None
        confidence = 1.0
        for other, other_count in hits.items():
            if other == best:
                continue
            ours, theirs = count, other_count
            if ours < language.VOTE_MARGIN * theirs:
                ours = sum(w in stopwords[best] and w not in stopwords[other] for w in words)
                theirs = sum(w in stopwords[other] and w not in stopwords[best] for w in words)
                if ours < max(1, least // 4) or ours < language.VOTE_MARGIN * theirs:
                    return None
            confidence = min(confidence, ours / (ours + theirs))
        return best, round(confidence, 4)

    samples = ["", "dan yang di", "the of and to", "Kerajaan telah memutuskan bahawa kami akan",
               "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga saya ke karena"]
    for text in TEXTS:
        samples += [language.prose_sample(text, limit) for limit in (60, 200, 500, 2000)]
        words = text.split()
        samples += [" ".join(words[i:i + 20]) for i in range(0, min(len(words), 300), 23)]
    decided = close = 0
    for sample in samples:
        for short in (False, True):
            expected = first_form(sample, short)
            assert language.stopword_vote(sample, short) == expected, (sample[:60], short)
            decided += expected is not None
            close += expected is not None and expected[1] < 1.0
    assert decided > 50 and close > 5  # the samples reach the close-relative contest, decided both ways


def test_ascii_bodies_split_into_the_words_the_pattern_finds():
    """`fingerprint._tokens` splits an ASCII body on spaces once every ASCII character outside `\\w` is one
    (issue 13): the words of `\\w+`, on seed texts and on every ASCII character (the separators str.split
    also breaks on, "_", digits), ASCII or not."""
    import unicodedata
    assert {c for c in range(128) if c in fingerprint._NOT_WORD} == {c for c in range(128)
                                                                       if not re.fullmatch(r"\w", chr(c))}
    every = "".join(map(chr, range(128)))
    texts = TEXTS + [every, every[::-1], "a\x1cb\x1dc\x1ed\x1ff", "snake_case __x__ 12_3 tab\there\r\nCRLF",
                     "Ünïcode ＦＵＬＬ ﬁ", "x" * 3, "  ", "a-b.c,d;e'f\"g"]
    for text in texts:
        fingerprint._tokens.cache_clear()
        assert fingerprint._tokens(text) == tuple(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))


def test_central_title_is_the_headline_each_weighed_alone_would_pick(tmp_path):
    """`stories.central_title` weighs a repeated headline once and the centroid's norm once (issue 13:
    `triage stories` at 100k): the headline it picks is the one every headline weighed in turn, with the
    norm computed each time, picks (ties: the earliest), on stories holding repeated headlines."""
    import math
    from collections import Counter

    from corpus_tools import stories
    from corpus_tools.ingest import ingest
    from corpus_tools.store import Store

    from .conftest import SEEDS

    import json

    headlines = ["Korea Utara dan Rusia teken pakta pertahanan", "Putin ratifikasi perjanjian dengan Pyongyang"]
    records = tmp_path / "desk.jsonl"  # five different bodies under two headlines, each used again
    records.write_text("".join(json.dumps({"title": headlines[i % 2], "text": seed.read_text()}) + "\n"
                               for i, seed in enumerate(sorted(SEEDS.glob("00[0-4]_*.txt")))))
    db = tmp_path / "s.db"
    ingest([str(records)], str(db), workers=1)

    def first_form(store, story_id, centroid):
        best, best_score = None, (False, -1.0)
        for title, lang in _story_titles_reference(store, story_id):
            counts = Counter(stories._analyzer(lang or "und")(title))
            score = (len(title.split()) <= stories.HEADLINE_WORDS,
                     stories.cosine({t: 1 + math.log(n) for t, n in counts.items()}, centroid) /
                     (math.sqrt(sum((1 + math.log(n)) ** 2 for n in counts.values())) or 1.0))
            if score > best_score:
                best, best_score = title, score
        return best

    with Store(db, readonly=True) as store:
        listed = store.list_stories()
        assert listed and any(len(found := _story_titles_reference(store, s["id"])) > len(set(found)) for s in listed)
        for story in listed:
            assert stories.central_title(store, story["id"], story["centroid"]) == \
                first_form(store, story["id"], story["centroid"])


def test_a_file_read_for_its_size_is_read_whole_and_hashed_as_its_bytes(tmp_path):
    """`read._documents` reads an uncompressed file for its size and a byte more, not for the size limit at once,
    and hashes the bytes it read instead of reading the file again: the same payload and hash, also for a file
    that grew after its size was taken (read on to the limit) and a file over the limit."""
    import hashlib
    import io

    from corpus_tools import read

    data = "\n".join(f"Baris {i} dari berita yang cukup panjang." for i in range(300)).encode()
    for told, limit in ((len(data), 10_000_000), (10, 10_000_000), (0, 10_000_000), (len(data) - 1, len(data))):
        results = list(read._documents("a.txt", io.BytesIO(data), told, None, limit, None, None, lambda: False))
        assert len(results) == 1, (told, limit)
        (doc,) = results
        assert doc.payload == data and doc.content_hash == hashlib.sha256(data).hexdigest(), (told, limit)
    over = list(read._documents("a.txt", io.BytesIO(data), 10, None, len(data) - 1, None, None, lambda: False))
    assert [type(item).__name__ for item in over] == ["ReadProblem"] and "size limit" in over[0].reason


def test_source_keys_resolved_once_by_inputs_are_those_resolved_when_read(tmp_path, monkeypatch):
    """`ingest._inputs` hands `_changed_files` each file's source key, its path resolved once a run: the same keys
    as `_changed_files` resolves itself for a relative path, a path through a linked folder and a linked file."""
    import importlib
    import threading

    from corpus_tools.store import Store

    ingest = importlib.import_module("corpus_tools.ingest")
    (tmp_path / "real").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "real" / name).write_text(f"Judul {name}\n\n" + TEXTS[-1] + "\n")
    (tmp_path / "via").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "c.txt").symlink_to(tmp_path / "real" / "b.txt")
    monkeypatch.chdir(tmp_path)
    found = [Path("real/a.txt"), Path("via/b.txt"), tmp_path / "real" / "c.txt", Path("./real/a.txt")]
    keys = []
    for resolved in (None, {}):
        with Store(tmp_path / "s.db") as store:
            files = ingest._inputs(found, str(tmp_path / "s.db"), resolved)
            work = ingest._changed_files(files, store, ingest.IngestReport(), lambda *_: None, 1 << 20, None, None,
                                         threading.Event(), resolved=resolved)
            keys.append([item.key for item in work])
    assert keys[0] == keys[1] == [str(tmp_path / "real" / "a.txt"), str(tmp_path / "real" / "b.txt")]



def _story_titles_reference(store, story_id):
    """A story's titles as `Store.story_titles` first read them, one story a statement, from the articles' rows."""
    return [tuple(r) for r in store.db.execute(
        "SELECT title, language FROM articles WHERE story_id = ? AND duplicate_of IS NULL "
        "AND title IS NOT NULL AND title != '' ORDER BY id", (story_id,))]

def _story_listing_reference(store, *, date_from=None, date_to=None, min_articles=1):
    """`Store.list_stories` as first written: the stories joined to their articles' rows and grouped by the stories'
    own columns (the counts and filters the listing must keep)."""
    sql = ("SELECT s.id, s.first_date, s.last_date, s.title, count(DISTINCT coalesce(a.duplicate_of, a.id)), "
           "count(DISTINCT a.outlet), count(a.published) FROM stories s JOIN articles a ON a.story_id = s.id "
           "GROUP BY s.id, s.first_date, s.last_date, s.title ORDER BY s.first_date, s.id")
    rows = []
    for id_, first, last, title, articles, outlets, dated in store.db.execute(sql):
        if articles < min_articles or ((date_from or date_to) and not dated) or \
                (date_from and last < date_from) or (date_to and first > date_to):
            continue
        rows.append({"id": id_, "first_date": first, "last_date": last, "title": title, "articles": articles,
                     "outlets": outlets, "dated": dated})
    return rows


def test_story_listing_reads_the_narrow_index_and_counts_as_before(tmp_path):
    import json

    """`triage stories` at 100k read every article's whole row (SQLite keeps `duplicate_of` and `story_id` behind
    the body's overflow pages): 1.0 CPU s. The listing and the stories' headlines are now read through the
    covering index `articles_mentions` (migration 0011) — no plan step of theirs reads the articles' table — and
    they give the counts, filters and headlines of the first form."""
    from corpus_tools.ingest import ingest
    from corpus_tools.store import Store

    from .conftest import SEEDS
    from .corpora import news_records

    records = news_records(60)
    copies = [json.dumps({**json.loads(line), "id": f"copy-{n}"}) for n, line in enumerate(records[:12])]
    data = tmp_path / "desk.jsonl"
    data.write_text("\n".join(records + copies) + "\n")
    db = tmp_path / "s.db"
    ingest([str(SEEDS.parent / "sample_corpus"), str(data)], str(db), workers=1)
    with Store(db, readonly=True) as store:
        statements: list[str] = []
        store.db.raw.set_trace_callback(statements.append)
        listed = store.list_stories(min_articles=2)
        titles = store.stories_titles([s["id"] for s in listed])
        store.db.raw.set_trace_callback(None)
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "articles" in s]
        assert len(reads) == 2, statements
        for statement in reads:
            plan = [row[-1] for row in store.db.raw.execute("EXPLAIN QUERY PLAN " + statement)]
            article_steps = [step for step in plan if " a " in f" {step} " or "articles" in step]
            assert article_steps and all("COVERING INDEX articles_mentions" in step for step in article_steps), plan
        assert len(listed) >= 2 and any(story["articles"] > story["outlets"] for story in listed)
        for options in ({}, {"min_articles": 2}, {"date_from": "2025-03-01"}, {"date_to": "2025-06-30"},
                        {"date_from": "2024-11-01", "date_to": "2025-04-30", "min_articles": 2}):
            got = [{k: v for k, v in row.items() if k != "centroid"} for row in store.list_stories(**options)]
            assert got == _story_listing_reference(store, **options), options
        for story in listed:
            assert titles[story["id"]] == _story_titles_reference(store, story["id"])
        assert any(len(found) > 1 for found in titles.values())


class _CountedPattern:
    """A compiled pattern that counts its `findall` calls (the pattern itself is the module's)."""

    def __init__(self, pattern):
        self.pattern, self.findalls = pattern, 0

    def findall(self, text):
        self.findalls += 1
        return self.pattern.findall(text)

    def __getattr__(self, name):
        return getattr(self.pattern, name)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_articles_inside_words_read_once_give_the_same_names_and_events(lang, monkeypatch):
    """`extract_events` reads the capitalised words a body writes inside a sentence once, for the names
    (`article_names`' `inside`) and for the words written so once (`once`), where it read them twice (issue 13):
    one `_INSIDE.findall` a dated body, the same `article_names` and the same mentions as the first form's."""
    from collections import Counter
    from datetime import date
    from corpus_tools import events
    from corpus_tools.dates import tag
    rules = events.rules_for(lang)
    bodies = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + _FRAGMENT_TEXTS + [
        "Kata Ali bin Abu, KPK menahan Budi Santoso pada Selasa (12/11/2024). Budi dan Ali hadir, kata KPK.",
        "He said on Monday, Nov. 11, 2024 that Smith Smith and Jones met Jones in New York."]
    cases = [(body, tag(body, date(2024, 11, 15), lang)) for body in bodies]
    dated = [case for case in cases if any(t.granularity in events.CALENDAR for t in case[1])]
    assert dated
    for body, _ in cases:
        inside = [m.group(1).strip(".,'’") for m in events._INSIDE.finditer(body)]
        counts = Counter(events._inside_words(body))
        assert events.article_names(body, rules, counts) == events.article_names(body, rules)
        assert counts == Counter(events._inside_words(body))  # the caller's counts left as they were
        written = Counter(inside)  # less the words a clock stamp leaves opening a sentence (s21-content's rule)
        written.subtract(m.group(1).strip(".,'’") for m in events._STAMPED.finditer(body))
        assert events.article_names(body, rules)[1] == frozenset(w for w, n in written.items() if n > 0)
        assert sorted(events._inside_words(body)) == sorted(inside)
        assert {w for w, n in Counter(inside).items() if n == 1} == \
            {w for w, n in Counter(events._inside_words(body)).items() if n == 1}
    counted = _CountedPattern(events._INSIDE)
    monkeypatch.setattr(events, "_INSIDE", counted)
    ours = [events.extract_events(body, timexes, lang) for body, timexes in cases]
    assert counted.findalls == len(dated)
    monkeypatch.setattr(events, "_INSIDE", counted.pattern)
    assert ours == [events.extract_events(body, timexes, lang) for body, timexes in cases]
    assert any(ours)


def test_a_samples_letters_and_words_read_in_fewer_steps_are_those_counted_one_by_one():
    """`detect_language` asks whether a sample has MIN_LETTERS letters by counting no further than that
    (`_fewer_letters`), and the stopword vote lower-cases an ASCII sample before finding its words (`_sample_words`)
    (issue 13): the same answers as counting every letter and lower-casing each word, on seed samples, their
    slices and non-ASCII words whose lower case is longer or no letter ("İ", "ß", "Σ", combining marks)."""
    from corpus_tools import language
    samples = ["", "a", "abcdefg", "abcdefgh", "1234567 abc", "a1b2c3d4e5f6g7h8", "       ", "İİİİİİİ", "ΣΣΣΣ ΣΣΣΣ",
               "İstanbul'da ve Kİ dahi", "Straße e\u0301te\u0301 ǅ ǈ", "don't ’til it’s 2024-an o'clock", "_x_ __ x_y"]
    for text in TEXTS:
        samples += [language.prose_sample(text, limit) for limit in (5, 12, 60, 500)]
        samples += [text[i:i + 9] for i in range(0, min(len(text), 400), 7)]
    for sample in samples:
        for least in (0, 1, 2, language.MIN_LETTERS, 50):
            assert language._fewer_letters(sample, least) == (sum(map(str.isalpha, sample)) < least), (sample, least)
        assert language._sample_words(sample) == [w.lower() for w in language._WORD.findall(sample)], sample
    assert any(language._fewer_letters(s, language.MIN_LETTERS) for s in samples)
    assert any(not language._fewer_letters(s, language.MIN_LETTERS) for s in samples)


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_a_date_anchor_with_no_word_among_the_texts_runs_is_not_looked_for(lang, monkeypatch):
    """`_anchor_occurrences` answers an anchor of whole words none of which is a run of the text's letters and
    digits with no occurrence, without `_occurrences`' set and loop (issue 13: a scan asks ~20 anchors, most of them
    absent from a header's few words): the occurrences `_occurrences` finds, for every anchor of every text."""
    lexicon = tagger.Lexicon(lang)
    texts = [text.lower() for text in TEXTS + _ANCHOR_TEXTS] + ["x", "", "tahun-tahun", "hari_ini", "2024an"]
    anchors = {window[1] for window in lexicon.windows if window is not None and type(window[1]) is frozenset}
    real = tagger._occurrences
    calls = []
    monkeypatch.setattr(tagger, "_occurrences", lambda *args: calls.append(args[1]) or real(*args))
    skipped = found = 0
    for text in texts:
        asked: dict = {}
        runs = tagger._runs(text)
        for anchor in anchors:
            calls.clear()
            where = tagger._anchor_occurrences(text, anchor, asked)
            assert where == real(text, anchor, runs) == _occurrences_first_form(text, anchor, runs)
            alone, others = tagger._unrun(anchor)
            if not others and alone.isdisjoint(runs):
                assert not calls and where == []
                skipped += 1
            found += bool(where)
    assert skipped and found


def test_a_credit_line_without_a_bar_or_break_matched_at_its_start_is_the_search_of_it():
    """`extract.text._credit_match` matches an author pattern at a line's start when the line holds no "|" and
    no line break, where `_author` searched every position (issue 13): each language's pattern opens with
    `(?:^|\\|\\s*)` under re.M, and gives the same match (span and name) as its search on seed lines and lines
    built to reach the other openings."""
    from corpus_tools import languages
    from corpus_tools.extract import text as text_meta
    lines = [line.strip() for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().split("\n")]
    lines += ["Penulis: Nabilla Tashandra", "Editor | Penulis : Nabilla Tashandra | Kompas", "x Penulis: Ali Budi",
              "Laporan wartawan Tribun, Ali Budi", "By John Smith, Reuters", "photo | by Jane Doe", "a\nby John Smith",
              "Oleh: Ali Budi dan Citra Dewi", "oleh ALI BUDI", "", "|", "| by | by X Y"]
    patterns = [text_meta._author_pattern(code) for code in languages.available()]
    assert any(patterns)
    matched = 0
    for pattern in filter(None, patterns):
        assert pattern.pattern.startswith(r"(?:^|\|\s*)") and pattern.flags & re.M
        for line in lines:
            ours, searched = text_meta._credit_match(pattern, line), pattern.search(line)
            assert (ours and (ours.span(), ours.groupdict())) == (searched and (searched.span(), searched.groupdict()))
            matched += searched is not None
    assert matched > 5


def test_a_clock_stamps_pattern_opening_with_its_digit_finds_what_its_look_behind_first_form_finds():
    """`events._STAMPED` asks its look-behind after the stamp's first digit, so that the regex engine skips to
    digits (issue 13); the first form, opening with the look-behind, tried every position. The same matches; and
    `_AFTER_SEAM`, which writes the same stamp (`_STAMP`), finds what its first form finds before each capital
    letter, in the windows `actors` searches (the look-behind reads before a window's start in both)."""
    import re
    from corpus_tools import events
    first = re.compile(r"(?<![\w.:])\d{1,2}[.:]\d{2}(?:\s+[A-Z]{2,4})?\s+([A-Z][\w'’.-]*)")
    seam = re.compile(r"(?:(?<![\w.:])\d{1,2}[.:]\d{2}(?:\s+[A-Z]{2,4})?|:)[\"“‘'(\[\s]+\Z")
    texts = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + _FRAGMENT_TEXTS + [
        "Friday 3 June 2005 00.06 BST Faced with it", "x12.30 Faced", "1.12:30 Faced", "a:12.30 Zed", "_1:23 Ab",
        "é1:23 Ab", "3 123:45 Aa", "at 9:05 BST Then 10:15 GMT Help Live", "12:30 Now", "9.99 Price", "7:5 No"]
    found = 0
    for text in texts:
        assert [m.span(1) for m in events._STAMPED.finditer(text)] == [m.span(1) for m in first.finditer(text)], text
        found += len(first.findall(text))
        for capital in re.finditer(r"[A-Z]", text):
            for low in (max(0, capital.start() - 16), max(0, capital.start() - 3)):
                ours, theirs = events._AFTER_SEAM.search(text, low, capital.start()), seam.search(text, low, capital.start())
                assert (ours and ours.span()) == (theirs and theirs.span()), (text, low)
    assert found >= 4
