"""Whole-page text dumps: the story's span, comment threads and share bars, home pages,
a .txt that is really HTML, --explain, and the title fallback. Every dump is written here,
small, in the shape a browser's "select all, copy" gives (one block a line)."""

from __future__ import annotations

import json

import pytest

from corpus_tools.clean import clean_text
from corpus_tools.extract import extract
from corpus_tools.extract.text import canonical_outlet, extract_text_metadata, title_from_url
from corpus_tools.read import read_documents
from corpus_tools.record import SourceDocument

from .conftest import run_cli

EN_BODY = [
    ("The city council voted on Tuesday to close the old harbour bridge to cars after engineers found "
    "cracks in two of its steel supports, a decision that will send thousands of commuters onto ferries."),
    ("The bridge, which opened in 1932, carries about 40,000 vehicles a day, according to the transport "
    "department, and the closure is expected to last at least eighteen months while repairs are made."),
    ("Local businesses on both sides of the water said they were worried about the loss of trade, and "
    "several asked the council for help with rents during the works."),
    "What happens next",
    ("The council will publish a detailed plan for buses and ferries next week, and a public meeting is "
    "planned for the end of the month so that residents can ask questions about the timetable."),
]
EN_MENU = ["Home", "World", "Business", "Politics", "Technology", "Science", "Health", "Sport", "Culture",
           "Travel", "Opinion", "Weather", "Sign in", "Subscribe", "Search"]
EN_COMMENTS = ["12 comments", "Leave a comment",
               "Martha Jones", "March 3, 2024 at 9:14 am",
               "I drive over that bridge every day and I had no idea it was in such a bad state, this is shocking.",
               "Reply",
               "Dan Ortiz", "March 3, 2024 at 10:02 am",
               "The ferries are already full at rush hour, so I really do not see how this is going to work out.",
               "Reply",
               "K. Lee", "March 3, 2024 at 11:40 am",
               "Finally some common sense from the council, the repairs should have started years ago anyway.",
               "Reply"]
EN_FOOTER = ["Most popular", "Storm closes schools across the region", "Mayor names new transport chief",
             "Five places to eat by the water this summer", "Council tax to rise by four per cent",
             "About us", "Contact", "Advertise", "Privacy policy", "© 2024 Harbour Post. All rights reserved."]
EN_DUMP = "\n".join(EN_MENU + ["Harbour bridge to close to cars after cracks found", "By Anna Smith",
                               "March 2, 2024", "Share this article", "Facebook Twitter Email"]
                    + EN_BODY + ["Facebook Twitter Email"] + EN_COMMENTS + EN_FOOTER)

ID_BODY = [
    ("JAKARTA, KOMPAS.com - Pemerintah provinsi resmi menutup jembatan tua di kawasan pelabuhan untuk "
    "kendaraan pribadi setelah petugas menemukan retakan pada dua tiang penyangga utamanya."),
    ("Menurut dinas perhubungan, jembatan yang dibangun pada tahun 1932 itu dilalui sekitar 40.000 "
    "kendaraan setiap hari dan perbaikannya diperkirakan memakan waktu paling sedikit delapan belas bulan."),
    "Baca juga: Warga Keluhkan Antrean Kapal Penyeberangan di Pelabuhan",
    ("Para pedagang di kedua sisi pelabuhan mengaku khawatir kehilangan pembeli selama perbaikan dan "
    "meminta pemerintah memberikan keringanan sewa kios kepada mereka."),
    ("Pemerintah berjanji akan mengumumkan rencana angkutan bus dan kapal pengganti pada pekan depan, "
    "sementara pertemuan dengan warga akan digelar pada akhir bulan ini."),
]
ID_DUMP = "\n".join(
    ["Beranda", "Nasional", "Regional", "Megapolitan", "Ekonomi", "Bola", "Tekno", "Otomotif", "Lifestyle",
     "Jembatan Pelabuhan Ditutup untuk Kendaraan Pribadi", "Selasa, 2 Maret 2024 | 10:15 WIB",
     "Penulis: Budi Santoso", "Bagikan"]
    + ID_BODY
    + ["Berita Terkait", "Antrean Kapal Penyeberangan Mengular Sejak Pagi", "Selasa, 2 Maret 2024 | 09:40 WIB",
       "Harga Tiket Kapal Naik Mulai Bulan Depan", "Senin, 1 Maret 2024 | 18:02 WIB",
       "Wali Kota Tinjau Lokasi Retakan Jembatan", "Senin, 1 Maret 2024 | 15:30 WIB",
       "Populer", "Banjir Rendam Tiga Kecamatan Sejak Semalam", "Pasar Murah Digelar di Balai Kota",
       "Copyright © 2024 KOMPAS.com. All rights reserved", "Pedoman Media Siber", "Kebijakan Privasi"])

# French, written when French had no language file (only the language-independent signals worked): its
# tests read it both as a language without a file ("de": every file's words merged) and with fr.toml.
FR_BODY = [
    ("Le conseil municipal a voté mardi la fermeture du vieux pont du port aux voitures, après que des "
    "ingénieurs ont découvert des fissures dans deux de ses piliers en acier."),
    ("Le pont, inauguré en 1932, voit passer environ 40 000 véhicules par jour, et les travaux devraient "
    "durer au moins dix-huit mois selon le service des transports de la ville."),
    ("Les commerçants des deux rives craignent une baisse de leur chiffre d'affaires et demandent une aide "
    "pour payer leurs loyers pendant toute la durée du chantier."),
]
FR_MENU = ["Accueil", "Monde", "Afrique", "Amériques", "Asie", "Europe", "Proche-Orient", "Politique",
           "Élections", "Économie", "Entreprises", "Emploi", "Argent", "Culture", "Cinéma", "Musique",
           "Livres", "Télévision", "Sport", "Football", "Rugby", "Tennis", "Cyclisme", "Sciences", "Espace",
           "Climat", "Santé", "Idées", "Éditoriaux", "Chroniques", "Société", "Éducation", "Justice",
           "Religions", "Vidéos", "Podcasts", "Jeux", "Météo", "Archives", "Newsletters"]
# Real pages are long (the readability dumps have about 200 lines): a short text with little
# furniture is taken for an article already extracted and is not cut (when unsure, keep).
FR_DUMP = "\n".join(
    FR_MENU + [
     "Le vieux pont du port fermé aux voitures", "Par Claire Martin", "Publié le 02/03/2024 à 10:15",
     "Facebook Twitter Email"]
    + FR_BODY
    + ["Facebook Twitter Email", "Les plus lus",
       "Tempête : les écoles fermées dans toute la région", "02/03/2024 09:40",
       "Le maire nomme un nouveau responsable des transports", "02/03/2024 08:12",
       "Cinq adresses pour manger au bord de l'eau cet été", "01/03/2024 18:02",
       "La taxe foncière augmente de quatre pour cent", "01/03/2024 15:30",
       "Mentions légales", "Contact", "Publicité", "Répondre", "Répondre", "Répondre"])

HOME_DUMP = "\n".join(
    ["Beranda", "Nasional", "Regional", "Ekonomi", "Bola", "Tekno"]
    + [line for k in range(12) for line in (f"Gubernur Tinjau Banjir di Kecamatan Nomor {k + 1} Pagi Ini",
                                            f"Selasa, 2 Maret 2024 | {10 + k % 9}:{10 + k:02d} WIB")]
    + ["Copyright © 2024 KOMPAS.com. All rights reserved"])


def _kept_exactly(result, body):
    assert [line for line in result.kept if line in body] == body, "a body line was lost"


