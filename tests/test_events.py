"""Event extraction: triggers, actors, report dates and sentences, on real sentences of the seeds and T17."""

from __future__ import annotations

from datetime import date

from corpus_tools.dates import tag
from corpus_tools.events import extract_events, rules_for, sentences
from corpus_tools.record import Timex

from .conftest import SEEDS


def _events(body: str, dct: date, lang: str = "id"):
    return extract_events(body, tag(body, dct, lang), lang)


def test_report_dates_are_not_event_dates():
    body = "Dilansir kantor berita KCNA, Selasa (12/11), perjanjian itu diratifikasi oleh Kim Jong Un pada Senin kemarin."
    by_value = {m.value: m for m in _events(body, date(2024, 11, 12))}
    assert by_value["2024-11-12"].is_report and by_value["2024-11-12"].label == "report"
    assert by_value["2024-11-11"].label == "ratify" and not by_value["2024-11-11"].is_report
    assert "Kim Jong Un" in by_value["2024-11-11"].actors


def test_quote_with_reporting_verb_dates_the_report():
    body = ('Dewan Federasi menyetujui perjanjian itu pada 6 November. '
            '"Ini langkah penting," kata Dmitry Peskov, Rabu (13/11).')
    found = {(m.value, m.label, m.is_report) for m in _events(body, date(2024, 11, 13))}
    assert found == {("2024-11-06", "approve", False), ("2024-11-13", "report", True)}


def test_each_date_takes_the_trigger_of_its_clause():
    body = ("Perjanjian itu ditandatangani di Pyongyang pada 19 Juni 2024 dan diratifikasi "
            "Korea Utara pada 11 November 2024.")
    found = [(m.value, m.label, m.trigger) for m in _events(body, date(2024, 11, 12))]
    assert found == [("2024-06-19", "sign", "ditandatangani"), ("2024-11-11", "ratify", "diratifikasi")]


def test_month_mention_keeps_its_granularity():
    body = "Pakta itu diteken saat kunjungan Putin ke Pyongyang pada bulan Juni."
    [mention] = _events(body, date(2024, 11, 12))
    assert (mention.value, mention.granularity) == ("2024-06", "month")
    assert {"Putin", "Pyongyang"} <= set(mention.actors)


def test_a_dated_sentence_without_a_trigger_is_no_event():
    assert _events("Cuaca cerah di Jakarta pada Selasa (12/11).", date(2024, 11, 12)) == []


def test_actors_without_titles_or_sentence_initial_function_words():
    body = "Namun Kim Jong Un menandatangani dekrit itu pada Senin (11/11)."
    [mention] = _events(body, date(2024, 11, 12))
    assert mention.label == "decree" and mention.actors == ("Kim Jong Un",)


def test_english_events_reports_and_abbreviations():
    body = ("The Federation Council approved the treaty on Nov. 6, officials said on Wednesday. "
            "Mr. Putin signed it on Saturday.")
    found = [(m.value, m.label, m.is_report) for m in _events(body, date(2024, 11, 13), "en")]
    assert found == [("2024-11-06", "approve", False), ("2024-11-13", "report", True), ("2024-11-09", "sign", False)]
    assert _events(body, date(2024, 11, 13), "en")[2].actors == ("Putin",)


def test_english_events_and_actors():
    body = "Rebels captured Sirte on October 20, 2011. Muammar Gaddafi was killed the same day, officials said."
    mentions = _events(body, date(2011, 10, 21), "en")
    assert [(m.value, m.label) for m in mentions] == [("2011-10-20", "arrest"), ("2011-10-20", "kill")]
    assert "Muammar Gaddafi" in mentions[1].actors


def test_sentence_start_capital_is_not_an_actor_when_the_article_writes_it_lower_case():
    body = "Oil continued to gush from the well on Friday. BP said the oil would be captured."
    [first, *_] = _events(body, date(2010, 5, 14), "en")
    assert first.label == "spill" and "Oil" not in first.actors


def test_sentences_respect_abbreviations_dates_in_brackets_and_quotes():
    body = ('Menlu Rusia Sergei Lavrov tiba di Pyongyang, Selasa (12/11). Dr. Kim menyambutnya. '
            '"Kami siap," katanya. Prof. Budi setuju.')
    spans = [body[s:e].strip() for s, e in sentences(body, rules_for("id"))]
    assert spans == ["Menlu Rusia Sergei Lavrov tiba di Pyongyang, Selasa (12/11).", "Dr. Kim menyambutnya.",
                     '"Kami siap," katanya.', "Prof. Budi setuju."]


def test_hand_built_timexes_and_unknown_language_fall_back_to_english_rules():
    body = "Kim Jong Un signed the decree on 11 November."
    timex = Timex(start=body.index("11 November"), end=body.index("11 November") + 11, text="11 November",
                  value="2024-11-11", granularity="day")
    [mention] = extract_events(body, [timex], "xx")
    assert (mention.label, mention.value, mention.start) == ("decree", "2024-11-11", 0)


