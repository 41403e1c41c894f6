"""Stories (issue 17): grouping at ingest, `triage stories`, `timeline --story`, one row per event."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from corpus_tools.events import rules_for, actors, article_names
from corpus_tools.ingest import ingest
from corpus_tools.stories import list_stories
from corpus_tools.timeline import (CHRONOLOGY_DAYS, MentionRow, TimelineRow, attach_leads, body_part, build_timeline,
                                    closed_quote,
                                    dependent_clause, furniture_sentence, lead_sentence,
                                    merge_names, readable_part, row_as_dict)

from corpus_tools.store import Store

from .conftest import DEV_DATA, SEEDS, run_cli


def _json(*args, db) -> list[dict]:
    proc = run_cli(*args, "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seed_rows_with_two_sources_are_exactly_the_gold_events(seeded_db, gold):
    rows = _json("timeline", "--limit", "0", "--min-sources", "2", db=seeded_db)
    assert sorted(r["date"] for r in rows) == sorted(e["date"] for e in gold["events"])
    for event in gold["events"]:
        row = next(r for r in rows if r["date"] == event["date"])
        text = " ".join([row["summary"]] + [s["sentence"] for s in row["sources"]]).lower()
        assert any(k.lower() in text for k in event["keywords_any"]), (event, row["summary"])


def test_a_date_that_only_says_when_one_outlet_reported_is_no_row_unless_asked(seeded_db):
    default = {r["date"] for r in _json("timeline", "--limit", "0", db=seeded_db)}
    with_reports = {r["date"] for r in _json("timeline", "--limit", "0", "--reports", db=seeded_db)}
    assert "2024-11-13" not in default  # "Dilansir dari Reuters, Rabu, 13 November 2024"
    assert "2024-11-13" in with_reports and default < with_reports


def test_stories_listing_and_timeline_of_one_story(seeded_db):
    stories = _json("stories", db=seeded_db)
    assert stories and {"id", "first_date", "last_date", "articles", "outlets", "title", "terms"} <= set(stories[0])
    biggest = max(stories, key=lambda s: s["articles"])
    assert biggest["articles"] >= 4 and biggest["title"] and biggest["terms"]
    assert biggest["first_date"] <= biggest["last_date"]
    rows = _json("timeline", "--story", str(biggest["id"]), db=seeded_db)
    assert rows and all(s["story"] == biggest["id"] for r in rows for s in r["sources"])
    assert _json("stories", "--min-articles", "999", db=seeded_db) == []
    assert _json("stories", "--query", "zzzxqj", db=seeded_db) == []
    assert _json("stories", "--to", "2020", db=seeded_db) == []


def test_sources_name_each_outlet_once_with_its_count(seeded_db):
    csv_rows = run_cli("timeline", "--limit", "0", "--format", "csv", db=seeded_db).stdout
    signing = next(line for line in csv_rows.splitlines() if line.startswith("2024-06-19"))
    assert "no outlet" in signing and "unnamed" not in signing
    for row in _json("timeline", "--limit", "0", db=seeded_db):
        assert sum(row["outlets"].values()) == row["articles"]


def test_stories_grow_across_runs_and_keep_their_ids(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(p.name for p in SEEDS.glob("00[0-4]_*.txt"))
    for name in names[:2]:
        shutil.copy(SEEDS / name, folder / name)
    (folder / "sport.txt").write_text(
        "Persib Juara Liga Setelah Menang Adu Penalti\n\n"
        "Persib Bandung menjuarai liga sepak bola setelah mengalahkan Persija lewat adu penalti di stadion "
        "Gelora Bandung Lautan Api, Minggu (10/11/2024). Pelatih Persib memuji para pemain dan suporter.\n")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(folder), "--quiet", db=db).returncode == 0
    first = {s["id"]: s for s in _json("stories", db=db)}
    assert len(first) == 2  # the treaty, and the football
    for name in names[2:]:
        shutil.copy(SEEDS / name, folder / name)
    assert run_cli("ingest", str(folder), "--quiet", db=db).returncode == 0
    second = {s["id"]: s for s in _json("stories", db=db)}
    treaty = max(first, key=lambda i: first[i]["articles"])
    assert second[treaty]["articles"] > first[treaty]["articles"]  # the new articles joined the old story
    assert set(first) <= set(second)
    sport = next(i for i in first if i != treaty)
    assert second[sport]["articles"] == 1


def test_actors_lose_titles_and_qualifiers_and_sentence_initial_words():
    rules = rules_for("id")
    body = ("Rusia dan Korea Utara meneken pakta. Presiden Rusia Vladimir Putin hadir. "
            "Soalnya, pemimpin Korea Utara Kim Jong Un juga datang. Kata Putin, pakta itu penting.")
    known, inside = article_names(body, rules)
    found = set()
    for sentence in body.split(". "):
        found |= set(actors(sentence, rules, frozenset(), known, inside))
    assert {"Vladimir Putin", "Kim Jong Un"} <= found
    assert not {"Rusia Vladimir Putin", "Soalnya", "Korea Utara Kim Jong Un"} & found
    en = rules_for("en")
    assert "LRB" not in " ".join(actors("Officials -LRB- BP -RRB- said Tony Hayward resigned", en))
    names = merge_names({"Putin", "Vladimir Putin", "Kim"})
    assert names["Putin"] == "Vladimir Putin" and names["Kim"] == "Kim"


def _row(sentences: list[tuple[int, str, str | None]], actors_=("Putin",)) -> dict:
    mentions = [MentionRow(a, a, outlet, "2024-11-10", "sign", "sign", actors_, "2024-11-09", "day", text,
                           False, story_id=1, language="id") for a, text, outlet in sentences]
    return row_as_dict(build_timeline(mentions)[0])


def test_summary_skips_captions_fragments_and_sentences_about_others():
    good = "Putin menandatangani undang-undang ratifikasi perjanjian dengan Korea Utara pada Sabtu."
    row = _row([(1, "Foto arsip ketika Putin menandatangani perjanjian ratifikasi dengan Korea Utara.", "A"),
                (2, "menandatangani perjanjian ratifikasi itu, kata Putin dengan Korea Utara.", "B"),
                (3, good, "C")])
    assert row["summary"] == good
    other = _row([(1, "Pelatih Shin Tae-yong menandatangani kontrak baru pada Sabtu.", "A"),
                  (2, "Putin menandatangani ratifikasi pada Sabtu.", "B"),
                  (3, "Putin menandatangani dekrit ratifikasi pada Sabtu.", "C")])
    assert "Shin" not in other["summary"]


def test_summary_says_what_the_row_adds_to_the_rest_of_the_timeline():
    def mention(article: int, day: str, text: str) -> MentionRow:
        return MentionRow(article, article, None, day, "spill", "spill", ("BP",), day, "day", text, story_id=1,
                          language="en")

    background = "BP said the oil spill in the Gulf of Mexico was still growing"
    mentions = [mention(1, "2010-06-10", background + " on Thursday."),
                mention(2, "2010-06-10", "BP said the oil spill in the Gulf of Mexico was growing, officials added."),
                mention(3, "2010-06-10", "Engineers fitted a cap on the leaking well."),
                mention(4, "2010-06-10", "The cap on the leaking well held, engineers said.")]
    mentions += [mention(10 + i, f"2010-06-{12 + i}", f"{background}, day {i}.") for i in range(6)]
    row = next(r for r in build_timeline(mentions) if r.date == "2010-06-10")
    assert "cap" in row.summary  # words every row repeats weigh less than the day's own (plain counts pick the spill)


def test_rows_of_different_stories_merge_only_on_content():
    same = "Gempa magnitudo 6 mengguncang Cianjur dan merusak ratusan rumah warga."
    mentions = [MentionRow(1, 1, "A", "2024-11-10", "attack", "x", ("Cianjur",), "2024-11-09", "day", same,
                           story_id=1, language="id"),
                MentionRow(2, 2, "B", "2024-11-10", "attack", "x", ("Cianjur",), "2024-11-09", "day", same,
                           story_id=2, language="id"),
                MentionRow(3, 3, "C", "2024-11-10", "attack", "x", ("Gaza",), "2024-11-09", "day",
                           "Israel menyerang kamp pengungsi di Gaza utara.", story_id=3, language="id")]
    rows = build_timeline(mentions)
    assert sorted(r.articles for r in rows) == [1, 2]  # same label everywhere: only content merged


_CRASH = [
    ("2024-03-04", "Jet crashes near Lisbon airport",
     "A passenger jet operated by Atlantic Air crashed on approach to Lisbon airport on Monday, killing 40 "
     "passengers. Rescue teams searched the wreckage near the runway. Investigators from Portugal said the cause "
     "of the crash was not yet known."),
    ("2024-03-05", "Regulators ground Boeing 737 jets",
     "Aviation regulators in Europe grounded every Boeing 737 jet on Tuesday pending safety checks. Boeing shares "
     "fell sharply in New York as airlines cancelled flights and the manufacturer said it would cooperate with "
     "regulators."),
    ("2024-03-06", "Lisbon crash: regulators ground Boeing 737 jets after Atlantic Air crash",
     "The Boeing 737 jet that crashed near Lisbon airport killing 40 passengers led regulators in Europe to ground "
     "every Boeing 737. Investigators in Portugal examined the wreckage of the Atlantic Air jet near the runway "
     "while Boeing shares fell and airlines cancelled flights."),
    ("2024-03-07", "Boeing 737 grounded after Lisbon crash of Atlantic Air jet",
     "Investigators examining the wreckage of the Atlantic Air Boeing 737 that crashed near Lisbon airport said "
     "regulators were right to ground the jets. Boeing shares fell again and airlines cancelled flights while "
     "Portugal mourned the 40 passengers."),
    ("2024-03-08", "Football club wins the cup final",
     "Porto won the cup final on Friday after a penalty shootout against Benfica. The coach praised the players "
     "and the fans celebrated in the city."),
    ("2024-09-02", "Lisbon crash report blames Boeing 737 sensor",
     "Investigators in Portugal published their report on the crash of the Atlantic Air Boeing 737 near Lisbon "
     "airport that killed 40 passengers, blaming a faulty sensor. Regulators who grounded the jets said checks "
     "would continue."),
]


def _write_jsonl(path, items) -> None:
    path.write_text("".join(json.dumps({"id": str(i), "published": day, "title": title, "text": text}) + "\n"
                            for i, (day, title, text) in enumerate(items)))


def test_two_stories_one_news_merge_and_the_old_id_still_names_it(tmp_path):
    db = tmp_path / "t.db"
    _write_jsonl(tmp_path / "a.jsonl", _CRASH[:2])
    assert run_cli("ingest", str(tmp_path / "a.jsonl"), "--quiet", db=db).returncode == 0
    first = {s["id"]: s for s in _json("stories", db=db)}
    assert len(first) == 2  # the crash, and the grounding: nothing yet ties them
    crash, grounding = sorted(first)
    _write_jsonl(tmp_path / "b.jsonl", _CRASH[2:5])
    assert run_cli("ingest", str(tmp_path / "b.jsonl"), "--quiet", db=db).returncode == 0
    second = {s["id"]: s for s in _json("stories", db=db)}
    assert grounding not in second and second[crash]["articles"] == 4  # the older id stays
    assert len(second) == 2 and min(s["articles"] for s in second.values()) == 1  # the football stays apart
    by_old_id = _json("timeline", "--story", str(grounding), "--limit", "0", db=db)
    assert by_old_id == _json("timeline", "--story", str(crash), "--limit", "0", db=db)
    assert by_old_id and all(s["story"] == crash for r in by_old_id for s in r["sources"])
    with Store(db) as store:  # the merged story counts each article once
        assert store.story_centroids([crash])[crash]["articles"] == len(store.story_article_ids(crash)) == 4


def test_a_story_quiet_for_months_takes_an_article_that_tells_it(tmp_path):
    db = tmp_path / "t.db"
    _write_jsonl(tmp_path / "a.jsonl", _CRASH)
    assert run_cli("ingest", str(tmp_path / "a.jsonl"), "--quiet", db=db).returncode == 0
    stories = _json("stories", db=db)
    crash = max(stories, key=lambda s: s["articles"])
    assert crash["articles"] == 5 and crash["last_date"] == "2024-09-02"  # six months on, the same story


def _stories_after(tmp_path, extra: dict) -> list[int]:
    """Article counts of the stories once the crash news (four articles, one story) and `extra` are ingested."""
    tmp_path.mkdir()
    _write_jsonl(tmp_path / "a.jsonl", _CRASH[:4])
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "x", **extra}) + "\n")
    db = tmp_path / "t.db"
    for name in ("a.jsonl", "b.jsonl"):
        ingest([str(tmp_path / name)], str(db), today=date(2024, 3, 8))
    with Store(db) as store:
        return sorted(s["articles"] for s in list_stories(store))


def test_an_undated_article_joins_a_story_only_when_close_to_it(tmp_path):
    loose = {"title": "Airlines cancel more flights",
             "text": "Airlines in Europe cancelled more flights this week as travellers waited at airports. "
                     "Ticket prices rose and passengers asked for refunds from the carriers."}
    assert _stories_after(tmp_path / "dated", {**loose, "published": "2024-03-08"}) == [5]  # the window vouches
    assert _stories_after(tmp_path / "undated", loose) == [1, 4]  # no date: a few shared words are not enough
    close = {"title": "Investigators study Lisbon crash of Atlantic Air Boeing 737",
             "text": "Investigators in Portugal studied the wreckage of the Atlantic Air Boeing 737 that crashed "
                     "near Lisbon airport, killing 40 passengers, as regulators kept the jets grounded."}
    assert _stories_after(tmp_path / "close", close) == [5]


def test_the_day_of_a_run_does_not_date_a_story_that_has_dated_articles(tmp_path):
    """An undated article is dated by the day of the run only for want of a date: joining a story, it leaves the
    story's dates alone, and a story it began takes the dates of its first dated article. Dated by the run's day,
    a story of 2024 stayed active for every article of the years between and gathered unrelated ones."""
    db = tmp_path / "t.db"

    def run(name: str, items: list[dict], today: date) -> dict[int, dict]:
        (tmp_path / name).write_text("".join(json.dumps(item) + "\n" for item in items))
        ingest([str(tmp_path / name)], str(db), today=today)
        with Store(db) as store:
            return {s["id"]: s for s in list_stories(store)}

    undated = {"id": "u", "title": _CRASH[2][1], "text": _CRASH[2][2]}
    first = run("a.jsonl", [undated], date(2026, 12, 7))
    (begun,) = first
    assert first[begun]["first_date"] is None  # the day of the run dates no story
    dated = [{"id": str(i), "published": day, "title": title, "text": text} for i, (day, title, text) in
             enumerate(_CRASH[:2] + [("2024-03-06", undated["title"], undated["text"][:-1])] + _CRASH[3:])]
    second = run("b.jsonl", dated, date(2026, 12, 7))  # the undated article's dated copy joins its story
    crash = second[begun]
    assert crash["articles"] >= 5 and (crash["first_date"], crash["last_date"]) == ("2024-03-04", "2024-09-02")
    copy = {"id": "v", "title": _CRASH[1][1], "text": _CRASH[1][2]}  # undated, a copy of a dated article
    third = run("c.jsonl", [copy], date(2026, 12, 8))
    assert (third[begun]["first_date"], third[begun]["last_date"]) == ("2024-03-04", "2024-09-02")
    with Store(db) as store:
        assert store.article_story(8) == begun


def test_a_sentence_listing_dates_is_no_summary():
    chronology = "The rebels took Ajdabiya on 2 March, Brega on 5 March and Ras Lanuf on 9 March."
    good = "The rebels took Ras Lanuf after a day of fighting."

    def mention(article: int, value: str, text: str) -> MentionRow:
        return MentionRow(article, article, None, "2011-03-10", "take", "took", ("Ras Lanuf",), value, "day", text,
                          story_id=1, language="en")

    mentions = [mention(a, v, chronology) for a in (1, 2) for v in ("2011-03-02", "2011-03-05", "2011-03-09")]
    mentions.append(mention(3, "2011-03-09", good))
    row = next(r for r in build_timeline(mentions) if r.date == "2011-03-09")
    assert row.articles == 3 and row.summary == good  # the chronology is closest to the row, but it is a list


def test_words_no_stored_article_has_do_not_push_an_article_out_of_its_story(tmp_path):
    # A feature on the crash: it shares the story's words (Lisbon, Atlantic Air, crash, passengers, wreckage) but
    # most of its lead is words no stored article has. Those cannot be in any story's centroid: they are left out
    # of the comparison, so they do not make the article read as a new story.
    feature = {"published": "2024-03-07", "title": "A village mourns",
               "text": "In Alverca, a whitewashed hamlet of cork oaks and vineyards, bakers, fishermen, schoolteachers "
                       "and grandmothers gathered beside the chapel, lighting candles, singing fado, embroidering "
                       "ribbons and remembering neighbours lost in the Atlantic Air crash near Lisbon. Mourners "
                       "brought chrysanthemums, sardines, sweet pastries, lanterns, rosaries and handwritten poems; "
                       "shepherds, potters, cobblers and weavers closed their workshops until dusk."}
    assert _stories_after(tmp_path / "feature", feature) == [5]
    unrelated = {"published": "2024-03-07", "title": "A village festival",
                 "text": "In Alverca, a whitewashed hamlet of cork oaks and vineyards, bakers, fishermen, "
                         "schoolteachers and grandmothers gathered beside the chapel, lighting candles, singing fado "
                         "and embroidering ribbons for the spring festival. Visitors brought chrysanthemums, "
                         "sardines, sweet pastries, lanterns and handwritten poems."}
    assert _stories_after(tmp_path / "unrelated", unrelated) == [1, 4]


_STRIKE = [
    ("2024-05-06", "Dockworkers strike at Rotterdam port",
     "Dockworkers at the port of Rotterdam walked out on Monday demanding higher pay, halting the container "
     "terminals. Union leaders said the strike would last a week."),
    ("2024-05-07", "Retailers warn of empty shelves as shipping stalls",
     "European retailers warned of shortages as container ships waited off the Dutch coast. Supermarkets said "
     "deliveries of fruit and electronics were delayed."),
    ("2024-05-08", "Rotterdam strike leaves container ships waiting and shelves empty",
     "The dockworkers' strike at Rotterdam port left container ships waiting off the Dutch coast, and retailers "
     "warned of shortages on supermarket shelves as union leaders demanded higher pay."),
]


def _strike_stories(tmp_path, items) -> list[int]:
    tmp_path.mkdir()
    _write_jsonl(tmp_path / "a.jsonl", items)
    db = tmp_path / "t.db"
    ingest([str(tmp_path / "a.jsonl")], str(db), today=date(2024, 5, 9))
    with Store(db) as store:
        return sorted(s["articles"] for s in list_stories(store))


def test_stories_running_side_by_side_merge_when_an_article_ties_them(tmp_path):
    # The strike and the empty shelves begin as two stories; the third article tells both: they are one news.
    assert _strike_stories(tmp_path / "together", _STRIKE) == [3]
    # The same words two months apart are two news: stories merge only when they ran at the same time.
    apart = [("2024-03-04", *_STRIKE[0][1:]), *_STRIKE[1:]]
    assert _strike_stories(tmp_path / "apart", apart) == [1, 2]


def test_story_vectors_do_not_depend_on_the_hash_seed():
    """Terms were counted over set(names): their order, and so the float sums of norms and
    cosines, changed from one process to the next (PYTHONHASHSEED), and with them, at a
    threshold, which story an article joined."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    code = ("from corpus_tools.stories import term_counts;"
            "print(list(term_counts('Rapat di Jakarta', 'Presiden membuka rapat.',"
            " ['Joko Widodo', 'Prabowo Subianto', 'Sri Mulyani Indrawati', 'Anies Baswedan',"
            " 'Ganjar Pranowo', 'Puan Maharani', 'Ridwan Kamil'], 'id')))")
    root = Path(__file__).resolve().parents[1]
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(outputs) == 1, outputs


