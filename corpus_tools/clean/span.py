"""Where the story is in a whole-page dump: the span from its first to its last body line.

A scraper that saves all the text of a page (a browser's innerText) gives the site menu,
headline lists, share bars, the article, comments and the footer, one block a line, with
every tag gone. Finn et al. (2001) found the body of an HTML page as the stretch that
maximises text tokens minus tags (a maximum-sum subarray); with the tags gone we score
lines instead, with the signals that survive the loss of HTML — jusText's length and
stopword density, sentence punctuation, the shape of headline lists (short headline lines
alternating with timestamps or one-sentence teasers), lines the page repeats ("Reply",
"Share"), the furniture words of the language file:

1. each line gets a score: prose lines their size in words (half when no prose line touches
   them), furniture the classifier knows (markers, furniture words, promotions, timestamps)
   a penalty, headline-shaped lines, link-arrow lines, long lines of words with no function words (tag
   clouds, name lists), label-shaped lines the page repeats and headline-sized lines it shows
   twice (a link to another story, listed in two places) a smaller one, short sentences
   and other short lines (sub-headings, list items, table cells, code) the smallest, a letter
   or symbol alone (a formula one symbol a line) nothing, so that a short stretch of them
   between paragraphs stays inside the story;
2. headline lists (four or more headline-shaped lines, with timestamps or one-sentence
   teasers between), timestamped feeds (three or more date or clock lines a few lines apart,
   or lines opening with a clock or a slideshow's counter, "1/50 …": live blogs, comment
   threads, "latest" lists, galleries) and site menus past their eighth line weigh as
   furniture, whatever their prose;
3. the span with the largest sum is the story's core (Kadane's algorithm, one pass); a lone
   prose line beside it that speaks of what the core does (15 % of its content words in the
   core's prose, 15 words or more) gets its full weight back, up to the first line that closes a
   story (a share bar, a timestamp, a comment thread's words), and the core is sought again. A story
   cut in parts by a player's or a gallery's controls keeps its other parts: the best run
   beside the core, of two prose lines or more and a quarter of the core's weight, across a
   gap with no prose — or with prose (a gallery's captions) when the run shares a fifth of
   its content words with the core and twice the gap's share — joins it (the gap goes). The span takes in the short lines touching it
   (four below, two above, list items all — not, below, short lines that run straight into furniture:
   they head it), the headline just above it, and its opening: a standfirst
   or byline above lines the classifier drops anyway (a share bar), and a dateline line
   ("ISTANBUL, 23 Februari 2016 (Antara) --"), where the story opens;
   a headline list the span runs through goes (`Span.listed`) — on a page the span cut, and not a
   table's rows (tab-separated cells, which the decoder reports), the story's contents or a series
   of figures;
4. when unsure, keep: a text of fewer than 30 lines, a hard-wrapped text document (an RFC, a
   mail: its lines cut at a fixed width say nothing of prose), a side of the story where the page shows
   (almost) no furniture of its own unless the text is clearly a whole page, or a best span
   with less than 15 words of prose — nothing is cut there. A long page of headline lists
   whose best span has no prose is no article (`Span.no_story`).

trafilatura and jusText need the DOM or a paragraph segmentation the dump has lost
(jusText on dump lines: 0.79 and 0.77 F1 against 0.75 and 0.51 for keeping everything on
the development pages — benchmarks/dumps_eval.py), hence our own. Every threshold was set on
the development pages; two rules were withdrawn because the held-out average fell with them
(docs/cleaning.md gives the figures, held-out pages apart).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .rules import Rules, fold

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_PUNCT = re.compile(r"[.!?。！？](?:[\"”’')\]»]*)(?:\s|$)")
_MARKUP = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^>]*)?>|https?://\S{20,}")  # scripts-off <noscript> leftovers
_LETTER = re.compile(r"[^\W\d_]")
_CLOCK_START = re.compile(r"(?:[01]?\d|2[0-3])[:h][0-5]\d\s+\w")
_COUNTER_START = re.compile(r"\d{1,3}\s?/\s?\d{1,3}(?![/.:\d])\s+\w")  # a slideshow's counter: "1/50 United goin down"
_LINK_ARROWS = ("›", "»", "→", "►", "▸")  # a line opening with one: a link in a list of links
_LIST_ITEM = re.compile(r"(?:[-+*•·–—]|\d{1,3}[.)])\s")  # "+ Added …", "3. …"
_SEPARATOR_MARKS = {"|", "||", "¦", "•", "·", "»", "«", "›", "‹", "/", "-", "–", "—"}
_CJK_STOP = re.compile(r"[。！？!?]")
_SEPARATORS = re.compile(r"\s(?:[•·|»/▪■◆●►›]|>>?)\s")  # "A • B • C", a breadcrumb "A > B > C"
_ITEM_BREAKS = re.compile(r"\s(?:[•·»/▪■◆●►›]|>>?)\s|\|")
_GLUED = re.compile(r"[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ][^\W\d_]*?[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ]")  # "SociedadPolíticaEl"
_WORDS = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_PLACE_COMMA = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}),\s+(\S.*)")  # "ISTANBUL, 23 Februari 2016 …"
_DIGIT_DATE = re.compile(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")

# a feed's item date (RFC 822, as RSS writes it): a day, a month's abbreviation, a year, a clock with its
# seconds and a zone — "05 Nov 2015 14:56:43 +0700", "Thu, 05 Nov 2015 03:12:42 GMT"
_FEED_STAMP = re.compile(r"\b\d{1,2} [^\W\d_]{3} (?:\d{2}){1,2} \d{2}:\d{2}:\d{2} ?(?:[+-]\d{4}|[A-Z]{2,4})")
_ADDRESS = re.compile(r"https?://\S")
FEED_ITEMS = 3  # this many items' dates and addresses, or more, run together on fewer lines: a feed


def flattened_feed(text: str) -> bool:
    """A news feed (RSS) saved as text: a site's home page that a scraper fetched as its feed and a
    browser showed with the markup gone. FEED_ITEMS or more item dates with seconds and a zone and as many
    web addresses, run together on fewer lines than they number — a story that quotes a feed or lists
    links puts them on lines of their own. No article: nothing in it is a story's text."""
    if "://" not in text:  # (the cheap test first)
        return False
    stamps = len(_FEED_STAMP.findall(text))
    if stamps < FEED_ITEMS:
        return False
    addresses = len(_ADDRESS.findall(text))
    return addresses >= FEED_ITEMS and sum(1 for line in text.split("\n") if line.strip()) < stamps + addresses