def test_a_lone_name_opening_a_sentence_is_an_actor_when_the_article_capitalises_it_elsewhere():
    body = ("Sekjen PBB menyambut kedatangan itu. Putin menandatangani undang-undang itu pada Sabtu (9/11). "
            "Soalnya, perjanjian itu ditandatangani oleh Putin dan Kim Jong Un pada Rabu (19/6).")
    mentions = _events(body, date(2024, 11, 12))
    by_value = {m.value: m for m in mentions}
    assert by_value["2024-11-09"].actors == ("Putin",)  # written capitalised inside a sentence too
    assert "Soalnya" not in by_value["2024-06-19"].actors  # only ever sentence-initial: not a name


def test_timexes_of_a_sentence_are_found_by_offsets_in_their_given_order():
    """The bisection over start offsets picks what a scan of every timex picks, in the same order,
    whatever order the timexes come in (callers may pass them unsorted)."""
    import random

    from corpus_tools.events import _Within
    rng = random.Random(7)
    for _ in range(300):
        timexes = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 60)
            timexes.append(Timex(start, start + rng.randint(1, 15), "x", "2024-01-01", "day"))
        within = _Within(timexes)
        for _ in range(10):
            start = rng.randint(0, 70)
            end = start + rng.randint(0, 40)
            assert within(start, end) == [t for t in timexes if start <= t.start and t.end <= end]


def test_last_word_before_a_boundary_matches_the_forward_pattern():
    """The reversed-window match finds the word the plain pattern "([\\w.]+)[.!?]?["”’)]*\\s*$" finds."""
    import random
    import re

    from corpus_tools.events import _LAST_WORD_REVERSED
    forward = re.compile(r"([\w.]+)[.!?]?[\"”’)]*\s*$")
    rng = random.Random(3)
    alphabet = "ab.!? \"”’)Xé_1\n"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        expected = forward.search(text)
        got = _LAST_WORD_REVERSED.match(text[::-1])
        assert (got.group(1)[::-1] if got else None) == (expected.group(1) if expected else None)


def test_time_zones_and_date_pieces_are_not_names():
    """A reviewer's English store had actors "BST Tony Blair" and "GMT", Detik's "Maret-8" and "Agustus-10": a
    clock's zone (the language file's `time_words`, written in capitals) and a month glued to a range's end
    are no part of a name; a capitalised word that is only a time word in lower case still is ("At Home")."""
    from corpus_tools.events import actors, rules_for
    assert actors("London 12.35 BST Tony Blair met Gordon Brown in Downing Street.", rules_for("en")) == \
        ("London", "Tony Blair", "Gordon Brown", "Downing Street")
    assert "GMT" not in actors("Sunday 20 February 2005 12.35 GMT It was Tony Blair who spoke.", rules_for("en"))
    found = actors("Pameran berlangsung 1 Maret-8 April di Jakarta Convention Center bersama Joko Widodo.",
                   rules_for("id"))
    assert "Jakarta Convention Center" in found and "Joko Widodo" in found and not any("Maret" in a for a in found)
    assert "WIB" not in actors("Acara digelar pukul 09.00 WIB oleh Gubernur Pramono Anung di Balai Kota.",
                               rules_for("id"))


def test_a_headline_in_capitals_is_no_name_and_acronyms_still_are():
    """BBC pages glue a headline in capitals to the story ("NEW CAP FOR LEAKING OIL WELL When engineers …"): its
    words were an actor, "CAP LEAKING OIL". Three capitalised words or more, all in capitals, are no name;
    acronyms, which come one or two at a time, still are."""
    from corpus_tools.events import actors, rules_for
    found = actors("NEW CAP FOR LEAKING OIL WELL When engineers from BP tried again, Tony Hayward said.", rules_for("en"))
    assert found == ("BP", "Tony Hayward")
    assert actors("The FBI, CIA and NSA briefed Barack Obama on Monday.", rules_for("en")) == \
        ("FBI", "CIA", "NSA", "Barack Obama")



def test_name_particles_join_a_name_only_before_a_capitalised_word():
    """A particle ("al", "de", "bin") is part of a name only as a whole word before a capitalised word or
    hyphened to one: no "Anti-war de", "Follow al", "Cipta Kerja de" (review, finding 4)."""
    body = ("Anti-war demonstrators marched past Tony Blair on 15 February 2003. "
            "Abu Musab al-Zarqawi was killed by Iraqi elections officials on 7 June 2006. "
            "Ludwig van Beethoven died on 26 March 1827.")
    found = {m.value: m.actors for m in _events(body, date(2006, 6, 8), "en")}
    assert found["2003-02-15"] == ("Tony Blair",)
    assert found["2006-06-07"] == ("Abu Musab al-Zarqawi", "Iraqi")  # not "Iraqi el", "Abu Musab al"
    assert found["1827-03-26"] == ("Ludwig van Beethoven",)
    body = ("Tersangka dijerat UU Cipta Kerja dengan ancaman penjara dan ditangkap Senin (3/3/2025) "
            "bersama Muhammad bin Salman.")
    [mention] = _events(body, date(2025, 3, 4))
    assert mention.actors == ("UU Cipta Kerja", "Muhammad bin Salman")
    assert not any(a.split()[-1] in {"de", "al", "el", "bin"} for m in _events(body, date(2025, 3, 4)) for a in m.actors)