def _en_row(sentences: list[tuple[int, str, str]], day: str = "2011-09-27") -> TimelineRow:
    """The row of `day` built from (article, published, sentence) mentions of one story."""
    mentions = [MentionRow(a, a, None, published, "trial", "trial", ("Conrad Murray",), day, "day", text,
                           story_id=1, language="en") for a, published, text in sentences]
    return next(r for r in build_timeline(mentions) if r.date == day)


def test_a_headline_caption_or_dateline_glued_before_the_sentence_is_left_out_of_the_summary():
    body = "Dr Conrad Murray pleaded not guilty to the charge of involuntary manslaughter ."
    for glued in ("Jackson doctor denies charge " + body.replace("Dr", "The doctor", 1),  # a headline
                  "Murray denies any wrongdoing On Monday , " + body,  # a caption
                  "Trial of the doctor opens in court Tuesday 27 September 2011 08.43 GMT " + body,  # a dateline
                  "27 September 2011 " + body,  # a chronology's date heading
                  "PLEA IN LOS ANGELES COURT " + body,  # an upper-case heading
                  "Photograph : Dennis Cook/AP " + body):  # a caption's credit
        summary = _en_row([(1, "2011-09-28", glued)]).summary
        assert summary in (body, body.replace("Dr", "The doctor", 1)) or summary.startswith("On Monday"), summary
        assert "denies" not in summary and "2011" not in summary and "opens" not in summary
    for whole in ("He said I would see Dr Conrad Murray plead not guilty to the charge in court .",
                  "Dr Conrad Murray was flown to The Hague and pleaded not guilty to the charge .",
                  "Dr Conrad Murray told the New York Times that he pleaded not guilty to the charge ."):
        assert _en_row([(1, "2011-09-28", whole)]).summary == whole  # a name or "I" is no seam



