"""Issue 12, item 6: CSV/TSV in, --field, wrapped JSON, a size limit per document, streaming."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date

from corpus_tools.extract import extract
from corpus_tools.read import ReadProblem, read_documents
from corpus_tools.store import Store

from .conftest import documents_read_with_peak, run_cli
from .records import story


def _read(path, **kw):
    results = list(read_documents(path, **kw))
    return ([r for r in results if not isinstance(r, ReadProblem)],
            [r for r in results if isinstance(r, ReadProblem)])


def _csv_text(header, rows, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _flat(seed: int) -> str:
    return story(seed).replace("\n\n", " ")


def _extracted(doc):
    return extract(doc, "id", date(2026, 1, 1))


def test_csv_header_takes_the_json_aliases_and_a_month_first_date_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(_csv_text(["judul", "isi_berita", "tanggal", "tautan"], [
        ["Satu", story(1), "10/21/2025 20:43", "https://example.id/1"],
        ["Dua", story(2), "03/04/2025 08:00", "https://example.id/2"],
    ]))
    docs, problems = _read(path)
    assert problems == []
    got = [_extracted(d) for d in docs]
    assert [(e.title, e.published, e.url) for e in got] == [
        ("Satu", "2025-10-21", "https://example.id/1"), ("Dua", "2025-03-04", "https://example.id/2")]
    assert got[0].text.startswith(story(1).split("\n")[0])
    assert [d.line for d in docs] == [2, 3 + story(1).count("\n")]  # a quoted body spans lines


def test_a_day_first_date_column_is_read_day_first(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(_csv_text(["Headline", "Article Text", "Publish Date"], [
        ["A", story(3), "21/10/2025"], ["B", story(4), "03/04/2025"]]))
    docs, _ = _read(path)
    assert [_extracted(d).published for d in docs] == ["2025-10-21", "2025-04-03"]


def test_a_json_record_with_an_unambiguous_numeric_date(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps({"title": "T", "text": story(19), "date": d}) + "\n"
                            for d in ("10/21/2025 20:43", "21/10/2025", "31/02/2025")))
    docs, _ = _read(path)
    assert [_extracted(d).published for d in docs][:2] == ["2025-10-21", "2025-10-21"]
    assert _extracted(docs[2]).published != "2025-02-31"


def test_tsv_gz_with_quoted_multiline_fields_and_english_headers(tmp_path):
    path = tmp_path / "export.tsv.gz"
    body = "First paragraph of the story.\n\nSecond paragraph,\twith a tab and \"quotes\"."
    path.write_bytes(gzip.compress(_csv_text(["Headline", "Content", "Link"], [
        ["Tab one", body, "https://example.com/1"], ["Tab two", story(5, "en"), "https://example.com/2"]],
        delimiter="\t").encode()))
    docs, problems = _read(path)
    assert problems == []
    first = _extracted(docs[0])
    assert first.title == "Tab one" and "Second paragraph, with a tab" in first.text
    assert [d.line for d in docs] == [2, 5]  # the quoted field spans three lines


def test_semicolon_csv_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(_csv_text(["judul", "isi"], [["Titik koma", story(6)]], delimiter=";"))
    docs, _ = _read(path)
    assert _extracted(docs[0]).title == "Titik koma"


def test_a_bad_row_is_named_with_its_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("title,text\nOne," + story(7).replace("\n", " ") + "\nTwo,too,many,fields\nThree,"
                    + story(8).replace("\n", " ") + "\n")
    docs, problems = _read(path)
    assert [d.line for d in docs] == [2, 4]
    assert [p.path for p in problems] == [f"{path}:3"]
    assert "4 fields" in problems[0].reason and "2" in problems[0].reason


def test_field_option_maps_names_the_aliases_do_not_know(tmp_path):
    csv_path = tmp_path / "odd.csv"
    csv_path.write_text(_csv_text(["kop", "naskah", "title"], [["Kop berita", story(9), "not this"]]))
    json_path = tmp_path / "odd.jsonl"
    json_path.write_text(json.dumps({"kop": "Kop JSON", "naskah": story(10)}) + "\n")
    fields = {"title": "kop", "text": "naskah"}
    for path, title in ((csv_path, "Kop berita"), (json_path, "Kop JSON")):
        docs, problems = _read(path, fields=fields)
        assert problems == [], problems
        assert _extracted(docs[0]).title == title


def test_wrapped_json_arrays_are_records(tmp_path):
    for key in ("articles", "data"):
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps({"status": "ok", key: [{"title": "A", "text": story(11)},
                                                          {"title": "B", "text": story(12)}]}))
        docs, problems = _read(path)
        assert problems == [] and [_extracted(d).title for d in docs] == ["A", "B"]
        assert [d.line for d in docs] == [1, 2]


def test_the_size_limit_bounds_one_document_not_the_file(tmp_path):
    record = json.dumps({"title": "T", "text": story(13)})
    jsonl = tmp_path / "many.jsonl"
    jsonl.write_text("\n".join([record] * 40 + [json.dumps({"text": "x" * 20_000})] + [record]) + "\n")
    assert jsonl.stat().st_size > 20_000
    docs, problems = _read(jsonl, max_bytes=10_000)
    assert len(docs) == 41
    assert [p.path for p in problems] == [f"{jsonl}:41"] and "size limit" in problems[0].reason
    table = tmp_path / "many.csv"
    table.write_text(_csv_text(["title", "text"], [["T", _flat(14)]] * 40 + [["Big", "y" * 20_000]]))
    docs, problems = _read(table, max_bytes=10_000)
    assert len(docs) == 40 and [p.path for p in problems] == [f"{table}:42"]
    array = tmp_path / "many.json"
    array.write_text(json.dumps([{"title": "T", "text": story(15)}] * 40))
    docs, problems = _read(array, max_bytes=10_000)
    assert len(docs) == 40 and problems == []


def test_a_big_jsonl_streams_with_flat_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"title": "T", "text": story(16) * 4}) + "\n"
    with path.open("w") as fh:
        for _ in range(12 * 1024 * 1024 // len(line)):
            fh.write(line)
    count, peak = documents_read_with_peak(path)
    assert count == 12 * 1024 * 1024 // len(line)
    assert peak < 4 * 1024 * 1024, peak  # the file is 12 MB


def test_a_csv_line_far_over_the_size_limit_is_refused_without_being_held(tmp_path):
    """A row on one line of 40 MB (a field no scraper meant, or a file of one line): before, the line was read
    whole before csv's field limit refused it (a 300 MB line took 650 MB; a multi-GB one, the OOM killer)."""
    path = tmp_path / "long.csv"
    with path.open("w") as fh:
        fh.write('title,text\nA,"')
        for _ in range(40):
            fh.write("x" * 1024 * 1024)
        fh.write('"\n' + _csv_text(["title", "text"], [["B", _flat(19)]]).split("\n", 1)[1])
    count, peak = documents_read_with_peak(path)  # a limit of 1 MB
    assert count == 1
    assert peak < 8 * 1024 * 1024, peak  # the line is 40 MB
    docs, problems = _read(path, max_bytes=1024 * 1024)
    assert [(p.path, p.reason) for p in problems] == [(f"{path}:2", "record larger than the size limit of 1 MB")]
    assert [doc.line for doc in docs] == [3]  # the rows after it keep the lines an editor shows

