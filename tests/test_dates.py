"""The temporal tagger: the seeds gold, each family of expression, and the classic traps."""

from __future__ import annotations

from datetime import date

import pytest

from corpus_tools.dates import guess_dct, infer_date, tag
from corpus_tools.decode import decode

from .conftest import SEEDS


def values(text: str, dct: str, lang: str = "id") -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, date.fromisoformat(dct), lang)]


def test_every_seed_timex_is_found_with_its_value(gold):
    for name, article in gold["articles"].items():
        text = decode((SEEDS / name).read_bytes())
        found = {(t.text, t.value) for t in tag(text, date.fromisoformat(article["published"]), "id")}
        for expected in article["timex"]:
            assert (expected["text"], expected["value"]) in found, (name, expected)


def test_publication_date_is_guessed_from_header_or_dateline(gold):
    for name, article in gold["articles"].items():
        text = decode((SEEDS / name).read_bytes())
        assert guess_dct(text, "id", today=date(2026, 11, 23)).isoformat() == article["published"], name


@pytest.mark.parametrize("text,dct,expected", [
    ("pada tanggal 19 Juni 2024", "2024-11-10", [("tanggal 19 Juni 2024", "2024-06-19")]),
    ("Selasa, 12 November 2024", "2024-11-12", [("Selasa, 12 November 2024", "2024-11-12")]),
    ("kata KCNA, Selasa (12/11).", "2024-11-12", [("Selasa (12/11)", "2024-11-12")]),
    ("pada 12/11/2024 pukul 10.00", "2024-11-20", [("12/11/2024", "2024-11-12")]),
    ("sejak Agustus 2023", "2024-11-12", [("Agustus 2023", "2023-08")]),
    ("tertanggal 9 November, ditandatangani", "2024-11-10", [("9 November", "2024-11-09")]),
    ("pada bulan Juni lalu", "2024-11-13", [("bulan Juni lalu", "2024-06")]),
    ("Ia datang tahun lalu.", "2024-11-13", [("tahun lalu", "2023")]),
    ("tiga hari lalu", "2024-11-13", [("tiga hari lalu", "2024-11-10")]),
    ("dua pekan lalu", "2024-11-13", [("dua pekan lalu", "2024-W44")]),
    ("Ia tiba kemarin dan pulang besok.", "2024-11-13", [("kemarin", "2024-11-12"), ("besok", "2024-11-14")]),
    ("Sidang digelar pekan depan.", "2024-11-13", [("pekan depan", "2024-W47")]),
    ("Hasilnya diumumkan hari ini.", "2024-11-13", [("hari ini", "2024-11-13")]),
    ("Sabtu lalu, polisi menangkap dua orang.", "2024-11-10", [("Sabtu lalu", "2024-11-09")]),
])
def test_indonesian_expressions(text, dct, expected):
    assert values(text, dct) == expected


def test_minggu_the_week_and_minggu_the_sunday():
    assert values("Minggu lalu, para menteri bertemu.", "2024-11-12") == [("Minggu lalu", "2024-W45")]
    assert values("Mereka bertemu pada hari Minggu lalu.", "2024-11-12") == [("hari Minggu lalu", "2024-11-10")]
    assert values("Parlemen setuju minggu lalu.", "2024-11-12") == [("minggu lalu", "2024-W45")]


def test_anaphora_resolves_against_the_date_mentioned_last():
    text = "KCNA melaporkan pada 12 November 2024 bahwa dekrit diteken sehari sebelumnya."
    assert values(text, "2024-11-20")[-1] == ("sehari sebelumnya", "2024-11-11")
    english = "The bill passed on June 3, 2024. The president signed it the next day."
    assert values(english, "2024-07-01", "en")[-1] == ("the next day", "2024-06-04")


def test_part_of_period_modifiers_carry_a_mod():
    [late] = tag("akhir bulan lalu", date(2024, 11, 10), "id")
    [early] = tag("awal bulan ini", date(2024, 11, 10), "id")
    assert (late.value, late.mod) == ("2024-10", "END") and (early.value, early.mod) == ("2024-11", "START")