def test_a_time_stamped_dateline_is_cut_after_any_word():
    body = "Dr Conrad Murray pleaded not guilty to the charge of involuntary manslaughter ."
    # the headline ends on a name or a preposition, not on a word a prose seam follows; the clock time and its
    # zone still make the run a page's time stamp
    for headline in ("Doctor faces the jury in Los Angeles", "Doctor goes on trial as jurors file in"):
        summary = _en_row([(1, "2011-09-28", f"{headline} Tuesday 27 September 2011 08.43 GMT {body}")]).summary
        assert summary == body, summary
    prose = "Dr Conrad Murray told jurors in Los Angeles on Tuesday 27 September that he was not guilty ."
    assert _en_row([(1, "2011-09-28", prose)]).summary == prose  # no clock time, no zone: no cut


def test_a_pages_last_updated_stamp_and_its_links_glued_before_the_lead_are_cut():
    body = "A bodyguard to Michael Jackson has testified that the singer 's doctor ordered him to clean up ."
    for glued in ("Last updated at 04:46 GMT Help " + body,  # the stamp, then the site's "Help" link
                  "6 January 2011 Last updated at 04:46 GMT Help " + body,  # a date heading before it
                  "Bodyguard tells of doctor 's orders Page last updated at 08:58 GMT , Thursday , 6 January 2011 "
                  "09:58 UK " + body):  # a headline before it, the day and a second clock after it
        assert body_part(glued, "en") == body, glued
        assert not furniture_sentence(readable_part(glued, "en"), "en")
        assert lead_sentence(glued + "\nAlberto Alvarez said the doctor was calm .", "en") == body
    stamped, other = "Last updated at 04:46 GMT Help " + body, "The trial heard more witnesses in court ."
    # two copies of the stamped line: the row's news, no longer a page's furniture passed over for another sentence
    row = _en_row([(1, "2011-01-06", stamped), (2, "2011-01-06", stamped), (3, "2011-01-06", other)], day="2011-01-05")
    assert row.summary == body
    # a reader's comment with its clock time is no stamp: still furniture
    comment = "Comment 09:01 Courtwatcher wrote : the doctor ordered the bodyguard to clean up , I think ."
    assert furniture_sentence(readable_part(comment, "en"), "en")


