"""Publication date of a text without a date field: the day of writing, never a day the story tells of.

Sentences written here in the conventions of Indonesian and English news; each case failed
before extract/pubdate.py (a history date with its weekday, an event's day on a short line
taken as a header, "kemarin (12/2/2020)" read as the day itself, a planned launch, a weekday
read years before the window).
"""

from __future__ import annotations

import json
from datetime import date

from corpus_tools.dates import guess_dct
from corpus_tools.extract import extract
from corpus_tools.record import SourceDocument

END = date(2025, 12, 31)


def published(text: str, window_end: date = END) -> tuple[str | None, str | None]:
    doc = SourceDocument(path="r.jsonl", kind="record", payload=json.dumps({"text": text}).encode(), line=1)
    found = extract(doc, "id", window_end, window_end=window_end)
    return found.published, found.published_from


def test_a_history_date_with_its_weekday_is_not_the_publication_date():
    history = ("Tahun ini adalah peringatan 20 tahun tsunami di Aceh. Peristiwa ini terjadi pada hari Minggu, "
               "26 Desember 2004 pukul 07.58 WIB dengan kekuatan besar.")
    assert published(history) == (None, None)
    dated = history + ' "Kami tidak lupa," kata Gubernur di Banda Aceh, Kamis (26/12/2024).'
    assert published(dated) == ("2024-12-26", "dateline")


def test_an_event_day_on_a_short_line_is_no_header_and_the_report_day_wins():
    text = ("Direktur Baru Ditunjuk\n\nDemikian hasil rapat pemegang saham\n"
            "pada Rabu, 16 Mei 2018 lalu di Jakarta, yang diumumkan dalam siaran pers, Senin (4/6/2018).\n"
            "Rapat itu memilih direksi baru untuk lima tahun.")
    assert published(text) == ("2018-06-04", "dateline")


def test_a_day_word_beside_the_date_moves_it_to_the_day_of_writing():
    assert published("Komite melaporkan capaian kepada menteri kemarin (12/2/2020). Rapat berjalan lancar.") \
        == ("2020-02-13", "dateline")
    assert published("Presiden hari ini (6/9/2019) mengunjungi pabrik mobil di Jawa Tengah.") \
        == ("2019-09-06", "dateline")
    # a weekday without a year, "kemarin" after it: the day after, its year the only one in the window
    # "pada … kemarin": an event recently past, not the day before writing
    assert published("Pengelola sirkuit pada Jumat (13/3) kemarin mengumumkan penutupan.",
                     date(2020, 3, 20)) == (None, None)
    assert published("Pengelola sirkuit, Jumat (13/3) kemarin, mengumumkan penutupan.",
                     date(2020, 3, 20)) == ("2020-03-14", "weekday")


def test_a_planned_or_past_marked_day_is_not_the_day_of_writing():
    text = ("Program ini rencananya diluncurkan Kamis (9/4/2020). Demikian disampaikan direktur jenderal "
            "dalam telekonferensi, Rabu (8/4/2020).")
    assert published(text) == ("2020-04-08", "dateline")
    text = "Pameran akan dibuka hingga Minggu (4/11/2018) mendatang, kata panitia, Selasa (30/10/2018)."
    assert published(text) == ("2018-10-30", "dateline")
    # "akan" inside a quote before the report's date does not make the date planned
    text = '"Ibu kota akan pindah ke Kalimantan," kata Presiden di Istana, Jumat (23/8/2019).'
    assert published(text) == ("2019-08-23", "dateline")


def test_a_weekday_without_a_year_is_read_only_inside_the_window():
    text = "Presiden meresmikan jembatan itu pada Senin 30 Oktober. Warga menyambut dengan gembira."
    assert published(text, date(2023, 12, 31)) == ("2023-10-30", "weekday")
    # no 30 October falls on a Monday in the four years up to the end of 2027: no guess
    assert published(text, date(2027, 12, 31)) == (None, None)


