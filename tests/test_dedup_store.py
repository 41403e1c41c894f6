"""Fingerprints and the persisted duplicate groups, through the library on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from corpus_tools import fingerprint
from corpus_tools.clean import clean_text
from corpus_tools.decode import decode
from corpus_tools.dedup import IncompatibleFingerprints
from corpus_tools.fingerprint import DEFAULT_PARAMS, FingerprintParams
from corpus_tools.ingest import ingest
from corpus_tools.store import Store

from .conftest import SEEDS

SEED = SEEDS / "001_175bf339afc62747.txt"


def _body(path: Path) -> str:
    return clean_text(decode(path.read_bytes()), "id").body


def _groups(db: Path) -> dict[int, list[tuple[int, float]]]:
    with Store(db) as store:
        return {g["kept"]: [(d["id"], d["similarity"]) for d in g["duplicates"]] for g in store.duplicate_groups()}


def _ids(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return {Path(r["source"]).name: r["id"] for r in store.list_articles()}


def test_shingles_normalise_case_width_and_punctuation():
    assert fingerprint.shingles("Halo, DUNIA! ｓｅｌａｍａｔ pagi…", 2) == \
        fingerprint.shingles("halo dunia selamat pagi", 2) == {"halo dunia", "dunia selamat", "selamat pagi"}
    assert fingerprint.body_hash("Halo,  DUNIA!\n\nPagi") == fingerprint.body_hash("halo dunia pagi")
    assert fingerprint.body_hash("halo dunia pagi") != fingerprint.body_hash("halo dunia sore")


def test_band_keys_are_signed_64_bit_and_estimate_tracks_exact_jaccard():
    body = _body(SEED)
    paragraphs = body.split("\n\n")
    trimmed = "\n\n".join(paragraphs[:-2])  # the last two paragraphs cut, as a republisher might
    a, b = fingerprint.signature(body), fingerprint.signature(trimmed)
    keys = fingerprint.band_keys(a)
    assert len(a) == DEFAULT_PARAMS.num_perm and len(keys) == DEFAULT_PARAMS.bands == len(set(keys))
    assert all(-2 ** 63 <= k < 2 ** 63 for k in keys)
    exact = fingerprint.jaccard(fingerprint.shingles(body), fingerprint.shingles(trimmed))
    assert 0.3 < exact < 0.95  # a real near-duplicate, not an identical text
    assert abs(fingerprint.estimate_jaccard(a, b) - exact) < 0.15
    assert fingerprint.from_blob(fingerprint.to_blob(a)).tolist() == a


def test_longer_copy_arriving_later_becomes_kept_and_identical_body_scores_one(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    text = SEED.read_text()
    cut = text.index("Baca juga") if "Baca juga" in text else len(text) * 2 // 3
    short = corpus / "a_short.txt"
    short.write_text(text[:cut].rsplit("\n\n", 2)[0] + "\n")  # the story without its last paragraphs
    db = tmp_path / "t.db"
    ingest([str(corpus)], str(db))
    (corpus / "b_full.txt").write_text(text)
    (corpus / "c_same_words.txt").write_text(text.replace("\n\n", "\n\n\n"))  # same words, other spacing
    report = ingest([str(corpus)], str(db))
    assert report.new == 2 and report.duplicates == 2
    ids = _ids(db)
    groups = _groups(db)
    assert list(groups) == [ids["b_full.txt"]]  # the most complete body is kept
    members = dict(groups[ids["b_full.txt"]])
    assert set(members) == {ids["a_short.txt"], ids["c_same_words.txt"]}
    assert members[ids["c_same_words.txt"]] == 1.0 and 0.5 <= members[ids["a_short.txt"]] < 1.0
    with Store(db) as store:
        assert store.dangling_duplicates() == 0
        rows = store.db.execute("SELECT count(*), min(length(minhash)), max(length(minhash)) FROM signatures")
        assert tuple(rows.fetchone()) == (3, DEFAULT_PARAMS.num_perm * 4, DEFAULT_PARAMS.num_perm * 4)
        bands = store.db.execute("SELECT count(DISTINCT article_id), count(*) FROM lsh_bands").fetchone()
        assert tuple(bands) == (3, 3 * DEFAULT_PARAMS.bands)


def test_other_parameters_or_another_hashing_are_refused(tmp_path):
    db = tmp_path / "t.db"
    ingest([str(SEED)], str(db))
    with Store(db) as store:
        from corpus_tools.dedup import stored_params
        with pytest.raises(IncompatibleFingerprints, match="fingerprinted with"):
            stored_params(store, FingerprintParams(5, 120, 40, 1))
    with sqlite3.connect(db) as con:  # as if datasketch had changed how it hashes
        con.execute("UPDATE fingerprint_params SET canary = ?", (b"\0" * 8,))
    with pytest.raises(IncompatibleFingerprints, match="hashes differently"):
        ingest([str(SEEDS / "002_2bf8664baea84d04.txt")], str(db))


@pytest.mark.parametrize("kept_line", [1, 2], ids=["other-story-moves-into-its-line", "its-line-deleted"])
def test_group_survives_the_removal_of_its_kept_article(tmp_path, kept_line):
    import json
    body = _body(SEED)
    paragraphs = body.split("\n\n")
    assert len(paragraphs) >= 5
    other = _body(SEEDS / "003_15edf630a0e2ea7e.txt")

    def write(path: Path, records: list[dict]) -> None:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    lines = [{"id": "full", "text": body}, {"id": "other", "text": other}]
    write(first, lines if kept_line == 1 else lines[::-1])
    write(second, [{"id": "copy", "text": body.replace("\n\n", "\n\n\n")},
                   {"id": "short", "text": "\n\n".join(paragraphs[:-1])}])
    db = tmp_path / "t.db"
    ingest([str(tmp_path)], str(db))
    assert [len(members) for members in _groups(db).values()] == [2]
    write(first, [{"id": "other", "text": other}])  # the kept article leaves; b.jsonl is not read again
    report = ingest([str(tmp_path)], str(db))
    assert report.removed == 1 and report.new == 0
    with Store(db) as store:
        rows = {r["external_id"]: r["duplicate_of"] for r in
                (store.get_article(a["id"]) for a in store.list_articles())}
        assert store.dangling_duplicates() == 0
        ids = {r["external_id"]: r["id"] for r in (store.get_article(a["id"]) for a in store.list_articles())}
    assert rows == {"other": None, "copy": None, "short": ids["copy"]}  # still one group, the longer body kept


def _variants() -> list[str]:
    """Seed bodies, cut and reordered copies of them (Jaccard on both sides of the threshold), short texts."""
    bodies = [_body(path) for path in sorted(SEEDS.glob("*.txt"))]
    out = list(bodies) + ["", "satu", "satu dua", "satu dua tiga", "Satu, DUA tiga!"]
    for body in bodies[:5]:
        paragraphs = body.split("\n\n")
        for keep in (0.9, 0.7, 0.5, 0.3):
            out.append("\n\n".join(paragraphs[:max(1, int(len(paragraphs) * keep))]))
        out.append("\n\n".join(reversed(paragraphs)))
    return out


def test_jaccard_of_stored_shingle_hashes_is_the_exact_jaccard_of_the_shingles():
    texts = _variants()
    hashes = [fingerprint.shingle_hashes(t) for t in texts]
    sets = [fingerprint.shingles(t) for t in texts]
    assert [len(h) // 8 for h in hashes] == [len(s) for s in sets]  # one hash per distinct shingle
    near = 0
    for i in range(len(texts)):
        for j in range(len(texts)):
            exact = fingerprint.jaccard(sets[i], sets[j])
            assert fingerprint.hashed_jaccard(hashes[i], hashes[j]) == exact, (i, j)
            near += 0.3 < exact < 0.7
    assert near >= 10  # pairs around the threshold, not only copies and strangers
    for text, blob in zip(texts, hashes):  # the pipeline's single hashing gives the same two values
        assert fingerprint.sign(text) == (fingerprint.signature(text), blob)


def _original_stored(tmp_path):
    """A seed body ingested alone, and a shortened copy of it (not yet written): body, copy, folder, store."""
    body = _body(SEED)
    copy = "\n\n".join(body.split("\n\n")[:-2])
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(body + "\n")
    db = tmp_path / "t.db"
    ingest([str(corpus)], str(db))
    return body, copy, corpus, db


def test_candidates_are_verified_on_their_stored_shingle_hashes_not_their_bodies(tmp_path):
    """A copy finds its original through the hashes stored at ingest (migration 0009): the
    original's body is not read again, so its cost does not grow with the candidates' bodies."""
    body, copy, corpus, db = _original_stored(tmp_path)
    exact = fingerprint.jaccard(fingerprint.shingles(body), fingerprint.shingles(copy))
    assert 0.5 <= exact < 1.0
    with sqlite3.connect(db) as con:
        con.execute("UPDATE articles SET body = 'kata lain sama sekali'")  # what a re-read would find
    (corpus / "b.txt").write_text(copy + "\n")
    report = ingest([str(corpus)], str(db))
    assert report.new == 1 and report.duplicates == 1
    [members] = _groups(db).values()
    assert members[0][1] == round(exact, 3)
    with sqlite3.connect(db) as con:
        stored = [r[0] for r in con.execute("SELECT shingles FROM signatures ORDER BY article_id")]
    assert stored == [fingerprint.shingle_hashes(body), fingerprint.shingle_hashes(copy)]


def test_articles_signed_before_migration_0009_are_verified_on_their_body(tmp_path):
    body, copy, corpus, db = _original_stored(tmp_path)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE signatures SET shingles = NULL")
    (corpus / "b.txt").write_text(copy + "\n")
    assert ingest([str(corpus)], str(db)).duplicates == 1
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM signatures WHERE shingles IS NULL").fetchone()[0] == 1