def test_ranks_and_posts_before_a_name_are_not_part_of_the_actor():
    body = ("Kapolres Metro Jakarta Pusat Kombes Susatyo Purnomo Condro menangkap pelaku pada Senin (3/3/2025). "
            "Pelaku ditahan AKP Umar Kombong pada Selasa (4/3/2025). Bharada E ditangkap pada Rabu (5/3/2025). "
            "Plt ditahan pada Kamis (6/3/2025).")
    found = {m.value: m.actors for m in _events(body, date(2025, 3, 7))}
    assert found["2025-03-03"] == ("Susatyo Purnomo Condro",)
    assert found["2025-03-04"] == ("Umar Kombong",)
    assert found["2025-03-05"] == ("Bharada E",)  # an initial after a rank keeps its rank: "E" alone is no name
    assert found["2025-03-06"] == ()
    body = ("Coast Guard Adm Thad Allen said BP capped the well on 15 July 2010. "
            "Martin Luther King Jr was killed on 4 April 1968. Stephen King met fans on 3 May 2010.")
    found = {m.value: m.actors for m in _events(body, date(2010, 7, 16), "en")}
    assert found["2010-07-15"] == ("Thad Allen", "BP")
    assert found["1968-04-04"] == ("Martin Luther King Jr",)  # a title with only a generation after it
    assert found["2010-05-03"] == ("Stephen King",)  # a title ending the run is a surname


def test_a_posts_field_after_a_title_is_no_part_of_the_actor():
    # a ministry's or office's field written between the title and the name ("Menteri Keuangan"): the post's, not
    # the person's; a field word with no name after it leaves the run as it was
    body = ("Menteri Keuangan Sri Mulyani mengumumkan defisit pada Senin (3/3/2025). "
            "Menteri Luar Negeri Sugiono bertemu mitranya pada Selasa (4/3/2025).")
    found = {m.value: m.actors for m in _events(body, date(2025, 3, 7))}
    assert found["2025-03-03"] == ("Sri Mulyani",)
    assert found["2025-03-04"] == ("Sugiono",)


def test_news_outlets_and_wires_are_not_actors():
    body = ("The firm BP capped the well on 15 July 2010, Reuters reported. "
            "Thad Allen told the BBC and The Guardian the well was sealed on 16 July 2010. "
            "Kim Jong Un meluncurkan rudal pada Senin (14/10/2024), kata KCNA.")
    found = [a for m in _events(body, date(2010, 7, 17), "en") for a in m.actors]
    assert "BP" in found and "Thad Allen" in found
    assert not {"Reuters", "BBC", "Guardian", "The Guardian"} & set(found)
    found = [a for m in _events(body.split(". ")[-1], date(2024, 10, 15)) for a in m.actors]
    assert found == ["Kim Jong Un"]


def test_a_word_opening_a_quote_is_not_a_name():
    """The article's first word after an opening quote is the sentence's first word ('"Penjualan naik, …"')."""
    body = ('"Penjualan naik sekitar 35 persen sejak pengumuman itu," jelas Siti Munjiah di Pasar Wates, '
            'Rabu (4/3/2020).')
    [mention] = _events(body, date(2020, 3, 4))
    assert mention.actors == ("Siti Munjiah", "Pasar Wates")


def test_a_negated_trigger_is_no_event():
    """"has not signed", "belum menandatangani", "belum membuat pengumuman": the date's clause says
    nothing happened, and no other trigger of the sentence stands in (review, finding 5)."""
    body = ("The government has not signed the agreement as of Tuesday, March 4, 2025, officials told reporters. "
            "Rebels never attacked the town on 3 March 2025. "
            "BP hasn't paid the fund by 2 March 2025. The treaty was signed on 1 March 2025.")
    assert [(m.value, m.label) for m in _events(body, date(2025, 3, 5), "en")] == [("2025-03-01", "sign")]
    body = ("Pemerintah belum menandatangani perjanjian itu hingga Selasa, 4 Maret 2025. "
            "Namun, pemerintah Indonesia belum membuat pengumuman serupa hingga Senin (3/3/2025). "
            "Perjanjian itu ditandatangani pada Sabtu (1/3/2025).")
    assert [(m.value, m.label) for m in _events(body, date(2025, 3, 5))] == [("2025-03-01", "sign")]
    body = "Dr Murray has pleaded not guilty to a charge of involuntary manslaughter in Jackson's June 2009 death."
    assert [(m.value, m.label) for m in _events(body, date(2010, 3, 5), "en")] == [("2009-06", "die")]


def test_a_trigger_inside_a_phrase_that_changes_its_sense_is_no_trigger():
    body = ("The former minister died of a heart attack on Monday, March 3, 2025. "
            "Bob Dudley, the man in charge, met engineers on 2 March 2025.")
    found = [(m.value, m.label) for m in _events(body, date(2025, 3, 5), "en")]
    assert found == [("2025-03-03", "die"), ("2025-03-02", "meet")]
    body = "Bupati itu mengalami serangan jantung pada Senin (3/3/2025)."
    assert _events(body, date(2025, 3, 5)) == []
    assert _events("Pasukan itu menyerang kota pada Senin (3/3/2025).", date(2025, 3, 5))[0].label == "attack"