def test_an_outlets_dateline_opening_the_sentence_is_cut():
    body = "Pihak Korea Utara meratifikasi perjanjian pertahanan utama dengan Rusia."
    for dateline in ("SEOUL, KOMPAS.TV —", "Ntvnews.id, Pyongyang -", "WARTA.com -"):
        assert body_part(f"{dateline} {body}", "id") == body
    # a place and a dash with no outlet, or too little after it to stand alone: left as it is
    for kept in (f"Seoul - {body}", "SEOUL, KOMPAS.TV — Korea Utara setuju."):
        assert body_part(kept, "id") == kept
    # a wire's or network's dateline, the outlet in brackets: "TRIPOLI, Libya (CNN) -- ", "(AP) — "
    body = "Rebel fighters seized the oil town of Brega on Monday after a long battle ."
    for dateline in ("TRIPOLI, Libya (CNN) --", "Washington (CNN) --", "(AP) —", "Jakarta (ANTARA) -"):
        assert body_part(f"{dateline} {body}", "en") == body
    # brackets inside the sentence, or no dash after them: prose
    for kept in ("The rebels (NTC) -- and their allies -- seized Brega on Monday after a long battle .",
                 "Libya (CNN) reported that rebels seized the oil town of Brega on Monday ."):
        assert body_part(kept, "en") == kept


def test_a_headline_naming_the_subject_first_glued_before_its_sentence_is_cut():
    body = "Michael Jackson 's doctor tried to hide the fact that he had given the singer a powerful anesthetic ."
    for glued in ("Michael Jackson died from cardiac arrest in his rented home " + body,  # a caption, no stop
                  "Jermaine Jackson says the wait was a nightmare Speaking on 16 September Jermaine Jackson "
                  "criticised the timing of the concert .",  # a date word before the name
                  "Louisiana Governor Bobby Jindal warned the spill threatened their way of life Louisiana Governor "
                  "Bobby Jindal has warned that the slick threatens the state ."):  # titles inside the name
        kept = body_part(glued, "en")
        assert kept.split()[:2] in (["Michael", "Jackson"], ["Jermaine", "Jackson"], ["Louisiana", "Governor"]), kept
        assert len(kept.split()) < len(glued.split()) and "died" not in kept and "says" not in kept, kept
    assert _en_row([(1, "2011-01-05", "Michael Jackson died from cardiac arrest in his rented home " + body)]
                   ).summary == body
    for prose in ("The next day , Lord Goldsmith saw Lord Falconer and Baroness Morgan at an unminuted meeting .",
                  "Tony Hayward will leave by October and BP says its chief Tony Hayward keeps a seat on the board .",
                  "Michael Jackson 's family said they would go to Michael Jackson 's grave on Friday .",
                  "Otoritas Iran juga menuduh Sharmahd membocorkan lokasi rudal milik Garda Revolusi Iran selama acara ."):
        lang = "id" if "Iran" in prose else "en"
        assert body_part(prose, lang) == prose  # a title before the run, a function word, the name at the end


def test_comments_contact_lines_and_fact_boxes_are_no_summary():
    good = "Dr Conrad Murray pleaded not guilty to the charge of involuntary manslaughter ."
    for furniture in (
            "At 09:01 27th Sep 2011 , courtwatcher wrote : Dr Conrad Murray pleaded not guilty to the charge .",
            "Dr Conrad Murray pleaded not guilty ; letters about the charge : letters@example.org .",
            "Dr Conrad Murray pleaded not guilty , more at www.example.org on the charge of manslaughter .",
            "Born : 1953 , Grenada Trained : Meharry Medical College Charge : involuntary manslaughter ."):
        # two copies of the furniture: closer to the row's content than the one good sentence
        row = _en_row([(1, "2011-09-28", furniture), (2, "2011-09-28", furniture), (3, "2011-09-28", good)])
        assert row.summary == good, furniture
    said = "At 10.30 on Tuesday , Dr Conrad Murray pleaded not guilty to the charge : he wrote nothing ."
    assert _en_row([(1, "2011-09-28", said)]).summary == said  # a colon and a clock time alone make no comment

def test_an_entry_opening_with_its_time_stamp_is_the_summary_only_when_nothing_else_is_left():
    good = "Dr Conrad Murray pleaded not guilty to the charge of involuntary manslaughter ."
    for stamped in ("Host | 12:20 UK time , Tuesday , 27 September 2011 Dr Conrad Murray pleaded not guilty "
                    "to the charge , commentators say .",
                    "12:20 UK time , 27 Sep 2011 Commentators on Dr Conrad Murray , who pleaded not guilty ."):
        # two copies of the live page's entry: closer to the row's content than the one good sentence
        row = _en_row([(1, "2011-09-28", stamped), (2, "2011-09-28", stamped), (3, "2011-09-28", good)])
        assert row.summary == good, stamped
        assert _en_row([(1, "2011-09-28", stamped)]).summary == stamped  # nothing else: the entry it is
    said = "At 10.30 on Tuesday , Dr Conrad Murray pleaded not guilty to the charge of manslaughter in court ."
    row = _en_row([(1, "2011-09-28", said), (2, "2011-09-28", said), (3, "2011-09-28", good)])
    assert row.summary == said  # a clock time in prose, with no date after it, is no stamp


def test_a_summary_cut_from_a_longer_quote_gets_the_quotation_mark_it_lacks():
    def summary(text: str) -> str:
        mentions = [MentionRow(1, 1, "detikcom", "2025-02-20", "elect", "x", ("Ria Norsan",), "2025-02-20", "day",
                               text, story_id=1, language="id")]
        return build_timeline(mentions)[0].summary

    tail = 'Kami siap menghadapi pelantikan di Jakarta besok," ucap Ria Norsan kepada wartawan, Kamis (20/2/2025).'
    assert summary(tail) == '"' + tail  # the quote's last sentence: it began in the sentence before
    head = '"Pelantikan Ria Norsan digelar pada Kamis (20/2/2025) di Jakarta.'
    assert summary(head) == head + '"'  # the quote's first sentence: it goes on in the next
    whole = '"Kami siap," ucap Ria Norsan kepada wartawan, Kamis (20/2/2025).'
    assert summary(whole) == whole
    for text, mended in (("Semua negara mengalami,” sebut Jokowi di Jakarta pada Kamis (20/2/2025).",
                          "“Semua negara mengalami,” sebut Jokowi di Jakarta pada Kamis (20/2/2025)."),
                         ("He was calm . '' the bodyguard said in court .", "`` He was calm . '' the bodyguard said in court ."),
                         ("`` I was there on the day , he said .", "`` I was there on the day , he said . ''"),
                         ("The 12\" screen sold out on the day .", "The 12\" screen sold out on the day ."),  # an inch
                         ("Photograph : Nelson '' goals '' set in 2000 .", "Photograph : Nelson '' goals '' set in 2000 .")):
        assert closed_quote(text) == mended, text


