"""The timeline as a page (issue 15): the markup, the CLI's `--format html`, and the page in a real browser.

The browser tests open the page as a file in Debian's chromium (session fixture `browser`),
let no request leave it, and save screenshots at 1280×900 and 390×844 to the test's tmp folder
(with TRIAGE_DOCS_IMG=1 the sample corpus' page at 1280×900 also goes to docs/img/timeline.png).
"""

from __future__ import annotations

import html
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from corpus_tools.page import timeline_page
from corpus_tools.timeline import MentionRow, build_timeline, row_as_dict

from .conftest import REPO, run_cli

HOSTILE = [  # article text that must stay text: a headline and a sentence with <script>, a javascript: URL
    {"id": "a1", "title": "<script>window.pwned = 1</script> Gempa guncang Cianjur",
     "published": "2025-03-11", "lang": "id",
     "text": "BMKG mengumumkan gempa berkekuatan 5,6 di Cianjur pada Senin (10/3/2025) "
             "</script><script>window.pwned = 2</script> pukul 13.21 WIB.\n"
             "Warga Cianjur berhamburan keluar rumah saat gempa terjadi."},
    {"id": "a2", "title": "BMKG: gempa Cianjur 5,6", "url": "javascript:window.pwned=3", "outlet": "Warta <b>Dua</b>",
     "published": "2025-03-10", "lang": "id",
     "text": "BMKG mengumumkan gempa berkekuatan 5,6 mengguncang Cianjur, Jawa Barat, pada Senin (10/3/2025) siang.\n"
             "Gempa itu dirasakan hingga Jakarta dan Bandung."},
]


def embedded(page: str) -> list[dict]:
    """The rows' JSON as the page carries it."""
    match = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.DOTALL)
    assert match, "no #timeline-data script"
    return json.loads(match[1])


def _mention(article, value, label="sign", granularity="day", outlet="X", **extra):
    return MentionRow(article, article, outlet, "2024-11-12", label, label, ("Putin", "Kim"), value, granularity,
                      f"sentence of {article}", False, **extra)


def test_article_text_is_escaped_and_the_json_cannot_close_its_script():
    rows = [row_as_dict(r) for r in build_timeline([
        _mention(1, "2024-06-19", outlet="<b>Bold</b>", title="<script>alert(1)</script>", url="javascript:alert(2)"),
        _mention(2, "2024-06-19", outlet=None, title="</script><script>alert(3)</script>", url="https://e.org/a?x=1&y=2"),
    ])]
    page = timeline_page(rows, title="<i>Title</i>")
    assert page.count("<script") == 2 and "alert(1)</script>" not in page and "<b>Bold" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<title>&lt;i&gt;Title&lt;/i&gt;</title>" in page
    assert "javascript:" not in page.replace('"url": "javascript', "")  # never a link, only data
    assert 'href="https://e.org/a?x=1&amp;y=2"' in page
    assert embedded(page) == rows  # the JSON survives its escaping
    assert "&lt;/script&gt;&lt;script&gt;alert(3)" in page  # the headline, shown as a source's name


def test_each_row_carries_its_hooks_and_its_date_at_its_granularity():
    rows = [row_as_dict(r) for r in build_timeline([
        _mention(1, "2024-06-19"), _mention(2, "2024-06-19"), _mention(3, "2024-06-19"),
        _mention(4, "2024-W45", label="vote", granularity="week"),
        _mention(5, "2024-10", label="approve", granularity="month"),
        _mention(6, "2023", label="send", granularity="year")])]
    page = timeline_page(rows)
    found = re.findall(r'<li class="event ([^"]*)" data-date="([^"]*)" data-sources="(\d+)"', page)
    assert [(d, int(n)) for _, d, n in found] == [(r["date"], r["articles"]) for r in rows]
    classes = {d: c for c, d, _ in found}
    assert "strong" in classes["2024-06-19"] and "single" in classes["2023"]
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert re.search(r"19\s+Jun 2024\s+Wed", text)
    assert re.search(r"W45\s+4–10 Nov\s+2024", text)
    assert re.search(r"Oct\s+2024\s+month", text) and re.search(r"2023\s+year", text)
    assert '<span class="sr-only">week 45 of 2024: </span>' in page  # in the row's heading, for screen readers