@pytest.mark.parametrize("text,dct,expected", [
    ("The treaty was signed on June 19, 2024.", "2024-11-12", [("June 19, 2024", "2024-06-19")]),
    ("He arrived on 19 June.", "2024-11-12", [("19 June", "2024-06-19")]),
    ("Putin signed it on Nov. 9.", "2024-11-12", [("Nov. 9", "2024-11-09")]),
    ("Talks resumed on Monday.", "2024-11-13", [("Monday", "2024-11-11")]),
    ("They met last Tuesday.", "2024-11-13", [("last Tuesday", "2024-11-12")]),
    ("Sales fell last year.", "2024-11-13", [("last year", "2023")]),
    ("Prices rose in June.", "2024-11-13", [("June", "2024-06")]),
    ("It happened two days ago.", "2024-11-13", [("two days ago", "2024-11-11")]),
    ("Markets fell yesterday.", "2024-11-13", [("yesterday", "2024-11-12")]),
    # a part of the day named from the publication day: a morning paper's "last night" is the day before
    ("A bomb killed 26 people last night.", "2024-11-13", [("last night", "2024-11-12")]),
    ("The minister will speak tonight.", "2024-11-13", [("tonight", "2024-11-13")]),
    ("Police said this morning that two men were held.", "2024-11-13", [("this morning", "2024-11-13")]),
    ("The vote was last week.", "2024-11-13", [("last week", "2024-W45")]),
    # tokenised text (a space before the comma) keeps its year in either order
    ("He died on 25 June , 2009 at home.", "2011-11-08", [("25 June , 2009", "2009-06-25")]),
    ("He died on June 25 , 2009 at home.", "2011-11-08", [("June 25 , 2009", "2009-06-25")]),
    ("It began on Thursday , 25 June 2009.", "2011-11-08", [("Thursday , 25 June 2009", "2009-06-25")]),
    # a month and its year with a comma between them (US style; tokenised text puts a space before it)
    ("He died in June, 2009 at home.", "2011-11-08", [("June, 2009", "2009-06")]),
    ("He died in June , 2009 at home.", "2011-11-08", [("June , 2009", "2009-06")]),
    # a day named without its year right before an anaphoric year takes that year, and so does the year
    ("He moved in 2009. He died on 25 June that year.", "2011-11-08",
     [("2009", "2009"), ("25 June", "2009-06-25"), ("that year", "2009")]),
    ("He left in 2009 and came back on 3 March the following year.", "2011-11-08",
     [("2009", "2009"), ("3 March", "2010-03-03"), ("the following year", "2010")]),
    # an irregular past verb after a future cue governs the date as "-ed" verbs do
    ("The results might not have been ready by the time work got under way on 19 April.", "2010-10-29",
     [("19 April", "2010-04-19")]),
    # a year after a possessive noun, as after "its"; a year listed after another and a comma
    ("It will be an extraordinary item in the company's 1989 operating results.", "1989-10-30",
     [("1989", "1989")]),
    # "the day before" ending its clause counts from the day mentioned last; before yesterday, from the DCT
    ("He arrived on Nov. 3. She had left the day before.", "1998-11-20", [("Nov. 3", "1998-11-03"), ("the day before", "1998-11-02")]),
    ("She left the day before yesterday.", "1998-11-20", [("the day before yesterday", "1998-11-18")]),
    # a quoted sentence's own "This week" stays a week
    ('He said: "This week we sold more." "This Week" had begun.', "1990-08-13", [("This week", "1990-W33"), ("This Week", "1990-W33")]),
    # "now" inside a sentence, or opening one without a comma, is the present
    ("Now officials are investigating. The fund now holds cash, and it is now, they say, too late.", "2024-11-13",
     [("Now", "PRESENT_REF"), ("now", "PRESENT_REF"), ("now", "PRESENT_REF")]),
    ("He crossed the border in 1994, 1995 and 1997.", "1999-04-19", [("1994", "1994"), ("1995", "1995"), ("1997", "1997")]),
])
def test_english_expressions(text, dct, expected):
    assert values(text, dct, "en") == expected