def test_an_indonesian_name_holding_a_function_word_is_no_seam():
    text = "Gempa merusak warung di dekat Pasar Kebayoran Baru pada Sabtu dan Anda bisa melihatnya di sana."
    mentions = [MentionRow(1, 1, None, "2024-11-10", "attack", "x", ("Kebayoran",), "2024-11-09", "day", text,
                           story_id=1, language="id")]
    assert build_timeline(mentions)[0].summary == text


def test_the_summary_is_told_after_the_event_when_an_article_tells_it_so():
    preview = "Opening arguments in the trial of Dr Conrad Murray are due to begin on 27 September ."
    after = "Opening arguments took place in the trial of Dr Conrad Murray on 27 September ."
    # The preview is closer to the row's content (two copies of it), but was written before the day.
    row = _en_row([(1, "2011-09-20", preview), (2, "2011-09-21", preview), (3, "2011-09-28", after)])
    assert row.summary == after
    assert _en_row([(1, "2011-09-20", preview)]).summary == preview  # nothing told after: the preview it is


def test_a_question_is_no_summary():
    question = "Will Dr Conrad Murray go on trial on 27 September ?"
    good = "Dr Conrad Murray went on trial on 27 September ."
    row = _en_row([(1, "2011-09-28", question), (2, "2011-09-28", question), (3, "2011-09-28", good)])
    assert row.summary == good


def test_a_day_only_reported_on_does_not_outrank_a_day_events_are_dated_to():
    def mention(article: int, day: str, label: str, actor: str, report: bool = False) -> MentionRow:
        return MentionRow(article, article, None, "2011-10-20", label, label, (actor,), day, "day",
                          f"{actor} was in the news, article {article}.", is_report=report, story_id=1,
                          language="en")

    # 1 October: one article dates an event to it, three more only say someone spoke that day.
    # 5 October: three articles date another event to it.
    mentions = [mention(1, "2011-10-01", "trial", "Conrad Murray")]
    mentions += [mention(a, "2011-10-01", "report", "Conrad Murray", report=True) for a in (2, 3, 4)]
    mentions += [mention(a, "2011-10-05", "convict", "Michael Pastor") for a in (5, 6, 7)]
    assert [row.date for row in build_timeline(mentions, limit=1, published={})] == ["2011-10-05"]


class _Openings:
    """A store's `article_openings` over bodies given here (the summary's side of it; the SQL is tested on a
    real store below)."""

    def __init__(self, bodies: dict[int, str]) -> None:
        self.bodies, self.asked = bodies, []

    def article_openings(self, ids, chars):
        self.asked.append(sorted(ids))
        return [(i, "en", self.bodies[i][:chars]) for i in ids if i in self.bodies]


def test_the_lead_of_an_article_published_on_the_day_or_next_is_the_summary():
    day = "2011-09-27"
    told = "Dr Conrad Murray went on trial on 27 September , charged over the death of the singer ."
    lead = "The trial of Dr Conrad Murray opened in Los Angeles , with jurors shown images of the singer ."
    mentions = [MentionRow(a, a, None, published, "trial", "trial", ("Conrad Murray",), day, "day", text,
                           story_id=1, language="en")
                for a, published, text in ((1, "2011-09-28", "Jurors heard on Tuesday that the trial of Dr Conrad "
                                            "Murray opened in Los Angeles ."),
                                           (2, "2011-10-20", told),
                                           (3, "2011-10-02", "Dr Conrad Murray was in court on Tuesday ."))]
    rows = build_timeline(mentions)
    store = _Openings({1: f"{lead} Jurors heard the opening statements . More followed .",
                       2: "Dr Conrad Murray went on trial last month . " + told,
                       3: "A later piece ."})
    attach_leads(store, rows)
    row = next(r for r in rows if r.date == day)
    assert store.asked == [[1]]  # article 1 was published the day after; 2 and 3 long after: no lead read
    assert row.summary == lead
    assert [lead_sentence(t, "en") for t in (lead, lead + " Next .", "Photo : a caption")] == [None, lead, None]
    # a headline line without a full stop, then a caption, before the lead: both passed over
    opening = f"Doctor goes on trial in Los Angeles\n\nPhoto : the court in Los Angeles .\n\n{lead} More ."
    assert lead_sentence(opening, "en") == lead


def test_the_caption_before_a_photographs_credit_is_no_lead():
    lead = "The full 13 pages of the attorney general 's advice on the legality of the war were today published ."
    caption = "Tony Blair at a Labor poster launch this morning ."
    standfirst = "Surrounded by journalists , the MP turns the hearing into an indictment of the war Tony Blair speaks ."
    for before in (caption, f"{standfirst}\n{caption}"):
        opening = f"{before}\nPhotograph : Bruno Vincent/Getty {lead}\nThe disclosure follows a summary .\nMore ."
        assert lead_sentence(opening, "en") == lead
    # no credit: the first sentence that reads alone is the lead, as before; a credit as the first line is cut
    assert lead_sentence(f"{caption}\n{lead}\nMore .", "en") == caption
    assert lead_sentence(f"Photograph : Bruno Vincent/Getty {lead}\nMore .", "en") == lead
    # a line opening with another cue ("Related", "Updated") after the lead is no credit: the lead stays
    assert lead_sentence(f"{lead}\nRelated : Blair/Brown rift widens over the advice .\nMore .", "en") == lead


def test_a_lead_that_tells_another_event_is_not_the_rows_summary():
    day = "2011-09-27"
    mention = "Dr Conrad Murray went on trial in Los Angeles on Tuesday , charged over the death of the singer ."
    rows = build_timeline([MentionRow(1, 1, None, "2011-09-28", "trial", "trial", ("Conrad Murray",), day, "day",
                                      mention, story_id=1, language="en")])
    # the article's lead tells of the singer's family, no trial: the row's own mention says what happened
    attach_leads(_Openings({1: "The singer 's family thanked his fans for their letters . More ."}), rows)
    row = next(r for r in rows if r.date == day)
    assert row.leads and row.summary == mention


def _trial_chronology(entry: str) -> tuple[list[MentionRow], MentionRow]:
    """A chronology published 2011-12-01 dating a trial's days (`entry` for 2011-09-27, CHRONOLOGY_DAYS more),
    and one article of 2011-09-27 telling that day's trial."""
    chronology = [MentionRow(9, 9, None, "2011-12-01", "trial", "trial", ("Conrad Murray",), f"2011-09-{d:02d}",
                             "day", entry if d == 27 else f"Dr Conrad Murray appears in court , day {d} .",
                             story_id=1, language="en") for d in [27, *range(1, CHRONOLOGY_DAYS + 1)]]
    other = MentionRow(1, 1, None, "2011-09-27", "trial", "trial", ("Conrad Murray",), "2011-09-27", "day",
                       "Dr Conrad Murray was in court in Los Angeles on Tuesday for the opening of his trial .",
                       story_id=1, language="en")
    return chronology, other