def test_a_capitalised_word_of_the_not_actors_list_inside_a_place_name_stays():
    """"New" opens no name at a sentence's start ("New figures show …"), but inside a sentence it is part of one:
    "in New York" is New York, not York."""
    body = ("New figures show the fund was set up on 22 September 2001. "
            "The jury met in New York on 11 October 2005 and the new trial began on 12 October 2005.")
    found = {m.value: m.actors for m in _events(body, date(2005, 10, 13), "en")}
    assert "New York" in found["2005-10-11"] and "York" not in found["2005-10-11"]
    assert not any(a.startswith("New") for a in found["2001-09-22"])


def test_a_name_opening_with_a_hyphened_particle_keeps_it():
    """"al-Qaida", "al-Jazeera": the particle joined by a hyphen is the name's first part, not "Qaida"."""
    body = "The network al-Qaida claimed the attack on 7 July 2005, al-Jazeera reported on 8 July 2005."
    actors = {a for m in _events(body, date(2005, 7, 9), "en") for a in m.actors}
    assert "al-Qaida" in actors and "Qaida" not in actors
    body = "Serangan itu diklaim kelompok al-Qaeda pada Senin (3/3/2025)."
    [mention] = _events(body, date(2025, 3, 4))
    assert mention.actors == ("al-Qaeda",)


def test_compound_titles_and_a_post_before_a_known_name_are_not_part_of_the_actor():
    """A hyphened title ("Vice-President", "Lieutenant-Colonel") is a title; after a title, a post's words before a
    name the article writes on its own go ("Menteri Pertahanan RI Prabowo Subianto" → "Prabowo Subianto")."""
    body = ("BP Senior Vice-President Kent Wells said the well was capped on 15 July 2010. "
            "Doctor Conrad Murray was charged on 8 February 2010.")
    found = {m.value: m.actors for m in _events(body, date(2010, 7, 16), "en")}
    assert "Kent Wells" in found["2010-07-15"]
    assert found["2010-02-08"] == ("Conrad Murray",)
    body = ("Menteri Pertahanan RI Prabowo Subianto menandatangani kontrak itu pada Kamis (10/2/2022). "
            "Kontrak itu menurut Prabowo Subianto penting. Bapak Gibran Rakabuming Raka dilantik pada Minggu (20/10/2024).")
    found = {m.value: m.actors for m in _events(body, date(2024, 10, 21))}
    assert found["2022-02-10"] == ("Prabowo Subianto",)
    assert found["2024-10-20"] == ("Gibran Rakabuming Raka",)


def test_a_sentence_wrapped_onto_the_next_line_is_read_whole():
    """Text hard-wrapped inside a sentence (a line with no closing punctuation, the next opening in lower case)
    is one sentence, read with a space for the line break: a row's summary is never its tail ("pada Rabu, …")."""
    body = ("Sudirman memutuskan pensiun setelah 40 tahun. Demikian hasil Rapat Umum Pemegang Saham Tahunan (RUPST)\n"
            "pada Rabu, 16 Mei 2018 lalu di Jakarta, yang diumumkan Daihatsu dalam siaran pers.\n"
            "Daftar nama:\nMiura diumumkan sebagai presiden direktur pada Kamis (17/5/2018).")
    by_value = {m.value: m for m in _events(body, date(2018, 5, 18))}
    assert by_value["2018-05-16"].sentence == ("Demikian hasil Rapat Umum Pemegang Saham Tahunan (RUPST) pada Rabu, 16 Mei 2018 "
                                               "lalu di Jakarta, yang diumumkan Daihatsu dalam siaran pers.")
    assert by_value["2018-05-17"].sentence.startswith("Miura diumumkan")  # a line after a colon, in capitals: its own
    assert sentences("Judul berita\niPhone 16 dirilis hari ini.", rules_for("id")) == [(0, 12), (13, 40)]
    assert sentences('"Kami siap.”\nsementara itu hujan.', rules_for("id")) == [(0, 12), (13, 33)]


def test_a_word_after_a_time_stamp_or_a_colon_opens_a_sentence_and_a_repeated_word_is_a_seam():
    """Page text glued into a line: after a time stamp ("06:15 GMT") or a colon a capitalised common word opens
    a sentence ("… GMT Help Michael Jackson 's doctor …" → "Michael Jackson"); a name written twice in a row is two
    sentences glued ("… for BP BP says …" → "BP"); a wire after a photographer's slash is the credit's agency
    ("Dennis Cook/AP George Galloway" → "George Galloway")."""
    body = ("Last updated at 06:15 GMT Help Michael Jackson 's doctor was charged on 8 February 2010 , the help desk "
            "said . Reader wrote : Presumably BP will be charged on 9 February 2010 , presumably soon . "
            "The cost mounts up for BP BP says the spill was capped on 15 July 2010 . "
            "Photograph : Dennis Cook/AP George Galloway was charged on 17 May 2005 .")
    found = {m.value: m.actors for m in _events(body, date(2010, 7, 16), "en")}
    assert found["2010-02-08"] == ("Michael Jackson",)
    assert found["2010-02-09"] == ("BP",)
    assert found["2010-07-15"] == ("BP",)
    assert "George Galloway" in found["2005-05-17"] and not any(a.startswith("AP") for a in found["2005-05-17"])


