"""Issue 12, the small ones: messages, CSV of conflicts, closed pipes, outlets, --quiet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from corpus_tools.extract.text import canonical_outlet, site_outlet
from corpus_tools.store import Store

from .conftest import REPO, SEEDS, run_cli


def test_clean_of_a_missing_file_says_no_such_file(tmp_path):
    proc = run_cli("clean", str(tmp_path / "nosuch.txt"))
    assert proc.returncode == 1
    assert "no such file" in proc.stderr and "disappeared" not in proc.stderr


def test_timeline_conflicts_as_csv_are_readable_cells():
    from cli.commands.timeline import conflicts_cell
    cell = conflicts_cell([{"date": "2024-11-10", "articles": 2, "outlets": ["ANTARA", "Tempo"],
                            "sentence": "Putin signed it on Sunday."}])
    assert cell == "2024-11-10 (2 articles: ANTARA, Tempo)"
    assert "{" not in cell


def test_a_closed_pipe_is_not_a_failure(seeded_db):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already quit
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    try:
        page = str(REPO / "sample_corpus" / "003_15edf630a0e2ea7e.txt")
        for args in (["articles", "-f", "csv", "--db", str(seeded_db)], ["export", "--db", str(seeded_db)],
                     # printed by Rich, whose own answer to a closed pipe is exit 1
                     ["show", "1", "--db", str(seeded_db)], ["clean", "--explain", page],
                     ["stories", "--db", str(seeded_db)]):
            proc = subprocess.run([sys.executable, "-m", "cli", *args], stdout=write_end,
                                  stderr=subprocess.PIPE, env=env, cwd=REPO, timeout=120)
            assert proc.returncode == 0, (args, proc.stderr)
            assert b"Traceback" not in proc.stderr and b"Broken pipe" not in proc.stderr
    finally:
        os.close(write_end)


def test_scraped_brackets_are_text_not_rich_markup(tmp_path):
    """WordPress leaves "[/caption]" in scraped text: a table prints it as it is stored, neither failing on it
    as a closing tag nor swallowing "[i]" as a style."""
    body = (SEEDS / "002_2bf8664baea84d04.txt").read_text(encoding="utf-8").replace(
        "berpose", "[/caption] berpose [i]miring[/i]", 1)
    assert "[/caption]" in body
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "Harga cabai [naik] lagi [/b]", "text": body}) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(feed), "--quiet", db=db).returncode == 0
    for args, expected in ((["articles"], "Harga cabai [naik] lagi [/b]"), (["stories"], "[naik]"),
                           (["show", "1"], "[/caption] berpose [i]miring[/i]")):
        proc = run_cli(*args, db=db)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert expected in proc.stdout, (args, proc.stdout)
    rows = run_cli("timeline", "--limit", "0", db=db)
    assert rows.returncode == 0 and "MarkupError" not in rows.stderr, rows.stderr


def test_a_store_in_a_missing_folder_names_the_folder(tmp_path):
    db = tmp_path / "no" / "such" / "t.db"
    proc = run_cli("ingest", str(SEEDS / "000_87d92e1b56b35b62.txt"), db=db)
    assert proc.returncode == 74
    assert f"{tmp_path / 'no' / 'such'}" in proc.stderr and "does not exist" in proc.stderr
    assert ".lock" not in proc.stderr


def test_outlet_spellings_without_their_dots_are_the_same_outlet():
    for spelling in ("VIVA.co.id", "viva.co.id", "VIVAcoid", "@VIVAcoid", "https://www.viva.co.id/berita"):
        assert canonical_outlet(spelling) == "VIVA", spelling
    assert canonical_outlet("@SomeLocalPaper") == "SomeLocalPaper"


def test_a_scheme_relative_or_ported_address_is_its_sites_outlet(tmp_path):
    """A record whose url is a page's scheme-relative link ("//www.example.com/…") or carries a port: its site
    is the outlet (was: the whole "//www.example.com/news/1" string stored as the outlet, a source chip per URL)."""
    for address, outlet in (("//www.example.com/news/1", "example.com"), ("//news.detik.com/berita/1", "detikcom"),
                            ("http://example.com:8080/a", "example.com"), ("//intranet/news/7", "intranet")):
        assert canonical_outlet(address) == outlet, address
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "//www.example.com/news/1", "title": "Banjir di Jakarta",
                                "text": "Banjir melanda Jakarta pada Senin, 3 Maret 2025, kata petugas."}) + "\n")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(feed), db=db).returncode == 0
    stored = json.loads(run_cli("articles", "-f", "json", db=db).stdout)
    assert [a["outlet"] for a in stored] == ["example.com"]


def test_a_sites_own_longer_name_and_its_domains_label_are_its_outlet(seeded_db):
    """Pages name themselves "Antara News Agency" or "Antara News" beside "ANTARA": one outlet, not three, for
    the independent sources a row counts; and `--outlet Antara` or `--outlet Detik` finds them."""
    for spelling, outlet in (("Antara News Agency", "ANTARA"), ("Antara News", "ANTARA"), ("BBC News", "BBC"),
                             ("Republika Online", "Republika"), ("Detik", "detikcom"), ("DETIK", "detikcom")):
        assert canonical_outlet(spelling) == outlet, spelling
    for kept in ("Kompas", "Fox News", "News", "CNN Indonesia", "The Jakarta Post"):  # kompas.com or kompas.tv?
        assert canonical_outlet(kept) == kept
    stored = {a["outlet"] for a in json.loads(run_cli("articles", "-f", "json", db=seeded_db).stdout)}
    assert "SINDOnews" in stored
    found = json.loads(run_cli("articles", "--outlet", "Sindonews Online", "-f", "json", db=seeded_db).stdout)
    assert found and {a["outlet"] for a in found} == {"SINDOnews"}


def test_a_sub_brand_of_a_listed_outlets_domain_is_that_outlet(tmp_path):
    """og:site_name "detikfinance" at finance.detik.com is detikcom (the name its records carry), not an outlet
    of its own; a name outlets.toml lists, or one unrelated to the address, stands."""
    for name, url, outlet in (("detikfinance", "http://finance.detik.com/read/2016/1", "detikcom"),
                              ("BBC Sport", "https://www.bbc.com/sport/football/1", "BBC"),
                              (None, "https://finance.detik.com/read/1", "detikcom"),
                              ("Kompas TV", "https://www.kompas.com/read/1", "Kompas TV"),
                              ("Harian Kota", "https://www.kompas.com/read/1", "Harian Kota"),
                              ("Finance Daily", "https://finance.example.com/1", "Finance Daily"),
                              ("detikfinance", None, "detikfinance")):
        assert site_outlet(name, url) == outlet, (name, url)
    story = ("PT PLN hari ini resmi mengoperasikan gardu induk baru di Jakarta Utara untuk menambah pasokan listrik "
             "bagi kawasan industri dan permukiman di sekitarnya, kata direktur utama perusahaan itu.")
    (tmp_path / "page.html").write_text(
        '<html><head><meta charset="utf-8"><title>Gardu Induk Baru Beroperasi</title>'
        '<meta property="og:site_name" content="detikfinance">'
        '<link rel="canonical" href="http://finance.detik.com/read/2016/02/23/153201/3149106/gardu-induk">'
        f'</head><body><article><h1>Gardu Induk Baru Beroperasi</h1><p>{story}</p><p>{story} Lagi.</p>'
        f'<p>{story} Sekali lagi.</p></article></body></html>', encoding="utf-8")
    (tmp_path / "rec.jsonl").write_text(json.dumps({
        "title": "Harga Cabai Naik", "outlet": "Detikfinance", "url": "https://finance.detik.com/berita/d-3149107/x",
        "text": "Harga cabai di pasar tradisional Jakarta naik dua kali lipat menjelang akhir tahun, kata pedagang "
                "yang ditemui pada Senin pagi di Pasar Minggu."}) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(tmp_path), db=db).returncode == 0
    with Store(db, readonly=True) as store:
        outlets = [row["outlet"] for row in store.list_articles(limit=0)]
    assert outlets == ["detikcom", "detikcom"]


def test_an_unknown_sites_address_gives_its_host_as_the_outlet(tmp_path):
    """A record whose outlet comes from its URL: two articles of one site are one outlet, not two."""
    for url in ("https://news.example.com/berita/d-1000200/a-story", "http://www.news.example.com/x/2"):
        assert canonical_outlet(url) == "news.example.com", url
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({
        "title": f"Banjir melanda kota {n}", "url": f"https://news.example.com/berita/d-10002{n}/banjir-{n}",
        "content": f"Banjir melanda kota pada Senin (3/3/2025). Warga {n} mengungsi ke sekolah terdekat "
                   "karena air setinggi satu meter merendam rumah mereka sejak pagi hari."}) + "\n"
        for n in range(2)), encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(corpus), db=db).returncode == 0
    with Store(db, readonly=True) as store:
        outlets = {row["outlet"] for row in store.list_articles(limit=0)}
    assert outlets == {"news.example.com"}


def test_clean_of_a_file_of_records_says_it_shows_the_first(tmp_path):
    """`triage clean two.jsonl` shows the first record: it says so on stderr instead of silently ignoring the
    rest; a file of one record says nothing."""
    record = {"title": "A", "text": "Presiden meresmikan jalan tol baru di Semarang pada Senin (3/3/2025) pagi."}
    two, one = tmp_path / "two.jsonl", tmp_path / "one.jsonl"
    two.write_text(json.dumps(record) + "\n" + json.dumps({**record, "title": "B"}) + "\n")
    one.write_text(json.dumps(record) + "\n")
    shown = run_cli("clean", str(two))
    assert shown.returncode == 0 and "jalan tol" in shown.stdout
    assert shown.stderr.strip() == f"{two}: holds more than one document; this is the first (line 1) (`triage ingest` reads them all)"
    alone = run_cli("clean", str(one))
    assert alone.returncode == 0 and alone.stderr == "" and alone.stdout == shown.stdout


def test_copy_into_a_file_an_ingest_holds_waits_with_wait_and_names_the_option(seeded_db, tmp_path):
    import threading

    from corpus_tools.lock import StoreLock

    dst = tmp_path / "backup.db"
    with StoreLock(str(dst)):  # an ingest writing to the destination
        busy = run_cli("copy", str(seeded_db), str(dst))
    assert busy.returncode == 75 and "--wait" in busy.stderr, busy.stderr
    lock = StoreLock(str(dst))
    lock.__enter__()
    threading.Timer(1.0, lock.__exit__, args=(None, None, None)).start()  # the ingest ends a second later
    waited = run_cli("copy", "--wait", "30", str(seeded_db), str(dst))
    assert waited.returncode == 0, waited.stderr
    with Store(str(dst)) as copy, Store(str(seeded_db)) as source:
        assert copy.count_articles() == source.count_articles() > 0


def test_json_nested_too_deeply_is_one_line_and_the_rest_of_the_folder_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for page in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / page.name).write_bytes(page.read_bytes())
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (folder / "deep.jsonl").write_text('{"text": ' + "[" * 3000 + "]" * 3000 + "}\n")
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(folder), "-f", "json", db=db)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    assert report["new"] == 3
    reasons = {item["path"].rsplit("/", 1)[-1]: item["error"] for item in report["failed"]}
    assert "nested too deeply" in reasons["deep.json"] and "nested too deeply" in reasons["deep.jsonl:1"], reasons


def test_a_record_dated_9999_12_31_has_no_record_date_and_does_not_stop_the_run(tmp_path):
    """"9999-12-31" (or any date over a year after today) is how many exports write "no date"; it used to
    overflow the story window and leave the batch unsettled (no duplicate groups, no stories) run after run."""
    from corpus_tools.extract import parse_published
    assert parse_published("9999-12-31", "id") is None and parse_published("2024-11-10", "id") == "2024-11-10"
    assert parse_published("0001-01-01", "id") is None  # the other common "no date"
    dct = run_cli("dates", "--dct", "0001-01-01", str(SEEDS / "000_87d92e1b56b35b62.txt"))
    assert dct.returncode == 2 and "Traceback" not in dct.stderr and "--dct 0001-01-01" in dct.stderr, dct.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "copy.txt").write_bytes(seed.read_bytes().replace(b".", b". ", 1))
    (folder / "feed.jsonl").write_text(json.dumps({"title": "Kabar", "published": "9999-12-31",
                                                   "text": seed.read_text(encoding="utf-8")[:1500]}) + "\n")
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(folder), "-f", "json", db=db)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    import sqlite3
    with sqlite3.connect(db) as con:
        assert "9999-12-31" not in {row[0] for row in con.execute("SELECT published FROM articles")}
        total, in_stories, copies = con.execute(
            "SELECT COUNT(*), COUNT(story_id), COUNT(duplicate_of) FROM articles").fetchone()
        assert total == in_stories == 3 and copies >= 1  # the batch settled: stories and copy groups


def test_another_programs_sqlite_database_is_refused_and_left_byte_for_byte(seeded_db, tmp_path):
    import hashlib
    import sqlite3
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE sources (x)")  # even a table triage also has
        con.execute("CREATE TABLE notes (a, b)")
        con.execute("INSERT INTO notes VALUES (1, 2)")
    con.close()
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    for proc in (run_cli("ingest", str(SEEDS / "000_87d92e1b56b35b62.txt"), db=other),
                 run_cli("copy", str(seeded_db), str(other))):
        assert proc.returncode == 74 and "another program" in proc.stderr, proc.stderr
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before


def test_sigterm_and_ctrl_c_stop_any_command_with_exit_130_and_one_line():
    """Readers answered Ctrl-C with Click's "Aborted!" and exit 1, and SIGTERM killed them outright (143, an
    `export -o` file left half-written); now, like ingest, 130 and "triage: interrupted". Each command here
    waits on its stdin (a pipe kept open) when the signal comes."""
    import signal
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for args in (["clean", "-"], ["dates", "--dct", "2024-11-10", "-"], ["clean", "--lang", "id", "-"]):
        for signum in (signal.SIGTERM, signal.SIGINT):
            proc = subprocess.Popen([sys.executable, "-m", "cli", *args], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
            _wait_reading_stdin(proc)
            proc.send_signal(signum)
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 130, (args, signum, err)
            assert err.decode().strip().splitlines()[-1] == "triage: interrupted", (args, err)
            assert b"Traceback" not in err and b"Aborted" not in err


def test_a_signal_during_start_up_is_interrupted_not_a_traceback():
    """Ctrl-C in the first half second of a command (while its modules load) printed a KeyboardInterrupt
    traceback and exited 1 (`timeout -s INT 0.5 triage articles`); now one line and 130, as later on. The
    signal is a real one, sent by the process to itself when the command's modules start loading."""
    script = (
        "import os, signal, sys\n"
        "class Hook:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'cli.app':\n"
        "            os.kill(os.getpid(), signal.SIGNUM)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Hook())\n"
        "sys.argv = ['triage', 'articles', '--db', 'nowhere.db']\n"
        "from cli.launch import main\n"
        "main()\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for signum in ("SIGINT", "SIGTERM"):
        proc = subprocess.run([sys.executable, "-c", script.replace("SIGNUM", signum)], capture_output=True,
                              text=True, env=env, cwd=REPO, timeout=60)
        assert proc.returncode == 130, (signum, proc.stderr)
        assert proc.stderr.strip() == "triage: interrupted", proc.stderr


def _wait_reading_stdin(proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until `proc` is blocked reading its stdin (Linux: /proc/PID/syscall says read(0, …)); after a while, go on."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            call = (Path("/proc") / str(proc.pid) / "syscall").read_text().split()
        except OSError:
            call = []
        if call[:2] in (["0", "0x0"], ["63", "0x0"]):  # read(0, …) on x86_64, aarch64
            return
        time.sleep(0.05)


def test_ingest_waiting_on_a_pipe_stops_at_the_first_signal(tmp_path):
    """`sleep 600 | triage ingest -`: Ctrl-C or SIGTERM asked the run to stop between two documents, and the
    run went on waiting for stdin, then reported "-: empty file" as a failure; the wait is now stopped at once."""
    import signal
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for signum in (signal.SIGINT, signal.SIGTERM):
        db = tmp_path / f"t{int(signum)}.db"
        proc = subprocess.Popen([sys.executable, "-m", "cli", "ingest", "-", "--db", str(db)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
        _wait_reading_stdin(proc)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)  # stdin is still open: only the signal can end it
        assert proc.returncode == 130, (signum, err)
        assert b"interrupted" in err and b"empty file" not in err and b"Traceback" not in err, err


def test_a_file_named_twice_in_one_run_is_read_once_and_its_articles_stay(tmp_path):
    """`ingest d d` (or a folder and a file inside it, `d ./d/`, a symlink beside its target) read each file
    twice: the second reading took the first one's articles for stale and deleted them all, the run said
    "new 8, updated 8" and exited 0 with an empty store, and later runs said "unchanged 0" and stored nothing."""
    import shutil
    folder = tmp_path / "d"
    shutil.copytree(SEEDS, folder)
    first = sorted(folder.glob("*.txt"))[0]
    (folder / "alias.txt").symlink_to(first.name)
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(folder), str(folder) + "/", str(first), "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    files = len(list(SEEDS.iterdir()))
    assert report["new"] == files and report["updated"] == 0, report
    with Store(db) as store:
        assert store.count_articles() == files
    again = json.loads(run_cli("ingest", str(folder), "--format", "json", db=db).stdout)
    assert again["unchanged"] == files and again["new"] == 0, again


def test_a_winter_row_in_the_page_and_through_granularity(tmp_path):
    """`timeline --format html` crashed on a winter row ("2008-WI" read as a week), and `--granularity` offered no
    way to ask for the season and quarter rows a timeline holds."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("John Smith died in the winter of 2008.\n")
    db = tmp_path / "w.db"
    assert run_cli("ingest", str(folder), "--quiet", db=db).returncode == 0
    page = run_cli("timeline", "--format", "html", db=db)
    assert page.returncode == 0 and "Winter 2008" in page.stdout, page.stderr
    rows = json.loads(run_cli("timeline", "--granularity", "season", "-f", "json", db=db).stdout)
    assert [(r["date"], r["granularity"]) for r in rows] == [("2008-WI", "season")]
    assert run_cli("timeline", "--granularity", "day", "-f", "json", db=db).stdout.strip() in ("", "[]")


def test_conflicts_are_chosen_before_the_limit(tmp_path):
    """`--conflicts` filtered the rows `--limit` had already kept: `--limit 1 --conflicts` printed nothing when
    the best row had no conflict, `--limit 5` fewer rows than `--limit 0`. Now the N best conflicting rows."""
    folder = tmp_path / "in"
    folder.mkdir()
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    for i in range(1, 5):  # a well-supported event with no conflict
        (folder / f"vote{i}.txt").write_text(
            f"Parliament vote {words[i]}\n\nThe parliament in Jakarta approved the budget on 3 March 2024, officials "
            f"said.\n\nReporter {words[i]} wrote about {words[i + 1]} and {words[i + 2]} markets, weather in "
            f"{words[i + 3]} and sports of the week number {i} with many unrelated words here.\n")
    for i, day in ((1, 9), (2, 9), (3, 10)):  # one event, two articles give the 9th, one the 10th
        (folder / f"p{i}.txt").write_text(
            f"Putin {words[i]}\n\nVladimir Putin signed the treaty law on {day} November 2024 in Moscow, the Kremlin "
            f"said.\n\nColumnist {words[i]} discussed {words[i + 2]} and {words[i + 4]} at length in a different "
            f"paragraph {i}.\n")
    db = tmp_path / "c.db"
    assert run_cli("ingest", str(folder), "--quiet", db=db).returncode == 0
    best = json.loads(run_cli("timeline", "--limit", "1", "-f", "json", db=db).stdout)
    assert [(r["date"], r["conflicts"]) for r in best] == [("2024-03-03", [])]
    for limit in ("1", "0"):
        proc = run_cli("timeline", "--conflicts", "--limit", limit, "-f", "csv", db=db)
        lines = proc.stdout.splitlines()
        assert len(lines) == 2 and lines[1].startswith("2024-11-09,"), (limit, proc.stdout, proc.stderr)
        assert lines[1].endswith("2024-11-10 (1 article: no outlet)")


def test_a_dumps_skip_link_is_no_title_and_a_photo_credit_no_outlet():
    """Whole-page dumps were titled "Skip to main content" (an accessibility link at the top of most sites) and
    the kapanlagi pages' outlet was "instagram.com", read from a photo's credit "© instagram.com/…"."""
    from corpus_tools.extract.text import extract_text_metadata
    dump = ("Skip to main content\nMenu\nSearch\nFloods hit the northern city of Leeds as rivers burst their banks\n"
            "By John Smith\nFloods hit the northern city of Leeds on Monday after two days of heavy rain, forcing "
            "hundreds of residents from their homes.\n")
    assert extract_text_metadata(dump, "en").title == "Floods hit the northern city of Leeds as rivers burst their banks"
    network = "KOMPAS.COM KOMPASIANA.COM TRIBUNNEWS.COM KONTAN.CO.ID\n" + dump.split("\n", 3)[3]
    assert extract_text_metadata(network, "en").title == "Floods hit the northern city of Leeds as rivers burst their banks"
    credit = "Raffi Ahmad tampil bersama keluarga di acara itu.\n© instagram.com/raffinagita1717\nBerita lain.\n"
    assert extract_text_metadata(credit, "id").outlet is None
    notice = "Raffi Ahmad tampil bersama keluarga.\nCopyright © 2024 Kompas.com. All rights reserved\n"
    assert extract_text_metadata(notice, "id").outlet == canonical_outlet("Kompas.com")


def test_the_ingest_table_says_how_many_articles_were_removed(tmp_path):
    """The store mirrors its files: records gone from a file read again are removed, which only `--format json`
    said ("removed"); the table now says it under the counts."""
    feed = tmp_path / "feed.jsonl"
    records = [{"title": f"Berita {i}", "text": f"Isi berita nomor {i} tentang banjir di kota {i}. " * 5}
               for i in range(3)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = tmp_path / "f.db"
    assert run_cli("ingest", str(feed), "--quiet", db=db).returncode == 0
    feed.write_text("".join(json.dumps(r) + "\n" for r in records[:2]))
    proc = run_cli("ingest", str(feed), db=db)
    assert proc.returncode == 0 and "removed: 1 article no longer in the files they came from" in proc.stderr
    assert "removed" not in run_cli("ingest", str(feed), db=db).stderr


def test_another_databases_url_or_a_keyword_string_is_refused_without_its_password(tmp_path):
    """`--db mysql://x@y/z` was taken for a path ("the folder …/mysql:/x@y does not exist"), and a libpq keyword
    string was echoed with its password ("host=… password=qwertyPW: no store here")."""
    for db, says in (("mysql://x@y/z", "not a store triage can use"),
                     ("host=127.0.0.1 dbname=test password=qwertyPW", "keyword string is not read")):
        for args in (["ingest", str(SEEDS)], ["timeline"], ["articles"], ["check"]):
            proc = run_cli(*args, "--db", db, cwd=tmp_path)
            assert proc.returncode == 74, (args, proc.stderr)
            assert says in proc.stderr and "qwertyPW" not in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []  # no folder, file or lock made for it


def test_the_library_takes_plain_strings_and_refuses_options_out_of_range(seeded_db):
    """From a notebook: `read_documents("a.txt")` raised AttributeError ('str' has no 'stat'), `tag(text,
    "2025-01-01", "en")` AttributeError, `timeline_dicts(limit=-1)` cut a row silently and `date_from="yesterday"`
    gave [] silently (the CLI refuses both)."""
    import pytest

    import corpus_tools as ct
    docs = list(ct.read_documents(str(sorted(SEEDS.glob("00*.txt"))[0])))
    assert len(docs) == 1 and isinstance(docs[0], ct.SourceDocument)
    assert [t.value for t in ct.tag("They met on 3 March 2024.", "2025-01-01", "en")] == ["2024-03-03"]
    with Store(seeded_db, readonly=True) as store:
        for bad in ({"limit": -1}, {"date_from": "yesterday"}, {"date_to": "2024-13"}, {"min_sources": 0}):
            with pytest.raises(ValueError):
                ct.timeline_dicts(store, **bad)
        stories = ct.list_stories(store)
        assert stories and ct.timeline_dicts(store, date_from="2024", date_to="2024-12") is not None


def test_articles_of_one_story(seeded_db):
    """`triage articles` had no `--story`: the CLI could not list a story's articles."""
    stories = json.loads(run_cli("stories", "-f", "json", db=seeded_db).stdout)
    biggest = max(stories, key=lambda s: s["articles"])
    rows = json.loads(run_cli("articles", "--story", str(biggest["id"]), "-f", "json", db=seeded_db).stdout)
    everyone = json.loads(run_cli("articles", "-f", "json", db=seeded_db).stdout)
    assert rows and len(rows) < len(everyone) or len(stories) == 1
    with Store(seeded_db, readonly=True) as store:
        assert {r["id"] for r in rows} == {a["id"] for a in everyone
                                            if store.get_article(a["id"])["story_id"] == biggest["id"]}
    missing = run_cli("articles", "--story", "9999", db=seeded_db)
    assert missing.returncode == 1 and "no story 9999" in missing.stderr


def test_an_untitled_records_group_is_named_by_its_line(tmp_path):
    """`triage duplicates` titled an untitled record's group with the bare file path: every group of one JSONL
    file looked the same. Now the path and the record's line."""
    text = ("Banjir besar melanda kota Bandung pada Senin pagi, merendam ratusan rumah warga di tiga kecamatan. "
            "Petugas mengevakuasi warga ke tempat yang lebih aman dan membuka dapur umum. ") * 4
    feed = tmp_path / "a.jsonl"
    feed.write_text(json.dumps({"text": text}) + "\n" + json.dumps({"text": text + " Tambahan."}) + "\n")
    db = tmp_path / "d.db"
    assert run_cli("ingest", str(feed), "--quiet", db=db).returncode == 0
    table = run_cli("duplicates", db=db).stdout
    assert f"{feed}:2" in table or f"{feed}:1" in table, table


def test_check_lists_a_damaged_files_problems_rather_than_refusing_to_open_it(seeded_db, tmp_path):
    """A store file with 200 bytes overwritten in a page: `check` answered exit 74 "database disk image is
    malformed" (the store cannot be opened) where SQLite's own check, or the check stopping on the damage, is
    the answer `check --help` promises: the problems listed, exit 1."""
    import shutil
    stopped = 0
    for page in range(2, 17):
        bad = tmp_path / f"bad{page}.db"
        shutil.copy(seeded_db, bad)
        with bad.open("r+b") as fh:
            fh.seek(4096 * page + 8)
            fh.write(b"\xff" * 200)
        proc = run_cli("check", db=bad)
        assert proc.returncode in (1, 74) and "Traceback" not in proc.stderr, (page, proc.stderr)
        stopped += proc.returncode == 1 and "its own check stops" in proc.stderr
    assert stopped


def test_a_table_into_a_pipe_is_not_squeezed_to_80_columns(seeded_db):
    """`triage stories | head` wrapped to Rich's 80 columns when stdout was no terminal, cutting words ("jack/son");
    a pipe or a file now gets 160 columns unless COLUMNS says otherwise."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run([sys.executable, "-m", "cli", "stories", "--db", str(seeded_db)], capture_output=True,
                          text=True, env={**env, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert max(map(len, proc.stdout.splitlines())) > 80
    narrow = run_cli("stories", db=seeded_db, env={"COLUMNS": "60"})
    assert max(map(len, narrow.stdout.splitlines())) <= 60


def test_stories_of_articles_that_name_no_outlet_show_none_not_zero(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({
        "title": f"Banjir melanda kota {n}", "date": "2025-03-03",
        "text": f"Banjir melanda kota pada Senin (3/3/2025). Warga {n} mengungsi ke sekolah terdekat "
                "karena air setinggi satu meter merendam rumah mereka sejak pagi hari."}) + "\n"
        for n in range(2)), encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(corpus), db=db).returncode == 0
    table = run_cli("stories", "-f", "markdown", db=db).stdout.splitlines()
    header = [c.strip() for c in table[0].strip("|").split("|")]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table[2:]]
    assert rows and {row[header.index("outlets")] for row in rows} == {"—"}
    assert {story["outlets"] for story in json.loads(run_cli("stories", "-f", "json", db=db).stdout)} == {0}


def test_a_record_whose_text_field_is_no_string_says_so(tmp_path):
    """`"text": 123` was read as the text "123" and skipped as "nothing left after removing clutter"."""
    corpus = tmp_path / "in.jsonl"
    corpus.write_text('{"title": "A", "text": 123}\n{"title": "B", "content": [1, 2]}\n{"title": "C", "text": true}\n'
                      '{"title": "D", "text": "Jakarta - Presiden meresmikan jembatan baru pada Senin (12/6/2023) di '
                      'Kalimantan Timur dan disambut ribuan warga yang datang sejak pagi hari."}\n', encoding="utf-8")
    proc = run_cli("ingest", str(corpus), "-f", "json", db=tmp_path / "t.db")
    report = json.loads(proc.stdout)
    assert report["new"] == 1 and [s["error"] for s in report["skipped"]] == [
        "record's text field 'text' is a number (123): expected a string",
        "record's text field 'content' is a list ([1, 2]): expected a string",
        "record's text field 'text' is true/false (true): expected a string"]
    single = tmp_path / "one.json"
    single.write_text('{"title": "A", "text": 123}', encoding="utf-8")
    cleaned = run_cli("clean", str(single))
    assert cleaned.returncode == 1 and cleaned.stderr.strip() == (
        f"triage: {single}: record's text field 'text' is a number (123): expected a string")


def test_an_author_cue_before_a_lower_case_word_is_prose_not_a_credit():
    """"By the end of the year , …" opens a sentence with the cue's word, no byline: the name a credit gives opens
    with a capital ("By Jane Roe", "BY JOE WEE"); Indonesian's "Oleh karena itu , …" alike."""
    from corpus_tools.extract.text import extract_text_metadata

    prose = "Headline about the war in the south\n\nBy the end of the year , the troops had left Basra .\n"
    assert extract_text_metadata(prose, "en", with_date=False).author is None
    prose = "Judul berita tentang banjir di Jakarta\n\nOleh karena itu , warga mengungsi ke masjid .\n"
    assert extract_text_metadata(prose, "id", with_date=False).author is None
    credit = "Headline about the war in the south\n\nBy Jane Roe\n\nThe troops had left Basra .\n"
    assert extract_text_metadata(credit, "en", with_date=False).author == "Jane Roe"
    credit = "Headline about the war in the south\n\nBY JOE WEE\n\nThe troops had left Basra .\n"
    assert extract_text_metadata(credit, "en", with_date=False).author == "Joe Wee"


def test_a_byline_a_page_stamp_or_a_captions_quote_is_no_part_of_a_headline():
    """A text dump's first line as its headline: a byline opening it ("By Damian Kahya Business reporter , BBC News
    Is investing …") or a page's stamp ("Monday 28 February 2005 00.53 GMT Who would have thought …", "Last updated
    : 29 June 2010 Are you …") tell the story has begun: no headline; a caption's quote glued after the headline,
    its speaker before a colon, is cut. A headline holding a date later in it, or a quote of its own, stays."""
    from corpus_tools.extract.text import extract_text_metadata

    def title(first: str, lang: str = "en") -> str | None:
        text = first + "\nThe story opens here and goes on for a while .\n"
        found = extract_text_metadata(text, lang, with_date=False).title
        assert extract_text_metadata(text, "id", with_date=False).title == found  # read before its language is known
        return found

    assert title("By Damian Kahya Business reporter , BBC News Is investing in oil firms no longer a good idea ?") is None
    assert title("Monday 28 February 2005 00.53 GMT Who would have thought that 13 pages could haunt him ?") is None
    assert title("Last updated : 29 June 2010 Are you trying to trace your family tree ?") is None
    assert title("Conrad Murray ` responsible ' for Michael Jackson 's death Dr Steven Shafer : '' ` Yes ' is not "
                 "what a doctor says") == "Conrad Murray ` responsible ' for Michael Jackson 's death"
    for kept in ("Obama : `` We will make BP pay '' for the spill", "By the end of the year the troops will leave"):
        assert title(kept) == kept
    assert title("Gempa Guncang Cianjur pada 21 November 2022 Tewaskan Ratusan Warga", "id") == \
        "Gempa Guncang Cianjur pada 21 November 2022 Tewaskan Ratusan Warga"


def test_an_authors_credit_without_the_outlet_glued_after_the_name():
    """"By Peter Bowes BBC News": the credit names the writer, then the outlet (outlets.toml, with its generic
    trailing words); the author is the writer. A name none of whose ending words is an outlet stays whole."""
    from corpus_tools.extract.text import extract_text_metadata

    def author(byline: str) -> str | None:
        text = "Headline about the spill in the gulf\n\n" + byline + "\n\nThe story opens here and goes on .\n"
        return extract_text_metadata(text, "en", with_date=False).author

    assert author("By Peter Bowes BBC News") == "Peter Bowes"
    assert author("By Budi Santoso Kompas.com") == "Budi Santoso"
    assert author("By John O'Farrell") == "John O'Farrell"
    assert author("By Mary Ann Evans") == "Mary Ann Evans"
