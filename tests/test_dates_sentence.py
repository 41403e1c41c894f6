"""Dates whose year or direction comes from the sentence (issue 17, twelfth round): tense and cue
words, the day mentioned last as the anchor, weekdays named from a week, stretches of plural units.
Every sentence here is made up; each case failed before the round's changes."""

from __future__ import annotations

from datetime import date

import pytest

from corpus_tools.dates import tag


def values(text: str, dct: str, lang: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, date.fromisoformat(dct), lang)]


@pytest.mark.parametrize("text,dct,lang,expected", [
    # a weekday with a week and its direction: that weekday of that week, not the weekday alone
    ("Persidangan akan dilanjutkan Selasa pekan depan.", "2024-11-13", "id",
     [("Selasa pekan depan", "2024-11-19")]),
    ("Kedua menteri bertemu pada hari Kamis minggu lalu.", "2024-11-13", "id",
     [("hari Kamis minggu lalu", "2024-11-07")]),
    ("The committee votes on Wednesday next week.", "2023-03-02", "en", [("Wednesday next week", "2023-03-08")]),
    ("The ferry sank on Friday of last week.", "2023-03-02", "en", [("Friday of last week", "2023-02-24")]),
    # a weekday counted from the day mentioned last
    ("Gudang itu terbakar pada 4 Maret 2021. Kamis berikutnya polisi menahan penjaganya.", "2023-06-01", "id",
     [("4 Maret 2021", "2021-03-04"), ("Kamis berikutnya", "2021-03-11")]),
    ("The bridge reopened on 6 May 2019. The following Tuesday, a truck hit it.", "2022-01-10", "en",
     [("6 May 2019", "2019-05-06"), ("The following Tuesday", "2019-05-07")]),
    ("Shares ended Friday at 310 pence, up 3% from the previous Friday.", "2021-09-13", "en",
     [("Friday", "2021-09-10"), ("the previous Friday", "2021-09-03")]),
])
def test_weekdays_from_a_week_or_from_the_day_mentioned_last(text, dct, lang, expected):
    assert values(text, dct, lang) == expected


@pytest.mark.parametrize("text,dct,lang,expected", [
    # a plan told in the past, in a passage about an earlier year: ahead of that year's day, not of the DCT
    ("The band split on 2 February 2015. Their farewell tour, which was due to open in Leeds on 20 April, "
     "never happened.", "2018-09-20", "en", [("2 February 2015", "2015-02-02"), ("20 April", "2015-04-20")]),
    ("Stadion itu diresmikan 3 Januari 2019. Laga pertamanya sedianya digelar 9 Maret.", "2021-05-05", "id",
     [("3 Januari 2019", "2019-01-03"), ("9 Maret", "2019-03-09")]),
    # a scheduled event told in the present is ahead
    ("The festival takes place in the old harbour on 14 October.", "2022-08-02", "en",
     [("14 October", "2022-10-14")]),
    # a past verb right after the date governs it, whatever cue came before
    ("A march planned for Sunday was called off after the storm.", "2022-08-03", "en", [("Sunday", "2022-07-31")]),
    ("Until Monday, the ministry had refused to comment.", "2022-08-03", "en", [("Monday", "2022-08-01")]),
    # a full stop after a single letter ends no sentence: the cue before it still counts
    ("The board will name Anne K. Moreau chair on Nov. 20, the company said.", "2022-10-01", "en",
     [("Nov. 20", "2022-11-20")]),
    ("Buyers have until 10 a.m. Thursday to bid.", "2022-06-20", "en", [("Thursday", "2022-06-23")]),
    # "succeed" is no past verb that cancels "will"
    ("She will succeed the founder Feb. 1.", "2022-10-01", "en", [("Feb. 1", "2023-02-01")]),
    # plural units with a direction and no number: a stretch, as TimeBank tags it
    ("Prices are expected to fall in coming months.", "2022-06-20", "en", [("coming months", "FUTURE_REF")]),
    ("The mill closed several years ago.", "2022-06-20", "en", [("years ago", "PAST_REF")]),
])
def test_the_sentence_gives_the_direction(text, dct, lang, expected):
    assert values(text, dct, lang) == expected


def test_a_past_plan_with_no_earlier_day_keeps_the_cue_reading():
    """With no earlier day told, a past plan is read as any plan: ahead of the publication day."""
    assert values("The hearing was due to start on 13 July.", "2022-09-01", "en") == [("13 July", "2023-07-13")]