def test_english_dump_keeps_the_story_and_drops_menu_comments_and_footer():
    result = clean_text(EN_DUMP, "en", title="Harbour bridge to close to cars after cracks found")
    _kept_exactly(result, EN_BODY)
    kept = set(result.kept)
    for clutter in EN_MENU + EN_COMMENTS + EN_FOOTER + ["Facebook Twitter Email", "Share this article"]:
        assert clutter not in kept, clutter
    assert result.story is not None and not result.no_story


def test_indonesian_dump_keeps_the_story_and_drops_related_and_popular_lists():
    result = clean_text(ID_DUMP, "id", title="Jembatan Pelabuhan Ditutup untuk Kendaraan Pribadi")
    body = [line for line in ID_BODY if not line.startswith("Baca juga")]
    _kept_exactly(result, body)
    assert len(result.kept) <= len(body) + 1  # at most the headline besides the body
    reasons = {d.text: d.reason for d in result.dropped}
    assert reasons["Baca juga: Warga Keluhkan Antrean Kapal Penyeberangan di Pelabuhan"] == "related-link"
    assert reasons["Beranda"] == "above the story"


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_a_language_without_a_file_gets_the_span_from_shape_alone(lang):
    result = clean_text(FR_DUMP, lang)
    _kept_exactly(result, FR_BODY)
    kept = set(result.kept)
    assert not kept & {"Accueil", "Mentions légales", "Répondre", "Facebook Twitter Email",
                       "Le maire nomme un nouveau responsable des transports", "02/03/2024 09:40"}


def test_share_bars_are_furniture_in_any_language():
    reasons = {d.text: d.reason for d in clean_text(EN_DUMP, "en").dropped}
    assert reasons["Facebook Twitter Email"] == "share-bar"


def test_an_article_already_extracted_is_not_cut():
    text = "\n".join(EN_BODY)
    assert clean_text(text, "en").kept == EN_BODY


def test_home_page_dump_is_reported_as_not_an_article(tmp_path):
    assert clean_text(HOME_DUMP, "id").no_story
    assert not clean_text(ID_DUMP, "id").no_story
    page = tmp_path / "home.txt"
    page.write_text(HOME_DUMP)
    proc = run_cli("clean", str(page))
    assert proc.returncode != 0 and "not an article" in proc.stderr and proc.stdout == ""
    # --explain says why: the share of headline-shaped lines and the prose of its best run, line by line
    proc = run_cli("clean", "--explain", str(page))
    assert proc.returncode != 0 and "not an article" in proc.stderr
    assert proc.stdout.startswith("# not an article: a page of headline lists with no story in it (81% of its lines")
    assert "its best run of prose holds 0 words" in proc.stdout
    assert "- Gubernur Tinjau Banjir di Kecamatan Nomor 1 Pagi Ini  [headline, list or furniture]" in proc.stdout


def test_txt_that_is_html_is_read_as_html(tmp_path):
    story = " ".join(EN_BODY[:3])
    page = tmp_path / "saved.txt"
    page.write_text("<!DOCTYPE html><html><head><title>Harbour bridge to close</title>"
                    '<meta property="og:type" content="article"></head><body><nav>Home World</nav>'
                    f"<article><h1>Harbour bridge to close</h1><p>{story}</p></article></body></html>")
    (doc,) = list(read_documents(page))
    assert doc.kind == "html"
    extracted = extract(doc)
    assert "<p>" not in extracted.text and "cracks in two of its steel supports" in extracted.text


def test_explain_shows_the_span_and_why_lines_went(tmp_path):
    page = tmp_path / "dump.txt"
    page.write_text(EN_DUMP)
    out = run_cli("clean", "--explain", "--lang", "en", str(page)).stdout
    assert "# story: lines" in out and "# ── story starts ──" in out and "# ── story ends ──" in out
    assert "- Technology  [above the story]" in out
    assert f"  {EN_BODY[0]}" in out
    assert "- Reply  [furniture]" in out


def test_title_fallback_first_headline_line_else_url_slug():
    meta = extract_text_metadata("\n".join(["Harbour bridge to close to cars after cracks found", *EN_BODY]), "en")
    assert meta.title == "Harbour bridge to close to cars after cracks found"
    assert extract_text_metadata('<img src="https://x.example/a.gif" alt="tracking pixel here">\n'
                                 + "\n".join(EN_BODY), "en").title is None
    # a text of one line has no headline: no story stands below it (a promo, a teaser saved as an article),
    # so it is the text itself, never what names the text (nor a story, `stories.central_title`)
    line = "Middle East protest coverage on Twitter Follow events live with our correspondents"
    assert extract_text_metadata(line + "\n", "en").title is None
    assert extract_text_metadata("\n".join([line, *EN_BODY]), "en").title == line
    assert title_from_url("https://news.example.com/2017/07/29/harbour-bridge-to-close.html") == \
        "Harbour bridge to close"
    assert title_from_url("https://news.example.com/read/20161112230644/") is None
    record = {"url": "https://finance.example.id/moneter/d-7961581/ojk-sebut-premi-bisa-turun",
              "text": "\n".join(ID_BODY)}
    doc = SourceDocument(path="r.jsonl", kind="record", payload=json.dumps(record).encode(), line=1)
    assert extract(doc).title == "Ojk sebut premi bisa turun"


def _page(*middle: list[str]) -> str:
    """EN_DUMP's page around other content: menu, headline, byline, then `middle`, comments, footer."""
    return "\n".join(EN_MENU + ["Harbour bridge to close to cars after cracks found", "By Anna Smith",
                                "March 2, 2024", "Share this article", "Facebook Twitter Email"]
                     + [line for part in middle for line in part] + EN_COMMENTS + EN_FOOTER)


def test_code_and_tables_inside_a_story_stay():
    # A code listing repeats its keywords and a result table its cells: neither is the page's
    # furniture ("Reply", "Share"), which is shaped like a label (a capital, then lower case).
    query = ["SELECT", "n,", "avg(n)", "FROM", "series;"]
    table = ["n │ zscore", "2 │ -0.757", "3 │ -0.432", "12 │ 2.487"]
    story = [EN_BODY[0], *query, EN_BODY[1], *query, *table, EN_BODY[2], *query, EN_BODY[4]]
    result = clean_text(_page(story), "en")
    _kept_exactly(result, story)


def test_a_formula_one_symbol_a_line_stays_but_a_dash_between_paragraphs_goes():
    formula = ["x", "=", "−", "b", "±", "2", "a"]
    story = [EN_BODY[0], "and the roots are", *formula, EN_BODY[1], "-", EN_BODY[2]]
    result = clean_text(_page(story), "en")
    _kept_exactly(result, [line for line in story if line != "-"])
    assert "-" not in result.kept


def test_a_long_site_menu_cuts_the_story_off_from_the_legal_small_print_below_it():
    legal = ("Most stock quote data provided by the exchange. Market indices are shown in real time, except "
             "for the index which is delayed by two minutes, and all times are Eastern; the information is "
             "provided for informational purposes only and is not intended for trading purposes or advice, "
             "and neither the publisher nor any of its data providers shall be liable for any errors or "
             "delays in the content, or for any actions taken in reliance on it, in any country at all.")
    site_map = ["Business", "Markets", "Investing", "Economy", "Tech", "Personal Finance", "Small Business",
                "Luxury", "Media", "Video", "Tools", "Site Map", "Interactive", "Portfolio", "Job Search",
                "Real Estate Search", "Loan Center", "Calculators", "Corrections", "Market Data Alerts"]
    result = clean_text(_page(EN_BODY, site_map, [legal]), "en")
    _kept_exactly(result, EN_BODY)
    assert legal not in result.kept and "Calculators" not in result.kept