def test_a_common_word_capitalised_once_inside_a_line_opens_a_glued_sentence_and_is_no_name():
    """A caption or headline glued before a sentence without its stop ("… with placards Scientists said on …"): a
    lone capitalised word the article otherwise writes in lower case, capitalised inside a sentence only there,
    is no name; one the article capitalises inside its sentences again ("Parliament") stays."""
    body = ("Protesters greeted McKay at the Senate with placards Scientists said on 16 May 2010 they had found oil. "
            "The scientists were surprised. The vote in Parliament on 17 May 2010 was close, Parliament said, "
            "and the parliament of Ghana agreed.")
    found = {m.value: m.actors for m in _events(body, date(2010, 5, 18), "en")}
    assert "Scientists" not in found["2010-05-16"] and "McKay" in found["2010-05-16"]
    assert "Parliament" in found["2010-05-17"]


def test_a_first_name_the_article_writes_alone_is_no_place_before_a_name():
    """After a title, a known word opening a longer name is a place qualifying it ("Presiden Rusia Vladimir Putin" →
    "Vladimir Putin"), but a person's first name the article writes alone beside a reporting verb ("Susatyo
    mengatakan …") stays in the name — unless the article writes it after a place word ("di Rusia") or writes a word
    of the rest alone ("Putin")."""
    body = ("Kombes Budiarto Wirasena Lubis meneken surat itu pada Selasa (29/7/2025). "
            "Budiarto mengatakan pengamanan dilakukan menyeluruh.")
    [mention] = _events(body, date(2025, 7, 29))
    assert mention.actors == ("Budiarto Wirasena Lubis",)
    for after in ("Rusia mengatakan dekrit itu berlaku di Rusia sejak diteken.",  # written after a place word
                  "Rusia mengatakan dekrit itu penting, kata Putin.",  # a word of the rest written alone
                  "Dekrit itu penting bagi Rusia dan Korea Utara."):  # never beside a reporting verb
        [mention] = _events("Presiden Rusia Vladimir Putin meneken dekrit pada Sabtu (9/11/2024). " + after,
                            date(2024, 11, 10))
        assert mention.actors == ("Vladimir Putin",), after


def test_a_capitalised_common_word_or_an_acronym_glued_before_a_known_name_is_no_part_of_it():
    """Headline text glued to a name: a word the article also writes in lower case ("Killed Michael Jackson", a
    verb capitalised in a headline) or an acronym ("UK Michael Jackson", a country code) before a name of two or
    more words the article writes on its own is not part of the name."""
    body = ("Michael Jackson died in Los Angeles . Fans Killed Michael Jackson shows on 8 February 2010 . "
            "The drug killed him . UK Michael Jackson fans were charged on 9 February 2010 .")
    found = {m.value: m.actors for m in _events(body, date(2010, 7, 16), "en")}
    assert found["2010-02-08"] == ("Michael Jackson",)
    assert found["2010-02-09"] == ("Michael Jackson",)
    body = ("Michael Jackson died in June 2009 . The show - entitled What Really Killed Michael Jackson - was "
            "canceled on 8 February 2010 .")
    found = {m.value: m.actors for m in _events(body, date(2010, 7, 16), "en")}
    assert found["2010-02-08"] == ("Michael Jackson",)


def test_a_page_link_after_a_time_stamp_is_no_name_and_the_word_after_it_opens_the_sentence():
    """A site's link printed right after a story's time stamp ("… 15:41 GMT Help Live coverage of …": "help" is one
    of the language file's one-word furniture) is no name, and the word after it opens the sentence: a common word
    there ("Live") is no name either; a name there stays ("Help Michael Jackson" → "Michael Jackson"), even when
    the article never writes "help" in lower case."""
    body = ("28 September 2011 Last updated at 15:41 GMT Help Live coverage of the trial of Dr Conrad Murray , which "
            "began on 27 September 2011 in Los Angeles . The trial is live on television .\n"
            "Last updated at 06:15 GMT Help Michael Jackson 's doctor was charged on 8 February 2010 .")
    found = {m.value: m.actors for m in _events(body, date(2011, 9, 28), "en")}
    assert found["2011-09-27"] == ("Conrad Murray", "Los Angeles")
    assert found["2010-02-08"] == ("Michael Jackson",)
    # the word after the link is capitalised "inside" a line only there: it still opens the sentence
    body = ("22 June 2010 Last updated at 05:09 GMT Help Amid the criticism of BP , shares fell on 21 June 2010 .")
    assert {m.value: m.actors for m in _events(body, date(2010, 6, 22), "en")}["2010-06-21"] == ("BP",)