def test_a_mistyped_datelines_year_bounds_a_weekday_without_a_year():
    """A 2020 Detik article copied years later (its file dated 2026) was dated 2026-08-31: its dateline "Rabu
    (3/9/2020)" is a Thursday (a typo: not taken), and its "Senin (31/8)" was read as the only Monday 31 August
    of the four years up to 2026. The mistyped dateline still says the year: 31 August 2020 was a Monday."""
    text = ("Hal itu disampaikan Doni dalam rapat kerja bersama Komisi VIII DPR, Rabu (3/9/2020). Doni mengungkapkan "
            "peningkatan penumpang KRL.\nHal itu disampaikan Wiku dalam konferensi pers secara daring, Senin (31/8).")
    assert published(text, date(2026, 12, 7)) == ("2020-08-31", "weekday")
    alone = text.split("\n")[1]  # without the dateline, the window up to the file's date decides, as before
    assert published(alone, date(2026, 12, 7)) == ("2026-08-31", "weekday")


def test_guess_dct_reads_the_same_way():
    assert guess_dct("Peristiwa ini terjadi pada hari Minggu, 26 Desember 2004.", "id", END) is None
    assert guess_dct("SELASA, 12 NOVEMBER 2024 | 09:42 WIB\nIsi berita.", "id", END) == date(2024, 11, 12)


def test_english_history_is_not_the_publication_date():
    def english(text: str) -> str | None:
        doc = SourceDocument(path="r.jsonl", kind="record", payload=json.dumps({"text": text}).encode(), line=1)
        return extract(doc, "en", END, window_end=END).published
    history = "The war has gone on since Thursday, March 20, 2003, and shows no sign of ending."
    assert english(history) is None
    assert english(history + " Officials said Tuesday, March 18, 2025, that talks would resume.") == "2025-03-18"


def test_a_day_the_text_tells_of_as_past_bounds_the_publication_date_from_below():
    # a dateline or a weekday's year before "Maret 2024 lalu" is a day of the story's history
    quoted = ("Harga beras naik sejak Maret 2024 lalu. Kenaikan serupa pernah dilaporkan kantor berita itu, "
              "kata Budi di Jakarta, Senin (3/9/2018).")
    assert published(quoted) == (None, None)
    weekday = "Harga beras naik sejak Maret 2024 lalu, kata pedagang di pasar, Senin 30 Oktober."
    assert published(weekday) == (None, None)
    assert published(weekday.replace("2024", "2022")) == ("2023-10-30", "weekday")
    # a past-marked day whose weekday disagrees with it is a typo, no bound: 4/10/2023 was a Wednesday
    typo = ("Sidang pada Senin (4/10/2023) lalu berjalan tertutup. \"Kami menerima,\" kata Rahayu usai "
            "persidangan, Senin (4/9/2023).")
    assert published(typo) == ("2023-09-04", "dateline")


def test_a_word_after_the_sentence_end_marks_no_date_past():
    text = ("\"Keputusan ada di tangan Presiden,\" ujar Menteri di Istana, Jumat (23/8/2019).\n"
            "Sebelumnya Presiden menerima laporan kajian. Lalu Presiden meninjau lokasi.")
    assert published(text) == ("2019-08-23", "dateline")
    assert published("Pameran dibuka, kata panitia, Jumat (23/8/2019). Lalu panitia pulang.") \
        == ("2019-08-23", "dateline")
    # the word right after the date still marks it
    assert published("Pameran dibuka pada Jumat (23/8/2019) lalu, kata panitia.") == (None, None)


def test_a_record_date_field_without_a_year_is_read_in_the_documents_window():
    doc = SourceDocument(path="r.jsonl", kind="record", line=1, payload=json.dumps(
        {"text": "Presiden meresmikan jembatan di Kalimantan.", "tanggal": "Senin, 30 Oktober 09:15 WIB"}).encode())
    found = extract(doc, "id", date(2018, 1, 1), window_end=date(2018, 1, 1))
    assert (found.published, found.published_from) == ("2017-10-30", "record")