def test_a_chronology_tells_the_day_before_any_lead():
    day = "2011-09-27"
    entry = "The trial of Dr Conrad Murray begins in Los Angeles ."
    chronology, other = _trial_chronology(entry)
    store = _Openings({1: "Jurors saw images of the singer as Dr Conrad Murray 's trial opened . More ."})
    rows = build_timeline(chronology + [other])
    attach_leads(store, rows)
    assert next(r for r in rows if r.date == day).summary == entry
    # fewer days than CHRONOLOGY_DAYS: an article like any other, and the lead it is
    rows = build_timeline(chronology[:CHRONOLOGY_DAYS - 1] + [other])
    attach_leads(store, rows)
    assert next(r for r in rows if r.date == day).summary.startswith("Jurors saw images")


def test_a_chronology_entry_no_other_article_of_the_day_confirms_gives_way_to_the_lead():
    # a list of another year's days, read as this year's (a casualty list of 2003 in a 2005 article): its entry
    # for the row's day shares nothing with what the day's own article says; the day's lead tells the event
    day = "2011-09-27"
    entry = "Eight servicemen die when their helicopter crashes near the border ."
    chronology, other = _trial_chronology(entry)
    lead = "Jurors saw images of the singer as Dr Conrad Murray 's trial opened ."
    rows = build_timeline(chronology + [other])
    attach_leads(_Openings({1: lead + " More ."}), rows)
    row = next(r for r in rows if r.date == day)
    assert row.summary == lead
    # without a lead that tells the event, the chronology's entry is still what the row's articles say after it
    rows = build_timeline(chronology + [other])
    assert next(r for r in rows if r.date == day).summary == entry


def test_article_openings_reads_the_start_of_each_body(seeded_db):
    store = Store(seeded_db)
    try:
        ids = [a["id"] for a in store.list_articles()][:3]
        openings = store.article_openings(ids, 40)
        assert sorted(i for i, _, _ in openings) == sorted(ids)
        for article_id, language, opening in openings:
            article = store.get_article(article_id)
            assert opening == article["body"][:40] and language == article["language"]
        assert store.article_openings([], 40) == []
    finally:
        store.close()

class _Candidates:
    """A store's story lookup (`story_candidates`, `story_centroids`) over fixed stories; notes the terms asked."""

    def __init__(self, stories: dict[int, dict]):
        self.stories, self.asked = stories, []

    def story_candidates(self, terms, since, limit):
        self.asked.append(list(terms))
        return list(self.stories)

    def story_centroids(self, ids):
        return {i: self.stories[i] for i in ids}


def _story(articles: int, weight: float) -> dict:
    return {"first_date": "2024-03-01", "last_date": "2024-03-07", "articles": articles,
            "centroid": {"iraq": weight}, "norm": weight}


def test_a_diffuse_story_takes_an_article_a_compact_story_would_not():
    from corpus_tools.stories import THRESHOLD, best_story
    # An article whose cosine to the story is 0.08, below THRESHOLD. The long story's 40 articles are on average
    # 0.1 close to its centroid (its norm over its articles): for it 0.08 is close. The story of two articles,
    # 0.9 close to theirs, does not take it.
    vector = {"iraq": 0.08, "basra": (1 - 0.08 ** 2) ** 0.5}
    assert 0.08 < THRESHOLD
    assert best_story(_Candidates({7: _story(40, 4.0)}), vector, "2024-03-08")[0] == 7
    assert best_story(_Candidates({7: _story(2, 1.8)}), vector, "2024-03-08")[0] is None
    # ... and however diffuse, never at any cosine: DIFFUSE_FLOOR of THRESHOLD at the least
    weak = {"iraq": 0.04, "basra": (1 - 0.04 ** 2) ** 0.5}
    assert best_story(_Candidates({7: _story(400, 4.0)}), weak, "2024-03-08")[0] is None


def test_a_story_is_looked_up_by_the_words_an_article_repeats_not_only_its_rarest():
    from collections import Counter

    from corpus_tools.stories import QUERY_TERMS, query_terms
    # The article's rarest words weigh most; the word it repeats (the long story's own word) weighs least.
    probe = {f"rare{i}": 1.0 - i / 1000 for i in range(QUERY_TERMS + 10)} | {"iraq": 0.01}
    counts = Counter(dict.fromkeys(probe, 1)) | Counter({"iraq": 5})
    terms = query_terms(probe, counts)
    assert "iraq" in terms and terms[:QUERY_TERMS] == [f"rare{i}" for i in range(QUERY_TERMS)]


class _Merges:
    def __init__(self):
        self.merged = []

    def merge_story(self, story_id, into):
        self.merged.append((story_id, into))


def test_a_diffuse_story_merges_with_a_story_an_article_ties_it_to_at_a_lower_centroid_cosine():
    from corpus_tools.stories import MERGE_THRESHOLD, _merge_alike
    # Centroid cosine 0.12 (below MERGE_THRESHOLD): a story of 40 articles 0.1 close to their centroid merges
    # with it, a story of two articles 0.9 close to theirs does not.
    assert 0.12 < MERGE_THRESHOLD
    other = {"first_date": "2024-03-02", "last_date": "2024-03-06", "articles": 2,
             "centroid": {"iraq": 0.12, "basra": (1 - 0.12 ** 2) ** 0.5}, "norm": 1.0}
    span = {"first_date": "2024-03-01", "last_date": "2024-03-07"}
    for articles, weight, merges in ((40, 4.0, True), (2, 1.8, False)):
        store = _Merges()
        story = {**_story(articles, weight), "id": 7, "title": None, "title_score": 0.0}
        merged = _merge_alike(7, story, {9: other}, {9}, store, span=span)
        assert (merged is not None, store.merged) == ((True, [(9, 7)]) if merges else (False, []))


def test_term_counts_of_a_rolled_back_batch_are_forgotten_and_a_committed_batch_counts_each_article(tmp_path):
    """The store's document frequencies (the IDF of stories) count each article of a committed batch once,
    as another connection reads them, and nothing of a rolled-back batch, as the writer itself reads them."""
    store = Store(tmp_path / "df.db")
    with store.transaction():
        store.document_frequencies(["war", "oil"])
        for terms in (["war", "oil"], ["war"], ["war", "spill"]):
            store.document_frequencies(terms)
            store.count_terms(terms)
    reader = Store(tmp_path / "df.db")
    assert reader.document_frequencies(["war", "oil", "spill", "none"]) == (3, {"war": 3, "oil": 1, "spill": 1,
                                                                               "none": 0})
    reader.close()
    store.begin()
    store.document_frequencies(["war"])
    store.count_terms(["war"])
    assert store.document_frequencies(["war"]) == (4, {"war": 4})  # inside its batch the writer sees its count
    store.rollback()
    assert store.document_frequencies(["war", "oil"]) == (3, {"war": 3, "oil": 1})
    store.close()