def test_a_live_feed_of_clock_headed_lines_after_the_story_goes():
    feed = ["Direct", "14:44 Accusations of abuse: fourteen soldiers named in the report",
            "14:32 Artist arrested for dyeing a geyser pink", "Earthquake.",
            ("A magnitude 6.8 earthquake struck the coast on Thursday morning, the geological survey said, "
             "with no immediate reports of damage or casualties in the area."),
            "13:54 Killing a Basque is now forbidden in Iceland",
            "13:43 Parliament to debate the new surveillance law next week",
            "13:18 Court refuses to examine the data retention rules"]
    result = clean_text(_page(EN_BODY, feed), "en")
    _kept_exactly(result, EN_BODY)
    assert not set(feed) & set(result.kept)


def test_a_short_story_between_its_own_time_stamp_and_a_timestamped_list_is_no_feed():
    """A three-paragraph story under its "Published … 10:15" line, above a "Most read" list whose items each
    carry a time: the story's stamp and the list's made one "feed" (three stamps or more, at most eight lines
    apart), the story in it went as feed furniture, no span was found and the whole page was kept, menu and
    all. A feed's entries come at like intervals: a stamp at its edge twice as far from the next as the others
    are apart is the page's own, not an entry (found with a French page, the same in any language)."""
    most_read = ["Most read", "Storm closes schools across the region", "02/03/2024 09:40",
                 "Mayor names new transport chief", "02/03/2024 08:12",
                 "Five places to eat by the water this summer", "01/03/2024 18:02",
                 "Council tax to rise by four per cent", "01/03/2024 15:30"]
    page = "\n".join(EN_MENU + ["Harbour bridge to close to cars after cracks found", "By Anna Smith",
                                "Published 02/03/2024 at 10:15", "Facebook Twitter Email"]
                     + EN_BODY[:3] + ["Facebook Twitter Email"] + most_read + EN_FOOTER[5:])
    result = clean_text(page, "en")
    _kept_exactly(result, EN_BODY[:3])
    assert not result.no_story and not set(EN_MENU + most_read) & set(result.kept), result.kept


def test_a_long_line_of_names_is_not_prose():
    names = ", ".join(f"reader{k}, Lucy{k}Writes, bridge_fan_{k}" for k in range(30)) + " left kudos on this story!"
    result = clean_text(_page(EN_BODY, ["Comments (74)", "Kudos", names, "Post Comment"]), "en")
    _kept_exactly(result, EN_BODY)
    assert names not in result.kept


def test_lines_opening_with_a_link_arrow_are_links():
    # right below the story, where short lines touching it would be taken in with it
    links = ["› Coffret dvd", "› Festival de Cannes 2014", "› Bars à Paris", "› Cinéma UGC",
             "› Programme TV en replay", "› Boutique culture", "› Sélection de livres"]
    result = clean_text(_page(EN_BODY, links), "en")
    _kept_exactly(result, EN_BODY)
    assert not set(links) & set(result.kept)


STANDFIRST = ("Engineers found cracks in two steel supports of the harbour bridge, and the council says "
              "repairs will take at least eighteen months.")


def test_the_standfirst_above_a_share_bar_opens_the_story():
    page = "\n".join(EN_MENU + ["Harbour bridge to close to cars after cracks found", "By Anna Smith", STANDFIRST,
                                "Share this article", "Facebook", "Twitter", "Email", "Print"]
                     + EN_BODY + EN_COMMENTS + EN_FOOTER)
    result = clean_text(page, "en")
    _kept_exactly(result, [STANDFIRST, *EN_BODY])
    assert "Print" not in result.kept and "Technology" not in result.kept


def test_a_dateline_on_a_line_of_its_own_opens_the_story():
    dateline = "LONDON, 2 March 2024 (Reuters) --"
    result = clean_text(_page([dateline], EN_BODY), "en")
    _kept_exactly(result, [dateline, *EN_BODY])
    # a weekday and a date is the page's own date, not a dateline
    assert "Saturday, 2 March 2024" not in clean_text(_page(["Saturday, 2 March 2024"], EN_BODY), "en").kept


def _slideshow() -> list[str]:
    """Eight slides: a counter-headed title, a caption of prose on another topic, a photo credit."""
    return [line for k in range(1, 9) for line in (
    f"{k}/8 Shares rally again in the city",
    (f"Shares in London rose for the {k}th day in a row on Tuesday as investors bet that the central bank "
     "would cut interest rates before the summer, and the pound fell against the dollar and the euro."),
    ("Getty", "Reuters", "AFP", "Rex")[k % 4])]


def test_a_slideshow_of_counter_headed_captions_after_the_story_goes():
    slides = _slideshow()
    result = clean_text(_page(EN_BODY, slides), "en")
    _kept_exactly(result, EN_BODY)
    assert not set(slides) & set(result.kept)


def test_a_code_listing_and_a_drawn_table_keep_their_lines_of_no_words():
    listing = ["CREATE TABLE series (", "n integer", ");", "SELECT", "*,", "avg(n) OVER (", "ORDER BY n", ")",
               "FROM series;"]
    table = ["n │ zscore", "───┼────────", "2 │ -0.757", "3 │ -0.432"]
    story = [EN_BODY[0], *listing, EN_BODY[1], *table, EN_BODY[2], EN_BODY[4]]
    result = clean_text(_page(story), "en")
    _kept_exactly(result, story)
    # a full stop alone between paragraphs is what a scraper leaves of a removed link: it goes
    result = clean_text(_page([EN_BODY[0], ".", EN_BODY[1]]), "en")
    assert "." not in result.kept and EN_BODY[1] in result.kept


def test_share_words_of_every_outlet_are_furniture():
    reasons = {d.text: d.reason for d in clean_text(_page(["Telegram", "Messenger", "E-mail"], EN_BODY), "en").dropped}
    assert reasons["Telegram"] == reasons["Messenger"] == reasons["E-mail"] == "furniture"


def test_a_story_cut_in_two_by_a_video_player_keeps_both_parts_without_the_player():
    player = ["Play Video", "Play", "Mute", "Current Time", "Duration Time", "Loaded: 0%",
              "Progress: 0%", "Stream Type LIVE", "Remaining Time", "Playback Rate", "Chapters",
              "Descriptions off", "Captions settings", "Audio Track", "Fullscreen", "Text Color", "White",
              "Black", "Red", "Green", "Blue", "Yellow", "Magenta", "Cyan", "Transparency", "Opaque"]
    result = clean_text(_page(EN_BODY[:2], player, EN_BODY[2:]), "en")
    _kept_exactly(result, EN_BODY)
    assert not set(player) & set(result.kept)
    assert {d.reason for d in result.dropped if d.text in player} <= {"between parts of the story", "furniture",
                                                                       "timestamp", "no-words"}


def test_a_story_cut_by_a_gallery_of_prose_captions_keeps_its_part_after_the_gallery():
    # The captions are prose on other topics, so the gallery is no gap "without prose"; the part
    # after it speaks of what the story does (bridge, council, ferries), the captions do not.
    gallery = _slideshow()
    after = [("Engineers said the cracks in the bridge supports were found during a routine inspection, and "
              "that the council had been warned about the steel supports of the bridge two years ago."),
             ("Commuters who cross the harbour by car will be offered cheaper ferries while the bridge is closed, "
              "the council said, and extra buses will run to the ferries in the morning.")]
    result = clean_text(_page(EN_BODY[:3], gallery, after), "en")
    _kept_exactly(result, EN_BODY[:3] + after)
    assert not set(gallery) & set(result.kept)