@pytest.mark.parametrize("text,lang", [
    ("Pesawat AirAsia QZ8501 hilang dengan 162 penumpang.", "id"),
    ("Harga naik 12,5 persen menjadi Rp14,5 triliun.", "id"),
    ("Acara dimulai pukul 09:42 WIB.", "id"),
    ("Skor akhir 2/1 untuk tuan rumah.", "id"),
    ("Sebanyak 2024 orang hadir.", "id"),
    ("You may go, and march on.", "en"),
    ("The company sold 1998 cars, a 3.5% rise.", "en"),
    ("The firm sold 1998 cars, 1999 trucks and the dealer's 2,000 vans.", "en"),
    # "before" opening a clause or a phrase after "the day": no anaphoric day
    ("He was last seen, the day before authorities issued a warrant.", "en"),
    ("She spent hours in Nairobi later in the day before returning home.", "en"),
    # a direction word and a unit title-cased in quotes inside a sentence: a programme's name
    ('James Baker, speaking on ABC News\' "This Week," said the request gives the U.S. a basis.', "en"),
    ("Baker said on ABC-TV's \u201cThis Week With David Brinkley\u201d that the raids went on.", "en"),
    # "now" opening its sentence before a comma turns the argument
    ("It was a crime to blockade a clinic. Now, Ms. Conlin said, it will have new resources.", "en"),
    ('Iraq was ready to withdraw." Now, he says, "it looks like the West wanted war."', "en"),
])
def test_no_false_dates(text, lang):
    assert values(text, "2024-11-13", lang) == []


def test_future_sentences_resolve_forward():
    assert values("Presiden akan berkunjung pada hari Jumat.", "2024-11-13") == [("hari Jumat", "2024-11-15")]
    assert values("Pemilu akan digelar pada 14 Februari.", "2024-11-13") == [("14 Februari", "2025-02-14")]


def test_infer_date_agrees_with_the_weekday():
    assert infer_date(12, 11, date(2026, 11, 23), weekday=1) == date(2024, 11, 12)
    assert infer_date(12, 11, date(2026, 11, 23)) == date(2026, 11, 12)
    assert infer_date(1, 2, date(2026, 11, 23)) == date(2026, 2, 1)
    assert infer_date(1, 12, date(2026, 11, 23)) == date(2026, 12, 1)  # a week ahead: upcoming
    assert infer_date(1, 3, date(2026, 11, 23), future=True) == date(2027, 3, 1)


def test_abbreviated_month_before_the_day_does_not_crash():
    # Found on Timeline17: the month-day family has no prefix group.
    assert values("Kabar terbaru: Jan 5 menjadi batas.", "2024-11-13", "id") == []
    assert [v for _, v in values("Talks resume Jan 5, officials said.", "2024-11-13", "en")] == ["2024-01-05"]


def test_overlapping_candidates_keep_the_longest_as_a_scan_of_all_chosen_spans_would():
    """Bisection over the chosen spans keeps what comparing each candidate with every chosen span keeps."""
    from corpus_tools.dates.tagger import scan
    text = ("Pada Senin (12/6/2025) dan 13 Juni 2025, lalu 2 hari kemudian, akhir Juni 2025 "
            "hingga awal Juli, 14-15 Juni 2025 pukul 10.00 WIB; tahun lalu dan 3 minggu lalu.")
    found = scan(text, date(2025, 6, 20), "id")
    spans = [(f.start, f.end) for f in found]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert len(found) >= 5


