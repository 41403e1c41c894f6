"""Language detection: the stopword vote, langdetect behind it, short text."""

from __future__ import annotations

import json

import pytest

from corpus_tools.language import detect_language, stopword_vote

from .conftest import REPO, SEEDS, run_cli

SHORT_EN = "The president signed the bill on Monday."


def test_a_short_english_sentence_is_english():
    assert detect_language(SHORT_EN)[0] == "en"


def test_close_relatives_are_told_apart_by_the_words_only_one_of_them_uses():
    assert detect_language("Presiden menandatangani undang-undang itu karena desakan DPR.")[0] == "id"
    assert detect_language("Presiden menandatangani undang-undang itu kerana desakan Parlimen.")[0] == "ms"
    # only function words Indonesian and Malay share: too short to tell, and never English
    assert detect_language("Presiden menandatangani undang-undang itu pada hari Senin.") == ("und", 0.0)


@pytest.mark.parametrize("text", [
    "Der Präsident hat das Gesetz am Montag unterzeichnet.",  # a language with no file, too short for langdetect
    "Jakarta, Surabaya",  # names only: no function words
    "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    "12 34 56",
])
def test_short_text_without_a_clear_vote_is_undetermined(text):
    assert detect_language(text) == ("und", 0.0)


def test_long_text_in_a_language_without_a_file_goes_to_langdetect():
    text = ("Der Bundespräsident hat am Montag das Gesetz über die Renten unterzeichnet, nach monatelangen "
            "Protesten in allen großen Städten des Landes. Die Gewerkschaften haben einen neuen Streiktag für "
            "die kommende Woche angekündigt und fordern die Rücknahme des Gesetzes.")
    assert stopword_vote(text) is None
    assert detect_language(text)[0] == "de"


def test_the_vote_decides_the_seed_articles_as_langdetect_does():
    from corpus_tools.language import _detect, prose_sample
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text()
        voted = stopword_vote(prose_sample(text))
        if voted is not None:
            assert voted[0] == _detect(prose_sample(text))[0], path.name


def test_dates_command_reads_a_short_english_sentence_as_english():
    proc = run_cli("dates", "--dct", "2024-11-13", "--format", "json", "-", input=SHORT_EN.encode())
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["text"], r["value"]) for r in rows] == [("Monday", "2024-11-11")]


def test_dates_command_reads_a_text_in_a_language_without_a_file_as_ingest_does(tmp_path):
    """A text in a language with no file (German) is tagged by the fallback file's rules (`fallback = true`, en.toml)
    at ingest, but `triage dates` took the default's (`default = true`, id.toml): "12/11/2024" was 12 November there
    and 11 December in the store. It now lists what ingest stores, and says whose rules it used."""
    path, db = tmp_path / "de.txt", tmp_path / "de.db"
    path.write_text("Der Präsident hat den Vertrag mit der Regierung am 12/11/2024 in Berlin unterzeichnet, wie die "
                    "Zeitungen der Stadt und die Verantwortlichen des Außenministeriums berichteten.\n", encoding="utf-8")
    assert run_cli("ingest", str(path), "--quiet", "--workers", "1", db=db).returncode == 0
    stored = json.loads(run_cli("export", db=db).stdout.splitlines()[0])
    listed = run_cli("dates", str(path), "--dct", "2025-03-05", "--format", "json")
    table = run_cli("dates", str(path), "--dct", "2025-03-05", env={"COLUMNS": "120"})
    assert listed.returncode == 0 and table.returncode == 0, listed.stderr + table.stderr
    assert stored["language"] == "de" and [d["value"] for d in stored["dates"]] == ["2024-12-11"]
    assert [(r["text"], r["value"]) for r in json.loads(listed.stdout)] == [("12/11/2024", "2024-12-11")]
    assert "dates (reference 2025-03-05, de: en rules)" in table.stdout

def test_lang_option_wins_over_detection():
    proc = run_cli("dates", "--dct", "2024-11-13", "--lang", "id", "--format", "json", "-", input=SHORT_EN.encode())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []  # "Monday" is no Indonesian date word