def test_a_folder_of_many_files_not_ours_names_a_few_and_counts_the_rest(tmp_path):
    """A scrape folder holding 12 .tml files (TimeML annotations beside the texts): three named, the other nine
    counted in one line, not twelve lines of one reason on every cron run; the JSON report lists every file,
    and each failure is still named."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for k in range(12):
        (corpus / f"{k:02d}.tml").write_text("<TimeML>Banjir</TimeML>")
    (corpus / "feed.jsonl").write_text(json.dumps({"title": "Satu", "text": story(40)}) + "\n{rusak\n")
    proc = run_cli("ingest", str(corpus), "--workers", "1", "--format", "json", db=tmp_path / "t.db")
    assert proc.returncode == 1, proc.stderr
    named = [line for line in proc.stderr.splitlines() if line.endswith(".tml: unknown format (expected .txt, "
                                                                           ".html, .json, .jsonl, .csv, .tsv or .gz of them)")]
    assert len(named) == 3, proc.stderr
    assert "… and 9 more files skipped: unknown format" in proc.stderr
    assert f"{corpus / 'feed.jsonl'}:2:" in proc.stderr  # a failure is named
    assert len(json.loads(proc.stdout)["skipped"]) == 12


def test_cli_ingests_csv_reports_bad_rows_and_quiet_still_lists_skipped_files(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "newsroom.csv").write_text(
        _csv_text(["headline", "content", "date", "link"], [
            ["Satu", _flat(17), "10/21/2025 20:43", "https://example.id/1"],
            ["Dua", _flat(18), "10/22/2025 09:10", "https://example.id/2"]])
        + "Rusak,terlalu,banyak,kolom,di,sini\n")
    (corpus / "big.jsonl").write_text("".join(json.dumps({"title": f"J{i}", "text": story(30 + i)}) + "\n"
                                              for i in range(3)))
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(corpus), "--workers", "1", "--format", "json", "--max-size", "0.002", "--quiet",
                   db=db)
    report = json.loads(proc.stdout)
    assert report["new"] == 5, proc.stderr
    assert f"{corpus / 'photo.jpg'}: unknown format" in proc.stderr  # skipped, and said so under --quiet
    assert f"{corpus / 'newsroom.csv'}:4: row has 6 fields" in proc.stderr
    assert proc.returncode == 1  # a bad row is a failed input; the rest is stored
    with Store(db, readonly=True) as store:
        rows = store.list_articles()
    assert {r["title"]: r["published"] for r in rows if r["title"] in ("Satu", "Dua")} == {
        "Satu": "2025-10-21", "Dua": "2025-10-22"}


def test_progress_counts_documents_not_files(tmp_path):
    from corpus_tools.ingest import ingest
    path = tmp_path / "one.jsonl"
    path.write_text("".join(json.dumps({"title": f"P{i}", "text": story(40 + i)}) + "\n" for i in range(3)))
    seen: list[int] = []
    report = ingest([str(path)], str(tmp_path / "t.db"), workers=1, on_document=seen.append)
    assert report.new == 3
    assert seen == [1, 2, 3]


def test_a_file_read_again_with_other_options_is_not_taken_as_unchanged(tmp_path):
    """A first run without the right `--field` skips every row ("no text field"); the run that maps the column
    must read the unchanged file again and store its rows, and a third run with the same options finds it
    unchanged (a cron job's case)."""
    table = tmp_path / "desk.csv"
    table.write_text(_csv_text(["judul", "naskah"], [["Kop satu", _flat(21)], ["Kop dua", _flat(22)]]))
    db = tmp_path / "s.db"
    first = run_cli("ingest", str(table), "--format", "json", db=db)
    assert json.loads(first.stdout)["new"] == 0 and "no text field" in first.stderr
    mapped = ("--field", "title=judul", "--field", "text=naskah")
    second = run_cli("ingest", str(table), *mapped, "--format", "json", db=db)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["new"] == 2
    third = run_cli("ingest", str(table), *mapped, "--format", "json", db=db)
    assert json.loads(third.stdout)["new"] == 0 and json.loads(third.stdout)["unchanged"] == 2
    with Store(db) as store:
        assert sorted(a["title"] for a in store.list_articles()) == ["Kop dua", "Kop satu"]


def test_a_csv_whose_last_row_is_being_written_is_read_again_next_run_not_failed(tmp_path):
    """A scraper appending to a CSV as cron reads it: its last row, without its line break, stops inside a quoted
    text or before the last fields. Before, `row has 2 fields, the header has 3`, exit 1, on every run that met
    the scraper at work; now skipped as a JSONL's unfinished last line is, and stored once whole."""
    folder = tmp_path / "in"
    folder.mkdir()
    whole = _csv_text(["title", "text", "url"], [[f"T{n}", _flat(20 + n), f"https://x.example/{n}"]
                                                 for n in range(3)])
    cuts = {"in_quote.csv": whole[:whole.rindex(",https://") - 40], "before_url.csv": whole[:whole.rindex(",https")]}
    for name, text in cuts.items():
        (folder / name).write_text(text)
    (folder / "no_final_break.csv").write_text(whole.rstrip("\n"))  # a whole last row: stored, as before
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["new"] == 2 + 2 + 3 and report["failed"] == []
    assert sorted(entry["path"] for entry in report["skipped"]) == [f"{folder / name}:4" for name in sorted(cuts)]
    assert all(entry["error"].startswith("last row unfinished") for entry in report["skipped"])
    _finished_and_read_again(folder, cuts, whole, db)


def _finished_and_read_again(folder, cuts, whole: str, db) -> None:
    """The scraper finishes each cut file (`whole`): the next run stores each file's last row, new, and skips nothing."""
    for name in cuts:
        (folder / name).write_text(whole)  # the scraper has finished the row
    again = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", db=db)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["new"], report["updated"], report["skipped"]) == (2, 0, [])


def test_a_csv_cut_inside_its_last_quoted_text_is_read_again_next_run_not_stored_cut(tmp_path):
    """The text column last, its paragraphs on lines of their own inside the quotes (as a scraper writes an
    article's body), and the file cut inside that text: after a paragraph's line break, or in the middle of a line.
    The row has all its fields, so before (session 21) it was stored with its text cut where the scraper was, and
    counted new; now it is skipped as still being written, and stored whole by the next run."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [[f"T{n}", f"https://x.example/{n}", story(30 + n)] for n in range(3)]
    whole = _csv_text(["title", "url", "text"], rows)
    last = rows[-1][2]
    assert "\n" in last  # the premise: paragraphs inside the quoted field
    cut_at = whole.rindex(last) + last.index("\n") + 1
    cuts = {"after_break.csv": whole[:cut_at], "mid_line.csv": whole[:cut_at + 15]}
    for name, text in cuts.items():
        (folder / name).write_text(text)
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["new"] == 2 + 2 and report["failed"] == [], report
    line = whole[:whole.rindex("\nT2,") + 1].count("\n") + 1  # the last row's first line
    assert sorted(entry["path"] for entry in report["skipped"]) == [f"{folder / name}:{line}" for name in sorted(cuts)]
    assert all("inside a quoted field" in entry["error"] for entry in report["skipped"]), report["skipped"]
    _finished_and_read_again(folder, cuts, whole, db)
    with Store(db) as store:
        bodies = [a["body"] for a in store.export_articles() if a["title"] == "T2"]
    assert len(bodies) == 2 and all(body.rstrip().endswith(last.split()[-1]) for body in bodies), bodies


def test_excels_separator_line_names_the_separator_and_is_not_the_header(tmp_path):
    """`sep=;` on a CSV's first line (Excel's hint, written for it where the comma is the decimal mark). Before,
    it was the header (`sep=` and an empty name) and every row failed: `row has 3 fields, the header has 2`."""
    path = tmp_path / "excel.csv"
    body = _csv_text(["judul", "isi", "tautan"], [["Satu", _flat(21), "https://x.example/1"],
                                                  ["Dua", _flat(22), "https://x.example/2"]], delimiter=";")
    path.write_bytes(("sep=;\r\n" + body.replace("\n", "\r\n")).encode("utf-8-sig"))
    docs, problems = _read(path)
    assert problems == []
    assert [doc.line for doc in docs] == [3, 4]  # the lines an editor shows: the hint is line 1
    assert [json.loads(doc.payload)["judul"] for doc in docs] == ["Satu", "Dua"]


def test_a_dotted_field_name_reads_a_string_inside_an_object(tmp_path):
    """WordPress's REST API (`/wp-json/wp/v2/posts`), which many newsroom sites answer: title and text are
    objects, `{"rendered": "<p>…"}`. Before, the record was refused (`'content' is an object`) and no --field
    could reach inside it; now the refusal says how, and `--field text=content.rendered` does."""
    path = tmp_path / "posts.json"
    path.write_text(json.dumps([{"id": 7, "date": "2025-03-03T10:00:00", "link": "https://x.example/7",
                                 "title": {"rendered": "Taman baru"},
                                 "content": {"rendered": f"<p>{_flat(23)}</p>", "protected": False}}]))
    db = tmp_path / "t.db"
    plain = run_cli("ingest", str(path), "--workers", "1", db=db)
    assert (f"{path}:1: record's text field 'content' is an object" in plain.stderr
            and "(read a string inside it with --field text=content.rendered)" in plain.stderr), plain.stderr
    mapped = run_cli("ingest", str(path), "--workers", "1", "--format", "json", "--field", "text=content.rendered",
                     "--field", "title=title.rendered", db=db)
    assert mapped.returncode == 0 and json.loads(mapped.stdout)["new"] == 1, mapped.stderr
    with Store(str(db), readonly=True) as store:
        [article] = store.export_articles()
    assert article["title"] == "Taman baru" and _flat(23)[:60] in article["body"]