def test_seasons_and_quarters_are_shown_in_words_not_a_crash():
    """A winter row ("2008-WI") was read as an ISO week ("-W" in it): `timeline --format html` gave a
    ValueError traceback and an empty page on any store with a winter."""
    rows = [row_as_dict(r) for r in build_timeline([
        _mention(1, "2008-WI", label="die", granularity="season"),
        _mention(2, "2009-SU", label="vote", granularity="season"),
        _mention(3, "2010-Q2", label="send", granularity="quarter")])]
    page = timeline_page(rows)
    assert '<span class="sr-only">Winter 2008: </span>' in page
    assert '<span class="sr-only">Summer 2009: </span>' in page and '<span class="sr-only">Q2 2010: </span>' in page


def test_conflicting_dates_are_marked():
    rows = [row_as_dict(r) for r in build_timeline([_mention(1, "2024-11-09"), _mention(2, "2024-11-09"),
                                                   _mention(3, "2024-11-10", outlet="Other")])]
    page = timeline_page(rows)
    shown = re.sub(r"<[^>]+>", "", page)  # the text, without the markup around each outlet
    assert 'data-conflicts="1"' in page and "Dates disagree" in page and "10 Nov 2024 by 1 source (Other)" in shown


def test_a_conflicting_date_from_articles_without_an_outlet_says_so_in_words():
    """The JSON marks an article without an outlet "?" among a conflict's outlets, and the page wrote it as is:
    "Also reported as 26 Apr 2005 by 3 sources (?)" on a store of Timeline17's records; the table says "no outlet"."""
    rows = [row_as_dict(r) for r in build_timeline([_mention(1, "2024-11-09"), _mention(2, "2024-11-09"),
                                                   _mention(3, "2024-11-10", outlet=None),
                                                   _mention(4, "2024-11-10", outlet="Other")])]
    assert rows[0]["conflicts"][0]["outlets"] == ["?", "Other"]
    shown = html.unescape(re.sub(r"<[^>]+>", "", timeline_page(rows)))
    assert "10 Nov 2024 by 2 sources (no outlet, Other)" in shown and "(?" not in shown

def test_a_span_of_one_date_says_it_once():
    """The page's span and a story's span said "19 Jun 2024 – 19 Jun 2024" where every row had one date."""
    rows = [row_as_dict(r) for r in build_timeline([_mention(1, "2024-06-19"), _mention(2, "2024-06-19")])]
    rows[0]["story"] = {"id": 7, "title": "Pact"}
    page = timeline_page(rows)
    assert "<li>19 Jun 2024</li>" in page and '<p class="group-meta">1 event · 19 Jun 2024</p>' in page
    assert "19 Jun 2024 – 19 Jun 2024" not in page
    wide = timeline_page([row_as_dict(r) for r in build_timeline([_mention(1, "2024-06-19"),
                                                                  _mention(2, "2024-10", "approve", "month")])])
    assert "<li>19 Jun 2024 – Oct 2024</li>" in wide


def test_a_source_without_an_outlet_is_named_by_its_site_then_its_headline_then_its_article():
    """A store of records with neither outlet, headline nor URL (Timeline17's: an id, a date and the text) showed a
    row of identical "no outlet" chips, telling its articles apart by nothing: each is named "article N" (the id
    `triage show` takes). A URL names its site before a headline does (the outlet is a site), as ingest would."""
    rows = [row_as_dict(build_timeline([
        _mention(1, "2024-06-19", outlet=None, url="https://www.example.com/news/1", title="Pact signed"),
        _mention(2, "2024-06-19", outlet=None, title="Pact signed in Pyongyang"),
        _mention(3, "2024-06-19", outlet=None), _mention(4, "2024-06-19", outlet=None)])[0])]
    page = timeline_page(rows)
    names = [html.unescape(n) for n in re.findall(r'<li class="chip"><(?:a|span)[^>]*>([^<]*)</', page)]
    assert names == ["example.com", "Pact signed in Pyongyang", "article 3", "article 4"]
    said = [html.unescape(n) for n in re.findall(r'<bdi class="who">([^<]*)</bdi>', page)]
    assert said == names and "no outlet" not in page