@pytest.mark.parametrize("text,dct,lang,expected", [
    # a day and month with a direction word keep their day, and "lalu" never reads a date a year back
    # when it is this month's ("28 Desember lalu" on 30 December)
    ("Kebakaran terjadi 28 Desember lalu.", "2024-12-30", "id", [("28 Desember lalu", "2024-12-28")]),
    ("Ia tiba pada 12 Agustus lalu.", "2024-12-30", "id", [("12 Agustus lalu", "2024-08-12")]),
    ("Ia tiba pada 12 Januari lalu.", "2024-12-30", "id", [("12 Januari lalu", "2024-01-12")]),
    ("Ia tiba 3 Januari silam.", "2024-12-30", "id", [("3 Januari silam", "2024-01-03")]),  # not 45 days ahead
    ("Pelantikan 20 Oktober mendatang.", "2024-11-02", "id", [("20 Oktober mendatang", "2025-10-20")]),
    ("Upacara 17 Agustus ini.", "2024-08-10", "id", [("17 Agustus ini", "2024-08-17")]),
    ("It opened last December 28.", "2024-12-30", "en", [("last December 28", "2024-12-28")]),
    ("It opens next March 3.", "2024-12-30", "en", [("next March 3", "2025-03-03")]),
])
def test_a_day_and_month_with_a_direction_word_keep_the_day(text, dct, lang, expected):
    assert values(text, dct, lang) == expected


@pytest.mark.parametrize("text,dct,lang,expected", [
    # 4 June 2018 was a Monday, 6 April 2018 a Friday: the weekday settles the order
    ("He spoke on Monday (4/6/2018).", "2018-06-10", "en", [("Monday (4/6/2018)", "2018-06-04")]),
    ("He spoke on Friday (4/6/2018).", "2018-06-10", "en", [("Friday (4/6/2018)", "2018-04-06")]),
    ("Ia berbicara Senin (6/4/2018).", "2018-06-10", "id", [("Senin (6/4/2018)", "2018-06-04")]),
    ("Ia berbicara Jumat (6/4/2018).", "2018-06-10", "id", [("Jumat (6/4/2018)", "2018-04-06")]),
    # neither order agrees (4 June 2018 a Monday, 6 April a Friday): the language's order stays
    ("Ia berbicara Rabu (4/6/2018).", "2018-06-10", "id", [("Rabu (4/6/2018)", "2018-06-04")]),
    # no year: the order whose weekday falls near the publication day (6 April 2018 was a Friday)
    ("Ia berbicara Jumat (4/6).", "2018-06-10", "id", [("Jumat (4/6)", "2018-04-06")]),
    ("Ia berbicara Senin (4/6).", "2018-06-10", "id", [("Senin (4/6)", "2018-06-04")]),
])
def test_a_weekday_beside_a_numeric_date_picks_its_order(text, dct, lang, expected):
    assert values(text, dct, lang) == expected


@pytest.mark.parametrize("text,dct,lang,expected", [
    # the start of a range within one month is found, with the end's month and year
    ("Pameran digelar 4-8 Desember 2024.", "2025-02-03", "id", [("4", "2024-12-04"), ("8 Desember 2024", "2024-12-08")]),
    ("Pameran digelar 4 hingga 8 Desember 2024.", "2025-02-03", "id",
     [("4", "2024-12-04"), ("8 Desember 2024", "2024-12-08")]),
    ("The fair runs from 4 to 8 December 2024.", "2025-02-03", "en", [("4", "2024-12-04"), ("8 December 2024", "2024-12-08")]),
    ("The fair ran December 4-8, 2024, in Jakarta.", "2025-02-03", "en",
     [("December 4", "2024-12-04"), ("8, 2024", "2024-12-08")]),
    # across months, the start takes the end's year (the year before when its month comes later)
    ("Pengolahan nilai: 22 April-21 Mei 2025.", "2025-02-03", "id", [("22 April", "2025-04-22"), ("21 Mei 2025", "2025-05-21")]),
    ("Rapat digelar 28 Desember-3 Januari 2025.", "2025-06-03", "id",
     [("28 Desember", "2024-12-28"), ("3 Januari 2025", "2025-01-03")]),
    ("It happened between April 16 and May 28 2004.", "2005-03-01", "en",
     [("April 16", "2004-04-16"), ("May 28 2004", "2004-05-28")]),
    # a score or a count before a date is no range
    ("Skor 2-1 pada 8 Desember 2024.", "2025-02-03", "id", [("8 Desember 2024", "2024-12-08")]),
    ("Pameran 8-4 Desember 2024.", "2025-02-03", "id", [("4 Desember 2024", "2024-12-04")]),
])
def test_a_range_start_takes_the_end_s_month_and_year(text, dct, lang, expected):
    assert values(text, dct, lang) == expected