def test_a_vote_too_close_on_the_short_sample_is_taken_again_on_a_longer_one_before_langdetect():
    """Seed 000's first 500 characters hold one word only Indonesian lists: too few to tell it from
    Malay. The longer sample tells them apart, so langdetect (most of a second to load) is not needed."""
    import subprocess
    import sys

    from corpus_tools.language import prose_sample
    seed = SEEDS / "000_87d92e1b56b35b62.txt"
    assert stopword_vote(prose_sample(seed.read_text())) is None
    code = ("import sys; from corpus_tools.language import detect_language; "
            f"print(detect_language(open({str(seed)!r}).read())[0], 'langdetect' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert proc.stdout.split() == ["id", "False"]


def test_released_profiles_are_loaded_again_when_asked_for():
    from corpus_tools.language import load_detector, release_detector

    text = ("Der Bundespräsident hat am Montag das Gesetz über die Renten unterzeichnet, nach monatelangen "
            "Protesten in allen großen Städten des Landes. Die Gewerkschaften haben einen neuen Streiktag für "
            "die kommende Woche angekündigt und fordern die Rücknahme des Gesetzes.")
    load_detector()
    first = detect_language(text)
    release_detector()
    assert detect_language(text) == first and first[0] == "de"


def test_dates_of_an_undated_text_resolve_nothing_relative_to_today_as_ingest_does():
    """Without --dct and without a publication date in the text, ingest tags with no reference: `triage
    dates`, which shows what ingest would read, must not resolve "Monday" against today, and says why."""
    text = "Officials said on Monday that the law would take effect on 1 July 2025, a year after the vote.\n"
    proc = run_cli("dates", "--lang", "en", "--format", "json", "-", input=text.encode())
    assert proc.returncode == 0, proc.stderr
    values = [row["value"] for row in json.loads(proc.stdout)]
    assert values == ["2025-07-01"]
    assert "no publication date" in proc.stderr and "--dct" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_ingest_lang_sets_every_documents_language_and_reads_the_file_again(tmp_path):
    """`ingest --lang id`: a one-line brief the detector cannot tell is stored as Indonesian (and read in its
    language file), and a file ingested before without it is read again, not taken as unchanged."""
    brief = tmp_path / "brief.txt"
    brief.write_text("Polisi menangkap dua pencuri motor di Bekasi.\n")
    db = tmp_path / "s.db"
    detected = run_cli("ingest", str(brief), "--format", "json", "--workers", "1", db=db)
    assert detected.returncode == 0, detected.stderr
    assert json.loads(detected.stdout)["languages"] != {"id": 1}  # the premise: too short to tell
    told = run_cli("ingest", str(brief), "--lang", "id", "--format", "json", "--workers", "1", db=db)
    assert told.returncode == 0, told.stderr
    assert json.loads(told.stdout)["updated"] == 1 and json.loads(told.stdout)["languages"] == {"id": 1}
    listed = run_cli("articles", "--lang", "id", "--format", "json", db=db)
    assert [a["source"] for a in json.loads(listed.stdout)] == [str(brief)]
    bad = run_cli("ingest", str(brief), "--lang", "xx", db=db)
    assert bad.returncode == 2 and "--lang" in bad.stderr


def test_a_text_is_read_in_a_language_that_writes_its_script():
    """langdetect's Korean profile holds many Han characters, and it reads Chinese without a Hangul letter as
    Korean at p≈1 (Mimino666/langdetect#51): the text's main script (`scripts.toml`) limits the answer to the
    languages written in it. Korean in Hangul stays Korean."""
    chinese = ("一波波接續性低溫寒流報到，已將山區一帶層層山巒披上嫣紅的彩衣。玉峰道路一路上雲氣山嵐滯留山頭，"
               "順路下切蜿蜒道路後不久即抵達國小。營區內除了露營、民宿、餐飲、賞楓項目，多了許多原木飾品，"
               "更有畫龍點睛加乘效果。廣受歡迎的營地有個很大特色，就是楓紅時期楓香樹由綠轉黃、轉紅。")
    assert detect_language(chinese)[0] in ("zh-tw", "zh-cn")
    korean = ("대통령은 월요일 국회에서 새로운 법안에 서명했다. 이 법안은 내년부터 시행되며 전국의 모든 학교에 "
              "적용된다. 정부는 이번 조치가 교육 환경을 크게 개선할 것이라고 밝혔다. 야당은 법안의 일부 조항에 "
              "반대하며 수정을 요구했다.")
    assert detect_language(korean)[0] == "ko"



@pytest.mark.devdata
def test_a_text_langdetect_stays_unsure_of_is_undetermined():
    """Placeholder Latin ("Lorem ipsum …", the readability page data-url-image), a language langdetect has no
    profile for: it guesses Catalan at p≈0.86 on the short sample and again on the longer one. Unsure on the
    longest sample it is given, the text is "und"; a language it knows stays decided on the same length."""
    import gzip

    from corpus_tools.extract.html import extract_html

    from .conftest import SHARED
    page = SHARED / "data" / "dumps" / "readability" / "data-url-image" / "source.html.gz"
    text = extract_html(gzip.decompress(page.read_bytes()).decode("utf-8")).text
    assert text.startswith("Lorem ipsum") and len(text) > 2000
    assert detect_language(text) == ("und", 0.0)
    german = ("Der Bundespräsident hat am Montag das Gesetz über die Renten unterzeichnet, nach monatelangen "
              "Protesten in allen großen Städten des Landes. ") * 12
    assert detect_language(german)[0] == "de"