def test_rows_are_grouped_by_story_when_they_have_one():
    rows = [row_as_dict(r) for r in build_timeline([_mention(1, "2024-06-19"), _mention(2, "2024-10", "approve", "month"),
                                                   _mention(3, "2024-11-09", "ratify")])]
    plain = timeline_page(rows)
    assert plain.count('<section class="group"') == 1 and '<h2 id="g1" class="sr-only">Events</h2>' in plain
    rows[0]["story"] = rows[2]["story"] = {"id": 7, "title": "Pact <signed>"}
    rows[1]["story"] = {"id": 3, "title": "Duma"}
    grouped = timeline_page(rows)
    titles = re.findall(r'<h2 id="g\d+">([^<]*)</h2>', grouped)
    assert titles == ["Pact &lt;signed&gt;", "Duma"]  # in the order of each story's first row
    first = grouped[grouped.index('data-story="7"'):grouped.index('data-story="3"')]
    assert first.count('<li class="event ') == 2


def test_rows_grouped_by_the_story_the_store_gives_them():
    rows = [row_as_dict(r) for r in build_timeline([_mention(1, "2024-06-19"), _mention(2, "2024-10", "approve", "month"),
                                                   _mention(3, "2024-11-09", "ratify")])]
    rows[0]["stories"], rows[1]["stories"], rows[2]["stories"] = [5], [5, 6], [5]
    page = timeline_page(rows, story_titles={5: "Treaty & ratification"})
    titles = re.findall(r'<h2 id="g\d+">([^<]*)</h2>', page)
    assert titles == ["Treaty &amp; ratification", "Other events"]  # a row across two stories is in neither
    story = page[page.index('data-story="5"'):page.index("Other events")]
    assert story.count('<li class="event ') == 2


def test_an_empty_timeline_is_still_a_page():
    page = timeline_page([])
    assert embedded(page) == [] and "0 events" in page
    # not the in-page filters' "clear the search" (they are at their defaults), and shown without JavaScript
    assert '<p id="empty" class="empty">No event matches the options this page was made with (above).</p>' in page
    full = timeline_page([row_as_dict(r) for r in build_timeline([_mention(1, "2024-06-19")])])
    assert '<p id="empty" class="empty" hidden>No event matches. Clear the search' in full


def test_cli_html_applies_every_timeline_option(seeded_db):
    """The page holds what `--format json` gives for the same options (one run: the CLI starts slowly)."""
    options = ["--query", "Rusia", "--from", "2024-11-01", "--to", "2024-11-30", "--min-sources", "2", "--limit", "2"]
    page = run_cli("timeline", "--format", "html", *options, db=seeded_db)
    data = run_cli("timeline", "--format", "json", *options, db=seeded_db)
    assert page.returncode == 0 and data.returncode == 0, page.stderr
    rows = embedded(page.stdout)
    assert rows == json.loads(data.stdout) and len(rows) == 2
    assert all(r["date"].startswith("2024-11") and r["articles"] >= 2 for r in rows)
    assert page.stdout.count('<li class="event ') == 2 and "<h1>Timeline: Rusia</h1>" in page.stdout
    assert "search: Rusia" in page.stdout and "at least: 2 sources" in page.stdout
    # the page is English, the seeds' text Indonesian: each summary and source sentence says so (screen readers)
    assert all(r["language"] == "id" and {s["language"] for s in r["sources"]} == {"id"} for r in rows)
    assert page.stdout.count('<p class="summary" lang="id">') == 2 and '<html lang="en">' in page.stdout
    assert page.stdout.count('<bdi lang="id">') == sum(len(r["sources"]) for r in rows)