def test_a_number_after_a_date_that_the_sentence_goes_on_from_is_no_range_end():
    assert values("Police held him on April 4 and 12 others were freed.", "2025-02-03", "en") == [("April 4", "2024-04-04")]
    assert values("The summit is on April 24 and 25.", "1999-02-10", "en") == [("April 24", "1998-04-24"), ("25", "1998-04-25")]


@pytest.mark.parametrize("text", [
    "Hal itu diatur dalam UU Nomor 1 Tahun 1946 tentang hukum pidana.",
    "Keputusan Presiden Nomor 169 Tahun 1963 masih berlaku.",
    "Sesuai UU No 11 Tahun 2020 dan PKPU nomor 8 tahun 2024.",
    "Perpres No. 8/A Tahun 2019 diteken.",
])
def test_a_numbered_document_s_year_is_no_date(text):
    assert values(text, "2024-11-13") == []


def test_a_year_beside_a_number_that_is_no_document_stays_a_date():
    assert values("Ia menjadi nomor 1 pada tahun 2020.", "2024-11-13") == [("tahun 2020", "2020")]


@pytest.mark.parametrize("text,lang,expected", [
    ("The war was linked to the September 11 attacks.", "en", []),
    ("The September 11 commission reported.", "en", []),
    ("Film tentang peristiwa 30 September diputar.", "id", []),
    ("Korban tragedi 11 September dikenang.", "id", []),
    ("Gerakan 30 September gagal.", "id", []),
    # an event noun and a link before it: "the attacks of September 11", "the bombings of July 7"
    ("He linked the war to the attacks of September 11.", "en", []),
    ("Since the bombings of July 7, security was tight.", "en", []),
    # a year, a direction word, or no event word: a date
    ("The attacks of September 11, 2001 attacks changed it.", "en", [("September 11, 2001", "2001-09-11")]),
    ("He died on September 11.", "en", [("September 11", "2004-09-11")]),
    ("Ia lahir pada 11 September.", "id", [("11 September", "2004-09-11")]),
    ("Tragedi 12 Mei 1998 dikenang.", "id", [("12 Mei 1998", "1998-05-12")]),
    ("Serangan 11 Februari lalu menewaskan tiga orang.", "id", [("11 Februari lalu", "2005-02-11")]),
])
def test_a_day_and_month_naming_an_event_is_no_date(text, lang, expected):
    assert values(text, "2005-03-01", lang) == expected


@pytest.mark.parametrize("text,expected", [
    ("Since the fall of Saddam, prices rose.", []),
    ("He was the fall guy.", []),
    ("A fall in child poverty was reported.", []),
    ("Talks resume in the fall.", [("the fall", "2004-FA")]),
    ("It opens this fall.", [("this fall", "2005-FA")]),
    ("It closed in the fall of 2003.", [("the fall of 2003", "2003-FA")]),
    ("Sales rose last fall.", [("last fall", "2004-FA")]),
    ("He spent the summer in Maine.", [("the summer", "2004-SU")]),  # a season that is no common word: as before
])
def test_fall_is_a_season_only_in_a_calendar_context(text, expected):
    assert values(text, "2005-03-01", "en") == expected


def test_a_day_and_month_the_text_also_writes_with_a_year_takes_that_year():
    """A story names a past day again without its year ("This war reached our shores on September 11 2001 … After
    September 11 , I made a commitment", written in June 2005): that year's day, not the last 11 September before
    publication; a recent day stays the recent one ("March 17" beside "March 17 2003" in a story of 20 March 2005),
    and a day the text writes with two different years, or with a weekday or a direction word, is left as it was."""
    text = ("This war reached our shores on September 11 2001 , he said . After September 11 , I made a commitment .")
    assert values(text, "2005-06-29", "en") == [("September 11 2001", "2001-09-11"), ("September 11", "2001-09-11")]
    text = "The war began on March 17 2003 . The troops left on March 17 ."
    assert values(text, "2005-03-20", "en") == [("March 17 2003", "2003-03-17"), ("March 17", "2005-03-17")]
    text = "He came on June 2 2001 and left on June 2 2003 . He is back since June 2 ."
    assert values(text, "2005-03-20", "en")[-1] == ("June 2", "2004-06-02")
    text = "He came on June 2 2001 . He was back last June 2 ."
    assert values(text, "2005-03-20", "en")[-1] == ("last June 2", "2004-06-02")