def test_a_store_from_before_migration_0017_keeps_its_term_index_in_a_without_rowid_table(seeded_db, tmp_path):
    """Migration 0017: the stories' term index becomes a WITHOUT ROWID table (its rows in the B-tree of their
    key): an older store's rows are all kept, and a lookup through them finds the same stories."""
    import sqlite3

    db = tmp_path / "old.db"
    shutil.copy(seeded_db, db)
    with Store(db) as store:
        terms = [r[0] for r in store.db.execute("SELECT DISTINCT term FROM story_terms ORDER BY term LIMIT 60")]
        found = store.story_candidates(terms, "2000-01-01", 12)
    with sqlite3.connect(db) as con:  # the table as migration 0006 made it, the store at schema 16
        rows = con.execute("SELECT term, last_date, story_id FROM story_terms ORDER BY 1, 2, 3").fetchall()
        con.executescript("""
            DROP TABLE story_terms;
            CREATE TABLE story_terms (term TEXT NOT NULL, last_date TEXT NOT NULL,
                story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                PRIMARY KEY (term, last_date, story_id));
            CREATE INDEX story_terms_story ON story_terms(story_id);
            DROP TABLE story_terms_cold; DROP TABLE story_horizon;  -- migration 0018's
            DROP INDEX events_terms_missing; ALTER TABLE events DROP COLUMN terms;  -- 0020's
            ALTER TABLE store_state DROP COLUMN terms_key;
            ALTER TABLE articles DROP COLUMN record_hash;  -- 0021's
            DELETE FROM schema_version WHERE version > 16;""")
        con.executemany("INSERT INTO story_terms VALUES (?, ?, ?)", rows)
    assert rows and found
    with Store(db) as store:
        assert store.schema_version() >= 17
        sql = store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'story_terms'").fetchone()[0]
        assert "WITHOUT ROWID" in sql
        assert [tuple(r) for r in store.db.execute("SELECT term, last_date, story_id FROM story_terms "
                                                   "ORDER BY 1, 2, 3")] == rows
        assert store.story_candidates(terms, "2000-01-01", 12) == found


def test_a_sentence_dating_a_later_event_is_not_the_summary_of_the_earlier_day():
    # The row's day is the background of a later day's news: "the treaty signed on 19 June" in a sentence about
    # its ratification on 9 November. Two copies make it the closest to the row's content.
    def mention(article: int, value: str, text: str, label: str = "sign", granularity: str = "day") -> MentionRow:
        return MentionRow(article, article, None, "2024-11-12", label, label, ("Putin", "Kim"), value, granularity,
                          text, story_id=1, language="en")

    both = "The decree, dated 9 November, ratifies the partnership treaty Putin and Kim signed on 19 June."
    own = "Putin and Kim signed the partnership treaty in Pyongyang on 19 June."
    mentions = [mention(a, v, both, "ratify" if v == "2024-11-09" else "sign") for a in (1, 2)
                for v in ("2024-06-19", "2024-11-09")]
    rows = build_timeline(mentions + [mention(3, "2024-06-19", own)])
    assert {r.date: r.summary for r in rows} == {"2024-06-19": own, "2024-11-09": both}
    # Every sentence of the day dates a later event: the row's month mention of its own event tells it.
    month = "Putin and Kim signed the partnership treaty in June during his visit to Pyongyang."
    rows = build_timeline(mentions + [mention(3, "2024-06", month, granularity="month")], granularity="day")
    assert {r.date: r.summary for r in rows} == {"2024-06-19": month, "2024-11-09": both}
    # No such mention: the sentence it is (nothing else tells the day).
    assert {r.date: r.summary for r in build_timeline(mentions)} == {"2024-06-19": both, "2024-11-09": both}


def test_a_dependent_clause_standing_as_a_sentence_is_no_summary():
    fragment = "After being signed by Putin and Kim in Pyongyang in June."
    whole = "After the vote, Putin and Kim signed the treaty in Pyongyang."
    assert dependent_clause(fragment, "en") and not dependent_clause(whole, "en")
    assert dependent_clause("Setelah ditandatangani oleh Presiden Rusia Vladimir Putin pada bulan Juni lalu.", "id")
    assert not dependent_clause("Putin and Kim signed the treaty in June.", "en")
    row = _en_row([(1, "2011-09-28", fragment), (2, "2011-09-28", fragment), (3, "2011-09-28", whole)])
    assert row.summary == whole


def test_the_seeds_treaty_signing_is_summarised_by_a_sentence_about_the_signing(seeded_db):
    rows = {r["date"]: r for r in _json("timeline", "--limit", "0", db=seeded_db)}
    signing = rows["2024-06-19"]["summary"]
    # not the 9 November decree that names 19 June in a later clause
    assert "9 November" not in signing and "menandatangani" in signing, signing
    assert "9 November" in rows["2024-11-09"]["summary"]


def _content(rows: list[dict]) -> list[dict]:
    """`triage stories -f json` rows without their ids, in an order of their own: what depends on content only."""
    return sorted(({k: v for k, v in row.items() if k != "id"} for row in rows), key=json.dumps)


def _groups(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "terms"} for row in _content(rows)]