@pytest.mark.parametrize("form", [["-f", "html"], ["-fhtml"]])  # the plain command line, and one Typer reads
def test_cli_html_lists_the_story_and_reports_options_under_the_title(seeded_db, form):
    """`--story` and `--reports` change which rows the page holds, so the page says so, as it does for every
    other option (a reader of a shared page cannot see the command line)."""
    page = run_cli("timeline", *form, "--story", "1", "--reports", db=seeded_db)
    assert page.returncode == 0, page.stderr
    facts = re.search(r'<ul class="facts">(.*?)</ul>', page.stdout)[1]
    assert "<li>story: 1</li>" in facts and "<li>also: the dates of reports</li>" in facts
    assert embedded(page.stdout) and all(r["stories"] == [1] for r in embedded(page.stdout))
    plain = run_cli("timeline", *form, db=seeded_db)
    assert "story:" not in plain.stdout and "also:" not in plain.stdout


def test_cli_html_titles_each_story_as_triage_stories_does(seeded_db):
    """A story group's heading is the headline `triage stories` gives the same story (its most central one),
    not the title the story was first stored with."""
    page = run_cli("timeline", "--format", "html", db=seeded_db)
    listed = run_cli("stories", "--format", "json", db=seeded_db)
    assert page.returncode == 0 and listed.returncode == 0, page.stderr + listed.stderr
    titles = {s["id"]: s["title"] for s in json.loads(listed.stdout)}
    grouped = {r["stories"][0] for r in embedded(page.stdout) if len(r["stories"]) == 1}
    headings = [html.unescape(t) for t in re.findall(r'<h2 id="g\d+">([^<]*)</h2>', page.stdout)]
    assert grouped and {titles[i] for i in grouped} == set(headings) - {"Other events"}


UNTITLED = [  # two records of text alone (no headline anywhere): one story, its articles of two outlets
    {"date": "2024-03-12", "outlet": "Harian Satu",
     "text": "Menteri Perdagangan dan Menteri Ekonomi Malaysia menandatangani perjanjian dagang pada Senin (11/3/2024) "
             "di Jakarta.\nPerjanjian itu menurunkan tarif impor beras dan minyak sawit kedua negara."},
    {"date": "2024-03-12", "outlet": "Warta Dua",
     "text": "Perjanjian dagang ditandatangani kedua menteri pada Senin (11/3/2024) di Jakarta, menurunkan tarif impor "
             "beras.\nTarif minyak sawit juga turun mulai bulan depan, kata pejabat kementerian."},
]


def test_a_story_without_a_headline_is_named_by_its_terms(tmp_path):
    """A story whose articles have no title (records of text alone, as Timeline17's) was headed "Story 1",
    which tells a reader of a shared page nothing: it is headed by the terms `triage stories` lists first."""
    corpus, db = tmp_path / "untitled.jsonl", tmp_path / "untitled.db"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in UNTITLED))
    assert run_cli("ingest", str(corpus), "--quiet", "--workers", "1", db=db).returncode == 0
    stories = json.loads(run_cli("stories", "--format", "json", db=db).stdout)
    page = run_cli("timeline", "--format", "html", db=db)
    assert page.returncode == 0, page.stderr
    assert [s["title"] for s in stories] == [None] and embedded(page.stdout)
    headings = re.findall(r'<h2 id="g\d+">([^<]*)</h2>', page.stdout)
    assert headings == [", ".join(stories[0]["terms"][:4])]


