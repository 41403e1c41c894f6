"""The temporal tagger's later families: relative years, decades, quarters, weekends, holidays, anaphoric periods."""

from __future__ import annotations

from datetime import date

import pytest

from corpus_tools.dates import tag

from .test_dates import values


@pytest.mark.parametrize("text,dct,expected", [
    ("Kesepakatan itu diteken pada Juni tahun lalu.", "2024-11-12", [("Juni tahun lalu", "2023-06")]),
    ("Ia tiba 5 Maret tahun ini.", "2024-11-12", [("5 Maret tahun ini", "2024-03-05")]),
    ("Pada tahun 1990-an harga naik.", "2024-11-12", [("tahun 1990-an", "199")]),
    ("Kata orang tua, sekitar tahun 40-an, zaman Jepang.", "2014-12-30", [("tahun 40-an", "194")]),
    ("Bangunan dari abad ke-19, kini museum.", "2024-11-12", [("abad ke-19", "18"), ("kini", "PRESENT_REF")]),
    ("Tanggal 24 kemarin saya sempat buka Facebook.", "2014-12-29", [("Tanggal 24 kemarin", "2014-12-24")]),
    ("Ia lulus pada 2019. Tahun berikutnya ia bekerja.", "2024-11-12", [("2019", "2019"), ("Tahun berikutnya", "2020")]),
    ("Ekonomi tumbuh pada semester pertama 2024.", "2024-11-12", [("semester pertama 2024", "2024-H1")]),
    ("Gereja penuh pada malam Natal.", "2024-11-12", [("malam Natal", "2023-12-24")]),
])
def test_indonesian_families(text, dct, expected):
    assert values(text, dct, "id") == expected


@pytest.mark.parametrize("text,dct,expected", [
    ("He left in July last year.", "1998-02-19", [("July last year", "1997-07")]),
    ("Third-quarter profit rose. In the year-ago quarter it fell.", "1989-11-02",
     [("Third-quarter", "1989-Q3"), ("the year-ago quarter", "1988-Q3")]),
    ("Profit fell in the third quarter from $5 million a year earlier.", "1989-11-02",
     [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]),
    ("It took a charge in the 1988 second quarter.", "1989-11-02", [("the 1988 second quarter", "1988-Q2")]),
    ("It could be effective as early as next year's first quarter.", "1989-10-31", [("next year's first quarter", "1990-Q1")]),
    ("Officials confirmed it over the weekend.", "1990-08-13", [("the weekend", "1990-W32-WE")]),
    ("The issue aroused passion in the late 1970s and the 1980s.", "1998-10-25", [("the late 1970s", "197"), ("the 1980s", "198")]),
    # a decade in words after an article: of the publication date's century
    ("Numbers were dropping through the nineties, but this year they jumped.", "1998-03-03",
     [("the nineties", "199"), ("this year", "1998")]),
    ("She is in her sixties.", "1998-03-03", []),
    ("It is the fabled 11th century temple.", "1998-02-19", [("11th century", "10")]),
    ("Atlanta, nineteen ninety-six. A bomb blast.", "1998-02-27", [("nineteen ninety-six", "1996")]),
    ("Half unemployment by the year two thousand.", "1998-02-05", [("the year two thousand", "2000")]),
    # a month or a season before a year read aloud is that year's
    ("One person is killed. January nineteen ninety-seven. Atlanta again.", "1998-02-27",
     [("January nineteen ninety-seven", "1997-01")]),
    ("The level we saw in the winter of nineteen ninety-four.", "1998-02-23",
     [("the winter of nineteen ninety-four", "1994-WI")]),
    ("Elian was found Thanksgiving Day clinging to a tube.", "2000-01-07", [("Thanksgiving Day", "1999-11-25")]),
    ("He fled in June 1998 and returned later that year.", "2000-01-28", [("June 1998", "1998-06"), ("later that year", "1998")]),
    ("The Times said in an editorial on Monday, Oct. 26:", "1998-10-25", [("Monday, Oct. 26", "1998-10-26")]),
    ("Up until Thursday, they had described him as a witness.", "1999-05-06", [("Thursday", "1999-05-06")]),
    ("They said they would appeal the decision, which will stand; it was announced Wednesday.", "2000-01-06",
     [("Wednesday", "2000-01-05")]),
    ("The monarch will meet Bush on Thursday.", "1990-08-15", [("Thursday", "1990-08-16")]),
    ("It expects sales in the current fiscal year to rise.", "1989-11-02", [("the current fiscal year", "1989")]),
    ("Earnings for the first half of 1989 fell.", "1989-11-02", [("the first half of 1989", "1989-H1")]),
    # the near future and its synonyms are the future as a whole (TIMEX3 FUTURE_REF), like "coming months"
    ("They will sell the unit in the near future.", "1989-11-01", [("the near future", "FUTURE_REF")]),
    ("We don't minimize the challenges of the near term.", "1989-11-01", [("the near term", "FUTURE_REF")]),
    ("It may placate holders in the short term.", "1989-11-01", [("the short term", "FUTURE_REF")]),
    ("It doesn't bode well for coming quarters.", "1989-11-01", [("coming quarters", "FUTURE_REF")]),
    ("Sales should rise next quarter.", "1989-11-01", [("next quarter", "1990-Q1")]),
])
def test_english_families(text, dct, expected):
    assert values(text, dct, "en") == expected


def test_part_of_period_modifiers_on_decades_and_months():
    [late] = tag("the late-November trip", date(2000, 1, 28), "en")
    assert (late.text, late.value, late.mod) == ("late-November", "1999-11", "END")
    [mid] = tag("by the mid-1990s", date(1989, 10, 26), "en")
    assert (mid.value, mid.mod) == ("199", "MID")


@pytest.mark.parametrize("text,lang", [
    ("Sebanyak 40-an orang hadir di lokasi.", "id"),
    ("Tim penyelam akan mengevaluasi terlebih dahulu kondisi di dalam air.", "id"),
    ("They planned a weekend trip.", "en"),
    ("Some two thousand people marched.", "en"),
    ("The fund has 1,980 shares and 20 centuries-old vases.", "en"),
])
def test_no_false_dates_in_later_families(text, lang):
    assert values(text, "2024-11-13", lang) == []