def _wrapped_document() -> list[str]:
    """A plain-text specification wrapped at 68 characters, as a text archive serves it: a header
    with dates, a table of contents of dotted lines, page headers, sections of wrapped paragraphs."""
    import textwrap
    paragraph = ("The relay keeps a queue of parcels for every courier and hands each parcel to the first "
                 "courier that asks for it, unless the sender named another courier in the label, in which "
                 "case the parcel waits in the queue until that courier comes back to the relay. ")
    sections = ["Overview", "Terms", "Queues", "Labels", "Couriers", "Errors", "Security", "References"]
    lines = ["Working Draft                                          J. Doe",
             "Expires: 4 May 2031                                    2 November 2030",
             "Parcel Relay Protocol", "Abstract",
             *textwrap.wrap(paragraph * 2, 68), "Table of Contents"]
    lines += [f"{k}.{sub} {name} {'.' * (50 - len(name))} {k + 1}" for k, name in enumerate(sections, 1)
              for sub in ("", "1.", "2.")]
    for k, name in enumerate(sections, 1):
        lines += [f"{k}. {name}", *textwrap.wrap(paragraph * 3, 68), f"Doe [Page {k}]",
                  "Working Draft      Parcel Relay Protocol      November 2030"]
    return lines


def test_a_hard_wrapped_text_document_is_kept_whole():
    # Every line is a piece of a paragraph cut at a fixed width: length and punctuation say
    # nothing of prose there, so the table of contents and the dated headers cut no span.
    lines = _wrapped_document()
    result = clean_text("\n".join(lines), "en")
    assert result.story is None or result.story == (1, len(lines))
    assert not [d for d in result.dropped if d.reason in ("above the story", "below the story")]
    assert "Abstract" in result.kept and "Table of Contents" in result.kept and lines[-3] in result.kept



def test_lone_paragraphs_between_short_lines_that_speak_of_the_story_stay():
    # A feature page: each section is a heading, one paragraph, links and a pager; alone between
    # short lines a paragraph weighs half (as a teaser does), unless it speaks of what the story
    # does (the bridge, the ferries, the council).
    sections = [
        ["Ferries", ("Extra ferries will cross the harbour every ten minutes while the bridge is closed to cars, "
                     "from early morning."), "Try the timetable", "Learn more", "Next"],
        ["Buses", ("New bus lanes along the harbour will take the commuters from the closed bridge to the "
                   "ferries, the council said."), "See the routes", "Learn more", "Next"],
        ["Repairs", ("Engineers will replace the cracked steel supports of the bridge first, the council said, "
                     "and then repaint it."), "Read the report", "Learn more", "Next"],
        # one content word in six is the story's ("bridge"): still about it
        ["Drivers", ("Drivers who still go by car should plan for a longer trip around the bay until the bridge "
                     "opens again."), "Plan a trip", "Learn more", "Next"],
    ]
    paragraphs = [section[1] for section in sections]
    result = clean_text(_page(EN_BODY[:2], *sections), "en")
    _kept_exactly(result, EN_BODY[:2] + paragraphs)
    # the comments below speak of the bridge too, but a comment thread closes the story
    assert not [line for line in EN_COMMENTS if len(line.split()) > 10 and line in result.kept]


ZH_BODY = ["市议会周二投票决定，在工程师发现两根钢制支柱出现裂缝之后，老港口大桥将对汽车关闭，数千名通勤者将改乘渡轮。",
           "这座大桥建于一九三二年，每天约有四万辆汽车通过，交通部门表示，维修工程预计至少需要十八个月才能完成。",
           "大桥两岸的商家担心生意受到影响，并要求市议会在施工期间为他们减免部分租金，市议会表示将在下周答复。"]


def test_long_cjk_lines_are_no_site_menu():
    # A CJK line has no spaces, one "word" by whitespace: counted two characters a word, a list of
    # long lines after the story is no menu of one-to-three-word items, so it is no evidence of
    # page furniture there and the side is kept (when unsure, keep); a menu of short items still is.
    notes = [f"港口{place}的居民第一次乘坐渡轮过海的故事" for place in
             ("东岸", "西岸", "南岸", "北岸", "老城", "新城", "码头", "灯塔", "渔村", "小岛", "山上", "河口",
              "桥头", "车站", "市场", "学校")]
    menu = ["首页", "新闻", "国际", "财经", "体育", "娱乐", "科技", "汽车", "旅游", "健康", "教育"]
    page = "\n".join(menu + ["老港口大桥将对汽车关闭"] + ZH_BODY + notes)
    result = clean_text(page, "zh")
    _kept_exactly(result, ZH_BODY + notes)
    assert not set(menu) & set(result.kept)


ES_BODY = [
    ("El concejo municipal votó el martes el cierre del viejo puente del puerto a los autos, después de que "
     "los ingenieros encontraran grietas en dos de sus pilares de acero."),
    ("El puente, inaugurado en 1932, recibe unos 40.000 vehículos por día, y las obras durarán al menos "
     "dieciocho meses según la secretaría de transporte de la ciudad."),
    ("Los comerciantes de ambas orillas temen perder clientes y piden ayuda para pagar los alquileres "
     "mientras duren los trabajos en el puente."),
    ("Una versión de esta nota apareció en la edición impresa del miércoles con el título: El puente "
     "cierra. Ver edición impresa | Suscribirse | Archivo"),
]


def test_rows_of_links_above_a_short_page_are_its_furniture():
    # A page under 80 lines is cut on a side only where that side shows furniture of its own; in a
    # language without a file, innerText's rows of links (run together without spaces, or a
    # breadcrumb) are that furniture. A closing line with a few links glued to it stays.
    rows = ["Últimas NoticiasSociedadPolíticaEl MundoOpinión", "Más LeídasBuenos AiresSeguridadEditoriales",
            "NegociosDeportesEspectáculos", "Inicio > Sociedad > Transporte > Puentes"]
    title = "El viejo puente del puerto, cerrado a los autos"
    below = ["Temas", "Transporte", "Obras"] + [f"Comentario {k}: una línea corta" for k in range(20)]
    result = clean_text("\n".join(rows + [title] + ES_BODY + below), "es", title=title)
    _kept_exactly(result, ES_BODY)
    assert not set(rows) & set(result.kept)
    assert {d.reason for d in result.dropped if d.text in rows} == {"above the story"}


def test_a_row_of_links_on_top_is_neither_the_title_nor_the_headline_the_story_grows_to():
    # innerText often opens with the site's menu on one line and a breadcrumb: without a title, the
    # first line with words is taken for the headline and the story grows up to it — not these.
    rows = ["Home | News | World | Sport | Business | Opinion", "News > Local > Transport"]
    headline = "Harbour bridge to close to cars after cracks found"
    text = "\n".join(rows + [headline, "By Anna Smith"] + EN_BODY + EN_COMMENTS + EN_FOOTER)
    assert extract_text_metadata(text, "en").title == headline
    result = clean_text(text, "en")
    _kept_exactly(result, EN_BODY)
    assert not set(rows) & set(result.kept)


def test_a_chart_of_ranked_headlines_below_the_story_goes_but_numbered_steps_stay():
    # "Most read": ranks on lines of their own, a headline after each — in any language.
    chart = ["1", "Por qué la ciudad cierra el puente viejo y qué pasará con los colectivos",
             "2", "Qué son los nuevos boletos de lancha y cuánto cuestan desde marzo",
             "3", "La frase del intendente que encendió el debate en el concejo",
             "4", "Cinco lugares para comer junto al agua este verano"]
    title = "El viejo puente del puerto, cerrado a los autos"
    text = "\n".join(["Inicio > Sociedad > Transporte > Puentes", title] + ES_BODY + ["Las más leídas"] + chart
                     + [f"Sección {k}" for k in range(1, 18)])
    result = clean_text(text, "es", title=title)
    _kept_exactly(result, ES_BODY)
    assert not set(chart) & set(result.kept)
    steps = ["1", "Cut the old supports out of the frame.", "2", "Weld the new plates in their place.",
             "3", "Paint the frame before the rain comes."]
    result = clean_text(_page(EN_BODY[:2], steps, EN_BODY[2:]), "en")
    _kept_exactly(result, EN_BODY[:2] + steps + EN_BODY[2:])