# -- in the browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(seeded_db, tmp_path_factory) -> dict[str, Path]:
    """The sample corpus' page and a page built from hostile article text, as files."""
    folder = tmp_path_factory.mktemp("pages")
    hostile = folder / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE))
    hostile_db = folder / "hostile.db"
    assert run_cli("ingest", str(hostile), "--quiet", "--workers", "1", db=hostile_db).returncode == 0
    out = {}
    for name, db in (("sample", seeded_db), ("hostile", hostile_db)):
        proc = run_cli("timeline", "--format", "html", db=db)
        assert proc.returncode == 0, proc.stderr
        out[name] = folder / f"{name}.html"
        out[name].write_text(proc.stdout, encoding="utf-8")
    return out


def page_file(path: Path, rows: list[dict]) -> Path:
    """The page of `rows` (as `row_as_dict` makes them) written to `path`, to open as a file."""
    path.write_text(timeline_page(rows), encoding="utf-8")
    return path


class Visit:
    """A page opened from its file; every request and console error recorded, none let out."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 900, scheme: str = "light",
                 script: str | None = None):
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        if script:  # run in the page before its own script
            self.context.add_init_script(script)
        self.requests, self.errors = [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri())

    def _route(self, route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def visible(self) -> list[dict]:
        return self.page.eval_on_selector_all(
            ".event:not([hidden])", "rows => rows.map(r => ({text: r.textContent, sources: +r.dataset.sources}))")

    def close(self) -> None:
        assert not self.errors, self.errors
        assert all(url.startswith(("file:", "data:")) for url in self.requests), self.requests
        self.context.close()


@pytest.mark.browser
def test_the_page_in_a_browser_filters_and_stays_offline(browser, pages, tmp_path):
    visit = Visit(browser, pages["sample"])
    page = visit.page
    data = page.evaluate("JSON.parse(document.getElementById('timeline-data').textContent)")
    rows = page.locator(".event")
    assert len(data) == rows.count() == len(visit.visible()) > 3
    # landmarks, headings and labelled controls, found as a screen reader finds them
    assert page.get_by_role("main").count() == 1 and page.get_by_role("search").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Timeline"
    assert page.get_by_role("heading", level=3).count() == len(data)
    status = page.get_by_role("status")
    assert status.inner_text() == f"{len(data)} events"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("dewan")
    shown = visit.visible()
    assert 0 < len(shown) < len(data) and all("dewan" in r["text"].lower() for r in shown)
    assert status.inner_text() == f"{len(shown)} of {len(data)} events matching “dewan”"
    page.get_by_label("Search").fill("")
    page.get_by_label("Minimum sources").fill("2")
    shown = visit.visible()
    expected = [r for r in data if r["articles"] >= 2]
    assert 0 < len(shown) == len(expected) < len(data) and all(r["sources"] >= 2 for r in shown)
    page.get_by_label("Search").fill("zzzxqj")
    assert visit.visible() == [] and page.locator("#empty").is_visible()
    page.get_by_label("Search").fill("")
    page.get_by_label("Minimum sources").fill("1")
    assert len(visit.visible()) == len(data)
    page.evaluate("document.activeElement.blur()")
    page.screenshot(path=tmp_path / "timeline-1280.png")
    if os.environ.get("TRIAGE_DOCS_IMG"):
        (REPO / "docs" / "img").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=REPO / "docs" / "img" / "timeline.png")
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible() and rows.first.is_visible()
    visit.close()
    narrow = Visit(browser, pages["sample"], 390, 844)
    assert narrow.page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    for scheme in ("light", "dark"):
        narrow.page.emulate_media(color_scheme=scheme)
        narrow.page.screenshot(path=tmp_path / f"timeline-390-{scheme}.png")
        background = narrow.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(245, 246, 248)") == (scheme == "light"), background
    narrow.close()
    print(f"screenshots in {tmp_path}")


@pytest.mark.browser
def test_article_text_with_script_is_text_on_the_page(browser, pages):
    visit = Visit(browser, pages["hostile"])
    page = visit.page
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.scripts.length") == 2
    row = page.locator(".event").first
    assert "</script><script>window.pwned = 2</script>" in row.locator(".summary").inner_text()
    assert "<script>window.pwned = 1</script>" in row.locator(".sources").inner_text()
    assert "Warta <b>Dua</b>" in row.locator(".sources").inner_text()
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["#events"]  # the javascript: URL is no link
    visit.close()


# each row the browser skips laying out (or lays out again), as the browser tells it
SKIPPED = ("window.skipped = new Map(); document.addEventListener('contentvisibilityautostatechange', "
           "event => window.skipped.set(event.target, event.skipped), true);")
FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"  # a rendering update


@pytest.mark.browser
def test_a_big_page_lays_out_only_the_rows_near_the_screen(browser, tmp_path):
    """1,500 rows (a big store's `--limit 2000`): the rows off screen are not laid out until scrolled to (it
    was every row, at every load and every search cleared: seconds), yet each row is there to search, reach
    and print."""
    first = row_as_dict(build_timeline([_mention(1, "2020-01-01")])[0])
    days = [date(2020, 1, 1) + timedelta(days=n) for n in range(1500)]
    rows = [{**first, "date": day.isoformat(), "summary": f"Event number {n} of the big page."}
            for n, day in enumerate(days)]
    visit = Visit(browser, page_file(tmp_path / "big.html", rows), script=SKIPPED)
    page = visit.page
    page.evaluate(FRAMES)
    skipped = "Array.from(window.skipped.values()).filter(Boolean).length"
    assert page.evaluate(skipped) > 1400
    page.get_by_label("Search").fill("number 1499")
    assert [r["text"] for r in visit.visible()] == [page.locator(".event").last.text_content()]
    page.get_by_label("Search").fill("")
    assert len(visit.visible()) == 1500
    page.evaluate(FRAMES)
    assert page.evaluate(skipped) > 1400  # the rows shown again are not all laid out at once
    last = page.locator(".event").last
    last.scroll_into_view_if_needed()
    page.evaluate(FRAMES)
    assert page.evaluate("el => window.skipped.get(el)", last.element_handle()) is False
    assert last.locator(".summary").inner_text() == "Event number 1499 of the big page."
    page.emulate_media(media="print")  # printed, every row is laid out
    assert page.evaluate("Array.from(document.querySelectorAll('.event'))"
                         ".every(row => getComputedStyle(row).contentVisibility === 'visible')")
    visit.close()


# where the first and the last letter of `words` are drawn (x), found in the text under an element
ENDS = """([element, words]) => {
  const walk = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node = walk.nextNode();
  while (node && !node.data.includes(words)) { node = walk.nextNode(); }
  const start = node.data.indexOf(words);
  const letter = at => { const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + 1);
                         return range.getBoundingClientRect().x; };
  return [letter(start), letter(start + words.length - 1)]; }"""


@pytest.mark.browser
def test_a_direction_override_in_a_name_turns_only_that_name(browser, tmp_path):
    """A scraped name holding U+202E (right-to-left override) turned the sentence after it on its line, and the
    names after it, back to front ("Warta: .urab nakajibek…"): each article text is isolated (<bdi>), so only the
    name itself is turned; an outlet in Arabic reads right to left within its own chip."""
    row = row_as_dict(build_timeline([_mention(1, "2025-03-10", outlet="Warta\u202e Dua")])[0])
    row["actors"] = ["Jakarta\u202e", "Bandung Barat"]
    row["sources"].append({**row["sources"][0], "article": 2, "kept": 2, "outlet": "الجزيرة"})
    visit = Visit(browser, page_file(tmp_path / "override.html", [row]))
    page = visit.page
    page.locator("details summary").click()
    said = page.locator(".said li")
    for n in range(2):  # "sentence of 1" reads left to right after either name
        first, last = page.evaluate(ENDS, [said.nth(n).element_handle(), "sentence of 1"])
        assert first < last, said.nth(n).inner_text()
    first, last = page.evaluate(ENDS, [page.locator(".actors").element_handle(), "Bandung Barat"])
    assert first < last
    first, last = page.evaluate(ENDS, [said.nth(1).element_handle(), "الجزيرة"])
    assert first > last  # the Arabic name, right to left
    visit.close()


@pytest.mark.browser
def test_a_row_of_many_sources_shows_a_dozen_and_the_rest_on_demand(browser, tmp_path):
    """A row 165 articles back was a wall of 165 chips: the first dozen are in view, the rest open from "N more
    sources"; search still finds an outlet among the rest, and a printed page lists every source."""
    row = row_as_dict(build_timeline([_mention(n, "2024-06-19", outlet=f"Outlet {n:02}") for n in range(1, 21)])[0],
                      sources=None)
    visit = Visit(browser, page_file(tmp_path / "many.html", [row]))
    page = visit.page
    chips = page.locator(".event .chip")
    assert chips.count() == 20 and page.locator(".event .chip:visible").count() == 12
    more = page.get_by_text("8 more sources")
    page.get_by_label("Search").fill("outlet 20")
    assert len(visit.visible()) == 1
    more.click()
    assert page.locator(".event .chip:visible").count() == 20
    more.click()
    page.emulate_media(media="print")
    assert page.locator(".event .chip:visible").count() == 20
    visit.close()


