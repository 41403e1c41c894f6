"""Issue 12, body F1 on real pages: what the HTML pass keeps — text after an HTML comment, tables,
table rows of prose through the cleaner, and a CJK story in the article check."""

from __future__ import annotations

from datetime import date

from corpus_tools.clean.rules import rules_for
from corpus_tools.clean.span import is_prose
from corpus_tools.extract.html import extract_html, with_inner_lines
from corpus_tools.pipeline import Context, process
from corpus_tools.record import SourceDocument

PROSE = ("The harbour master said the storm had closed the strait for a second day and that nobody "
         "could say when it would reopen, while the ferries waited in the bay. ")


def _page(body: str, links: str = "") -> str:
    return (f"<html><head><title>Storm closes the strait</title></head><body><nav>{links}</nav><article>"
            f"<h1>Storm closes the strait</h1>{body}</article></body></html>")


def test_the_text_after_an_html_comment_is_kept():
    # lxml keeps comments as nodes unless told otherwise; trafilatura drops them with the text after them
    html = _page(f"<p>{PROSE * 3}</p><p>Fishermen stayed ashore <!-- tracking pixel --> and waited for the "
                 "wind to drop.</p>")
    page = extract_html(html)
    assert "and waited for the wind to drop" in page.text
    assert "tracking pixel" not in page.text


def test_a_table_in_the_story_is_kept_through_the_cleaner():
    rows = "".join(f"<tr><td>Port {name}</td><td>{ships} ships held</td></tr>"
                   for name, ships in (("Merak", 41), ("Bakauheni", 37), ("Ketapang", 12)))
    html = _page(f"<p>{PROSE * 2}</p><table><tr><th>Port</th><th>Ships</th></tr>{rows}</table>"
                 f"<p>{PROSE * 2}</p>")
    article = process(SourceDocument(path="page.html", kind="html", payload=html.encode()),
                      Context(today=date(2026, 1, 1)))
    assert "Port Bakauheni" in article.body and "37 ships held" in article.body


def test_a_table_row_of_prose_is_prose_a_row_of_labels_is_not():
    rules = rules_for("en")
    sentence = PROSE.strip()
    words = len(sentence.split())
    stops = sum(w.lower().strip(",.") in rules.stopwords for w in sentence.split()) / words
    assert is_prose(f"| {sentence} |  |", words, stops, rules)
    assert is_prose(f"| 1998 | {sentence} |", words + 1, stops, rules)
    assert not is_prose("| Port | Ships | Held since |", 5, 0.0, rules)
    assert not is_prose("Home | World | Sport | Business", 4, 0.0, rules)  # a menu on one line still is not


def test_a_cjk_story_with_a_space_after_each_sentence_is_not_refused_as_no_body():
    # Japanese running text with a space after each short sentence (as many sites write it), beside
    # more than ten links reading like headlines: eight paragraphs of some 80 characters each
    animals, places = "イヌネコウマトリウシサル", "橋川山森海町村道"
    story = "".join("<p>" + " ".join(f"{animals[k:k + 2]}が{places[p]}を{verb}。"
                                     for k in range(0, 12, 2) for verb in ("見た", "歩いた")) + "</p>"
                    for p in range(8))
    links = "".join(f"<a href='/story/{i}'>きょうの日本昔話その{i}番目のお話</a> " for i in range(14))
    page = extract_html(_page(story, links))
    assert page.is_article, page.reason
    assert "ネコが森を歩いた。" in page.text


def test_a_dated_chronology_at_the_end_of_an_html_story_is_kept():
    # trafilatura has located the story with the markup: the cleaner's search for the story's
    # span in a whole-page dump (where dated lines a few lines apart are a feed) must not cut it
    events = "".join(f"<h3>{k + 2} May 2019</h3><p>The ferry to island number {k} stayed in port for the day.</p>"
                     for k in range(20))
    html = _page("".join(f"<p>{PROSE * 2}</p>" for _ in range(10)) + f"<h2>How the week went</h2>{events}")
    article = process(SourceDocument(path="page.html", kind="html", payload=html.encode()),
                      Context(today=date(2026, 1, 1)))
    assert article.body.count("stayed in port") == 20
    assert "How the week went" in article.body and "21 May 2019" in article.body


def test_a_whole_page_dump_is_still_cut_to_its_story():
    from corpus_tools.clean import clean_text
    menu = "\n".join(f"Section {name}" for name in ("World", "Sport", "Business", "Travel", "Style", "Weather",
                                                    "Science", "Health", "Video", "Podcasts"))
    teasers = "\n".join(f"Ferry number {k} {verb} near the old harbour wall\n2 May 2019 | 10:{k:02d}"
                        for k, verb in enumerate(["sinks", "drifts", "waits", "turns", "docks", "stops"] * 2))
    dump = f"{menu}\nStorm closes the strait\n" + "\n".join([PROSE * 2] * 6) + f"\nLatest news\n{teasers}"
    whole = clean_text(dump, "en", title="Storm closes the strait").body
    assert PROSE.strip() in whole and "Section Sport" not in whole and "Ferry number 3" not in whole
    # an extractor's main text: only what the line rules drop goes (the menu is no rule's)
    located = clean_text(dump, "en", title="Storm closes the strait", located=True).body
    assert PROSE.strip() in located and "Section Sport" in located


