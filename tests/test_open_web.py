"""Issue 12, pages and records from the open web: decoding (no mojibake), the article check,
binary input, publication dates and relative expressions anchored to the last mentioned date."""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path
from datetime import date, datetime, timezone

import pytest
from ftfy.badness import is_bad

from corpus_tools.decode import DecodeError, decode_bytes, decode_html
from corpus_tools.extract import NotAnArticle, extract
from corpus_tools.pipeline import ArticleRejected, Context, process
from corpus_tools.record import SourceDocument

from .conftest import run_cli

TODAY = date(2026, 1, 1)
PROSE_EN = ("We’d been told the ferry would leave at dawn, but the harbour master said the storm had "
            "closed the strait for a second day and that nobody could say when it would reopen. ")
PROSE_KO = "서울 시내 한 미디어 회사에서 기자들이 모여 회의를 하고 있다. 정부는 오늘 새로운 정책을 발표했다. "
PROSE_RU = ("Москва. Президент подписал указ о новых мерах поддержки семей с детьми, сообщили в Кремле "
            "во вторник, и правительство должно подготовить предложения до конца месяца. ")


def page(body: str, head: str = "", url: str | None = None, og_type: str | None = None) -> str:
    """A page whose <head> is long (scripts, styles) before anything else: real pages look like this."""
    meta = f'<link rel="canonical" href="{url}">' if url else ""
    meta += f'<meta property="og:type" content="{og_type}">' if og_type else ""
    padding = "<script>var config = {" + ", ".join(f'"k{i}": {i}' for i in range(300)) + "};</script>"
    return (f"<!DOCTYPE html><html><head><title>Storm closes the strait</title>{padding}{head}{meta}</head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Storm closes the strait</h1>"
            f"{body}</article><footer>© Example News</footer></body></html>")


def html_doc(data: bytes) -> SourceDocument:
    return SourceDocument(path="page.html", kind="html", payload=data)


# -- 1. decoding --------------------------------------------------------------------------------------------

def test_utf8_page_declaring_no_charset_is_not_read_as_latin1():
    paragraphs = "".join(f"<p>{PROSE_EN}{PROSE_KO}</p>" for _ in range(4))
    extracted = extract(html_doc(page(paragraphs).encode("utf-8")), "en", TODAY)
    assert "We’d been told" in extracted.text and "서울 시내" in extracted.text
    assert not is_bad(extracted.text)


def test_a_charset_declared_late_in_the_head_is_obeyed():
    paragraphs = "".join(f"<p>{PROSE_RU}</p>" for _ in range(4))
    data = page(paragraphs, head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
                ).encode("cp1251")
    assert data.index(b"charset=windows-1251") > 1024  # beyond the first KB a quick prescan reads
    text, encoding = decode_html(data)
    assert encoding == "cp1251" and "Президент подписал указ" in text
    extracted = extract(html_doc(data), "en", TODAY)
    assert "Президент подписал указ" in extracted.text and not is_bad(extracted.text)


def test_the_language_of_a_page_declaring_no_charset_early_is_its_own():
    # read as Latin-1, Korean came out as Vietnamese and Russian as Greek
    for prose, lang, encoding, head in ((PROSE_KO, "ko", "utf-8", ""),
                                        (PROSE_RU, "ru", "cp1251", '<meta charset="windows-1251">')):
        data = page("".join(f"<p>{k}. {prose * 2}</p>" for k in range(6)), head=head).encode(encoding)
        assert process(html_doc(data), Context(today=TODAY)).language == lang


def test_byte_order_marks_win_and_a_wrong_declaration_on_utf8_loses():
    text = page(f"<p>{PROSE_EN}</p>", head='<meta charset="iso-8859-1">')
    assert decode_html(text.encode("utf-8"))[0] == text  # valid UTF-8 with multi-byte letters is UTF-8
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text
    assert decode_html(text.encode("utf-16"))[0] == text  # the BOM says UTF-16: its NULs are not binary


