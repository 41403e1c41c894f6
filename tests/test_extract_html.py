"""HTML pages: article or not, title and date against ground truth, and the clean second pass
(../shared/data/html-id: 16 article pages and 10 home/index pages or feeds; `devdata`), and
pages made by tests/corpora.py."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from corpus_tools.clean import clean_text
from corpus_tools.extract.html import extract_html

from .conftest import SHARED, fold
from .corpora import html_article

HTML_ID = SHARED / "data" / "html-id"


@pytest.fixture(scope="module")
def pages() -> dict:
    """name → (HtmlPage, ground truth or None), each page extracted once."""
    truth = json.loads((HTML_ID / "ground-truth.json").read_text())
    return {f"{p.parent.name}/{p.name}": (extract_html(p.read_bytes().decode("utf-8", "replace")),
                                          truth.get(f"{p.parent.name}/{p.name}"))
            for p in sorted(HTML_ID.glob("*/*.html"))}


@pytest.mark.devdata
def test_articles_are_articles_and_home_pages_are_not(pages):
    assert len(pages) == 26
    for name, (page, truth) in pages.items():
        assert page.is_article == (truth is not None), (name, page.reason)
        if truth is None:
            assert page.reason.startswith("not an article: ") and page.text == "", name
        else:
            # (a photo gallery, liputan6-singlepage3, yields only a caption line in precision mode)
            assert page.reason is None and len(page.text) > 40, name


@pytest.mark.devdata
def test_titles_and_dates_match_ground_truth(pages):
    exact = 0
    for name, (page, truth) in pages.items():
        if truth is None:
            continue
        day = datetime.fromtimestamp(int(truth["date"]) / 1000, tz=timezone.utc).date().isoformat()
        assert page.published == day, (name, page.published, day)
        # gold titles carry prefixes such as "In Picture:"; most of their words must match
        expected = set(fold(truth["title"]).lower().split())
        got = set(fold(page.title or "").lower().split())
        assert len(expected & got) >= 0.6 * len(expected), (name, page.title)
        exact += fold(page.title or "").lower() == fold(truth["title"]).lower()
    # site names are cut off ("… - Kompas.com", "KapanLagi.com: …", "… | ihram.co.id"); the two
    # misses are a section prefix ("Musik - …") and a gold prefix ("In Picture: …")
    assert exact >= 14


def test_the_same_page_extracted_twice_gives_the_same_text():
    """trafilatura's cross-call dedup cache once emptied the second copy of a re-scraped page."""
    html = html_article(3)
    first, second = extract_html(html), extract_html(html)
    assert first.is_article and second.is_article and first.text == second.text


@pytest.mark.devdata
def test_second_pass_removes_what_the_html_extractor_leaks(pages):
    page, truth = pages["detik/detik-singlepage2.html"]
    assert "23/02/2016 16:10 WIB" in page.text and "MustRead" in page.text  # leaked related-news list
    body = clean_text(page.text, "id", title=page.title).body
    assert "16:10 WIB" not in body and "MustRead" not in body
    assert "PT PLN hari ini resmi mengoperasikan Gardu Induk" in body
    page, _ = pages["liputan6/liputan6-singlepage2.html"]
    cleaned = clean_text(page.text, "id", title=page.title)
    assert "Baca Juga" in page.text and "Baca Juga" not in cleaned.body
    assert any(d.reason == "related-link-marker" for d in cleaned.dropped)


def test_feeds_and_broken_input_are_refused_with_a_reason():
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item></channel></rss>'
    page = extract_html(feed)
    assert not page.is_article and page.reason == "not an article: an RSS/XML feed"
    empty = extract_html("<html><body><p>Halo.</p></body></html>")
    assert not empty.is_article and empty.reason.startswith("not an article")


_LEDE_PAGE = """<html><head><meta charset="utf-8"><title>Banjir Rendam Bekasi - Contoh</title></head><body>
<div class="wrap"><h1>Banjir Rendam Ratusan Rumah di Bekasi</h1><div class="isi"><div class="baca">Bagikan<br />
<strong>Bekasi, Contoh</strong> &ndash; Hujan deras yang mengguyur sejak Senin malam membuat ratusan rumah warga di
Kecamatan Bekasi Utara terendam banjir setinggi satu meter, kata petugas.<br /><br />Petugas badan penanggulangan
bencana daerah langsung mengevakuasi warga lanjut usia dan anak-anak ke masjid terdekat.
<p>Menurut warga, banjir kali ini merupakan yang terparah dalam lima tahun terakhir karena tanggul sungai jebol di dua
titik sekaligus pada Selasa dini hari.</p>
<p>Pemerintah kota berjanji akan memperbaiki tanggul tersebut dalam waktu dekat agar kejadian serupa tidak terulang
pada musim hujan berikutnya, kata wali kota.</p>
<p>Warga berharap bantuan logistik segera datang karena sebagian besar dapur umum belum beroperasi hingga Selasa siang
di beberapa titik pengungsian.</p>
</div></div></div><div class="footer">Hak cipta 2024</div></body></html>"""