def test_a_forms_required_field_labels_are_furniture_in_every_language():
    # A comment or newsletter form: its labels end in the asterisk of a required field. They go
    # wherever they stand (inside the story's span too, or in a text too short to be cut), in a
    # language without a file as well; a code line, or a header with a star stays.
    form = ["Leave a Reply", "Your email address will not be published. Required fields are marked *",
            "Name *", "Email *", "Your website"]
    code = ["SELECT *", "FROM bridges;", "Accept: *"]
    result = clean_text("\n".join(EN_BODY[:2] + form + code + EN_BODY[2:]), "en")
    dropped = {d.text: d.reason for d in result.dropped}
    assert [dropped.get(line) for line in form[1:4]] == ["form-field", "form-field", "furniture"]  # ("email")
    _kept_exactly(result, EN_BODY[:2] + code + EN_BODY[2:])
    fr = ["Votre nom *", "Courriel *", "Les champs obligatoires sont indiqués avec *"]
    result = clean_text("\n".join(ES_BODY[:2] + fr + ES_BODY[2:3]), "de")  # French lines, a language without a file
    assert {d.text: d.reason for d in result.dropped if d.text in fr} == {line: "form-field" for line in fr}
    _kept_exactly(result, ES_BODY[:3])


def test_the_head_of_a_post_or_comment_with_its_time_is_furniture():
    # A byline or a comment's head carries a date with a year and a clock on a line of a few
    # words: it goes, in any language; a sentence naming a time, a table row or a line of code
    # with a timestamp stays.
    heads = ["Martha Jones wrote on March 3rd, 2024 at 09:14:", "by Anna Smith March 2, 2024 11:00 PM PST",
             "Par Anne Martin — 2 mars 2024 à 18:42", "Posted by K. Lee on 03/03/2024 at 11:40"]
    keep = ["The council meets again at 10:30 on 5 March 2024.", "404 │ 2024-03-01 18:00:00+00 │ -0.385",
            "period > '2024-03-01 17:00 UTC'::timestamptz"]
    for head in heads:
        result = clean_text("\n".join(EN_BODY[:2] + [head] + EN_BODY[2:3]), "en")
        assert [(d.text, d.reason) for d in result.dropped] == [(head, "post-head")]
    result = clean_text("\n".join(EN_BODY[:2] + keep + EN_BODY[2:3]), "en")
    _kept_exactly(result, EN_BODY[:2] + keep + EN_BODY[2:3])


def test_a_line_with_a_copyright_sign_is_a_notice_or_a_credit():
    # "©": a page's copyright notice or a photo's credit, in any script; a paragraph that happens
    # to hold one (over 30 words) stays.
    lines = ["© 2024 Harbour Post Ltd", "Dermaga lama di pelabuhan © Instagram.com",
             "Portions of this content are ©1998–2024 by individual contributors."]
    long = ("The harbour company, which owns the trademark © Harbour Lines, said on Monday that it would keep "
            "its ferries running through the night for as long as the bridge stays closed to cars, and that "
            "fares would not rise.")
    result = clean_text("\n".join(EN_BODY[:2] + lines + [long] + EN_BODY[2:3]), "en")
    assert {d.text: d.reason for d in result.dropped} == {line: "credit" for line in lines}
    _kept_exactly(result, EN_BODY[:2] + [long] + EN_BODY[2:3])


def test_a_share_counter_and_a_caption_opening_with_its_photo_credit_go():
    """A news page's share counter label ("Shares") and a caption that opens with its photo's credit, a site or a
    source in capitals then the photographer in capitals ("KOMPAS.com/NABILLA TASHANDRA Menteri …", "AFP
    PHOTO/JIM WATSON …"), are no story text; a credit closing a caption ("… dengan Rusia. Foto/KCNA") and a line
    opening with a pair of acronyms ("HIV/AIDS masih …") stay."""
    lines = ["Shares", "KOMPAS.com/NABILLA TASHANDRA Kepala dinas di kantornya, Senayan, Jakarta Selatan, Selasa (16/2/2016)",
             "AFP PHOTO/JIM WATSON Petugas memeriksa jembatan di pelabuhan, Senin (15/2/2016)"]
    kept = ["Jembatan itu retak di dua tiang, dengan Rusia. Foto/KCNA",
            "HIV/AIDS masih menjadi masalah kesehatan di kota pelabuhan itu, kata dinas kesehatan."]
    body = [line for line in ID_BODY if not line.startswith("Baca juga")]
    result = clean_text("\n".join(lines[:1] + body[:1] + lines[1:] + body[1:2] + kept + body[2:]), "id")
    assert {d.text: d.reason for d in result.dropped} == {lines[0]: "furniture", lines[1]: "credit", lines[2]: "credit"}
    _kept_exactly(result, body[:2] + kept + body[2:])


def test_above_the_story_two_short_lines_touching_it_stay_not_four():
    # Short lines just above the story are its title, a caption, a sub-heading; further up they are
    # a byline, a comment count, a related headline. A list touching the story stays whole.
    above = ["Newer Article", "@annasmith", "12 responses", "Photo: harbour bridge", "What the engineers found"]
    result = clean_text(_page(above, EN_BODY), "en", title="Harbour bridge to close to cars after cracks found")
    _kept_exactly(result, above[-2:] + EN_BODY)
    assert {d.reason for d in result.dropped if d.text in above[:3]} == {"above the story"}
    items = ["+ Added three new ferries", "+ Added a night bus", "+ Added a second pier", "+ Added parking"]
    result = clean_text(_page(["Newer Article", "@annasmith"] + items, EN_BODY), "en")
    _kept_exactly(result, items + EN_BODY)


def test_short_lines_leading_from_the_story_into_furniture_are_its_heading():
    # Below the story, short lines that run straight into a block of page furniture (here a comment
    # thread) head that block — "Filed under" and its tags, a "Comments" label — and go with it, in any
    # language; a sentence (a sign-off), an editor's mark in brackets or a list item stops the walk
    # back and stays.
    topics = ["Filed under", "Bridges", "Transport"]
    result = clean_text(_page(EN_BODY, topics), "en")
    _kept_exactly(result, EN_BODY)
    assert {d.reason for d in result.dropped if d.text in topics} == {"below the story"}
    signoff = ["Reporting by Anna Smith; editing by Tom Lee."]
    result = clean_text(_page(EN_BODY, signoff, topics), "en")
    _kept_exactly(result, EN_BODY + signoff)
    assert not set(topics) & set(result.kept)
    result = clean_text(_page(EN_BODY, ["(ahm)"], topics), "en")
    _kept_exactly(result, EN_BODY + ["(ahm)"])
    assert not set(topics) & set(result.kept)
    items = ["- Bridges", "- Transport"]
    result = clean_text(_page(EN_BODY, items), "en")
    _kept_exactly(result, EN_BODY + items)
    tags = ["Archivado en", "Puentes", "Transporte"]
    result = clean_text(_page(ES_BODY, tags), "es")
    _kept_exactly(result, ES_BODY)
    assert not set(tags) & set(result.kept)


def test_a_worked_calculation_closing_the_story_stays_with_it():
    """A long line of figures and symbols with no function words (a worked sum, a formula) at the
    end of the story is the story's, not a tag cloud: it was cut as "below the story" while any long
    line without function words weighed as a headline (fifteenth round: only a line of words does)."""
    calc = ("Total = 40,000 vehicles x 365 days = 14,600,000 vehicles; 14,600,000 / 2 ferries = 7,300,000 "
            "trips; 7,300,000 x 1.5 km = 10,950,000 km")
    dump = "\n".join(EN_MENU + ["Harbour bridge to close to cars after cracks found", "By Anna Smith",
                                "March 2, 2024", "Share this article", "Facebook Twitter Email"]
                     + EN_BODY + ["Worked out:", calc, "Facebook Twitter Email"] + EN_COMMENTS + EN_FOOTER)
    result = clean_text(dump, "en")
    assert calc in result.body and "Worked out:" in result.body
    assert "Martha Jones" not in result.body and "Most popular" not in result.body  # the page around still goes


