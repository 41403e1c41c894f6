"""UTF-16 and UTF-32 inputs (PowerShell 5's `Out-File` writes UTF-16): every format, true line numbers,
UTF-16 without a byte order mark read when its shape leaves no doubt and named when it does not."""

from __future__ import annotations

import codecs
import json
from datetime import date

import pytest

from corpus_tools.decode import BINARY, UTF16_NO_BOM, DecodeError, decode
from corpus_tools.extract import extract
from corpus_tools.read import ReadProblem, read_documents
from corpus_tools.store import Store

from .conftest import documents_read_with_peak, run_cli
from .records import story

# (codec, bytes before the text): with a byte order mark, and UTF-16 without one
WIDE = [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE), ("utf-16-le", b""), ("utf-16-be", b"")]


def _wide(text: str, codec: str, bom: bytes) -> bytes:
    return bom + text.encode(codec)


def _records(count: int = 3) -> list[dict]:
    return [{"title": f"Judul {i} — kota", "text": story(60 + i), "published": f"2025-03-0{i + 1}"}
            for i in range(count)]


def _read(path):
    results = list(read_documents(path))
    return ([r for r in results if not isinstance(r, ReadProblem)],
            [r for r in results if isinstance(r, ReadProblem)])


@pytest.mark.parametrize("codec,bom", WIDE)
def test_jsonl_in_utf16_or_utf32_gives_each_line_its_record_and_true_line_number(tmp_path, codec, bom):
    records = _records()
    path = tmp_path / "out.jsonl"  # CRLF, as Windows writes it
    path.write_bytes(_wide("".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records), codec, bom))
    docs, problems = _read(path)
    assert problems == []
    assert [d.line for d in docs] == [1, 2, 3]
    assert [json.loads(d.payload) for d in docs] == records


@pytest.mark.parametrize("codec,bom", WIDE)
def test_a_json_array_and_a_csv_in_utf16_or_utf32_are_read(tmp_path, codec, bom):
    records = _records()
    array = tmp_path / "out.json"
    array.write_bytes(_wide(json.dumps(records, ensure_ascii=False, indent=2), codec, bom))
    table = tmp_path / "out.csv"
    table.write_bytes(_wide("title,text,published\r\n" + "".join(
        f'{r["title"]},"{r["text"]}",{r["published"]}\r\n' for r in records), codec, bom))
    for path in (array, table):
        docs, problems = _read(path)
        assert problems == [], path
        got = [extract(d, "id", date(2026, 1, 1)) for d in docs]
        assert [(e.title, e.published) for e in got] == [(r["title"], r["published"]) for r in records], path
        assert got[0].text.startswith(records[0]["text"].split("\n")[0])


@pytest.mark.parametrize("codec,bom", WIDE)
def test_a_text_dump_in_utf16_or_utf32_is_decoded(codec, bom):
    text = "Warga kota — “banjir” di Jakarta\n\n" + story(70)
    assert decode(_wide(text, codec, bom)) == decode(text.encode())


def test_utf16_without_bom_of_text_in_another_script_is_named_not_guessed():
    text = "北京新闻：今天下午市政府召开会议，讨论城市交通问题。会议决定增加公共汽车线路。" * 3 + " 2025"
    for codec in ("utf-16-le", "utf-16-be"):
        with pytest.raises(DecodeError) as caught:
            decode(text.encode(codec))
        assert str(caught.value) == UTF16_NO_BOM
    with pytest.raises(DecodeError) as caught:  # NULs on both sides of the byte pairs: binary, as before
        decode(b"\x00\x01\x02\x00" * 100)
    assert str(caught.value) == BINARY


def test_a_big_utf16_jsonl_is_streamed(tmp_path):
    line = json.dumps({"title": "Judul", "text": story(80)}) + "\r\n"
    count = 8 * 1024 * 1024 // (2 * len(line))
    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:
        fh.write(codecs.BOM_UTF16_LE)
        for _ in range(count):
            fh.write(line.encode("utf-16-le"))
    read, peak = documents_read_with_peak(path)
    assert read == count
    assert peak < 4 * 1024 * 1024, peak  # the file is 8 MB


def test_cli_ingests_utf16_jsonl_json_and_a_text_without_bom(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    records = _records()
    (corpus / "lines.jsonl").write_bytes(_wide("".join(json.dumps(r, ensure_ascii=False) + "\r\n"
                                                       for r in records), "utf-16-le", codecs.BOM_UTF16_LE))
    (corpus / "array.json").write_bytes(_wide(json.dumps(_records(5)[3:], ensure_ascii=False), "utf-16-le",
                                              codecs.BOM_UTF16_LE))
    (corpus / "dump.txt").write_bytes(("Judul dump\n\n" + story(90)).encode("utf-16-le"))
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(corpus), "--workers", "1", "--format", "json", "--quiet", db=db)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["new"] == 6, proc.stderr
    with Store(db, readonly=True) as store:
        rows = {(r["source"].split("/")[-1], r["source_line"]): r for r in store.export_articles()}
    assert {key: row["title"] for key, row in rows.items() if key[0] != "dump.txt"} == {
        ("lines.jsonl", 1): "Judul 0 — kota", ("lines.jsonl", 2): "Judul 1 — kota",
        ("lines.jsonl", 3): "Judul 2 — kota", ("array.json", 1): "Judul 3 — kota", ("array.json", 2): "Judul 4 — kota"}
    assert story(90).split(" ")[2] in rows[("dump.txt", None)]["body"]