PROSE_WORDS = 10  # a body paragraph line: at least this many words with a sentence in it
NEUTRAL = -1.5  # a short line: sub-heading, list item, table cell, code
EDGE_LINES = 4  # short lines touching the story taken in with it (list items: all)
TOP_EDGE_LINES = 2  # above the story: a title, a caption — further up, bylines and related headlines
FRAGMENT = 0.0  # a letter or symbols alone: a piece of a formula, a figure — nothing a menu is made of
SHORT_SENTENCE = -0.5  # a sentence too short for a paragraph: a list step, a one-line answer
HEADLINE = -3.0  # a short line shaped like a headline or a menu item
DATELINE = -1.0  # a place and a date opening the story on a line of its own
FURNITURE = -6.0  # a line the classifier or the page's repetition marks as furniture
SIDE_EVIDENCE = 3  # furniture lines the classifier must find on a side of the story to cut it
WHOLE_PAGE_LINES = 80  # this many lines, or this much furniture, is a whole page, not an article
WHOLE_PAGE_EVIDENCE = 12
PAGE_LINES = 30  # fewer lines than this: an article already extracted, not a page — no span cut
HOME_STORY_WORDS = 15  # a page with less prose in its best span, mostly headlines: no article
NO_STORY_SHARE = 0.55  # … its share of lines shaped like headlines, lists or page furniture
MIN_STORY_WORDS = 15  # less prose than this in the best span: unsure where the story is


@dataclass(frozen=True)
class Span:
    start: int  # index of the first line of the story (into the list of non-empty lines)
    end: int  # index one past its last line
    story_words: int  # prose words in the core
    why_start: str  # why the lines above went
    why_end: str  # why the lines below went
    headline_share: float = 0.0  # share of the page's lines shaped like headlines or menu items
    holes: frozenset[int] = frozenset()  # lines inside the span between two parts of the story
    listed: frozenset[int] = frozenset()  # lines inside the span of a list of other stories (a headline list)
    shaped: frozenset[int] = frozenset()  # on a page of headline lists (`no_story`): its headline and list lines
    headline: int | None = None  # the story's headline above its first paragraph (`find_headline`), if found
    opening: int = 0  # with a headline: the story's first paragraph (`first_paragraph`)

    @property
    def no_story(self) -> bool:
        """A page (a home or section page) with headline lists and no story to speak of."""
        return self.headline_share >= NO_STORY_SHARE and self.story_words < HOME_STORY_WORDS