def test_clean_reads_a_page_from_stdin_through_the_same_decoding():
    paragraphs = "".join(f"<p>{PROSE_EN}{PROSE_KO}</p>" for _ in range(4))
    proc = run_cli("clean", "-", input=page(paragraphs).encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert "We’d been told" in proc.stdout and "서울 시내" in proc.stdout and not is_bad(proc.stdout)


# -- 2. the article check -----------------------------------------------------------------------------------

ARTICLE = "".join(f"<p>{PROSE_EN}</p>" for _ in range(6))


def test_og_type_website_or_a_one_word_path_alone_do_not_refuse_an_article():
    for url, og_type in (("https://example.com/story", None), ("https://example.com/news/", "website"),
                         (None, "website")):
        extracted = extract(html_doc(page(ARTICLE, url=url, og_type=og_type).encode()), "en", TODAY)
        assert "harbour master" in extracted.text, (url, og_type)


def _home_page(url: str | None) -> bytes:
    teasers = "".join(f"<div class='teaser'><h3><a href='/2025/01/0{i % 9 + 1}/story-{i}'>Minister {i} opens the "
                      f"new bridge over the river</a></h3><p>Short teaser {i} about the bridge.</p></div>"
                      for i in range(30))
    meta = f'<link rel="canonical" href="{url}">' if url else ""
    return f"<html><head><title>Example News</title>{meta}</head><body><main>{teasers}</main></body></html>".encode()


def test_a_home_page_of_headline_links_with_no_body_is_refused_with_its_reason():
    for url in ("https://example.com/", None):
        with pytest.raises(NotAnArticle, match=r"^not an article: .*headline links"):
            extract(html_doc(_home_page(url)), "en", TODAY)


def test_every_page_is_stored_when_asked_whatever_the_check_says():
    doc = html_doc(_home_page("https://example.com/"))
    with pytest.raises(ArticleRejected, match="not an article"):
        process(doc, Context(today=TODAY))
    article = process(doc, Context(today=TODAY, all_pages=True))
    assert "Short teaser 3 about the bridge." in article.text


def test_a_control_character_in_the_markup_does_not_lose_the_page():
    # lxml keeps a stray ESC, or a <pre> document's form feeds (page breaks), in the tree, and
    # trafilatura then extracts nothing from the whole page: refused though trafilatura extracts it
    stray = page("".join(f"<p>{k}. {PROSE_EN}{chr(27) if k == 2 else ''}{PROSE_EN}</p>" for k in range(5)))
    pages = "\n\f\n".join("\n".join(f"   {k}.{n} The strait stays closed to ferries until the wind drops below"
                                      f" force six, the pilots said." for n in range(20)) for k in range(4))
    pre = f"<html><head><title>Harbour rules</title></head><body><pre>{pages}</pre></body></html>"
    for html, expected in ((stray, "4. We’d been told"), (pre, "3.19 The strait stays closed")):
        article = process(html_doc(html.encode("utf-8")), Context(today=TODAY))
        assert expected in article.body
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in article.body)


def test_a_page_the_precision_pass_empties_falls_back_to_trafilatura_default():
    # Mozilla Readability's `clean-links` test page (Apache-2.0), kept in tests/data
    path = Path(__file__).parent / "data" / "readability-clean-links.html.gz"
    extracted = extract(html_doc(gzip.decompress(path.read_bytes())), "en", TODAY)
    assert len(extracted.text) > 10_000


# -- 5. binary content --------------------------------------------------------------------------------------

def _random_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    size = rng.choice([64, 200, 1000, 5000])
    low = (0, 1, 128)[seed % 3]  # any byte, no NUL, high bytes only (no control character at all)
    return bytes(rng.randrange(low, 256) for _ in range(size))


def test_random_bytes_are_binary_content_never_an_article():
    for seed in range(60):
        data = _random_bytes(seed)
        with pytest.raises(DecodeError, match="^binary content, not text$"):
            decode_bytes(data)
        for kind in ("text", "html"):
            with pytest.raises(ArticleRejected, match="^binary content, not text$"):
                process(SourceDocument(path=f"r{seed}", kind=kind, payload=data), Context(today=TODAY))


def test_legacy_text_is_still_text():
    for text, encoding in ((PROSE_RU * 3, "cp1251"), (PROSE_KO * 3, "euc-kr"), ("Café naïve, déjà vu. " * 5, "cp1252")):
        assert decode_bytes(text.encode(encoding))[0] == text, encoding


# -- 3. publication dates -----------------------------------------------------------------------------------

HISTORY = ("Peringatan kerusuhan 27 Juli 1996 digelar di kantor partai. Para peserta mengenang peristiwa "
           "itu dan peristiwa 10 November 1945 dengan doa bersama.")


def record(**fields) -> SourceDocument:
    return SourceDocument(path="r.jsonl", kind="record", payload=json.dumps(fields).encode(), line=1)


