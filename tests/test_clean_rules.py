"""Each cleaning rule on small real excerpts of Detik dumps (../shared/data/detik-2025), where
the line that must go sits next to lines that must stay."""

from __future__ import annotations

from corpus_tools.clean import CleanResult, clean_text, line_key, recurring_lines

# Body lines copied from Detik articles.
P1 = ("Sebagai informasi, Sirkuit Mandalika masuk dalam kalender WorldSBK round 13 yang berlangsung mulai "
      "tanggal 19 - 21 November 2021. Berikut jadwal dan waktu pelaksanaannya:")
P2 = ("WorldSSP - FP1: pukul 10.00 - 10.45 WorldSBK - FP1: pukul 11.00 - 11.45 WorldSSP - FP2: pukul 14.00 - "
      "14.45 WorldSBK - FP2: pukul 15.00 - 15.45 dan sesi lainnya yang akan digelar di sirkuit tersebut.")
P3 = ("Dia mengatakan, ke depan pangkat dan golongan ini akan dihilangkan. Memang, Ridwan menuturkan, "
      "transisi itu belum rampung.")
P4 = ("Sayangnya, Ogi belum bisa menjelaskan seberapa besar dampak kebijakan co-payment terhadap penurunan "
      "premi. Pasalnya ada faktor lain yang mendorong kenaikan biaya atau premi kesehatan yakni inflasi medis.")


def run(*lines: str, **kw) -> CleanResult:
    return clean_text("\n".join(lines), "id", **kw)


def reasons(result: CleanResult) -> dict[str, str]:
    return {d.text: d.reason for d in result.dropped}


def test_bare_dates_between_body_lines_are_a_schedule_and_stay():
    result = run(P1, "Jumat, 19 November 2021", P2, "Sabtu, 20 November 2021", P2)
    assert result.kept == [P1, "Jumat, 19 November 2021", P2, "Sabtu, 20 November 2021", P2]


def test_a_cut_quote_attribution_date_stays():
    quote = '"Jadi istilah eselonisasi itu memang sudah tidak ada lagi, yang ada pangkat saya IVc," katanya kepada'
    assert run(quote, "Senin (21/10/2019).", P3).kept == [quote, "Senin (21/10/2019).", P3]


def test_dates_with_clock_or_relative_time_are_furniture_and_bare_dates_next_to_clutter_go():
    result = run(P3, "27 menit yang lalu", "Minggu, 10 November 2024 - 19:06 WIB", P4)
    assert result.kept == [P3, P4]
    assert set(reasons(result).values()) == {"timestamp"}
    # a bare date right after a dropped headline list goes with it
    result = run(P3, "Berita Terkait", "Trump Ingin Kembali Berkomunikasi via Telepon dengan Putin, Apa yang Dibahas?",
                 "Jumat, 23 Mei 2025", P4)
    assert result.kept == [P3, P4]
    # the page's own date above the story is metadata, not body
    assert run("Selasa, 12 November 2024", P3).kept == [P3]


def test_headline_with_ellipsis_or_marker_word_survives_without_a_title():
    for headline in ("Bos Nvidia Puji Kebijakan Perdagangan Amerika, Tapi...",
                     "Roblox Banyak Ditanya di Google Bukan Karena Populer, Tapi..."):
        assert run(headline, "-", P4).kept == [headline, P4]
    # further down, the same shape is a truncated teaser
    assert reasons(run(P3, "Bos Nvidia Puji Kebijakan Perdagangan Amerika, Tapi...", P4)) == {
        "Bos Nvidia Puji Kebijakan Perdagangan Amerika, Tapi...": "teaser-truncated"}


def test_pagination_lines_and_tails():
    result = run(P3, "Halaman berikutnya cara mendapatkan set top box TV digital gratis",
                 "Apa pertimbangan pemerintah memilih PPKM Mikro ? Cek halaman berikutnya.",
                 "Langsung klik halaman selanjutnya", "Nono ungkap cita-cita di halaman selanjutnya", P4)
    assert result.kept == [P3, "Apa pertimbangan pemerintah memilih PPKM Mikro ?", P4]
    why = reasons(result)
    assert why["Halaman berikutnya cara mendapatkan set top box TV digital gratis"] == "promo"
    assert why["Cek halaman berikutnya."] == "promo-tail"
    assert why["Langsung klik halaman selanjutnya"] == "promo"  # "Langsung" alone is no sentence


def test_syndication_footer_goes_even_when_long_but_a_buy_link_inside_prose_stays():
    footers = ["Artikel ini telah tayang di detikSport . Baca selengkapnya di sini .",
               "Artikel ini telah tayang di detikSport dengan judul Kylian Mbappe Segera Jadi Kapten Baru Timnas Prancis"]
    assert run(P3, *footers).kept == [P3]
    prose = ("Untuk mendapatkan mouse ini, harga yang dibanderol adalah Rp 166.000. Mouse ini dapat dibeli "
             "dengan KLIK DI SINI .")
    assert run(P3, prose, P4).kept == [P3, prose, P4]


def test_subheadings_and_short_quotes_between_body_lines_stay():
    lines = [P3, "Bantahan Budi Arie", P4, '"Janji ya?" ungkap Scott menirukan respon Man.', "Persyaratan Umum", P3]
    assert run(*lines).kept == lines


def test_punctuation_only_lines_go():
    result = run("Nasabah Asuransi Tanggung 10% Biaya Berobat, OJK Sebut Premi Bisa Turun", "-", P4, '"', ".")
    assert result.kept == ["Nasabah Asuransi Tanggung 10% Biaya Berobat, OJK Sebut Premi Bisa Turun", P4]
    assert set(reasons(result).values()) == {"no-words"}


def test_recurring_lines_go_unless_they_are_quotations():
    advocate = ["Tentang detik's Advocate", "Caranya gampang. Kamu tinggal kirim pertanyaan dengan cara klik link ini"]
    quote = '"Janji ya?" ungkap Scott menirukan respon Man.'
    texts = [f"Artikel nomor {i}\n{P4}\n{quote}\n" + "\n".join(advocate) for i in range(3)]
    recurring = recurring_lines(texts, min_articles=3)
    assert line_key("Tentang detik's Advocate") in recurring and line_key(quote) in recurring
    assert line_key(P4) not in recurring  # long prose is never counted
    result = clean_text(texts[0], "id", recurring=recurring)
    assert quote in result.kept
    assert reasons(result)["Tentang detik's Advocate"] == "recurring-outlet-line"
    assert recurring_lines(texts[:2], min_articles=3) == frozenset()


def test_line_key_folds_case_space_and_punctuation():
    assert line_key("Baca  Juga!") == line_key("baca juga") != line_key("baca juga lagi")


def test_undetermined_language_merges_both_languages():
    text = "\n".join([P3, "Baca juga: Korea Selatan Sebut Korea Utara Ganggu Sinyal GPS",
                      "Read more: Why the vote matters", P4])
    assert clean_text(text, "und").kept == [P3, P4]
    assert "Baca juga: Korea Selatan Sebut Korea Utara Ganggu Sinyal GPS" in clean_text(text, "en").kept


def test_body_joins_paragraphs_with_blank_lines_and_dropped_lines_carry_line_numbers():
    result = run(P3, "", "Bagikan", P4)
    assert result.body == f"{P3}\n\n{P4}"
    assert [(d.text, d.reason, d.line_no) for d in result.dropped] == [("Bagikan", "furniture", 3)]