def test_the_english_file_knows_a_player_a_consent_box_a_signup_box_and_a_comment_form():
    """Lines every English page's players, consent banners, newsletter boxes and comment forms print
    (sixteenth round: the words are in `en.toml`, no code) go inside the story as around it; a
    story's sentence that mentions the same words, not opening with them, stays."""
    furniture = ["This is a modal window. It can be closed by pressing the Escape key.", "Autoplay",
                 "Full screen", "Read later", "Link copied!", "Cancel", "Close", "Advertising",
                 "We use cookies to give you the best experience on our website.",
                 "By signing up, you agree to receive our emails.", "Get the morning briefing delivered to your inbox",
                 "Sign in to comment.", "Report Cancel Close"]
    mention = ("The owner of the bakery near the bridge said we use cookies from a local supplier, and that "
               "trade had already fallen by a third since the works were announced.")
    _furniture_inside_goes("en", EN_BODY[:2] + [mention] + EN_BODY[2:], furniture, 7,
                           ["Related coverage", "Ferry operators add early sailings", "Harbour works to start in May"])


def _furniture_inside_goes(lang: str, body: list[str], furniture: list[str], split: int, related: list[str]) -> None:
    """`furniture` put inside the story (the first `split` lines after its second line, the rest after its
    fourth) goes and `body` stays whole; so does a block of other stories opened by the marker `related[0]`."""
    text = "\n".join(body[:2] + furniture[:split] + body[2:4] + furniture[split:] + body[4:])
    assert clean_text(text, lang).kept == body
    result = clean_text("\n".join(body[:2] + related + body[2:]), lang)
    assert result.kept == body
    marker = related[0].lower()
    assert {d.reason for d in result.dropped} == {f"marker:{marker}", f"block:{marker}"}


def _prepared(text: str):
    """What `triage clean dump.txt` keeps of `text`: decode, extract, clean, as for a file."""
    from datetime import date

    from corpus_tools.pipeline import Context, prepare
    doc = SourceDocument(path="dump.txt", kind="text", payload=text.encode("utf-8"))
    return prepare(doc, Context(today=date(2026, 1, 1)), "en")[3]


MORE_BODY = [
    ("Engineers from the transport department said the cracks had probably grown over several winters, "
     "and that the steel would have to be cut out and replaced piece by piece before the bridge can reopen."),
    ("Ferry companies said they would add early and late sailings from next Monday, and the council said "
     "it was talking to bus operators about extra services along the harbour road during the works."),
    ("Shop owners near the northern end of the bridge said that most of their customers came by car, and "
     "that a year and a half without passing trade could force some of them to close for good."),
    ("The council said it would look at a fund for small businesses hit by the closure, and that it hoped "
     "to have an answer for them before the works begin in the spring."),
]
OTHER_STORIES = ["Ferry Operators Add Early Sailings For Commuters", "Harbour Works Could Start As Soon As May",
                 "Mayor Names New Transport Chief After Long Search", "Five Places To Eat By The Water This Summer",
                 "Council Tax To Rise By Four Per Cent Next Year"]


def test_a_headline_list_inside_the_story_goes_but_a_table_of_cells_stays():
    """Seventeenth round: a list of other stories that the story's span runs through goes as a
    headline list; a table whose rows read like headlines once its cells are joined stays — a
    browser's innerText separates a table's cells by tabs, which decoding folds to spaces, so
    the decoder tells the cleaner which lines were rows (and the kept text is spaced as before);
    the lines right after a row that read like headlines are rows too (their empty cells' tabs
    were stripped with the line)."""
    rows = ["Bridge\tOpened\tVehicles Per Day", "North Harbour Bridge\t1932\tAbout 40,000",
            "South Harbour Crossing\t1968\tAbout 25,000", "Old Ferry Pier Walkway\t1901\tPedestrians Only",
            "Eastern Rail Viaduct\t1955\tTrains Only"]
    # rows whose other cells are empty lose their tabs when the lines are stripped: still the table's
    rows += ["Western Harbour Tunnel Approach", "Northern Cycle Bridge Link", "Southern Harbour Footbridge Plans",
             "Eastern Ferry Terminal Ramp"]
    table = [row.replace("\t", " ") for row in rows]
    result = _prepared(_page(EN_BODY[:2], OTHER_STORIES, EN_BODY[2:3], rows, EN_BODY[3:], MORE_BODY))
    _kept_exactly(result, EN_BODY[:3] + table + EN_BODY[3:] + MORE_BODY)
    reasons = {d.text: d.reason for d in result.dropped}
    assert all(reasons.get(line) == "headline list" for line in OTHER_STORIES), reasons
    assert not any("\t" in line for line in result.kept)
    # the same rows without their tabs (a scraper that joined the cells) read as a headline list and go
    joined = _prepared(_page(EN_BODY[:2], OTHER_STORIES, EN_BODY[2:3], table, EN_BODY[3:], MORE_BODY))
    assert not set(table) & set(joined.kept)


def test_a_storys_contents_list_stays_where_a_headline_list_inside_it_goes():
    """A list of section headings that recur below it as the story's sub-headings is the story's
    table of contents, not a list of other stories (seventeenth round)."""
    sections = ["Why The Bridge Is Closing Now", "What The Engineers Found Inside",
                "How Commuters Will Get Across", "What Local Businesses Are Asking For"]
    paragraphs = [EN_BODY[1], EN_BODY[2], EN_BODY[4], *MORE_BODY]  # two under each heading, one under the last
    story = [EN_BODY[0], "Contents", *sections] + [line for k, heading in enumerate(sections)
                                                   for line in (heading, *paragraphs[2 * k:2 * k + 2])]
    result = _prepared(_page(story))
    _kept_exactly(result, story)
    result = _prepared(_page(story[:1], story[6:11], OTHER_STORIES, story[11:]))
    assert all(d.reason == "headline list" for d in result.dropped if d.text in OTHER_STORIES)
    assert not set(OTHER_STORIES) & set(result.kept)
    _kept_exactly(result, story[:1] + story[6:])