def test_the_url_date_beats_a_date_from_the_story_history():
    for url, day in (("https://news.example.id/read/2017/07/29/123022/4604967/peringatan", "2017-07-29"),
                     ("https://web.archive.org/web/20161112230644/http://example.id/berita", "2016-11-12"),
                     ("https://example.id/berita/20190315-peringatan-kerusuhan", "2019-03-15")):
        extracted = extract(record(url=url, text=HISTORY), "id", TODAY)
        assert (extracted.published, extracted.published_from) == (day, "url"), url


def test_a_record_field_beats_the_url():
    extracted = extract(record(url="https://x.id/read/2017/07/29/1/peringatan", text=HISTORY,
                               tanggal="2017-07-30T08:00:00+07:00"), "id", TODAY)
    assert (extracted.published, extracted.published_from) == ("2017-07-30", "record")


def test_history_is_never_the_publication_date_a_dateline_is():
    extracted = extract(record(text=HISTORY), "id", TODAY)
    assert extracted.published is None
    text = HISTORY + ' "Kami tidak lupa," kata Budi di Jakarta, Kamis (12/6/2025).'
    extracted = extract(record(text=text), "id", TODAY)
    assert (extracted.published, extracted.published_from) == ("2025-06-12", "dateline")


def test_a_weekday_gives_the_year_only_within_the_window_ending_at_the_files_date():
    text = "Presiden meresmikan jembatan itu pada Senin 30 Oktober. Warga menyambut dengan gembira."
    mtime = datetime(2017, 11, 5, tzinfo=timezone.utc).timestamp()
    doc = SourceDocument(path="a.txt", kind="text", payload=text.encode(), mtime=mtime)
    extracted = extract(doc, "id", date(2026, 1, 1))
    assert (extracted.published, extracted.published_from) == ("2017-10-30", "weekday")
    # a window the user sets wins over the file's date
    extracted = extract(doc, "id", date(2026, 1, 1), window_end=date(2023, 12, 31))
    assert extracted.published == "2023-10-30"


def test_dates_uses_the_reference_ingest_uses(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Presiden meresmikan jembatan itu pada Senin 30 Oktober. Sehari kemudian ia ke Bali.\n")
    stamp = datetime(2017, 11, 5, tzinfo=timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    proc = run_cli("dates", str(path), "--lang", "id", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    values = [row["value"] for row in json.loads(proc.stdout)]
    assert values == ["2017-10-30", "2017-10-31"]
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(path), "--quiet", "--workers", "1", db=db).returncode == 0
    [listed] = json.loads(run_cli("articles", "-f", "json", db=db).stdout)
    shown = json.loads(run_cli("show", str(listed["id"]), "-f", "json", db=db).stdout)
    assert (shown["published"], shown["published_from"]) == ("2017-10-30", "weekday")


def test_dates_and_ingest_read_an_english_texts_date_in_english(tmp_path):
    # ingest read a text's own date in the default language's words before judging the language:
    # "Thursday, Nov. 21" dated `triage dates`' reference but not the stored article
    path = tmp_path / "a.txt"
    path.write_text("Officials said Thursday, Nov. 21, that the suspect had been arrested in the city. "
                    "Two days later he was freed, and the court closed the case against him.\n")
    stamp = datetime(2024, 11, 28, tzinfo=timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    proc = run_cli("dates", str(path), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert [row["value"] for row in json.loads(proc.stdout)] == ["2024-11-21", "2024-11-23"]
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(path), "--quiet", "--workers", "1", db=db).returncode == 0
    [listed] = json.loads(run_cli("articles", "-f", "json", db=db).stdout)
    shown = json.loads(run_cli("show", str(listed["id"]), "-f", "json", db=db).stdout)
    assert (shown["language"], shown["published"]) == ("en", "2024-11-21")


# -- 4. relative expressions anchored to the last mentioned date ---------------------------------------------

def test_n_days_later_counts_from_the_date_mentioned_last():
    from corpus_tools.dates import tag
    en = tag("On Thursday, Nov. 21, police arrested him. Two days later he was freed.", date(2024, 11, 28), "en")
    assert [(t.text, t.value) for t in en] == [("Thursday, Nov. 21", "2024-11-21"), ("Two days later", "2024-11-23")]
    found = tag("Polisi menangkapnya pada Kamis (21/11/2024). Tiga hari kemudian ia dibebaskan, dan "
                "keesokan harinya ia pulang.", date(2024, 11, 28), "id")
    assert [t.value for t in found] == ["2024-11-21", "2024-11-24", "2024-11-25"]
    # with no date mentioned before, the publication date is the anchor
    assert [t.value for t in tag("Two days later he was freed.", date(2024, 11, 28), "en")] == ["2024-11-30"]