def test_a_url_number_after_the_latest_possible_date_is_an_id_not_a_date():
    text = '"Kami tidak lupa," kata Budi di Jakarta, Kamis (12/6/2025).'
    doc = SourceDocument(path="r.jsonl", kind="record", line=1, payload=json.dumps(
        {"url": "https://news.example.id/foto/20301122/banjir-jakarta", "text": text}).encode())
    found = extract(doc, "id", END, window_end=END)
    assert (found.published, found.published_from) == ("2025-06-12", "dateline")
    # a URL date a day after the reference is a time zone's day, still the URL's
    doc = SourceDocument(path="r.jsonl", kind="record", line=1, payload=json.dumps(
        {"url": "https://news.example.id/read/2026/01/01/banjir-jakarta", "text": text}).encode())
    assert extract(doc, "id", END, window_end=END).published == "2026-01-01"


def test_a_day_the_text_tells_of_as_to_come_bounds_the_publication_date_from_above():
    # the case: a 2017 story's "Senin 30 Oktober" read as 2023 in a window ending in 2026
    text = ("Partai itu menyiapkan calon untuk pilkada pada tahun 2018 mendatang, kata ketua partai di Jakarta, "
            "Senin 30 Oktober.")
    assert published(text, date(2026, 6, 30)) == (None, None)
    assert published(text, date(2018, 1, 31)) == ("2017-10-30", "weekday")
    dateline = text.replace("Senin 30 Oktober", "Senin (3/9/2018)").replace("2018 mendatang", "2017 mendatang")
    assert published(dateline) == (None, None)
    assert published(dateline.replace("2017 mendatang", "2019 mendatang")) == ("2018-09-03", "dateline")


def test_a_header_before_a_day_the_body_tells_of_as_past_is_not_the_publication_date():
    head = "Harga Beras Naik Lagi di Pasar Induk\nSenin, 3 September 2018\n"
    body = "Harga beras naik sejak Maret 2024 lalu, kata pedagang di pasar, Kamis (12/6/2025)."
    assert published(head + body) == ("2025-06-12", "dateline")
    assert published(head + body.replace("2024", "2017").replace("(12/6/2025)", "(6/9/2018)")) \
        == ("2018-09-03", "header")


def _text_published(text: str, lang: str) -> tuple[str | None, str | None]:
    doc = SourceDocument(path="wire.txt", kind="text", payload=text.encode())
    found = extract(doc, lang, END, window_end=END)
    return found.published, found.published_from


def test_a_wire_services_opening_dateline_states_the_publication_date():
    """"PLACE, date (Agency) - …" opening the body is the day of writing in every wire style; the same date
    in a sentence, or after a place that is not the wire's capitals, is not."""
    wire = ("Indonesia passes budget law\n\nJAKARTA, March 4, 2025 (Reuters) - Indonesia's parliament on Monday "
            "approved the budget law it first debated in January, officials said.\n\nThe law takes effect next week.")
    assert _text_published(wire, "en")[0] == "2025-03-04"
    local = ("Anggaran disahkan\n\nJAKARTA, 4 Maret 2025 - DPR mengesahkan undang-undang anggaran yang dibahas "
             "sejak Januari, kata pejabat.\n\nUndang-undang itu berlaku pekan depan.")
    assert _text_published(local, "id")[0] == "2025-03-04"
    told = ("Budget law\n\nIn Jakarta, March 4, 2025 - the day of the vote - was quiet, officials said later in "
            "the year, when the law they had approved in January took effect.")
    assert _text_published(told, "en")[0] is None
    inside = ("Budget law\n\nThe vote was reported late by the envoy of the UNITED NATIONS, March 4, 2025 - the day "
              "of the vote - officials said later in the year, when the law approved in January took effect.")
    assert _text_published(inside, "en")[0] is None