def test_an_article_already_extracted_keeps_its_own_lists_and_a_page_keeps_a_series_of_figures():
    """Headline lists go from inside the story only on a page the span cut: an article already
    extracted (the span is all of it) ends in its own lists — a schedule, a how-to's steps — and,
    on a page, a run of lines that are the same words around different figures (a map's legend)
    is no list of other stories (seventeenth round)."""
    schedule = [f"Stage {name} Of The Harbour Bridge Works Begins" for name in
                ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight")]
    steps = [f"{verb} {what}" for verb in ("Check", "Plan") for what in (
        "The Ferry Timetable Before You Leave", "A Weekly Pass From The Harbour Office",
        "Twenty Extra Minutes At Rush Hour", "The Northern Pier On Weekday Mornings",
        "Your Trip With The Information Desk", "Your Ticket Until You Leave The Terminal")]
    article = [*EN_BODY[:2], *MORE_BODY[:2], *schedule, *EN_BODY[2:], *MORE_BODY[2:], "What commuters should do",
               *steps]
    assert len(article) >= 30
    assert clean_text("\n".join(article), "en").kept == article
    legend = ["Share of commuters by ferry in 2023", "Less than 5%", "More than 5%", "More than 10%",
              "More than 20%", "More than 30%"]
    story = [*EN_BODY[:2], *legend, *EN_BODY[2:], *MORE_BODY]
    result = _prepared(_page(story))
    _kept_exactly(result, story)


def test_the_indonesian_and_malay_files_know_a_player_a_consent_box_a_signup_box_and_a_comment_form():
    """What Indonesian and Malaysian sites' players, consent banners, newsletter boxes, comment forms
    and lists of other stories print goes inside the story (seventeenth round: words in `id.toml` and
    `ms.toml`, no code); a story's sentence that mentions the same words, not opening with them, stays."""
    body = [line for line in ID_BODY if not line.startswith("Baca juga")]
    mention = ("Warga yang ingin ikut rapat dapat datang langsung, dan pemerintah mengatakan kami menggunakan cookie "
               "sebagai contoh pesan yang tidak perlu dibalas dalam surat edaran itu.")
    furniture = ["Putar Video", "Layar Penuh", "Lewati Iklan", "Konten Bersponsor",
                 "Kami menggunakan cookie untuk memberikan pengalaman terbaik", "Masukkan alamat email Anda",
                 "Login untuk berkomentar", "Belum ada komentar", "Muat Lebih Banyak"]
    _furniture_inside_goes("id", body[:2] + [mention] + body[2:], furniture, 5,
                           ["Jangan Lewatkan", "Antrean Kapal Penyeberangan Mengular Sejak Pagi", "Harga Tiket Kapal Naik"])
    malay = ["Kerajaan negeri menutup jambatan lama di kawasan pelabuhan kepada kenderaan persendirian selepas "
             "jurutera menemui keretakan pada dua tiang utamanya, kata jurucakap kerajaan negeri semalam.",
             "Skrin Penuh", "Langkau Iklan", "Kami menggunakan kuki untuk pengalaman terbaik", "Log masuk untuk komen",
             "Menurut jabatan pengangkutan, jambatan yang dibina pada tahun 1932 itu dilalui kira-kira 40,000 "
             "kenderaan setiap hari dan kerja pembaikan dijangka mengambil masa sekurang-kurangnya setahun."]
    assert clean_text("\n".join(malay), "ms").kept == [malay[0], malay[-1]]


# A whole page as a browser's innerText gives it: a long site menu, a list of other stories, then the
# headline, its timestamp and byline, the story, and more lists below. The date header is far below the
# page's first lines, so the text's own conventions (a headline over a date header on top) find no title.
ID_PAGE_MENU = ["Kompas.com", "Kompasiana.com", "Beranda", "Nasional", "Regional", "Megapolitan", "Ekonomi",
                "Bola", "Tekno", "Sains", "Edukasi", "Otomotif", "Lifestyle", "Foto", "Video", "Forum", "Register",
                "Login", "TAG", "#Jembatan Pelabuhan", "#Kapal Penyeberangan", "#Dinas Perhubungan", "Nasional"]
ID_PAGE_HEADLINE = "Jembatan Pelabuhan Ditutup untuk Kendaraan Pribadi Mulai Pekan Depan"
ID_PAGE_RELATED = ["Berita Terkait", "Harga Tiket Kapal Naik Mulai Bulan Depan",
                   "Wali Kota Tinjau Lokasi Retakan Jembatan", "Antrean Kapal Penyeberangan Mengular Sejak Pagi"]
ID_PAGE = "\n".join(
    ID_PAGE_MENU + [ID_PAGE_HEADLINE, "Selasa, 2 Maret 2024 | 10:15 WIB", "komentar", "Penulis: Budi Santoso"]
    + ID_PAGE_RELATED + ID_BODY
    + ["Berita Terkait", "Pasar Murah Digelar di Balai Kota", "Selasa, 2 Maret 2024 | 09:40 WIB",
       "Banjir Rendam Tiga Kecamatan Sejak Semalam", "Senin, 1 Maret 2024 | 18:02 WIB",
       "Populer", "Harga Cabai Turun Menjelang Akhir Pekan", "Sekolah Diliburkan karena Banjir",
       "Copyright © 2024 KOMPAS.com. All rights reserved", "Pedoman Media Siber", "Kebijakan Privasi"])


def test_a_whole_pages_headline_above_its_byline_is_its_title_not_its_body(tmp_path):
    """The headline of a whole-page dump sits just above the timestamp and byline over the story: it is
    the article's title (`triage clean --format json`, and what ingest stores), not a related headline
    between it and the story, and not part of the body; --explain says why it went."""
    assert extract_text_metadata(ID_PAGE, "id").title is None  # the text's own conventions find none here
    page = tmp_path / "page.txt"
    page.write_text(ID_PAGE)
    shown = json.loads(run_cli("clean", "--format", "json", str(page)).stdout)
    assert shown["title"] == ID_PAGE_HEADLINE
    assert ID_PAGE_HEADLINE not in shown["body"] and ID_BODY[0] in shown["body"]
    assert {"text": ID_PAGE_HEADLINE, "reason": "headline"} in shown["dropped"]
    assert f"- {ID_PAGE_HEADLINE}  [headline]" in run_cli("clean", "--explain", str(page)).stdout
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(page), db=db).returncode == 0
    (stored,) = json.loads(run_cli("articles", "--format", "json", db=db).stdout)
    assert stored["title"] == ID_PAGE_HEADLINE


def test_a_headline_under_a_standfirst_or_beside_a_photo_credit_byline_or_sponsor_line():
    """English page: the headline over its standfirst (not the standfirst, which the byline's date is
    nearer), not a photo's credit, a byline ("By …", "Reviewed by …") or a sponsor's line ("Supported by")."""
    headline = "Harbour bridge to close to cars after cracks found"
    standfirst = ("Engineers found cracks in two steel supports of the old bridge and the council wants "
                  "it closed to cars for eighteen months")
    above = ["Supported by", "The old harbour bridge at dusk Anna Smith/Harbour Post", headline, standfirst,
             "By Anna Smith", "Reviewed by Tom Jones, Transport Editor", "March 2, 2024", "Share this article",
             "Facebook Twitter Email"]
    result = clean_text("\n".join(EN_MENU + above + EN_BODY + EN_COMMENTS + EN_FOOTER), "en")
    assert result.headline == headline
    assert headline not in result.kept
    # a title the text's conventions gave that the story's span reaches stays the title (no headline sought)
    assert clean_text(EN_DUMP, "en", title=headline).headline is None


def test_no_headline_is_made_up_from_a_menu_or_a_list_of_other_stories():
    # Above the story only the menu and a list of other stories about other things: no title.
    others = ["Most popular", "Storm closes schools across the region", "Mayor names new transport chief",
              "Five places to eat by the water this summer"]
    result = clean_text("\n".join(EN_MENU + others + EN_BODY + EN_COMMENTS + EN_FOOTER), "en")
    assert result.story is not None and result.headline is None


def test_a_records_own_title_is_not_replaced_by_a_headline_in_its_text(tmp_path):
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"title": "Jembatan ditutup", "text": ID_PAGE}) + "\n")
    shown = json.loads(run_cli("clean", "--format", "json", str(record)).stdout)
    assert shown["title"] == "Jembatan ditutup"