@pytest.mark.browser
def test_search_reads_what_the_rows_say_not_the_page_around_them(browser, pages):
    """Search found every row for "says" or "source" (the page's own "What each source says", "1 source"), which
    no article said; it still reads each row's date, heading, summary, outlets and sentences."""
    visit = Visit(browser, pages["sample"])
    page, rows = visit.page, visit.page.locator(".event").count()
    for words in ("says", "what each", "sources"):
        page.get_by_label("Search").fill(words)
        assert visit.visible() == [], words
    for words in ("kompas", "19 jun 2024", "ratify", "putin pyongyang"):
        page.get_by_label("Search").fill(words)
        assert 0 < len(visit.visible()) < rows, words
    visit.close()


@pytest.mark.browser
def test_a_row_the_search_hides_keeps_its_contents_skipped_and_out_of_reach(browser, tmp_path):
    """Hiding a row set it to display: none, and the browser then worked through the contents of every row it hid
    (0.4-1.1 s for one keystroke hiding 800 rows of a 1,400-row page: benchmarks/page_search.py): a hidden row now
    keeps its contents skipped (content-visibility: hidden). It is still out of sight, of reach by keyboard, of the
    accessibility tree and of find-in-page, on screen and printed."""
    first = row_as_dict(build_timeline([_mention(1, "2020-01-01", url="https://example.org/a")])[0])
    rows = [{**first, "date": f"2020-01-{n + 1:02}", "summary": f"Row {n}: " + ("flood" if n % 5 == 0 else "fire")}
            for n in range(25)]
    visit = Visit(browser, page_file(tmp_path / "hide.html", rows))
    page = visit.page
    page.get_by_label("Search").fill("flood")
    shown, hidden = visit.visible(), page.locator(".event[hidden]")
    assert len(shown) == 5 and hidden.count() == 20
    assert page.evaluate("Array.from(document.querySelectorAll('.event[hidden]')).every(row => "
                         "getComputedStyle(row).contentVisibility === 'hidden' && row.getBoundingClientRect().height === 0)")
    assert all(not hidden.nth(n).locator(".summary").is_visible() for n in range(20))
    assert page.get_by_role("heading", level=3).count() == 5  # what a screen reader finds
    assert page.evaluate("window.find('fire')") is False and page.evaluate("window.find('flood')") is True
    reached = set()
    for _ in range(40):  # every link and "What each source says" of the rows shown, none of a hidden row
        page.keyboard.press("Tab")
        reached.add(page.evaluate("(document.activeElement.closest('.event') || {}).hidden"))
    assert reached >= {False} and True not in reached
    page.emulate_media(media="print")
    assert len([n for n in range(25) if page.locator(".event .summary").nth(n).is_visible()]) == 5
    visit.close()