def test_the_lede_written_before_the_first_paragraph_is_kept():
    """Paragraphs a page writes as text directly in the story's element, split by <br>, before its
    first <p>: trafilatura drops them; they come back above the story, once, in order, and a
    word of furniture beside them ("Bagikan") does not."""
    page = extract_html(_LEDE_PAGE)
    lines = page.text.split("\n")
    # (trafilatura reads only the last source line of each of the two paragraphs: those pieces go too)
    assert lines[0].startswith("Bekasi, Contoh – Hujan deras yang mengguyur sejak Senin malam")
    assert lines[1].startswith("Petugas badan penanggulangan bencana daerah")
    assert lines[2].startswith("Menurut warga, banjir kali ini")
    assert "Bagikan" not in page.text and page.text.count("masjid terdekat") == 1
    assert page.text.count("kata petugas") == 1
    # the same lede in a <p> of its own is read by trafilatura and not put back twice
    in_p = _LEDE_PAGE.replace('<div class="baca">Bagikan<br />', '<div class="baca"><p>').replace(
        "masjid terdekat.\n<p>", "masjid terdekat.</p>\n<p>")
    assert in_p.count("<p>") == 4
    assert extract_html(in_p).text.count("Petugas badan") == 1


@pytest.mark.devdata
def test_dev_pages_keep_their_lede(pages):
    for name, opening in [("kapanlagi/kapanlagi-singlepage2.html", "Kapanlagi.com - Pesona kecantikan"),
                          ("kapanlagi/kapanlagi-singlepage3.html", "Kapanlagi.com - Apa yang kalian pikirkan"),
                          ("kompas/kompas-singlepage5.html", "Jakarta, KompasOtomotif – Tahun depan")]:
        assert pages[name][0].text.startswith(opening), name


def test_a_pages_author_loses_the_word_that_introduces_the_credit():
    """A byline's cue ("Pewarta: Budi Santoso", an author_cues word of a language file) is no part of the author."""
    from corpus_tools.extract import extract
    from corpus_tools.record import SourceDocument
    para = "<p>" + " ".join(["Polisi di Bandarlampung menyebut praktik itu sudah berlangsung lama dan melibatkan "
                             "banyak pihak di kota itu."] * 3) + "</p>"
    for credit, author in (("Pewarta: <span>Budi Santoso</span>", "Budi Santoso"),
                           ("<span>Budi Santoso</span>", "Budi Santoso"), ("Reporter: Ani Lestari", "Ani Lestari")):
        html = (f"<html><head><title>Prostitusi merambah pelajar - ANTARA News</title></head><body><article>"
                f"<h1>Prostitusi merambah pelajar</h1><div class='byline'>{credit}</div>{para * 6}</article></body></html>")
        doc = SourceDocument(path="page.html", payload=html.encode(), kind="html")
        assert extract(doc, "id").author == author


def test_a_copyright_year_is_no_publication_date():
    """htmldate's last resort reads a bare year ("©1998–2015") as its 1 January: no day the page states. A
    1 January the page's own date fields give is kept."""
    from corpus_tools.extract.html import extract_html
    para = "<p>" + " ".join(["Firefox is a browser made by a community that cares about the open web and its "
                             "users everywhere."] * 3) + "</p>"
    footer = "<footer><p class='license'>Portions of this content are ©1998–2015 by individual contributors.</p></footer>"
    page = f"<html><head><title>A browser</title>{{meta}}</head><body><article><h1>A browser</h1>{para * 6}</article>{footer}</body></html>"
    assert extract_html(page.format(meta=""), "https://example.org/en-US/firefox/browser").published is None
    dated = page.format(meta='<meta property="article:published_time" content="2015-01-01T08:00:00">')
    assert extract_html(dated, "https://example.org/en-US/firefox/browser").published == "2015-01-01"


def test_an_author_credit_in_a_site_name_is_no_part_of_the_outlet():
    """og:site_name "SIMPLYFOUND.COM | BY: JOE WEE": the outlet is the site, not its author's credit."""
    from corpus_tools.extract.text import canonical_outlet, site_outlet
    assert site_outlet("EXAMPLEFOUND.COM | BY: JOE WEE", "http://www.examplefound.com/a/b") == "EXAMPLEFOUND.COM"
    assert canonical_outlet("Harian Contoh | Oleh Budi Santoso") == "Harian Contoh"
    assert canonical_outlet("Byline Times") == "Byline Times"