def _story(middle: str, after: str = "") -> str:
    # four distinct paragraphs (trafilatura drops a paragraph it has already seen)
    paragraphs = [f"<p>{label} {PROSE * 2}</p>" for label in ("First,", "Then", "Later", "In the end")]
    return _page("".join(paragraphs[:2]) + middle + "".join(paragraphs[2:]) + after)


def test_what_the_precision_pass_cuts_inside_the_story_comes_back():
    # a paragraph that is one bold link, between paragraphs: favor_precision drops it, the default keeps it
    update = "The port authority reopened the strait on Wednesday at noon"
    page = extract_html(_story(f"<p><strong><a href='/strait-reopens'>{update}</a></strong></p>"))
    assert update in page.text
    lines = page.text.split("\n")
    assert lines.index(update) == [i for i, line in enumerate(lines) if line.startswith("Then")][0] + 1
    assert lines[-1].startswith("In the end")


def test_inner_lines_only_between_two_lines_of_the_precision_reading():
    precise = "Storm closes the strait\nFirst paragraph.\nSecond paragraph.\nA table row, as precision reads it"
    default = ("Home | World\nStorm closes the strait\nFirst paragraph.\nA list item the precision pass cut\n"
               "Second paragraph.\nA table row as default reads it\nRelated: ferries wait in the bay")
    assert with_inner_lines(precise, default).split("\n") == [
        "Storm closes the strait", "First paragraph.", "A list item the precision pass cut", "Second paragraph.",
        "A table row, as precision reads it"]
    assert with_inner_lines(precise, "") == precise
    # words the precision pass cut out of a line inside the story come back
    cut = "Refs\n- ^ Lee, Ann (2019). \"\n. Coastal Review.\nEnd"
    full = "Refs\n- ^ Lee, Ann (2019). \"'Tides' of the strait\"\n. Coastal Review.\nEnd"
    assert with_inner_lines(cut, full) == full


def test_a_short_cell_between_empty_rows_of_a_layout_table_is_kept():
    # trafilatura writes a layout table's empty rows as "| |": no clutter, so the short line
    # between them is not "short between clutter"
    from corpus_tools.clean import clean_text
    text = f"Folding paper cranes\n| |\n| | Paper cranes | (paper club) | |\n| | | | |\n{PROSE}\n{PROSE}"
    result = clean_text(text, "en", title="Folding paper cranes")
    assert "| | Paper cranes | (paper club) | |" in result.kept
    assert "| |" not in result.kept and "| | | | |" not in result.kept  # the empty rows themselves go


def test_the_metadata_pass_skips_the_fields_triage_never_reads(monkeypatch):
    # categories, tags and license: XPath searches over the page's links whose output nothing stores;
    # the page's title, date and URL still come through, and trafilatura is left as it was
    import trafilatura.metadata
    calls = []

    def spy(name):
        original = getattr(trafilatura.metadata, name)
        return lambda *args, **kwargs: calls.append(name) or original(*args, **kwargs)
    for name in ("extract_catstags", "extract_license"):
        monkeypatch.setattr(trafilatura.metadata, name, spy(name))
    before = {name: getattr(trafilatura.metadata, name) for name in ("extract_catstags", "extract_license")}
    html = (f"<html><head><title>Storm closes the strait</title><link rel='canonical' "
            f"href='https://news.example.com/2024/03/05/storm-closes-strait'>"
            f"<meta property='article:published_time' content='2024-03-05'></head><body><article>"
            f"<h1>Storm closes the strait</h1><p>{PROSE * 3}</p><a href='/category/weather/'>Weather</a>"
            f"<a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC BY</a></article></body></html>")
    page = extract_html(html)
    assert page.is_article and page.published == "2024-03-05" and page.title == "Storm closes the strait"
    assert calls == []
    assert {name: getattr(trafilatura.metadata, name) for name in before} == before