def size(text: str, words: int) -> int:
    """Words, counting CJK characters two to a word (those scripts put no spaces)."""
    cjk = len(_CJK.findall(text))
    return max(words, words + cjk // 2) if cjk else words


def is_prose(text: str, words: int, stop_density: float, rules: Rules) -> bool:
    """A body paragraph: long enough, with a sentence in it, and (where the language file
    gives stopwords) function words at the density of running text. A table row, as
    trafilatura renders one ("| cell | cell |"), is judged by the text of its cells."""
    if len(text) > 2 and text[0] == "|" and text[-1] == "|":
        text = " ".join(cell.strip() for cell in text[1:-1].split("|") if cell.strip())
    if _MARKUP.search(text) or menu_line(text, glued=False):  # (a paragraph may name a "MacBookPro")
        return False
    n = size(text, words)
    if n >= PROSE_WORDS and n > words + 5:  # CJK running text: no spaces; a sentence stop, or long
        return n >= 20 or bool(_CJK_STOP.search(text))
    if n < PROSE_WORDS or not (n >= 20 or _SENTENCE_PUNCT.search(text + " ") or text.endswith((":", "…", ",", ";"))
                               or _lowercase_run(text)):
        return False
    return not rules.own_stopwords or stop_density >= 0.12 or (n >= 40 and stop_density >= 0.08)


def menu_line(text: str, glued: bool = True) -> bool:
    """Links on one line: separated ("A • B • C", "A|B|C|D", a breadcrumb "Home > News > World"),
    or run together as a browser's innerText leaves links with no space between them
    ("Últimas NoticiasSociedadPolíticaEl Mundo", "BookmarkBookmarkedShareMore": two changes from
    lower to upper case inside one word — a brand name has one, "iPhone", "JavaScript")."""
    return (len(_SEPARATORS.findall(text)) >= 2 or text.count("|") >= 3
            or (glued and bool(_GLUED.search(text))))


def _link_row(text: str, words: int) -> bool:
    """A row of links (`_menu_line`) of a few words each — not a closing sentence with a few links
    glued to it ("… with the headline: Under the City’s Streets. Order Reprints | Today’s Paper")."""
    return menu_line(text) and words <= 4 * (len(_ITEM_BREAKS.split(text)) + len(_GLUED.findall(text)))


def _lowercase_run(text: str) -> bool:
    """Running text wrapped mid-sentence: starts in lower case, most longer words too."""
    if not text[:1].islower():  # a headline in sentence case starts with a capital; a wrapped line need not
        return False
    long_words = [w for w in _WORDS.findall(text) if len(w) > 3]
    return len(long_words) >= 4 and sum(w[0].islower() for w in long_words) >= 0.7 * len(long_words)


def repeated_lines(texts: list[str]) -> set[str]:
    """Folded short lines the page itself shows three times or more ("Reply", "Share", a name)."""
    counts = Counter(fold(t) for t in texts if len(t) <= 40 and _labelled(t))
    counts.pop("", None)
    return {key for key, count in counts.items() if count >= 3 and key}


RELISTED_WORDS = 5  # a line of this many words or more (up to 20, no paragraph) shown twice: a link to a story


def relisted_lines(texts: list[str], words: list[int], prose: list[bool]) -> set[str]:
    """Folded headline-sized lines the page shows twice or more: a link to another story, listed
    under the story and again in "Most read" or "Latest" — in sentence case too, which no headline
    shape catches ("Mitsubishi tambah dealer di Kota Palembang"). Not a paragraph (a pull-quote
    repeats a story's sentence), not a line opening with a mark (a reference's ". Retrieved …", a
    list item), and not under RELISTED_WORDS words (a short link, "Time travel in fiction", is
    a story's "see also" as often as a list's)."""
    counts = Counter(fold(text) for text, n, paragraph in zip(texts, words, prose)
                     if RELISTED_WORDS <= n <= 2 * PROSE_WORDS and not paragraph and text[:1].isalpha())
    return {key for key, count in counts.items() if count >= 2 and key}


def _short_sentence(text: str, words: int) -> bool:
    """A sentence too short for a paragraph ("Insert the plant into the hole."): a list step,
    a one-line answer — body, where a menu item or a headline has no full stop."""
    return 3 <= words <= 2 * PROSE_WORDS and bool(_SENTENCE_PUNCT.search(text[-3:] + " ")) and not _MARKUP.search(text)


def _word_salad(text: str, words: int, stop_density: float, rules: Rules) -> bool:
    """A long line with (almost) no function words: a tag cloud, a list of names — of words, not
    figures: a worked sum or a formula ("H = 15,3 cm + (10 x 0,01 cm) = 15,40 cm") is the story's."""
    if not (size(text, words) > 2 * PROSE_WORDS and rules.own_stopwords and stop_density < 0.05):
        return False
    lettered = 0
    for word in _WORDS.finditer(text):
        lettered += bool(_LETTER.search(word.group()))
        if lettered > 2 * PROSE_WORDS:
            return True
    return False


def _dateline(text: str, rules: Rules) -> bool:
    """A dateline on a line of its own: a place, a comma, a date in digits or in the language's
    month names ("ISTANBUL, 23 Februari 2016 (Antara) --") — not a weekday and a date, which is
    how a page shows its own date."""
    match = _PLACE_COMMA.match(text) if len(text) <= 100 else None
    if not match or match.group(1).lower() in rules.timestamp_words:
        return False
    head = _WORDS.findall(match.group(2))[:4]
    return any(w.isdigit() for w in head) and (any(w.lower() in rules.timestamp_words for w in head)
                                               or bool(_DIGIT_DATE.match(match.group(2))))


def _fragment(text: str) -> bool:
    """A piece of a formula or a figure: a letter, digit or mathematical symbol alone, two at
    most — not a separator of a menu ("|", "•", "»") nor a word of two CJK characters."""
    return len(text) <= 2 and text not in _SEPARATOR_MARKS and not _CJK.search(text) and all(
        c.isalnum() or unicodedata.category(c) in ("Sm", "Mn") for c in text)


def _labelled(text: str) -> bool:
    """Shaped like a label of page furniture ("Reply", "Report abuse", "Share"): a capital and
    then lower case — not a keyword or identifier of a code listing, a cell of a table or a
    symbol of a formula, which a page repeats too."""
    first = next((k for k, c in enumerate(text) if c.isalpha()), None)
    return first is not None and text[first].isupper() and any(map(str.islower, text[first + 1:]))


def find_span(texts: list[str], words: list[int], densities: list[float], clutter: list[bool],
              evidence: list[bool], timestamps: list[bool], rules: Rules, title_key: str | None = None,
              own: list[bool] | None = None, rows: list[bool] | None = None) -> Span:
    """The story's span among the non-empty lines `texts` (see the module docstring).

    `clutter[i]` says the line classifier already marks line i as furniture; `evidence[i]`
    that it does so by a rule of its own (a marker, furniture word, promotion, timestamp);
    `timestamps[i]` that line i is a date or time line in the language's own words; `own[i]`
    that the classifier drops line i by a rule of the line alone (furniture, share bar,
    promotion, timestamp), not as part of a block — wherever the span is; `rows[i]` that line i
    was a table's row, its cells separated by tabs (`decode.table_rows`)."""
    n = len(texts)
    if n < PAGE_LINES or _hard_wrapped(texts):
        return Span(0, n, 0, "", "")
    repeated = repeated_lines(texts)
    prose = [is_prose(t, w, d, rules) for t, w, d in zip(texts, words, densities)]
    relisted = relisted_lines(texts, words, prose)
    scores = []
    stamps = [i for i, text in enumerate(texts) if timestamps[i] or _timestamp_only(text)]
    for i, text in enumerate(texts):
        if clutter[i]:
            scores.append(FURNITURE)
        elif (key := fold(text)) in repeated or key in relisted:  # "Reply", "Share" (or a code keyword); a link
            scores.append(HEADLINE)
        elif prose[i]:
            alone = not (i > 0 and prose[i - 1]) and not (i + 1 < n and prose[i + 1])
            scores.append(size(text, words[i]) / (2 if alone else 1))
        elif _dateline(text, rules):
            scores.append(DATELINE)
        elif _short_sentence(text, words[i]):
            scores.append(SHORT_SENTENCE)
        else:
            scores.append(HEADLINE if _headline_shaped(text, words[i]) or text.startswith(_LINK_ARROWS)
                          or _link_row(text, words[i]) or _word_salad(text, words[i], densities[i], rules) else
                          FRAGMENT if _fragment(text) else NEUTRAL)
    for i in stamps:
        scores[i] = FURNITURE
    rows = rows or [False] * n
    listed = _headline_lists(texts, words, prose, scores, rows)
    _feeds(stamps, words, scores)
    menus = _menus(texts, words)
    for run in menus:  # a list in a story is a few lines; a site menu goes on and on
        for i in run[MENU_RUN:]:
            scores[i] = min(scores[i], FURNITURE)
    _feeds([i for i, text in enumerate(texts) if _CLOCK_START.match(text)], words, scores, headed=True)
    _feeds([i for i, text in enumerate(texts) if _COUNTER_START.match(text)], words, scores, headed=True)
    ranked = _ranked_lists(texts)
    for i in ranked:
        scores[i] = min(scores[i], FURNITURE)
    best_start, best_end = _best_run(scores)
    own = own or [False] * n
    if _lone_paragraphs(texts, words, prose, scores, own, rules, best_start, best_end):
        best_start, best_end = _best_run(scores)
    story_words = sum(size(texts[i], words[i]) for i in range(best_start, best_end) if prose[i])
    shaped = [i for i, s in enumerate(scores) if s in (HEADLINE, FURNITURE)]  # lines shaped like headlines or menus
    headline_share = len(shaped) / n
    if story_words < MIN_STORY_WORDS:  # unsure: keep it all (a home page is judged elsewhere)
        return Span(0, n, story_words, "", "", headline_share,
                    shaped=frozenset(shaped) if headline_share >= NO_STORY_SHARE else frozenset())
    start, end, holes = _parts(scores, prose, best_start, best_end, texts, rules)
    # Unsure: short lines touching the story stay — a list, however long, or a few others.
    start = _opening(texts, scores, own, start)
    taken, core_end = 0, end
    while end < n and scores[end] in (NEUTRAL, FRAGMENT, SHORT_SENTENCE) and (taken < EDGE_LINES or _LIST_ITEM.match(texts[end])):
        taken += not _LIST_ITEM.match(texts[end])
        end += 1
    end = _furniture_heading(texts, words, scores, core_end, end)
    start = _grow_up(texts, scores, start, title_key)
    # Unsure: unless the text is clearly a whole page, a side where the classifier found
    # (almost) no furniture of its own (an article already extracted, ending in a schedule or
    # a list) is kept whole.
    stamp_set = set(stamps)
    menu = {i for run in menus for i in run}
    evidence = [e or i in stamp_set or i in menu or i in ranked or fold(texts[i]) in repeated
                or (scores[i] == HEADLINE and _link_row(texts[i], words[i])) for i, e in enumerate(evidence)]
    whole_page = sum(s != FRAGMENT for s in scores) >= WHOLE_PAGE_LINES or sum(evidence) >= WHOLE_PAGE_EVIDENCE
    if not whole_page and sum(evidence[:start]) < SIDE_EVIDENCE:
        start = 0
    if not whole_page and sum(evidence[end:]) < SIDE_EVIDENCE:
        end = n
    # A list of other stories the core runs through goes — on a page the span cut (an article
    # already extracted, kept whole, ends in its own lists: a schedule, a how-to's steps, lyrics).
    inside = _inside(texts, listed, start, end, set(stamps)) if start > 0 or end < n else frozenset()
    return Span(start, end, story_words, "above the story", "below the story", headline_share,
                frozenset(h for h in holes if start <= h < end), inside)


INSIDE_RUN = 4  # this many lines of a headline list in a row inside the span go (0: none)


def _inside(texts: list[str], listed: set[int], start: int, end: int, stamps: set[int]) -> frozenset[int]:
    """The lines of headline lists (`listed`) inside the span, in runs of INSIDE_RUN or more (a
    list cut short by the span's edge is its part, not a list) — not the story's contents nor a
    series of figures."""
    found: set[int] = set()
    run: list[int] = []
    for i in range(start, end + 1):
        if i < end and i in listed:
            run.append(i)
            continue
        if INSIDE_RUN and len(run) >= INSIDE_RUN and not (CONTENTS and _contents(texts, run)) \
                and not (SERIES and _series(texts, run, stamps)):
            found.update(run)
        run = []
    return frozenset(found)


CONTENTS = SERIES = True  # (switches for benchmarks/dumps_cv)
MOSTLY = 0.5  # share of a run's lines that makes it a story's contents or a series of figures
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?\s+")  # "4.1 ", "2. "
_DIGITS = re.compile(r"\d+")


def _contents(texts: list[str], run: list[int]) -> bool:
    """A story's table of contents: most of the run's lines recur as lines of their own below it
    (its sections' headings; "4.1 Geography" as "Geography")."""
    below = {fold(_SECTION_NUMBER.sub("", t, count=1)) for t in texts[run[-1] + 1:]}
    return sum(fold(_SECTION_NUMBER.sub("", texts[i], count=1)) in below for i in run) >= MOSTLY * len(run)


def _series(texts: list[str], run: list[int], stamps: set[int]) -> bool:
    """A series of figures, not headlines: most of the run's lines are the same words around
    different numbers ("More than 5%", "More than 10%": a map's legend, a scale) — and no date
    among them (dated entries, "Issue 105", "December 7, 2021", are a feed of posts)."""
    if stamps.intersection(run):
        return False
    shapes = Counter(_DIGITS.sub("#", fold(texts[i])) for i in run)
    return sum(count for shape, count in shapes.items() if count >= 2 and "#" in shape) >= MOSTLY * len(run)


_CLOSES_SENTENCE = (".", "!", "?", ":")  # a line ending so ends a sentence (or opens a list)
WRAP_WIDTH = 80  # a text document (an RFC, a mail, a book) wraps its lines at this many characters or fewer
WRAPPED_SHARE = 0.2  # this share of its lines wrapped mid-sentence: a hard-wrapped document


def _hard_wrapped(texts: list[str]) -> bool:
    """A plain-text document wrapped at a fixed width (an RFC, a mailing-list message, a book
    from a text archive): (almost) no line longer than WRAP_WIDTH, and a fifth of its lines
    wide and broken mid-sentence (the next line goes on in lower case). There a line's length
    and punctuation say nothing of prose, so no span is sought: when unsure, keep. A web
    page's innerText puts a paragraph on one line, and its menus are short lines."""
    n = len(texts)
    if sum(len(t) > WRAP_WIDTH for t in texts) > 0.02 * n:
        return False
    wrapped = sum(1 for a, b in itertools.pairwise(texts)
                  if len(a) >= WRAP_WIDTH * 5 // 8 and not a.endswith(_CLOSES_SENTENCE) and b[:1].islower())
    return wrapped >= WRAPPED_SHARE * n


LONE_WORDS = 15  # a lone paragraph of this many words or more (a caption, a teaser sentence is shorter)
LONE_VOCABULARY = 0.15  # share of a lone paragraph's content words the core's prose uses


def _lone_paragraphs(texts: list[str], words: list[int], prose: list[bool], scores: list[float], own: list[bool],
                     rules: Rules, start: int, end: int) -> bool:
    """A story whose paragraphs stand one by one between short lines (a feature page: a heading,
    a paragraph, "Learn more", "Next"; a list of references): a lone prose line weighs half, as a
    teaser does, unless it speaks of what the core does — LONE_WORDS or more, LONE_VOCABULARY of
    its content words in the core's prose. Walking out from the core on each side, such lines get
    their full weight back, until a line that closes a story (one the classifier drops by its own
    rule — a share bar, a timestamp, a comment thread's or a promotion's words — not a furniture
    word alone, a pager's "Next" or a "Share" button, which sit between parts of a story too).
    Returns whether any weight changed (then the core is sought again)."""
    lone = [i for i in itertools.chain(range(start), range(end, len(texts)))
            if prose[i] and 0 < scores[i] < size(texts[i], words[i]) and size(texts[i], words[i]) >= LONE_WORDS]
    if not lone:  # the cheap test first
        return False
    lone_set = set(lone)
    vocabulary = set(_content_words([texts[i] for i in range(start, end) if prose[i]], rules))
    changed = False
    for side in (range(start - 1, -1, -1), range(end, len(texts))):
        for i in side:
            if own[i] and fold(texts[i]) not in rules.furniture_words:
                break
            if i in lone_set and _shared([texts[i]], vocabulary, rules) >= LONE_VOCABULARY:
                scores[i] = size(texts[i], words[i])
                changed = True
    return changed


PART_SHARE = 0.25  # a part of the story besides the core weighs at least this share of it


def _parts(scores: list[float], prose: list[bool], start: int, end: int, texts: list[str], rules: Rules
           ) -> tuple[int, int, set[int]]:
    """A story cut in parts by a video player's or a gallery's controls: the best run above or
    below the core, two prose lines or more weighing PART_SHARE of the core, across a gap with
    no prose line in it — or with prose (a gallery's captions) that shares at most half as much
    of the core's vocabulary as the run does, the run sharing PART_VOCABULARY — is the story too.
    Returns the span and the gap lines (its holes)."""
    core = sum(scores[start:end])
    vocabulary = set(_content_words([texts[i] for i in range(start, end) if prose[i]], rules))

    def joins(run: tuple[int, int], gap: tuple[int, int]) -> bool:
        a, b = run
        return (b > a and sum(scores[a:b]) >= PART_SHARE * core and sum(prose[a:b]) >= 2
                and (not any(prose[gap[0]:gap[1]]) or _closer(texts, prose, run, gap, vocabulary, rules)))

    holes: set[int] = set()
    while joins(run := _best_run(scores[:start]), gap := (run[1], start)):
        holes.update(range(*gap))
        start = run[0]
    while joins(run := tuple(end + k for k in _best_run(scores[end:])), gap := (end, run[0])):
        holes.update(range(*gap))
        end = run[1]
    return start, end, holes


PART_VOCABULARY = 0.2  # share of a part's content words the core uses, across a gap with prose


def _content_words(texts: list[str], rules: Rules) -> list[str]:
    """Words that carry a topic: four letters or more, not stopwords (a CJK character each)."""
    found = []
    for text in texts:
        found += [w for w in _WORDS.findall(text.lower()) if len(w) >= 4 and w not in rules.stopwords]
        found += _CJK.findall(text)
    return found


def _shared(texts: list[str], vocabulary: set[str], rules: Rules) -> float:
    words = _content_words(texts, rules)
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


def _closer(texts: list[str], prose: list[bool], run: tuple[int, int], gap: tuple[int, int],
            vocabulary: set[str], rules: Rules) -> bool:
    """The run beyond a gap with prose speaks of what the core does, and the gap's prose less."""
    part = _shared([texts[i] for i in range(*run) if prose[i]], vocabulary, rules)
    between = _shared([texts[i] for i in range(*gap) if prose[i]], vocabulary, rules)
    return part >= PART_VOCABULARY and part >= 2 * between


def _best_run(scores: list[float]) -> tuple[int, int]:
    """The run of lines with the largest sum of scores (Kadane's algorithm): (start, end)."""
    best, best_start, best_end = 0.0, 0, 0
    run, run_start = 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = score, i
        else:
            run += score
        if run > best:
            best, best_start, best_end = run, run_start, i + 1
    return best_start, best_end


def _timestamp_only(text: str) -> bool:
    """A line that is a date or clock and little else, in any language."""
    if len(text) > 40 or not _DIGIT_DATE.search(text):
        return False
    rest = _DIGIT_DATE.sub("", text)
    return len(_WORDS.findall(rest)) <= (2 if len(text) <= 30 else 1)


RANKS = 3  # this many ranks in a row ("1", "2", "3" on lines of their own, a headline after each): a chart


def _ranked_lists(texts: list[str]) -> set[int]:
    """A chart of headlines ("Most read": "1", a headline, "2", a headline, …): ranks counting up by
    one on lines of their own, RANKS or more, each followed within a few lines by words that end
    no sentence (a headline; the steps of a how-to numbered so are sentences, and a figure's axis
    has no words between its numbers). Every line from the first rank to the last one's entry."""
    found: set[int] = set()
    run: list[int] = []
    for i, text in enumerate(texts + ["."]):
        if text.isdigit() and len(text) <= 2:
            entry = texts[run[-1] + 1:i] if run else []
            if run and int(text) == int(texts[run[-1]]) + 1 and _rank_entry(entry):
                run.append(i)
                continue
        elif not run or (i - run[-1] <= 4 and i < len(texts)):
            continue
        if len(run) >= RANKS and _rank_entry(texts[run[-1] + 1:run[-1] + 1 + min(run[1] - run[0], 4) - 1]):
            found.update(range(run[0], run[-1] + run[1] - run[0]))
        run = [i] if text.isdigit() and len(text) <= 2 else []
    return {i for i in found if i < len(texts)}


def _rank_entry(lines: list[str]) -> bool:
    """The lines between two ranks: one to three, with words, none ending a sentence."""
    return 1 <= len(lines) <= 3 and all(_LETTER.search(t) and not t.endswith((".", "!", "?", ":")) for t in lines)


def _headline_lists(texts: list[str], words: list[int], prose: list[bool], scores: list[float],
                    rows: list[bool]) -> set[int]:
    """Headline lists: headline-shaped lines (no sentence end, a few words) that follow each
    other, or alternate with timestamps or one-sentence teasers. Every line of such a run
    counts as furniture, teasers included."""
    n = len(texts)
    shape = []
    for i, text in enumerate(texts):
        headline = _headline_shaped(text, words[i])
        shape.append("T" if rows[i] and TABLE_ROWS else "H" if headline else
                     ("F" if scores[i] == FURNITURE else ("S" if prose[i] else "o")))
    if TABLE_CONTINUES:
        for i in range(1, n):
            if shape[i - 1] == "T" and shape[i] in "Ho":
                shape[i] = "T"
    marked: set[int] = set()
    i = 0
    while i < n:
        if shape[i] != "H":
            i += 1
            continue
        j, teasers = i, []
        while j < n and _in_list(shape, words, j):
            if shape[j] == "S":
                teasers.append(j)
            j += 1
        if 0 < len(teasers) < 3:  # not a list of teasers: the run ends at its first sentence
            j = teasers[0]
        heads = shape[i:j].count("H")
        if heads >= 4:
            for k in range(i, j):
                scores[k] = min(scores[k], FURNITURE)
            marked.update(range(i, j))
        i = max(j, i + 1)
    return marked


TABLE_ROWS = True
TABLE_CONTINUES = True


def _in_list(shape: list[str], words: list[int], j: int) -> bool:
    """Line j continues a headline list: a headline or furniture; a teaser sentence after a
    headline; a short line between list lines."""
    after = shape[j + 1] if j + 1 < len(shape) else ""
    if shape[j] == "T":  # a table's row: a table is no list of headlines
        return False
    if shape[j] in "HF":
        return True
    if shape[j] == "S":
        return shape[j - 1] in "Ho" and words[j] <= 45 and after in ("H", "F", "o")
    return shape[j - 1] in "HFS" and after in ("H", "F")


FEED_GAP = 8  # timestamps at most this many lines apart, three or more: a feed


def _feeds(stamps: list[int], words: list[int], scores: list[float], gap: int = FEED_GAP,
           headed: bool = False) -> None:
    """Timestamped feeds — live blogs, comment threads, "latest news" lists: three or more
    date or clock lines at most FEED_GAP lines apart. Every line of the run, from the line
    before its first timestamp (its heading; where the anchors carry the headlines, not a
    paragraph) to a typical entry after its last, is furniture, however long its prose.
    (A table of data with a date column is no feed: most lines between its dates are not
    words; `headed`: the anchors carry the entries' headlines, and count among the lines of
    words.)"""
    run = stamps[:1]
    for index in stamps[1:] + [None]:
        if index is not None and index - run[-1] <= gap:
            run.append(index)
            continue
        run = _entries(run)
        between = [k for k in range(run[0], run[-1]) if headed or k not in run] if len(run) >= 3 else []
        worded = sum(words[k] >= 3 for k in between)
        if len(run) >= 3 and worded >= 0.5 * len(between):  # entries of words, not a table of data
            gaps = sorted(b - a for a, b in itertools.pairwise(run))
            entry = gaps[len(gaps) // 2]
            first = run[0] - 1 if run[0] and not (headed and scores[run[0] - 1] > 0) else run[0]  # its heading
            for k in range(first, min(len(scores), run[-1] + entry)):
                scores[k] = min(scores[k], FURNITURE)
        run = [index] if index is not None else []


EDGE_GAP = 5  # a stamp at a feed's edge this many lines or more from the next may be no entry of it (`_entries`)


def _entries(run: list[int]) -> list[int]:
    """The stamps of a run that are a feed's entries: a feed's entries come at like intervals, so a stamp at
    either edge at least EDGE_GAP lines and more than twice the others' median interval from its neighbour is
    the page's own (a story's "Published … 10:15" above its paragraphs, then a timestamped "Most read" list),
    not an entry; the story between them is no entry either."""
    while len(run) >= 3:
        gaps = [b - a for a, b in itertools.pairwise(run)]
        first, last = gaps[0], gaps[-1]
        if first >= EDGE_GAP and first > 2 * sorted(gaps[1:])[(len(gaps) - 1) // 2]:
            run = run[1:]
        elif last >= EDGE_GAP and last > 2 * sorted(gaps[:-1])[(len(gaps) - 1) // 2]:
            run = run[:-1]
        else:
            break
    return run


MENU_RUN = 8  # this many one-to-three-word lines in a row: a site menu


def _menus(texts: list[str], words: list[int]) -> list[list[int]]:
    """Site menus: runs of MENU_RUN or more lines of one to three words (CJK counted two
    characters a word: a long CJK line has no spaces but is no menu item), no sentence."""
    found: list[list[int]] = []
    run: list[int] = []
    for i, text in enumerate(texts + [""]):
        if text and 1 <= size(text, words[i]) <= 3 and text[0].isalpha() and not text.endswith(_CLOSES_SENTENCE):
            run.append(i)  # (a list item of a story may start with a bullet or a number)
            continue
        if len(run) >= MENU_RUN:
            found.append(run)
        run = []
    return found


def _headline_shaped(text: str, words: int) -> bool:
    """A headline: a few capitalised words, mostly letters, no full stop at the end."""
    if not 3 <= words <= 20 or not (text[:1].isupper() or text[:1].isdigit()) or text.endswith((".", ":", ";", ",")):
        return False
    letters = sum(map(str.isalpha, text))
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    long_words = [w for w in _WORDS.findall(text) if len(w) > 3]
    return not long_words or sum(w[0].isupper() for w in long_words) >= 0.5 * len(long_words)


_SIGN_OFF = re.compile(r"\(.*\)")  # "(ahm)", "(kpl/sry)", "(Reuters)": the editors' or the agency's mark closing a story
HEADING_WORDS = 6  # below the story, short lines of this many words or fewer leading into furniture: its heading


def _furniture_heading(texts: list[str], words: list[int], scores: list[float], core_end: int, end: int) -> int:
    """Below the story, the short lines taken in with it that lead straight into a block of page
    furniture — through more such lines past the edge ("Related Topics", "Comments (74)",
    "Promoted Links" above a list, a feed, a share bar) — are that block's heading, not the
    story's last lines: they go with it. A sentence, a symbol alone, a list item or a sign-off in
    brackets stops the walk back (a credit, the story's own list, "(ahm)"), and so does the core."""
    def heading(i: int) -> bool:
        return (scores[i] == NEUTRAL and size(texts[i], words[i]) <= HEADING_WORDS and not _LIST_ITEM.match(texts[i])
                and not _SIGN_OFF.fullmatch(texts[i]))

    ahead = end
    while ahead < len(scores) and heading(ahead):
        ahead += 1
    if not HEADING_WORDS or ahead >= len(scores) or scores[ahead] != FURNITURE:
        return end
    while end > core_end and heading(end - 1):
        end -= 1
    return end


OPENING_GAP = 8  # lines dropped by their own rule (a share bar) the opening may sit above the core across


def _opening(texts: list[str], scores: list[float], own: list[bool], start: int) -> int:
    """The story's opening above its core: short lines touching it (a list, however long, or
    a few others: byline, dateline, caption) and a standfirst paragraph, across lines the
    classifier drops by rules of their own anyway (a share bar, a timestamp, a promotion)."""
    taken = gap = 0
    k = start - 1
    while k >= 0:
        if own[k] and scores[k] == FURNITURE:
            gap += 1
            if gap > OPENING_GAP:
                break
        elif scores[k] > 0:  # a standfirst, above the share bar
            start = k
        elif scores[k] == DATELINE:  # the story opens here
            return k
        elif scores[k] in (NEUTRAL, FRAGMENT, SHORT_SENTENCE) and (taken < TOP_EDGE_LINES or _LIST_ITEM.match(texts[k])):
            taken += not _LIST_ITEM.match(texts[k])
            start = k
        else:
            break
        k -= 1
    return start


def _grow_up(texts: list[str], scores: list[float], start: int, title_key: str | None) -> int:
    """Take in the headline when it sits just above the core, with only short lines between."""
    if not title_key:
        return start
    for i in range(start - 1, max(-1, start - 8), -1):
        if fold(texts[i]) == title_key:
            return i
        if scores[i] > 0:
            break
    return start


HEADLINE_WINDOW = 14  # lines above the story's first paragraph where its headline is looked for
DATE_BELOW, DATE_ABOVE = 3, 2  # a headline's byline date or timestamp: this many lines below it, or above it
HEADLINE_SHARE = 0.5  # else: this share of its content words in the story's prose
HEADLINE_MAX_WORDS = 30
DEK_WORDS = 1.2  # a standfirst has this many times the words of the headline above it, or more


def find_headline(texts: list[str], words: list[int], densities: list[float], own: list[bool], dated: list[bool],
                  rules: Rules, start: int, end: int) -> int | None:
    """The headline of a whole-page dump whose span (`start`–`end`) cut the page above the story: the
    line shaped like a title (`title_line`: four words or more, no sentence end, no byline) among the
    HEADLINE_WINDOW lines above the story's first paragraph that no rule of its own drops (`own`: a
    share bar, a timestamp, a credit). First the nearest such line with a date line (`dated`: a
    timestamp, a post's head, a byline's date) at most DATE_BELOW lines below it (the byline under
    the headline), then at most DATE_ABOVE above it (a page's date over its headline), then the
    nearest whose content words are HEADLINE_SHARE in the story's prose (a related headline is about
    another story); a standfirst under its headline gives way to it (the line above, shorter and on
    the story too). None when no line qualifies."""
    first = first_paragraph(texts, words, densities, rules, start, end)
    vocabulary = set(_content_words([texts[i] for i in range(first, end)
                                     if is_prose(texts[i], words[i], densities[i], rules)], rules))

    def candidate(i: int) -> bool:
        return 0 <= i < first and not own[i] and not dated[i] and title_line(texts[i], rules)

    def on_the_story(i: int) -> bool:
        return _shared([texts[i]], vocabulary, rules) >= HEADLINE_SHARE

    lowest = max(-1, first - 1 - HEADLINE_WINDOW)  # above the span first, nearest first; then its opening lines
    window = [i for i in [*range(start - 1, lowest, -1), *range(first - 1, start - 1, -1)] if i > lowest and candidate(i)]
    found = next((i for i in window if any(dated[i + 1:min(first, i + 1 + DATE_BELOW)])), None)
    if found is None:
        found = next((i for i in window if any(dated[max(0, i - DATE_ABOVE):i])), None)
    if found is None:
        found = next((i for i in window if on_the_story(i)), None)
    if found is not None and candidate(found - 1) and DEK_WORDS * words[found - 1] <= words[found] \
            and on_the_story(found - 1):
        found -= 1  # a standfirst under its headline
    return found


def first_paragraph(texts: list[str], words: list[int], densities: list[float], rules: Rules, start: int,
                    end: int) -> int:
    """The story's first prose line in the span `start`–`end` (its start when it has none)."""
    return next((i for i in range(start, end) if is_prose(texts[i], words[i], densities[i], rules)), start)


_TRAILING = re.compile(r"[.:;,]$")
_SENTENCE_INSIDE = re.compile(r"[^\W\d_]{3,}\.\s*[A-Z]|\d\.[A-Z]")  # "… in 2023.Credit …", "… Parata. Photograph: …"
_CREDIT_END = re.compile(r"[^\W\d_]{2,}/[^\W\d_]{2,}(?:[/ ][^\W\d_]+)?$")  # a photo's credit: "… Benoit Tessier/Reuters"


def title_line(text: str, rules: Rules) -> bool:
    """Shaped like a title: 4 to HEADLINE_MAX_WORDS words, most characters letters, no sentence end
    ("…", "?" and "!" may close a headline), no markup, no row of links — and no byline ("By Jane
    Doe", "Reviewed by …", "Pewarta: …": a `byline_cues` word first or second, a capital after it)
    nor a credit ending in one ("Supported by")."""
    found = _WORDS.findall(text)
    if not 4 <= len(found) <= HEADLINE_MAX_WORDS or len(text) > 220 or _TRAILING.search(text) \
            or _MARKUP.search(text) or "://" in text or menu_line(text, glued=False) or _SENTENCE_INSIDE.search(text) \
            or _CREDIT_END.search(text):
        return False
    letters = sum(map(str.isalpha, text))
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    lowered = [w.lower() for w in found]
    if lowered[-1] in rules.byline_cues:
        return False
    for k in (0, 1):
        if lowered[k] in rules.byline_cues:
            rest = text[text.lower().find(lowered[k]) + len(lowered[k]):].lstrip(" :")
            if rest[:1].isupper() or k == 0:
                return False
    return True
