"""Clutter removal: the seeds gold and each rule on small real excerpts (HTML pages: test_extract_html.py)."""

from __future__ import annotations

import json

import pytest

from corpus_tools.clean import clean_text, line_key, recurring_lines
from corpus_tools.decode import decode

from .conftest import SEEDS, fold, run_cli


def test_seed_keep_lines_survive_and_drop_lines_go(gold):
    for name, article in gold["articles"].items():
        result = clean_text(decode((SEEDS / name).read_bytes()), "id", title=article.get("title"))
        body = fold(result.body)
        lines = {fold(line) for line in result.kept}
        for keep in article["keep"]:
            assert fold(keep) in body, (name, keep)
        for drop in article["drop"]:
            assert fold(drop) not in lines and not any(fold(drop) in line and len(drop) > 30 for line in lines), \
                (name, drop)
            related = fold(drop.split(":", 1)[1]) if drop.lower().startswith("baca juga:") else ""
            if len(related) > 20:  # an inline related link: its headline must be gone too
                assert related not in body, (name, drop)


def _reasons(text: str, lang: str = "id", **kw) -> dict[str, str]:
    return {d.text: d.reason for d in clean_text(text, lang, **kw).dropped}


BODY = ("Presiden Rusia Vladimir Putin telah merampungkan ratifikasi perjanjian kemitraan strategis yang "
        "ditandatanganinya dengan pemimpin Korea Utara di Pyongyang.")


def test_section_marker_opens_a_block_until_the_body_resumes():
    text = "\n".join([BODY, "Populer", "Enam Pengusaha Muda Berebut Kursi Ketum HIPMI, Siapa Saja?",
                      "Kamis, 22 Januari 2026 | 13:37", BODY.replace("Putin", "Medvedev")])
    result = clean_text(text, "id")
    assert result.kept == [BODY, BODY.replace("Putin", "Medvedev")]
    assert _reasons(text)["Enam Pengusaha Muda Berebut Kursi Ketum HIPMI, Siapa Saja?"] == "block:populer"


def test_related_links_alone_inline_and_on_the_next_line():
    text = "\n".join([BODY, "Baca juga:", "Ribuan Tentara Korut Sudah di Perbatasan Ukraina, AS Juga Kirim Bantuan",
                      "Baca Juga: AS Serukan Hal Mencekam Ini ke Rusia",
                      BODY + " Baca juga: Korea Selatan Sebut Korea Utara Ganggu Sinyal GPS"])
    result = clean_text(text, "id")
    assert result.kept == [BODY, BODY]
    reasons = _reasons(text)
    assert reasons["Ribuan Tentara Korut Sudah di Perbatasan Ukraina, AS Juga Kirim Bantuan"] == "related-link"
    assert reasons["Baca juga: Korea Selatan Sebut Korea Utara Ganggu Sinyal GPS"] == "related-link-inline"


@pytest.mark.parametrize("lang,marker,headlines,body", [
    ("id", "Baca Juga", ["Jalan Tol Cikampek Macet Parah Akibat Genangan Air",
                         "Setelah Banjir Surut, Akan Ada Apa Lagi?",
                         "Polisi Tangkap Pelaku Pencurian Motor di Cibitung"], BODY),
    ("en", "Read also", ["Cikampek Toll Road Jammed After Flooding",
                         "Chilli Prices Rise Ahead of Year End, Traders Complain",
                         "Police arrest motorbike thief in Cibitung"],
     "Residents said the flood was the worst in five years because the river embankment had burst at two points."),
])
def test_a_link_marker_alone_drops_its_whole_list_of_headlines(lang, marker, headlines, body):
    text = "\n".join([body, marker, *headlines, body, body])
    result = clean_text(text, lang)
    assert result.kept == [body, body, body]
    reasons = _reasons(text, lang)
    assert [reasons[h] for h in headlines] == ["related-link"] * 3