def test_a_word_after_a_time_stamp_is_capitalised_as_a_sentence_opener_not_inside_a_sentence():
    """A newspaper's dateline stamp before its first sentence ("Friday 3 June 2005 00.06 BST Faced with …"): the
    word after the stamp opens the sentence, so its capital does not count as one written inside a sentence; a lone
    word there that the article capitalises nowhere else ("Faced", "Shortly") is no name, one it also capitalises
    inside a sentence ("Basra") stays."""
    body = ("Friday 3 June 2005 00.06 BST Faced with daily reports of car bombs , it is hard to feel hopeful "
            "about Iraq on 2 June 2005 .\n"
            "Monday 11 July 2005 00.03 BST Shortly after 10 July 2005 , the adviser met the press .\n"
            "Friday 3 June 2005 00.06 BST Basra hosted a meeting on 1 June 2005 , the first in Basra .")
    found = {m.value: m.actors for m in _events(body, date(2005, 7, 11), "en")}
    assert found["2005-06-02"] == ("Iraq",)
    assert "Shortly" not in found["2005-07-10"]
    assert found["2005-06-01"] == ("Basra",)


def test_a_common_word_capitalised_only_after_a_dash_or_bracket_is_a_box_label_and_no_name():
    """A fact box glued into a line ("… $ 990m -LRB- # 674m -RRB- Dividend payment 2009 : …", "… – Dividend
    payment …"): a lone capitalised word the article otherwise writes in lower case, capitalised only after a dash
    or a bracket, is a label and no name; a name in the same place ("-RRB- BP paid …") stays."""
    body = ("Clean-up costs so far : $ 990m -LRB- # 674m -RRB- Dividend payment 2009 : $ 10.5 bn -RRB- BP paid a "
            "dividend to shareholders on 21 June 2010 .\n"
            "Costs so far : $ 990m – Dividend payment 2009 : $ 10.5 bn , paid on 22 March 2010 by BP .")
    found = {m.value: m.actors for m in _events(body, date(2010, 7, 1), "en")}
    assert found["2010-06-21"] == ("BP",)
    assert found["2010-03-22"] == ("BP",)


def test_a_list_of_headlines_and_leads_glued_into_one_line_is_split_at_each_dash_and_headline():
    """A roundup whose list lost its line breaks: "…, Sabtu (12/7/2025): - Khamenei Ancam AS: … Lagi! Pemimpin …
    ujar Khamenei . - Serangan Udara Tewaskan 23 Warga Sipil di Myanmar, Termasuk 4 Anak Serangan udara junta …".
    A dash after a stop or a colon opens a sentence, and a title-case headline opening the item is a sentence of
    its own before its lead: no headline words glued to a name ("… Lepas Landas Laporan"), no summary holding two
    items."""
    intro = "Selain berita tersebut, berikut ini berita-berita internasional hari ini, Sabtu (12/7/2025):"
    first = "Pemimpin Iran Ali Khamenei mengancam pangkalan Amerika pada Jumat (11/7)."
    headline = "Investigasi Tragedi Air India: Sakelar Bahan Bakar Mati Usai Lepas Landas"
    lead = "Laporan investigasi awal kecelakaan pesawat Boeing yang menewaskan 260 orang pada 12 Juni 2025 dirilis."
    body = f"{intro} - Khamenei Ancam AS: Serangan Bisa Terulang Lagi! {first} - {headline} {lead}"
    found = [body[a:b].strip() for a, b in sentences(body, rules_for("id"))]
    assert found == [intro, "Khamenei Ancam AS: Serangan Bisa Terulang Lagi!", first, headline, lead]
    named = {m.value: m.actors for m in _events(body, date(2025, 7, 12))}
    assert "Boeing" in named["2025-06-12"] and not any("Landas" in a for a in named["2025-06-12"])
    prose = "Ia berkata: - Warga Desa Lin Ta Lu Mengungsi Pada Jumat Malam - lalu pulang."  # no lower-case lead
    assert len(sentences(prose, rules_for("id"))) == 2


def test_a_schedule_whose_line_breaks_were_lost_is_read_one_item_at_a_time():
    """A schedule of "Label: dates" lines glued into one by the scraper ("… 10 September 2024Seleksi administrasi:
    20 Agustus-17 September 2024Pengumuman hasil …"): each item after a year is a sentence of its own, so an
    item's trigger ("Pengumuman") dates only its own days, not every date of the schedule."""
    items = ["Pendaftaran seleksi: 20 Agustus-10 September 2024", "Seleksi administrasi: 20 Agustus-17 September 2024",
             "Pengumuman hasil seleksi administrasi: 14-19 September 2024",
             "Konfirmasi penggunaan nilai Seleksi Kompetensi Dasar (SKD) CPNS Tahun Anggaran 2023 oleh peserta seleksi: "
             "18-28 September 2024", "Masa sanggah: 20-22 September 2024"]
    for body in ("".join(items), " ".join(items)):
        assert [body[a:b].strip() for a, b in sentences(body, rules_for("id"))] == items
    body = " ".join(items)  # glued without a space, a date's year is not read yet ("2024Masa"): left as it is
    announced = {m.value for m in _events(body, date(2024, 8, 1)) if m.label == "announce"}
    assert announced == {"2024-09-14", "2024-09-19"}
    for prose, lang in (("Pada 2024 Presiden Jokowi berkata bahwa jadwal itu tetap.", "id"),  # no "Label: date"
                        ("24 June 2010 Last updated at 14:59 GMT A year on from the death of the singer .", "en")):
        assert len(sentences(prose, rules_for(lang))) == 1  # a clock time's colon is no label's