def test_a_byline_s_date_leaves_no_month_or_weekday_in_the_author():
    """A byline with its date ("Joshua Sokol May 20, 2019"): the author search drops the numbers, the month stayed
    in the name ("Joshua Sokol May"); the month and weekday names ending a name go (any language file's), a name
    of two words stays whole ("Brian May"), and a name of date words only goes."""
    from corpus_tools.extract import extract
    from corpus_tools.record import SourceDocument
    page = html_article(2).replace("<h1>", '<p class="byline">Joshua Sokol May 20, 2019</p><h1>', 1)
    assert extract(SourceDocument(path="p.html", kind="html", payload=page.encode())).author == "Joshua Sokol"
    from corpus_tools.extract.text import without_date_tail
    assert without_date_tail("Joe Wee Monday; February") == "Joe Wee"
    assert without_date_tail("Budi Santoso Senin") == "Budi Santoso"
    assert without_date_tail("Brian May") == "Brian May"
    assert without_date_tail("Laura June Topolsky July") == "Laura June Topolsky"


def test_bracketed_asides_in_a_site_name_are_no_part_of_the_outlet():
    """A personal site whose title gives its name with nicknames in brackets ("On Recent Events - Jane Q. Roe ( Jane
    ) ( jroe )"): the outlet is the name, not the asides; a name that is only brackets stays as it is."""
    from corpus_tools.extract.text import canonical_outlet
    para = "<p>" + " ".join(["The board met on Tuesday and the members spoke about the events of the week."] * 4) + "</p>"
    page = ("<html><head><title>On Recent Events - Jane Q. Roe ( Jane ) ( jroe )</title></head><body><article>"
            f"<h1>On Recent Events</h1>{para * 6}</article></body></html>")
    assert extract_html(page, "http://example.org/jroe/blog/2019/10/15/events.html").outlet == "Jane Q. Roe"
    assert canonical_outlet("Harian Contoh (Jakarta)") == "Harian Contoh"
    assert canonical_outlet("(beta)") == "(beta)"


def test_a_credit_table_row_names_the_author_over_a_publisher_meta_author_and_is_no_body_text():
    """A page whose meta author is its publisher ("Example Cyber Media" on berita.example.id) and whose story ends
    with a credit table ("| Penulis | : Rina Hapsari |"): the row with an author cue (`author_cues`) names the
    author; the credit rows (an author cue or `author_stops` word, "Editor", in the first cell) are dropped
    from the body. A personal meta author stays."""
    from corpus_tools.extract import extract
    from corpus_tools.record import SourceDocument
    table = ("<table><tr><td>Penulis</td><td>: Rina Hapsari</td></tr>"
             "<tr><td>Editor</td><td>: Bayu Santoso</td></tr></table></article>")
    page = html_article(2).replace("</article>", table)
    publisher = page.replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta name="author" content="Example Cyber Media">')
    found = extract(SourceDocument(path="p.html", kind="html", payload=publisher.encode()))
    assert found.author == "Rina Hapsari"
    result = clean_text(found.text, "id")
    reasons = {d.text: d.reason for d in result.dropped}
    assert reasons.get("| Penulis | : Rina Hapsari |") == "credit" and reasons.get("| Editor | : Bayu Santoso |") == "credit"
    assert "Rina Hapsari" not in result.body
    person = page.replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta name="author" content="Dewi Lestari">')
    assert extract(SourceDocument(path="p.html", kind="html", payload=person.encode())).author == "Dewi Lestari"


@pytest.mark.devdata
def test_a_reading_that_runs_the_page_into_one_line_is_split_by_its_markup():
    """liputan6-singlepage3 (a photo gallery): trafilatura's fallback read it as one line of 3,208 characters,
    captions, "Related News" and "Popular Videos" together. Split as the page's markup splits it, from its
    first line to its last, it is a page's lines the cleaner finds the story in (`located` False)."""
    from corpus_tools.extract import extract
    from corpus_tools.record import SourceDocument
    page = HTML_ID / "liputan6" / "liputan6-singlepage3.html"
    found = extract(SourceDocument(path=str(page), kind="html", payload=page.read_bytes()))
    lines = found.text.split("\n")
    assert len(lines) > 20 and max(map(len, lines)) < 500 and not found.located
    assert "Related News" in lines and "Popular Videos" in lines
    body = clean_text(found.text, "id", title=found.title, located=found.located).body
    assert "Related News" not in body and "Popular Videos" not in body
    assert body.count("(REUTERS / Danny Moloshok)") == 5