def test_a_recent_event_named_by_its_day_keeps_its_date():
    # TimeBank marks "the Aug. 7 bombings" ten days after as the day
    assert values("in the aftermath of the Aug. 7 bombings at embassies", "1998-08-17", "en") == [("Aug. 7", "1998-08-07")]
    assert values("Korban tragedi 11 September dikenang.", "2001-10-01", "id") == [("11 September", "2001-09-11")]


def test_a_headline_weekday_is_the_day_the_body_puts_ahead():
    text = ("Cawapres Diumumkan Senin atau Selasa\n\n"
            "Ia menyebut cawapres akan diumumkan pada hari Senin atau Selasa. Rapat digelar Kamis.")
    assert values(text, "2023-10-15") == [("Senin", "2023-10-16"), ("Selasa", "2023-10-17"),
                                          ("hari Senin", "2023-10-16"), ("Selasa", "2023-10-17"), ("Kamis", "2023-10-12")]
    # without a body that puts it ahead, a headline's weekday is past as before
    assert values("Menteri Dilantik Senin\n\nPresiden melantik menteri pada hari Senin.", "2023-10-15") == [
        ("Senin", "2023-10-09"), ("hari Senin", "2023-10-09")]


def test_a_weekday_right_a_year_off_keeps_the_language_s_order():
    # 9 April 2025 was a Wednesday: "Rabu (9/4/2024)" written on 10 April 2025 slips the year, not the order
    assert values("Jasad ditemukan Rabu (9/4/2024) malam.", "2025-04-10") == [("Rabu (9/4/2024)", "2024-04-09")]


def test_a_first_line_that_is_a_paragraph_is_no_headline():
    text = ("Friday, 28 May 2010. The amount has risen since Saturday, and implies more is captured.\n\n"
            "The cap will be replaced on Saturday, officials will say.")
    assert ("Saturday", "2010-05-22") in values(text, "2010-05-28", "en")


def test_a_direction_word_after_a_whole_date_is_part_of_it_not_a_day_of_its_own():
    """"11 November 2019 kemarin", "Jumat (26/6) kemarin": the word says the date is past, as "lalu" does; it is
    no second date (yesterday) beside it (the date keeps its own span). "Senin kemarin" and a "kemarin" standing alone stay as they were."""
    text = ("SK itu ditandatangani pada 11 November 2019 kemarin. Rapat digelar pada Jumat (26/6) kemarin. "
            "Ia datang Senin kemarin. Kemarin hujan.")
    assert values(text, "2020-06-30") == [("11 November 2019", "2019-11-11"), ("Jumat (26/6)", "2020-06-26"),
                                          ("Senin kemarin", "2020-06-29"), ("Kemarin", "2020-06-29")]


def test_a_day_or_month_before_a_year_older_than_those_read_is_no_date_of_ours():
    """"born in September 1709": the month is that year's, which the tagger writes no value for; read alone it
    became the last September before the publication date (2009-09). A day and month before such a year alike;
    a year it reads ("September 1909") and a number written as one ("May 1,500") are left as they were."""
    assert values("Johnson was born in Lichfield in September 1709 and wrote a dictionary.", "2010-06-10", "en") == []
    assert values("Johnson was born on 18 September 1709 in Lichfield.", "2010-06-10", "en") == []
    assert values("Johnson was born on September 18, 1709 in Lichfield.", "2010-06-10", "en") == []
    assert values("Handel lahir di Halle pada Februari 1685.", "2010-06-10", "id") == []
    assert values("He was born in September 1909 in Lichfield.", "2010-06-10", "en") == [("September 1909", "1909-09")]
    assert values("The troops left in May 1,500 strong.", "2010-06-10", "en") == [("May 1", "2010-05-01")]