def test_after_a_link_list_the_story_resumes_at_the_first_line_no_headline():
    """The list ends at a line that is no headline: a sentence, a line carried on in lower case, a
    one-word subheading, a question in sentence case; each is kept, and so is what follows."""
    resumes = ["Harga naik lagi.", "dan warga pun mengungsi ke masjid terdekat", "Kronologi",
               "Lalu apa yang terjadi kemudian?", '"Kami sudah siap," katanya']
    for line in resumes:
        text = "\n".join([BODY, "Baca Juga", "Jalan Tol Cikampek Macet Parah Akibat Genangan Air", line,
                          "Sebuah Baris Pendek Tanpa Titik", BODY])
        kept = clean_text(text, "id").kept
        assert line in kept and "Sebuah Baris Pendek Tanpa Titik" in kept, line
        assert "Jalan Tol Cikampek Macet Parah Akibat Genangan Air" not in kept


@pytest.mark.parametrize("line,reason", [
    ("loading...", "furniture"), ("A A A", "furniture"), ("Bagikan", "furniture"),
    ("27 menit yang lalu", "timestamp"), ("Kamis, 22 Januari 2026 | 13:37", "timestamp"),
    ("SELASA, 12 NOVEMBER 2024 | 09:42 WIB | LAPORAN: HANI FATUNNISA", "timestamp"),
    ("Dapatkan berita terkini dan kejutan menarik dari SINDOnews.com, Klik Disini untuk mendaftarkan diri", "promo"),
    ("Copyright ©2025 SINDOnews.com All Rights Reserved", "promo"),
    ("Berlanjut ke halaman berikutnya.", "promo"),
    ("Trump Ingin Kembali...", "teaser-truncated"),
    ("> >", "no-words"),
])
def test_single_line_rules(line, reason):
    assert _reasons("\n".join([BODY, line, BODY]))[line] == reason


def test_keeps_datelines_captions_quotes_and_short_body_lines():
    lines = ["SEOUL, KOMPAS.TV — Pihak Korea Utara meratifikasi perjanjian pertahanan utama dengan Rusia.",
             "Korea Utara memiliki aliansi militer dengan Rusia. Foto/KCNA",
             '"Perjanjian itu akan berlaku sejak hari kedua belah pihak bertukar instrumen ratifikasi," kata KCNA',
             "Hal ini untuk membangun tatanan dunia baru yang adil dan multipolar."]
    assert clean_text("\n".join(lines), "id").kept == lines


def test_promo_tail_is_cut_off_a_body_line():
    line = "PT KAI meminta jam kerja perkantoran diatur ulang agar kereta tidak penuh. Klik halaman selanjutnya"
    assert clean_text(line, "id").kept == ["PT KAI meminta jam kerja perkantoran diatur ulang agar kereta tidak penuh."]


def test_recurring_outlet_lines_are_dropped_but_prose_is_kept():
    texts = [f"{BODY[:-1]} nomor {i}.\nTentang detik's Advocate\nPersyaratan Umum" for i in range(4)]
    recurring = recurring_lines(texts, min_articles=3)
    assert line_key("Persyaratan Umum") in recurring
    reasons = _reasons(texts[0], recurring=recurring | {line_key(f"{BODY[:-1]} nomor 0.")})
    assert reasons == {"Tentang detik's Advocate": "recurring-outlet-line", "Persyaratan Umum": "recurring-outlet-line"}


def test_english_markers_are_language_data():
    text = "\n".join(["The president signed the treaty on Monday in the capital, officials said.", "Related",
                      "Five things to know about the treaty", "Read more: Why the vote matters"])
    assert clean_text(text, "en").kept == ["The president signed the treaty on Monday in the capital, officials said."]


def test_clean_command_explain_marks_dropped_lines():
    proc = run_cli("clean", "--explain", str(SEEDS / "003_15edf630a0e2ea7e.txt"))
    assert proc.returncode == 0
    assert "- loading...  [furniture]" in proc.stdout
    assert "  MOSKOW - Presiden Rusia Vladimir Putin" in proc.stdout
    data = json.loads(run_cli("clean", "--format", "json", str(SEEDS / "003_15edf630a0e2ea7e.txt")).stdout)
    assert data["outlet"] == "SINDOnews" and data["language"] == "id"
    assert {"text": "Infografis", "reason": "marker:infografis"} in data["dropped"]