def test_the_sentence_boundary_finds_what_its_plain_form_finds():
    """`events._BOUNDARY` is written so the regex engine skips to the characters a boundary needs; its plain form
    (each branch as read, the year's branch opening with a look-behind, five times slower) is the reference: the
    same boundaries, where each starts and ends, and the same list dashes, on the seeds and on each branch's shapes."""
    import re

    from corpus_tools import events
    plain = re.compile(r"(?:[.!?][\"”’)]*\s+(?P<stop_dash>[-–—•]\s+)?|[:;]\s+(?P<dash>[-–—•]\s+))(?=[\"“(]?[A-Z0-9])"
                       r"|(?<=[0-9]{4})\s*(?=[A-Z][^\W\d_]+[^:.!?\n]{0,120}[^\W\d_]:\s?[0-9])")
    texts = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] + [
        "Pendaftaran seleksi: 20 Agustus-10 September 2024Seleksi administrasi: 20 Agustus-17 September "
        "2024Pengumuman hasil seleksi: 14-19 Oktober 2024. Lalu 12345Abc: 3 dan 2024 Tahap akhir: 5 Mei.",
        "Sabtu (12/7/2025): - Khamenei Ancam AS: Iran siap. Lagi! - Serangan Udara di Myanmar. • Tahap dua",
        "24 June 2010 Last updated at 14:59 GMT. He said \"No.\" (Then) J. Smith left; - Next item. 2024",
        "", "2024", "Dr. Who? 1999Xy: 1", "Harga naik 10.000 rupiah. 2024Baru: 1 Januari 2025.",
    ]

    def seen(pattern, text, fast):
        return [(m.start("year") if fast and m.group("year") is not None else m.start(), m.end(),
                 m.start("dash"), m.start("stop_dash")) for m in pattern.finditer(text)]

    for text in texts:
        assert seen(events._BOUNDARY, text, True) == seen(plain, text, False), text[:80]


def test_kin_and_a_programme_credit_are_no_names():
    """A family history's kin, capitalised by the writer ("My Grandfather died …", "My Dad"), and a radio
    programme's credits ("Producer\\/Amanda Hancox") are no actors; the person after a credit or a priest's
    "Father" is ("Amanda Hancox", "Aidan Troy")."""
    body = ("My Grandfather died at 86 in 1946 and my Grandmother died at 97 in 1961 .\n"
            "My Dad died in 1967 .\n"
            "Presenter\\/Edward Stourton , Producer\\/Amanda Hancox : the service marks the Pope 's visit on "
            "16 September 2010 .\n"
            "In this edition , Michael talks to Father Aidan Troy , who met the pupils in 2001 .")
    found = {m.value: m.actors for m in _events(body, date(2010, 9, 20), "en")}
    assert found["1946"] == found["1961"] == found["1967"] == ()
    assert found["2010-09-16"] == ("Edward Stourton", "Amanda Hancox")
    assert found["2001"] == ("Michael", "Aidan Troy")


def test_a_pull_quotes_mark_read_out_is_no_part_of_the_name_after_it():
    """A page's pull quote ends in its mark read out, then the speaker ("… industry '' End Quote Ken Salazar …",
    "Start Quote"): the language file's `not_actors` of several words are dropped from a capitalised run as a whole,
    the name after them stays; a name merely holding one of their words ("End Street") is not cut."""
    body = ("The report shows a cosy relationship with the industry '' End Quote Ken Salazar said BP engineers attacked "
            "the well on 25 May 2010 .\n"
            "Start Quote Barack Obama met the families on 26 May 2010 on End Street .")
    found = {m.value: m.actors for m in _events(body, date(2010, 5, 27), "en")}
    assert found["2010-05-25"] == ("Ken Salazar", "BP")
    assert found["2010-05-26"] == ("Barack Obama", "End Street")


def test_a_birth_is_background_and_no_event():
    """An obituary's or a fact box's birth ("born November 11 1931 ; died May 4 2005", "Born : August 29 , 1958")
    is the life's background, no event of the story, and its word keeps the death beside it from dating it; the
    death is an event. A compound ("Grenada-born") is no birth. Indonesian alike ("lahir pada 6 Juni 1901")."""
    body = ("David Haskell Hackworth , soldier , born November 11 1931 ; died May 4 2005\n"
            "Born : August 29 , 1958 , Gary , Indiana . He died on 25 June 2009 .\n"
            "The Grenada-born private was attacked on 3 June 2005 in Basra .")
    found = {(m.value, m.label) for m in _events(body, date(2005, 6, 5), "en")}
    assert found == {("2005-05-04", "die"), ("2009-06-25", "die"), ("2005-06-03", "attack")}
    body = "Bung Karno lahir pada tanggal 6 Juni 1901 dan meninggal pada 21 Juni 1970."
    assert [m.value for m in _events(body, date(2025, 6, 6), "id")] == ["1970-06-21"]


def test_a_name_opening_with_a_function_word_after_a_number_keeps_it():
    """A number opens the capitalised run it stands in ("In 1893 New Zealand was …": the run "1893 New Zealand");
    the function word after it that a name word follows ("New") is part of the name, as inside a sentence
    ("the vote in New Zealand"), not cut for standing beside the number ("Zealand")."""
    body = "In 1893 New Zealand was the first nation to grant women the vote and elected a parliament ."
    [mention] = _events(body, date(2020, 1, 1), "en")
    assert mention.actors == ("New Zealand",)