def test_a_social_sites_credit_is_never_the_outlet_and_the_sites_notice_with_a_span_of_years_is(tmp_path):
    """A photo's credit "© Instagram.com" (no path after it) was taken for the page's outlet, the page's own
    notice "© 2003-2016 KapanLagi.com" being missed for its span of years. A site that carries others'
    posts (outlets.toml `[hosts]`) is no outlet, in a credit or a dateline; the page's notice is."""
    caption = ["Penyanyi itu berulang tahun dan mengadakan pesta di rumahnya © Instagram.com",
               "Tamu pesta memenuhi jalan di depan rumah © Twitter.com"]
    page = ID_PAGE_MENU + [ID_PAGE_HEADLINE, "Selasa, 2 Maret 2024 | 10:15 WIB"] + caption + ID_BODY[1:]
    assert extract_text_metadata("\n".join(page), "id").outlet is None
    notice = "© 2003-2016 Harianpelabuhan.com - Jaringan Pelabuhan - All Rights Reserved"
    assert extract_text_metadata("\n".join(page + [notice]), "id").outlet == "Harianpelabuhan.com"
    assert extract_text_metadata("Instagram.com - Foto pesta itu beredar luas di media sosial sejak pagi.\n"
                                 + "\n".join(ID_BODY[1:]), "id").outlet is None
    dump = tmp_path / "page.txt"
    dump.write_text("\n".join(page + [notice]))
    assert json.loads(run_cli("clean", "--format", "json", str(dump)).stdout)["outlet"] == "Harianpelabuhan.com"


def test_a_whole_pages_dateline_opening_its_story_far_down_names_the_outlet():
    """The outlet's dateline opening the story ("JAKARTA, KOMPAS.com - …") is read wherever the story starts,
    not only in the first forty lines: on a whole page a long menu comes first."""
    long_menu = [f"Rubrik {k}" for k in range(45)]
    assert extract_text_metadata("\n".join(long_menu + ID_BODY), "id").outlet == canonical_outlet("KOMPAS.com")


def test_a_wires_dateline_opening_the_story_names_the_outlet():
    """A wire's or network's dateline ("TRIPOLI, Libya (CNN) -- …", "(AP) — …"), which the timeline cuts from a
    summary, names the text's outlet too; a name in brackets that outlets.toml does not list ("Presiden Joko
    Widodo (Jokowi) - …") names none."""
    body = [line for line in EN_BODY]
    text = "\n".join(["Rebels push toward the capital", "TRIPOLI, Libya (CNN) -- " + body[0], *body[1:]])
    assert extract_text_metadata(text, "en").outlet == canonical_outlet("CNN") == "CNN"
    assert extract_text_metadata("\n".join(["(AP) — " + body[0], *body[1:]]), "en").outlet == "AP"
    assert extract_text_metadata("\n".join(["Presiden Joko Widodo (Jokowi) - " + ID_BODY[0], *ID_BODY[1:]]),
                                 "id").outlet is None


def test_a_whole_pages_date_beside_its_headline_beats_an_events_day_in_its_first_paragraph(tmp_path):
    """The liputan6 pages were dated 2016-02-15, the day of an event their first paragraph tells of
    ("Senin (15/2/2016)"), while the byline under the headline said "on 16 Feb 2016 at 09:20 WIB". On a
    whole page the date line beside the headline is the publication date (read as a header is)."""
    body = [("Film drama romantis itu berhasil menembus 800 ribu penonton, kata produser Budi Santoso di "
             "Jakarta, Senin (15/2/2016). Penjualan tiket terus naik sejak pekan pertama penayangan di bioskop."),
            *ID_BODY[1:]]
    page = "\n".join(ID_PAGE_MENU + ["Film Drama Romantis Tembus 800 Ribu Penonton, Ini Rahasianya",
                                     "By Budi Santoso", "on 16 Feb 2016 at 09:20 WIB", "Facebook", "Twitter"]
                     + body + ID_PAGE_RELATED)
    assert extract_text_metadata(page, "id").published == "2016-02-15"  # the text alone: the event's day
    dump = tmp_path / "page.txt"
    dump.write_text(page)
    shown = json.loads(run_cli("clean", "--format", "json", str(dump)).stdout)
    assert shown["title"] == "Film Drama Romantis Tembus 800 Ribu Penonton, Ini Rahasianya"
    assert shown["published"] == "2016-02-16"
    # a record's own date field is not replaced
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"published": "2016-02-17", "text": page}) + "\n")
    assert json.loads(run_cli("clean", "--format", "json", str(record)).stdout)["published"] == "2016-02-17"


def test_a_whole_pages_credit_right_below_its_story_names_the_author(tmp_path):
    """A Kompas page credits its author in the lines right below the story ("Penulis\t: Nabilla Tashandra",
    then "Editor : …"), far from the page's first and last lines where a text's byline is looked for: the
    credit below the story names the author, and stays out of the body."""
    related = [f"Berita lain nomor {k} tentang banjir di kota" for k in range(14)]
    page = (ID_PAGE_MENU + [ID_PAGE_HEADLINE, "Selasa, 2 Maret 2024 | 10:15 WIB", "komentar"] + ID_BODY
            + ["Penulis\t: Nabilla Tashandra", "Editor\t: Bayu Galih"] + ID_PAGE_RELATED + related)
    dump = tmp_path / "page.txt"
    dump.write_text("\n".join(page))
    shown = json.loads(run_cli("clean", "--format", "json", str(dump)).stdout)
    assert shown["author"] == "Nabilla Tashandra"
    assert "Penulis" not in shown["body"] and "Bayu Galih" not in shown["body"]


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_a_headline_the_page_lists_twice_is_a_link_not_the_storys_line(lang):
    """A headline shown twice on a page ("Sur le même sujet" under the story, "Lire aussi" further down)
    is a link to another story, whatever its case: it weighs as a headline, and the list it opens goes
    with its teaser — in a language without a file, from the page's shape alone (twentieth round)."""
    related = "Le port commande deux nouveaux bacs pour les traversées du matin"
    teaser = ("Ces navires neufs, construits par un atelier breton, arriveront avant l'été prochain, "
              "d'après leur armateur grec.")
    page = "\n".join(
        FR_MENU + ["Le vieux pont du port fermé aux voitures", "Par Claire Martin", "Publié le 02/03/2024 à 10:15"]
        + FR_BODY
        + ["Rédaction : Paul Durand", "Sur le même sujet", related, "Les ferries ajoutent des départs tôt le matin",
           teaser, "Voir la suite", "Le maire nomme un nouveau responsable des transports", "Économie",
           "Cinq adresses pour manger au bord de l'eau cet été", "Lire aussi", related,
           "Mentions légales", "Contact", "Publicité", "Répondre", "Répondre", "Répondre"])
    result = clean_text(page, lang)
    _kept_exactly(result, FR_BODY)
    assert not {related, teaser} & set(result.kept)


FEED_ITEMS = [(f"https://news.example.com/{2024}/03/0{k}/story-{k}", f"Sat, 0{k} Mar 2024 0{k}:15:00 +0700",
               f"Teaser of story number {k}, about the harbour and the ferries, read the rest on the site.")
              for k in range(1, 6)]


def test_a_news_feed_saved_as_text_is_reported_as_not_an_article(tmp_path):
    """A home page a scraper fetched as its RSS feed, its markup gone: the items' addresses, dates and
    teasers run together on a line or two. No line of it is a story's: ingest skips it and `triage clean`
    says why; a story listing links with their dates, one a line, is kept (twenty-first round)."""
    feed = ("Example News https://news.example.com en Sat, 02 Mar 2024 10:00:00 +0700 "
            + " ".join(" ".join(item) for item in FEED_ITEMS))
    result = clean_text(feed, "en")
    assert result.no_story and result.kept == [] and "feed" in result.no_story_why
    page = tmp_path / "home.txt"
    page.write_text(feed + "\n" + " ".join(" ".join(item) for item in FEED_ITEMS[:2]))
    proc = run_cli("clean", str(page))
    assert proc.returncode != 0 and "not an article: a news feed" in proc.stderr and proc.stdout == ""
    listed = EN_BODY + [line for item in FEED_ITEMS for line in item]  # the same, one a line, under a story
    result = clean_text("\n".join(listed), "en")
    assert not result.no_story
    _kept_exactly(result, EN_BODY)