def test_a_box_left_out_whole_calls_no_second_reading(monkeypatch):
    # an <aside> or a <figure> between two paragraphs is deleted by trafilatura's tree cleaning whatever
    # its settings: its text is missing from the default reading too, so the page is read once;
    # a cut (a paragraph that is one link) comes back from the page's tree, also with one reading
    import trafilatura
    readings = []
    original = trafilatura.bare_extraction
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: readings.append(k) or original(*a, **k))
    boxed = extract_html(_story("<aside><h3>Ferry operators count the cost of the closure</h3></aside>"
                                "<figure><figcaption>The strait seen from the harbour wall at dawn</figcaption>"
                                "</figure>"))
    assert boxed.is_article and "count the cost" not in boxed.text and "harbour wall" not in boxed.text
    assert len(readings) == 1
    # nor does a box of links the precision reading leaves out whole (no block of its own kept)
    readings.clear()
    related = "".join(f"<li><a href='/{n}'>{title}</a></li>" for n, title in enumerate(
        ("Ferry operators count the cost of the closure", "Fishermen wait out the second storm of the year",
         "The harbour master on thirty years of closures")))
    linked = extract_html(_story(f"<div class='more'><ul>{related}</ul></div>"))
    assert linked.is_article and "count the cost" not in linked.text and len(readings) == 1
    readings.clear()
    update = "The port authority reopened the strait on Wednesday at noon"
    cut = extract_html(_story(f"<p><strong><a href='/strait-reopens'>{update}</a></strong></p>"))
    assert update in cut.text and len(readings) == 1


def _readings(monkeypatch) -> list[dict]:
    """The settings of each trafilatura reading extract_html asks for."""
    import trafilatura
    calls: list[dict] = []
    original = trafilatura.bare_extraction

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)
    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    return calls


def test_a_block_cut_inside_the_story_comes_back_from_the_page_without_a_second_reading(monkeypatch):
    # issue 13: the cut check read the whole page again with trafilatura's default settings; the
    # blocks it finds cut are put back from the page's tree, in their place, and the page is read once
    readings = _readings(monkeypatch)
    update = "The port authority reopened the strait on Wednesday at noon"
    page = extract_html(_story(f"<p><strong><a href='/strait-reopens'>{update}</a></strong></p>"))
    assert len(readings) == 1 and readings[0]["favor_precision"]
    lines = page.text.split("\n")
    assert lines.index(update) == [i for i, line in enumerate(lines) if line.startswith("Then")][0] + 1
    assert lines[-1].startswith("In the end")


def test_a_block_the_precision_reading_gives_differently_is_not_put_back(monkeypatch):
    # a formula inside a paragraph: trafilatura's tree cleaning deletes the <math>, so the reading
    # holds the paragraph without it; the block is not missing, and it does not come back twice
    readings = _readings(monkeypatch)
    formula = "<math><semantics><annotation>{\\displaystyle A=A^{H}}</annotation></semantics></math>"
    sentence = "A square matrix is Hermitian if and only if it is equal to its adjoint"
    page = extract_html(_story(f"<p>{sentence.replace('matrix', 'matrix ' + formula, 1)}, as the port said.</p>"))
    assert len(readings) == 1
    assert page.text.count("is Hermitian if and only if") == 1 and "displaystyle" not in page.text


def test_a_reading_holding_little_of_the_paragraph_text_is_read_again_when_it_cut_a_block(monkeypatch):
    # what the precision pass left out may be the story itself when it holds under half of the page's
    # paragraph text: trafilatura's default settings read the page again, as before
    readings = _readings(monkeypatch)
    # (an <aside> of other stories' paragraphs, which every reading leaves out: the reading holds 40% of it all)
    teasers = "<aside>" + "".join(f"<p>Teaser {k}: {PROSE}</p>" for k in range(12)) + "</aside>"
    update = "The port authority reopened the strait on Wednesday at noon"
    extract_html(_story(f"<p><strong><a href='/strait-reopens'>{update}</a></strong></p>", teasers))
    assert len(readings) == 2 and not readings[1].get("favor_precision")


def test_spliced_blocks_go_after_the_line_of_the_held_block_before_them():
    from lxml import html as lxml_html
    from corpus_tools.extract.html import _Block, _Cut, _spliced
    found = "Storm closes the strait\nFirst paragraph of the story.\nSecond paragraph of the story."
    item = lxml_html.fromstring("<ul><li>x</li></ul>").find(".//li")
    heading = lxml_html.fromstring("<div><h2>x</h2></div>").find(".//h2")
    cuts = [_Cut(_Block(heading, "How the week went"), "firstparagraphofthestory", "secondparagraphofthestory"),
            _Cut(_Block(item, "Ferries waited in the bay"), "firstparagraphofthestory", "secondparagraphofthestory"),
            # the held block after it comes before it in the reading: not between two of its lines
            _Cut(_Block(heading, "Related stories"), "secondparagraphofthestory", "firstparagraphofthestory")]
    assert _spliced(found, cuts).split("\n") == [
        "Storm closes the strait", "First paragraph of the story.", "How the week went",
        "- Ferries waited in the bay", "Second paragraph of the story."]
