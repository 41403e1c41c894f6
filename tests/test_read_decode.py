"""Stage tests for read (formats, problems) and decode (encodings, normalisation)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from corpus_tools.decode import DecodeError, decode, decode_bytes, repair_mojibake
from corpus_tools.read import ReadProblem, discover, read_documents

from .conftest import SEEDS, run_cli


def _read(path: Path, **kw):
    return list(read_documents(path, **kw))


def test_text_html_json_jsonl_and_gz_are_recognised(tmp_path):
    (tmp_path / "a.txt").write_text("Judul\n\nIsi berita.")
    (tmp_path / "b.htm").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "c.json").write_text(json.dumps({"title": "T", "text": "isi"}))
    (tmp_path / "d.jsonl").write_text('{"text": "satu"}\n{"text": "dua"}\n')
    (tmp_path / "e.txt.gz").write_bytes(gzip.compress(b"Judul\n\nIsi berita."))
    (tmp_path / "noext").write_text("<!DOCTYPE html><html><body>x</body></html>")
    kinds = {p.name: [d.kind for d in _read(p)] for p in tmp_path.iterdir()}
    assert kinds == {"a.txt": ["text"], "b.htm": ["html"], "c.json": ["record"], "d.jsonl": ["record", "record"],
                     "e.txt.gz": ["text"], "noext": ["html"]}


def test_jsonl_lines_carry_their_line_number_and_bad_lines_are_named(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "satu"}\n{broken\n\n{"text": "tiga"}\n[1, 2]\n')
    results = _read(path)
    docs = [r for r in results if not isinstance(r, ReadProblem)]
    problems = [r for r in results if isinstance(r, ReadProblem)]
    assert [d.line for d in docs] == [1, 4]
    assert [p.path for p in problems] == [f"{path}:2", f"{path}:5"]
    assert "malformed JSON line" in problems[0].reason


def test_unknown_format_is_skipped_not_failed(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    [problem] = _read(path)
    assert problem.skipped and "unknown format" in problem.reason


def test_empty_truncated_gz_and_oversized_files_fail_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b"x" * 5000)[:30])
    (tmp_path / "big.txt").write_text("kata " * 3000)
    reasons = {p.name: _read(p, max_bytes=10_000)[0].reason for p in tmp_path.iterdir()}
    assert reasons["empty.txt"] == "empty file"
    assert "truncated gzip" in reasons["cut.txt.gz"]
    assert "size limit" in reasons["big.txt"]


def test_discover_walks_folders_in_order_and_reports_symlink_loops(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    os.symlink(tmp_path, tmp_path / "b" / "loop")
    found = list(discover([str(tmp_path)]))
    files = [p.name for p in found if isinstance(p, Path)]
    loops = [p for p in found if isinstance(p, ReadProblem)]
    assert files == ["1.txt", "2.txt"]
    assert loops and "loop" in loops[0].reason
    assert [p.name for p in discover([str(tmp_path)], recursive=False) if isinstance(p, Path)] == ["1.txt"]
    assert [p.name for p in discover([str(tmp_path)], glob="2*") if isinstance(p, Path)] == ["2.txt"]


def test_missing_path_is_a_problem(tmp_path):
    [problem] = list(discover([str(tmp_path / "nope")]))
    assert isinstance(problem, ReadProblem) and "no such file" in problem.reason


def test_legacy_encodings_are_decoded_not_garbled():
    samples = {"cp1252": "Le café « Süß » – naïve façade, 12 février à Zürich, coûte 5 €. ",
               "latin-1": "Le café « Süß » naïve façade, le 12 février à Zürich, déjà vu. "}
    for encoding, text in samples.items():
        decoded, _ = decode_bytes((text * 6).encode(encoding))
        assert decoded == text * 6, encoding


def test_binary_content_is_refused():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(256)) * 10)


def test_normalisation_folds_nbsp_and_nfkc():
    assert decode("Putin\u00a0dan  Kim\r\n１２ November".encode()) == "Putin dan Kim\n12 November"


def test_full_width_punctuation_next_to_cjk_is_kept_as_written():
    # Chinese and Japanese write "：" and "？": NFKC's ":" and "?" would no longer match the text
    text = "出国前：政治科目会出啥考题？\n卢宇说，“我高中毕业后就出国留学了。”"
    assert decode(text.encode()) == text
    # elsewhere full-width forms still fold: digits, letters, punctuation between Latin words
    assert decode("ＡＢＣ：１２３ 出国 ２０１７".encode()) == "ABC:123 出国 2017"


def test_seed_files_read_as_text():
    for path in sorted(SEEDS.glob("00[0-4]_*.txt")):
        [doc] = _read(path)
        assert doc.kind == "text" and len(doc.content_hash) == 64


def test_table_rows_are_the_lines_whose_cells_a_tab_separates():
    """innerText writes a table's row as its cells separated by tabs; normalising folds a tab to a
    space, so the decoder also says which lines were rows, numbered as the normalised text's lines."""
    from corpus_tools.decode import normalise, table_rows
    text = "Title\r\nCapital\tWellington\n\tindented\ntrailing\t\nA\t\tB\rplain line"
    assert table_rows(text) == {2, 5}
    lines = normalise(text).split("\n")
    assert lines[1] == "Capital Wellington" and lines[4] == "A B" and len(lines) == 6
    assert table_rows("no tabs here\nat all") == frozenset()