@pytest.mark.browser
def test_a_control_reached_backwards_by_tab_is_not_under_the_search_bar_at_320_px(browser, tmp_path):
    """At 320 px (a small phone, or 1280 px zoomed to 400 %) the search and the minimum wrapped onto two lines: the
    sticky bar (154 px) grew taller than the scroll padding kept above a focused control (6rem), so Shift+Tab
    scrolled a link or "What each source says" under the bar, out of sight. They now share one line."""
    first = row_as_dict(build_timeline([_mention(n, "2020-01-01", outlet=f"Outlet {n}", url=f"https://example.org/{n}")
                                        for n in (1, 2)])[0])
    rows = [{**first, "date": f"2020-01-{n + 1:02}"} for n in range(20)]
    visit = Visit(browser, page_file(tmp_path / "narrow.html", rows), 320, 640)
    page = visit.page
    page.evaluate("document.querySelectorAll('.event a[href], .event summary')[45].focus()")
    where = ("[document.activeElement.closest('.event') !== null, document.activeElement.getBoundingClientRect().top, "
             "document.querySelector('.controls').getBoundingClientRect().bottom]")
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        in_row, top, bar = page.evaluate(where)
        assert in_row and top >= bar, (top, bar)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    visit.close()


@pytest.mark.browser
def test_a_filtered_page_says_how_it_is_filtered_on_screen_and_printed(browser, pages):
    """A page printed (or read out) after a search said "76 of 1378 events" and nothing of the search or the
    minimum, which print hides with the other controls: a reader of the printout could not tell what was left
    out. The count names them; cleared, it is the plain count again."""
    visit = Visit(browser, pages["sample"])
    page = visit.page
    total = page.locator(".event").count()
    page.get_by_label("Search").fill("  Korea   utara ")
    page.get_by_label("Minimum sources").fill("2")
    shown = len(visit.visible())
    expected = f"{shown} of {total} events matching “Korea utara”, with at least 2 sources"
    assert 0 < shown < total and page.get_by_role("status").inner_text() == expected
    page.emulate_media(media="print")
    assert page.locator("#count").is_visible() and not page.locator(".controls").is_visible()
    page.emulate_media(media="screen")
    page.get_by_label("Search").fill("")
    page.get_by_label("Minimum sources").fill("1")
    assert page.get_by_role("status").inner_text() == f"{total} events"
    visit.close()