def test_a_name_joined_to_a_lower_case_word_by_a_hyphen_is_an_adjective():
    """"US-led", "Polish-led", "London-based": a name joined by a hyphen to one of the language file's
    `adjective_endings` is an adjective, no actor; a name joined to a capitalised word ("Paris-Michael"), to
    another lower-case one ("Kim Jong-un") or opened by a particle ("al-Qaida") stays."""
    body = ("The US-led coalition attacked Falluja on 8 November 2004 .\n"
            "In September 2003 the base was passed to a Polish-led force in Babylon .\n"
            "Paris-Michael Katherine Jackson met fighters of al-Qaida in Basra on 3 June 2005 .")
    found = {m.value: m.actors for m in _events(body, date(2005, 6, 5), "en")}
    assert found["2004-11-08"] == ("Falluja",)
    assert found["2003-09"] == ("Babylon",)
    assert set(found["2005-06-03"]) == {"Paris-Michael Katherine Jackson", "al-Qaida", "Basra"}
    [mention] = _events("The London-based envoy met Kim Jong-un in Pyongyang on 3 June 2005 .", date(2005, 6, 5), "en")
    assert mention.actors == ("Kim Jong-un", "Pyongyang")


def test_the_word_after_a_contact_address_opens_a_line_and_is_no_name():
    """A site's contact lines glued to the article's last sentence ("… : userhelp@guardian.co.uk Call the main
    Guardian and Observer switchboard"): the word after an address opens the next line, and a lone word the
    article capitalises nowhere else ("Call") is no actor; a name there stays ("Observer")."""
    body = ("Terry Jones , who resigned from the board in January 2005 , wrote the book If you need help using the "
            "site : userhelp@guardian.co.uk Call the main Guardian and Observer switchboard : 020 7278 2332")
    [mention] = _events(body, date(2005, 1, 20), "en")
    assert "Call" not in mention.actors
    assert "Observer" in mention.actors and "Terry Jones" in mention.actors


def test_a_post_written_after_a_known_name_is_no_part_of_it():
    """"… industry '' End Quote Ken Salazar Interior secretary BP engineers …": the capitalised word before a
    lower-case title ("Interior" of "Interior secretary") opens the post of the name the article writes alone;
    a run that is no known name keeps its words ("Security Council president")."""
    body = ("Ken Salazar has criticised the agency .\n"
            "It is a cosy relationship with the industry '' End Quote Ken Salazar Interior secretary BP engineers "
            "tested the cap on 25 May 2010 .\n"
            "The UN Security Council president visited Haiti on 26 May 2010 .")
    found = {m.value: m.actors for m in _events(body, date(2010, 5, 27), "en")}
    assert found["2010-05-25"] == ("Ken Salazar", "BP")
    assert "UN Security Council" in found["2010-05-26"]


def test_an_organisations_initials_between_a_title_and_a_name_are_the_posts():
    """"jaksa KPK Kiki Ahmad Yani", "Wakil Menteri BUMN Kartika Wirjaatmadja", "Presiden EM UB Rafly Rayhan": after
    a title the initials opening a name of two words or more are the post's organisation, not the person's; with
    no title before them ("kantor BUMN Holding Tambang") an organisation's name keeps them."""
    body = ('"Terdakwa menerima hadiah," ujar jaksa KPK Kiki Ahmad Yani di Pengadilan Tipikor, Rabu (21/11/2018).\n'
            "Surat itu ditandatangani oleh Wakil Menteri BUMN Kartika Wirjaatmadja pada 11 November 2019.\n"
            "Pegawai kantor BUMN Holding Tambang meninggal pada 12 November 2019.")
    found = {m.value: m.actors for m in _events(body, date(2019, 11, 20))}
    assert "Kiki Ahmad Yani" in found["2018-11-21"]
    assert found["2019-11-11"] == ("Kartika Wirjaatmadja",)
    assert found["2019-11-12"] == ("BUMN Holding Tambang",)


def test_a_byline_opening_a_sentence_names_no_actor():
    """"By Peter Bowes BBC News , Los Angeles Michael Jackson died …": a byline glued before the story's first
    sentence credits its writer, who is no actor of the event; "By Monday , …" is no byline; a word capitalised only
    where it opens a sentence before a name the article writes alone is no part of it ("Executors John Branca")."""
    body = ("By Peter Bowes BBC News , Los Angeles Michael Jackson died on 25 June 2009 at his home .\n"
            "By Monday , Conrad Murray had been charged with manslaughter on 8 February 2010 .\n"
            "Executors John Branca and John McClain have sold the catalogue since his death on 25 June 2009 .\n"
            "The deal was agreed by John Branca .")
    found = {(m.value, m.sentence[:2]): m.actors for m in _events(body, date(2010, 2, 9), "en")}
    assert not any("Peter Bowes" in a for a in found[("2009-06-25", "By")])
    assert found[("2010-02-08", "By")] == ("Conrad Murray",)
    assert found[("2009-06-25", "Ex")] == ("John Branca", "John McClain")