def test_a_text_files_table_rows_reach_the_cleaner_and_its_text_is_unchanged():
    from corpus_tools.extract import extract
    from corpus_tools.record import SourceDocument
    for kind, payload in (("text", b"Head\nName\tCount\nx"),
                          ("json", json.dumps({"text": "Head\nName\tCount\nx"}).encode())):
        extracted = extract(SourceDocument(path=f"a.{kind}", kind=kind, payload=payload), "en")
        assert extracted.text == "Head\nName Count\nx" and extracted.table_rows == {2}, kind


_RIGHT = ("Harga BBM Naik\n\nPemerintah “menegaskan” kenaikan harga – kata Menteri. Warga menyebut kebijakan itu "
          "“tidak adil”. Café dan restoran juga terdampak.")


def _misread(text: str, codec: str, times: int) -> str:
    for _ in range(times):
        text = text.encode("utf-8").decode(codec, errors="replace")
    return text


@pytest.mark.parametrize("codec,times", [("cp1252", 1), ("cp1252", 2), ("latin-1", 1), ("latin-1", 2)])
def test_utf8_read_as_cp1252_or_latin1_once_or_twice_is_repaired(codec, times):
    wrong = _misread(_RIGHT, codec, times)
    assert wrong != _RIGHT and ("â€" in wrong or "â\x80" in wrong or "Ã" in wrong)
    assert repair_mojibake(wrong) == (_RIGHT, True)  # the closing quote cp1252 lost ("â€�") comes back as ”
    assert decode(wrong.encode("utf-8")) == decode(_RIGHT.encode("utf-8"))


@pytest.mark.parametrize("text", [_RIGHT, "naïve façade, résumé…", "ÉTÉ à Paris", "São Paulo é… «bem»",
                                  "Il a dit «Ça va» – Ã la carte n'est pas un mot", "Zürich, Øresund, Ærø"])
def test_right_text_is_not_changed(text):
    assert repair_mojibake(text) == (text, False)


def test_a_repaired_document_is_told_by_clean_and_ingest(tmp_path):
    wrong = _misread(_RIGHT, "cp1252", 1)
    (tmp_path / "double.txt").write_text(wrong, encoding="utf-8")
    (tmp_path / "rec.jsonl").write_text(json.dumps({"title": "Harga BBM Naik", "text": wrong.replace("Harga", "Tarif")})
                                        + "\n", encoding="utf-8")
    (tmp_path / "right.txt").write_text(_RIGHT.replace("Harga", "Ongkos"), encoding="utf-8")
    cleaned = run_cli("clean", str(tmp_path / "double.txt"))
    assert cleaned.returncode == 0 and "“tidak adil”" in cleaned.stdout and "â€" not in cleaned.stdout
    assert "double.txt: mojibake repaired" in cleaned.stderr
    right = run_cli("clean", str(tmp_path / "right.txt"))
    assert right.returncode == 0 and right.stderr == ""
    ingested = run_cli("ingest", str(tmp_path), "-f", "json", db=tmp_path / "t.db")
    report = json.loads(ingested.stdout)
    assert report["new"] == 3 and sorted(report["repaired"]) == [str(tmp_path / "double.txt"),
                                                                  f"{tmp_path / 'rec.jsonl'}:1"]
    shown = run_cli("ingest", str(tmp_path / "double.txt"), db=tmp_path / "u.db")
    assert "repaired: 1 document stored with mojibake" in shown.stderr
    exported = run_cli("export", "-f", "jsonl", db=tmp_path / "t.db")
    assert "â€" not in exported.stdout and exported.stdout.count("“tidak adil”") == 3