@pytest.mark.browser
def test_a_row_shown_again_off_screen_keeps_the_height_it_had(browser, tmp_path):
    """A row hidden by a search and shown again when it is cleared, off screen, takes the height it had when last
    laid out, not the 14rem placeholder of a row never laid out: the scroll bar does not jump."""
    first = row_as_dict(build_timeline([_mention(1, "2020-01-01")])[0])
    rows = [{**first, "date": f"2020-{n // 28 + 1:02}-{n % 28 + 1:02}", "summary": f"Row {n}. " + "Word " * 60 * (n == 0)}
            for n in range(200)]
    visit = Visit(browser, page_file(tmp_path / "heights.html", rows))
    page = visit.page
    page.evaluate(FRAMES)
    height = "document.querySelector('.event').getBoundingClientRect().height"
    laid_out = page.evaluate(height)
    placeholder = page.evaluate("document.querySelectorAll('.event')[150].getBoundingClientRect().height")
    assert laid_out != placeholder
    page.get_by_label("Search").fill("row 1")  # rows 1, 10-19, 100-199: the first is hidden, the page still long
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.evaluate(FRAMES)
    page.get_by_label("Search").fill("")
    page.evaluate(FRAMES)
    assert page.evaluate("document.querySelector('.event').getBoundingClientRect().bottom") < 0  # off screen
    assert page.evaluate(height) == laid_out
    visit.close()