@pytest.mark.devdata
def test_a_rolling_feed_gives_the_stories_a_fresh_ingest_of_the_file_gives(tmp_path):
    """A scraper's rolling `latest.jsonl` (newest first, the oldest dropped): a record was known by its line, so
    every line's article changed and kept its story (a June 2025 article in a 2023 story dated 2023-10-02, with
    the terms of the article that was on its line before). Records that move keep their articles now; one removed,
    and one whose content changes in place, leave their story, and the stories are a fresh ingest's."""
    lines = (DEV_DATA / "detik-2025" / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[:7]
    feed, db = tmp_path / "latest.jsonl", tmp_path / "t.db"

    def ingest_feed(text: str, store: Path) -> dict:
        feed.write_text(text, encoding="utf-8")
        proc = run_cli("ingest", str(feed), "--quiet", "--format", "json", "--workers", "1", db=store)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    def fresh(text: str, name: str) -> list[dict]:
        ingest_feed(text, tmp_path / name)
        return _json("stories", db=tmp_path / name)

    assert ingest_feed("".join(lines[1:7]), db)["new"] == 6
    rolled = "".join(lines[:6])  # the newest article on top, the oldest (the feed's last line) dropped
    report = ingest_feed(rolled, db)
    # the records that moved down a line keep their articles; the dropped one leaves its story
    assert (report["new"], report["unchanged"], report["removed"], report["duplicates"]) == (1, 5, 1, 0)
    stories = _json("stories", db=db)
    assert _content(stories) == _content(fresh(rolled, "fresh.db"))
    insurance = next(s for s in stories if s["title"].startswith("Nasabah Asuransi"))
    assert (insurance["first_date"], insurance["last_date"]) == ("2025-06-12", "2025-06-12")
    assert not {"investasi", "rempang", "bahlil"} & set(insurance["terms"])
    pump = next(s for s in stories if s["title"].startswith("Pria Todong"))
    assert not {"agus", "robin", "akp"} & set(pump["terms"])  # the dropped article's
    with Store(db) as store:
        assert store.document_frequencies(["akp"]) == (6, {"akp": 0})  # the dropped article counts nowhere
    deleted = "".join(lines[:1] + lines[2:6])  # `sed -i 2d`: the lines below move up, the last is removed
    report = ingest_feed(deleted, db)
    assert (report["unchanged"], report["updated"], report["removed"], report["duplicates"]) == (5, 0, 1, 0)
    # the groups of a fresh ingest; a story's terms are weighed by the store's counts as they are now (stories.md,
    # limits): the same groups, dates and titles
    assert _groups(_json("stories", db=db)) == _groups(fresh(deleted, "fresh2.db"))
    # every record edited where it stands: each article changes, leaves its story and is placed again
    edited = "".join(json.dumps({**json.loads(line), "text": json.loads(line)["text"] + "\nDiperbarui."}) + "\n"
                     for line in deleted.splitlines())
    report = ingest_feed(edited, db)
    assert (report["updated"], report["duplicates"]) == (5, 0)
    assert _groups(_json("stories", db=db)) == _groups(fresh(edited, "fresh3.db"))


def test_an_article_that_changes_leaves_its_story_and_the_others_keep_theirs(tmp_path):
    """The crash story (four articles) and a football article, one file. The football line rewritten with
    another news: its story goes and the new article gets one of its own; the crash story keeps its id. The
    first crash line rewritten with the football news: the crash story keeps its id, its three other articles
    and its centroid without the article's words, and begins on the first date it still has."""
    db, path = tmp_path / "t.db", tmp_path / "a.jsonl"

    def run(items) -> dict[int, dict]:
        _write_jsonl(path, items)
        assert run_cli("ingest", str(path), "--quiet", "--workers", "1", db=db).returncode == 0, path
        return {s["id"]: s for s in _json("stories", db=db)}

    first = run(_CRASH[:5])
    crash = next(i for i, s in first.items() if s["articles"] == 4)
    football = next(i for i, s in first.items() if s["articles"] == 1)
    strike = ("2024-03-08", *_STRIKE[0][1:])
    second = run(_CRASH[:4] + [strike])
    assert football not in second and second[crash] == first[crash]
    (dock,) = set(second) - {crash}
    assert second[dock]["title"] == _STRIKE[0][1] and "rotterdam" in second[dock]["terms"]
    third = run([_CRASH[4]] + _CRASH[1:4] + [strike])
    assert third[crash]["articles"] == 3 and third[crash]["first_date"] == "2024-03-05"
    assert third[dock] == second[dock]  # untouched
    (cup,) = set(third) - {crash, dock}
    assert third[cup]["articles"] == 1 and third[cup]["title"] == _CRASH[4][1]
    with Store(db) as store:
        centroid = store.story_centroids([crash])[crash]["centroid"]
    assert "lisbon" in centroid and "monday" not in centroid  # only the first crash article said Monday


def test_a_story_of_undated_articles_has_no_dates(tmp_path):
    """Its articles are dated the day of the run only to place them; the story shows no date, and `--from` and
    `--to` do not list it."""
    path, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    path.write_text("".join(json.dumps({"id": str(i), "title": title, "text": text}) + "\n"
                            for i, (_, title, text) in enumerate(_CRASH[2:4])) +
                    json.dumps({"id": "d", "published": "2024-03-08", "title": _CRASH[4][1], "text": _CRASH[4][2]}))
    ingest([str(path)], str(db), today=date.today())
    stories = _json("stories", db=db)
    undated = next(s for s in stories if s["articles"] == 2)
    assert (undated["first_date"], undated["last_date"]) == (None, None)
    assert [s["title"] for s in _json("stories", "--from", "2024-01-01", db=db)] == [_CRASH[4][1]]
    assert [s["title"] for s in _json("stories", "--to", "2099-01-01", db=db)] == [_CRASH[4][1]]
    table = run_cli("stories", db=db).stdout
    assert "—" in table


def test_a_headline_ending_on_an_acronym_glued_before_its_sentence_is_cut():
    """A headline or caption that ends on an acronym and does not open with a name, glued before the sentence:
    a capitalised function word after the acronym, a number, date word or lower-case word after it, is a seam;
    a title-case name holding a function word between acronyms or capitalised words is none."""
    body = "On 20 April 2010 a deepwater oil well exploded in the Gulf of Mexico , killing 11 workers ."
    glued = "Case study : Gulf of Mexico oil spill and BP " + body
    assert body_part(glued, "en") == body
    assert _en_row([(1, "2010-04-21", glued)]).summary == body
    box = ("Born : August 29 , 1958 , Gary , Indiana , US Also known as : The King of Pop Biggest hits : Bad , Thriller "
           "The coroner 's office said there was no evidence of foul play after an autopsy on Friday .")
    assert body_part(box, "en") == box  # a fact box's acronym after a comma: its labels stay together
    for prose in ("Kerja sama BI Dan OJK Perkuat Pengawasan Bank berlaku mulai 20 April 2010 di seluruh negeri .",
                  "Analysts at the Bank of America said the BP well exploded on 20 April 2010 in the Gulf ."):
        lang = "id" if "Kerja" in prose else "en"
        assert body_part(prose, lang) == prose


def test_a_captions_credit_glued_to_the_sentence_after_it_is_cut():
    """"Photograph : Zed NelsonNext week the UN meets …": the credit's last word is glued to the sentence's first,
    a function word or one a lower-case word follows; the summary is the sentence from that word. A name in a
    credit with a capital inside it ("McPugh") before a capitalised word stays."""
    assert body_part("Photograph : Zed NelsonNext week the UN meets to review progress on eight goals set in 2000 .",
                     "en") == "Next week the UN meets to review progress on eight goals set in 2000 ."
    assert body_part("Photograph : Julian Finney/GettySaying cheese could soon mean you are watched .",
                     "en") == "Saying cheese could soon mean you are watched ."
    kept = "Photograph : John McPugh The Guardian 's political editor said the war began in 2003 ."
    assert body_part(kept, "en") == kept
    kept = "Eamonn McCabe said the NelsonNext archive opened to the public in 2003 ."  # no caption's cue
    assert body_part(kept, "en") == kept


def test_a_caption_glued_before_a_sentence_opening_with_a_subordinator_is_cut():
    """A caption glued before the sentence without a stop, the sentence opening with a subordinator that a name
    follows ("… after the two became friends When Michael Jackson died …"): a capitalised subordinator after a
    lower-case word opens a sentence, whatever follows it; the summary is the sentence. A subordinator inside a
    title-case name ("The Day After Tomorrow") stays."""
    sentence = "When Michael Jackson died on 25 June 2009 , Dr Conrad Murray was at the hospital ."
    assert body_part("Dr Conrad Murray was hired by Jackson after the two became friends " + sentence,
                     "en") == sentence
    for kept in ("He went to see The Day After Tomorrow with friends in 2004 .",
                 "Engineers said on Monday that by 2006 the well had leaked for years ."):
        assert body_part(kept, "en") == kept


def test_a_storys_title_is_a_headline_before_a_standfirst_or_blurb():
    """`central_title`: a "headline" longer than HEADLINE_WORDS words is a standfirst or a review's blurb read as
    one ("Ewen MacAskill explores two very different angles on the war in Iraq with … ?"): a story is named by
    the headline closest to its centroid among the shorter ones, and by a long one only when none is shorter."""
    from collections import Counter

    from corpus_tools import stories

    blurb = ("Our critic explores two very different angles on the war in Iraq with a correspondent 's account of "
             "the fall of Baghdad and a minister 's account of the road to the war in Iraq ?")
    headline = "Iraq war inquiry hears from former minister"
    centroid = {t: float(n) for t, n in Counter(stories._analyzer("en")(blurb)).items()}
    assert stories.central_title(None, 1, centroid, [(blurb, "en")]) == blurb
    assert stories.central_title(None, 1, centroid, [(blurb, "en"), (headline, "en")]) == headline
    assert stories.central_title(None, 1, centroid, [(headline, "en"), (blurb, "en")]) == headline


def test_a_contact_footer_glued_after_a_sentence_with_no_seam_before_it_is_cut_at_its_label():
    """A site's contact lines glued after the article's last sentence where no seam parts them ("… by the Nation
    Letters for publication should be sent to : letters@… If you need help …"): the summary is the prose before the
    first address's label (the capitalised word that opens it, up to the colon before the address), never the
    footer; a sentence holding an address inside its prose keeps all of it."""
    prose = "His book on the war is published this month by the Nation"
    glued = (f"{prose} Letters for publication should be sent to : letters@example.com If you need help using "
             "the site : help@example.com Call the main switchboard : Follow all the top stories of the day with "
             "our team tonight")
    assert furniture_sentence(body_part(glued, "en"), "en")  # the piece after the seams is the footer
    assert readable_part(glued, "en") == prose
    assert _en_row([(1, "2005-01-11", glued)], day="2005-01-11").summary == prose
    inside = "The agency published the list on www.example.org on Monday after the talks ended ."
    assert readable_part(inside, "en") == inside
