"""The line classifier: which lines of a scraped page are the story.

Why our own: jusText classifies paragraphs of HTML by length and stopword
density alone and, used on a plain-text dump, keeps headline lists that look
like short prose and drops short body lines; trafilatura needs the HTML that a
text dump has lost. News clutter has a structure both ignore: a section marker
("Populer", "Berita Terkait") opens a run of headline and timestamp lines that
lasts until the story resumes. So the classifier combines
(a) section markers and the block they open,
(b) jusText-style line features — length, stopword density, terminal
    punctuation, timestamp-only lines, truncated teasers — with context from
    neighbouring lines, and
(c) corpus evidence: short lines that recur across an outlet's articles.
When unsure it keeps: dropping a body line loses data.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from ..record import DroppedLine
from .rules import Rules, fold
from .span import _CJK, Span, find_headline, find_span, first_paragraph, menu_line

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_TERMINAL = re.compile(r"[.!?][\"”’')\]]*$|[\"”]$")
_SENTENCE_END = re.compile(r"[.\"”’')]$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# a photo's credit opening a caption, its source a site or a name in capitals, its photographer in capitals:
# "KOMPAS.com/NABILLA TASHANDRA Menteri …", "AFP PHOTO/JIM WATSON President …" (one capitalised word after a
# capitalised source, "HIV/AIDS …", is no credit: the photographer takes two words there)
_PHOTO_CREDIT = re.compile(r"(?:[A-Za-z][\w-]*\.)+[a-z]{2,}/[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)* (?=\S)"
                           r"|[A-Z]{2,}(?: [A-Z]{2,})?/[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)+ (?=\S)")
_STAMP_TOKEN = re.compile(r"[^\s|,()\-–—/]+")  # the tokens of a timestamp line
_NUMERIC_DATE = re.compile(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the input
    text: str
    words: int
    stop_density: float

    @property
    def prose(self) -> bool:
        """Reads like a body sentence rather than a headline or a label."""
        if self.words >= 25:
            return True
        return self.words >= 8 and bool(_SENTENCE_END.search(self.text)) and self.stop_density >= 0.1


def line_key(line: str) -> str:
    """The identity of a line for corpus evidence: folded text, hashed."""
    return hashlib.blake2b(fold(line).encode(), digest_size=8).hexdigest()


def _features(number: int, text: str, rules: Rules) -> Line:
    # an ASCII text lower-cased first: the same words (only A-Z change, letters still), one pass fewer
    words = _WORD.findall(text.lower()) if text.isascii() else [w.lower() for w in _WORD.findall(text)]
    stops = sum(map(rules.stopwords.__contains__, words))
    return Line(number, text, len(words), stops / len(words) if words else 0.0)


def _timestamp_kind(text: str, rules: Rules) -> str | None:
    """"strong" for page furniture ("Kamis, 22 Januari 2026 | 13:37", "27 menit yang lalu",
    "Kompas dunia | 12 November 2024, 14:15 WIB"); "weak" for a bare date ("Jumat, 19 November 2021"),
    which is also how schedules and broken quote attributions in a body look; None otherwise."""
    if len(text) > 120 or not any(map(str.isdigit, text)):  # the cheap test first
        return None
    tokens = _STAMP_TOKEN.findall(text)
    other = [t for t in tokens if not (t.isdigit() or _TIME.match(t) or t.lower().strip(".:") in rules.timestamp_words
                                       or _NUMERIC_DATE.fullmatch(t))]
    dated = len(tokens) - len(other)
    if not (dated >= 2 and len(other) <= (3 if "|" in text else 1)):
        return None
    clock = "|" in text or any(_TIME.match(t) or t.lower().strip(".:") in rules.clock_words for t in tokens)
    return "strong" if clock else "weak"


def classify(text: str, rules: Rules, title: str | None = None, recurring: frozenset[str] = frozenset(),
             located: bool = False, table_rows: frozenset[int] = frozenset()) -> tuple[list[tuple[int, str]], list[DroppedLine], Span, list[int]]:
    """Kept (line number, text) pairs, dropped lines with the rule that dropped them, the
    story's span and the line numbers of the non-empty lines the span indexes.

    `located`: the text is an extractor's main text, where the story already is: the span is
    judged (for `no_story`) but cuts nothing."""
    lines = [_features(n, t.strip(), rules) for n, t in enumerate(text.split("\n"), start=1) if t.strip()]
    rules = _within(rules, text)
    title_key = fold(title) if title else None
    # Without a title, the first line with words is where a dump puts the headline: the
    # weaker rules (teaser shape, block membership, corpus evidence, context) spare it.
    # (Not a row of links: a menu "Home | News | World" or a breadcrumb often comes first.)
    headline = next((line.number for line in lines if _LETTER.search(line.text) and not menu_line(line.text)),
                    None) if not title_key else None
    verdict: dict[int, str | None] = {}  # line number → None (keep) or reason
    kept_text: dict[int, str] = {}
    dropped_parts: list[DroppedLine] = []
    block: str | None = None
    link_run = 0  # 1: the line after a link marker alone on its line; 2: a later line of its list
    for line in lines:
        keep_text = _strip_tails(line.text, rules)
        judged = _features(line.number, keep_text, rules) if keep_text and keep_text != line.text else line
        if not keep_text:
            reason = "promo"
        else:
            reason = _judge(judged, rules, title_key, recurring, block, link_run, line.number == headline)
            if reason is None and keep_text != line.text and _stub(judged):
                reason = "promo"  # "Langsung" left of "klik halaman selanjutnya"
        link_run = 2 if link_run and reason == "related-link" else 0
        if reason and reason.startswith("marker:"):
            block = reason.split(":", 1)[1]
        elif reason == "related-link-marker":
            link_run = 1
        elif reason is None and (judged.prose or (title_key and fold(line.text) == title_key)):
            block = None
        if reason is None and keep_text != line.text:
            tail = line.text[len(keep_text):].strip()
            kind = "related-link-inline" if rules.link_inline.search(line.text) else "promo-tail"
            dropped_parts.append(DroppedLine(tail, kind, line.number))
        verdict[line.number] = reason
        kept_text[line.number] = keep_text
    verdicts = [verdict[line.number] for line in lines]
    span = find_span([line.text for line in lines], [line.words for line in lines],
                     [line.stop_density for line in lines],
                     [v not in (None, "no-words") for v in verdicts],
                     [v not in (None, "no-words", _BARE_DATE) for v in verdicts],
                     [v in ("timestamp", _BARE_DATE) for v in verdicts], rules,
                     title_key or (fold(lines[0].text) if lines and headline == lines[0].number else None),
                     [v in _OWN_RULES for v in verdicts],
                     [line.number in table_rows for line in lines] if table_rows else None)
    if located:
        span = Span(0, len(lines), span.story_words, "", "", span.headline_share)
    elif span.start > 0 and not (title_key and any(fold(lines[i].text) == title_key for i in range(span.start, span.end))):
        # a whole page cut above the story, its title not known or standing apart from the story: its headline
        texts, words, densities = ([line.text for line in lines], [line.words for line in lines],
                                   [line.stop_density for line in lines])
        span = replace(span, headline=find_headline(
            texts, words, densities, [v in _OWN_RULES for v in verdicts],
            [v in _DATED_RULES or _dated(line.text, rules) for v, line in zip(verdicts, lines)], rules,
            span.start, span.end), opening=first_paragraph(texts, words, densities, rules, span.start, span.end))
    for index, line in enumerate(lines):
        if verdict[line.number] in (None, _BARE_DATE) and not (span.start <= index < span.end):
            verdict[line.number] = span.why_start if index < span.start else span.why_end
        elif verdict[line.number] in (None, _BARE_DATE) and index in span.holes:
            verdict[line.number] = "between parts of the story"
        elif verdict[line.number] in (None, _BARE_DATE) and index in span.listed:
            verdict[line.number] = "headline list"
    if span.headline is not None and verdict[lines[span.headline].number] is not None:
        verdict[lines[span.headline].number] = "headline"  # (not the story's body: the article's title)
    _resolve_bare_dates(lines, verdict)
    _drop_short_lines_between_clutter(lines, verdict, headline)
    _keep_symbols_inside_text(lines, verdict)
    kept = [(line.number, kept_text[line.number]) for line in lines if verdict[line.number] is None]
    dropped = [DroppedLine(line.text, verdict[line.number], line.number) for line in lines if verdict[line.number]]
    dropped += dropped_parts
    dropped.sort(key=lambda d: d.line_no)
    return kept, dropped, span, [line.number for line in lines]


def _within(rules: Rules, text: str) -> Rules:
    """`rules` with the promotion patterns narrowed to the words `text` holds (`WordsPattern.within`):
    each line of it, and each part of a line, is searched with them (speed only)."""
    if rules.promo is None and rules.promo_tail is None:
        return rules
    return replace(rules, promo=rules.promo and rules.promo.within(text),
                   promo_tail=rules.promo_tail and rules.promo_tail.within(text))


_BARE_DATE = "?bare-date"  # provisional verdict, settled by the neighbours
_DATED_RULES = ("timestamp", "post-head", _BARE_DATE)  # a line that dates the page or a post
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_DIGIT_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def _dated(text: str, rules: Rules) -> bool:
    """A line that states a day or a time of day: a clock ("11:00"), a date in digits ("2019-02-15"), or a
    day's number beside a month, weekday or time word ("by Jane Doe July 10, 2015", "1 day ago")."""
    if not any(map(str.isdigit, text)):  # the cheap test first
        return False
    if _CLOCK.search(text) or _DIGIT_DATE.search(text) or _timestamp_kind(text, rules):
        return True
    tokens = [t.lower().strip(".:") for t in _STAMP_TOKEN.findall(text)]
    return any(t.isdigit() and len(t) <= 2 and (k > 0 and tokens[k - 1] in rules.timestamp_words
                                                 or k + 1 < len(tokens) and tokens[k + 1] in rules.timestamp_words)
               for k, t in enumerate(tokens))


_OWN_RULES = ("furniture", "share-bar", "form-field", "post-head", "credit", "promo", "timestamp", _BARE_DATE)  # rules of the line alone, not of a block


def _judge(line: Line, rules: Rules, title_key: str | None, recurring: frozenset[str], block: str | None,
           link_run: int, headline: bool = False) -> str | None:
    """The rule that drops `line`, or None to keep it. `link_run`: 1 for the line after a link
    marker alone on its line ("Baca Juga", "Read also"), 2 for a line after a link of its list."""
    text = line.text
    folded = fold(text)
    if title_key and folded == title_key:
        return None
    if not _LETTER.search(text):
        return "no-words"
    if folded and folded in rules.block_markers:  # (once `_marker`, which folded the line again)
        return f"marker:{folded}"
    start = rules.link_at_start.match(text)
    if start:
        return "related-link-marker" if not text[start.end():].strip() else "related-link"
    if link_run == 1 and not line.prose:
        return "related-link"
    if link_run == 2 and _listed_headline(line):
        return "related-link"  # the marker's list goes on: one headline a line, until the story resumes
    if folded in rules.furniture:
        return "furniture"
    if line.words >= 2 and all(word in rules.furniture_words for word in folded.split()):
        return "share-bar"  # "Facebook Twitter Email", "Share Tweet WhatsApp"
    if FORM_FIELDS and _form_field(text, line.words):
        return "form-field"  # "Your name *", "Required fields are marked *"
    promo = rules.promo.search(text) if rules.promo else None
    if promo and (not line.prose or not _LETTER.search(text[:promo.start()])):
        return "promo"  # a promotion line, or a long one that opens with the promotion
    stamp = _timestamp_kind(text, rules)
    if stamp == "strong" or (stamp and block):
        return "timestamp"
    if stamp:
        return _BARE_DATE
    if CREDITS and "©" in text and line.words <= CREDIT_WORDS:
        return "credit"  # "© 2024 Harbour Post", "A caption © Instagram.com"
    if CREDITS and line.words <= CREDIT_WORDS and _PHOTO_CREDIT.match(text):
        return "credit"  # a caption opening with its photo's credit: "KOMPAS.com/NABILLA TASHANDRA Menteri …"
    if CREDITS and rules.credit_row is not None and line.words <= CREDIT_ROW_WORDS and rules.credit_row.fullmatch(text):
        return "credit"  # "| Penulis | : Nabilla Tashandra |", "| Editor | : Bayu Galih |"
    if POST_HEADS and _post_head(text, line.words):
        return "post-head"  # "by Jane Doe January 18, 2017 11:00 PM", "Joe wrote on March 11, 2015 at 02:57:"
    if headline:
        return None
    if block and not line.prose:
        return f"block:{block}"
    if text.endswith(("...", "…")) and line.words <= 12 and not line.prose:
        return "teaser-truncated"
    if recurring and not line.prose and not _quoted_sentence(line) and line_key(text) in recurring:
        return "recurring-outlet-line"
    return None


_CAPITALISED = re.compile(r"[^\W\d_]{4,}")


def _listed_headline(line: Line) -> bool:
    """A line that reads as one more headline of a related-links list: a few words (2 to 16),
    opening with a capital or a figure, not prose, ending with no sentence's or clause's stop
    ("." "," ";" ":" a closing quote or bracket) — but a truncated "…" — and, when it ends with "?"
    or "!", in title case (most of its longer words capitalised), as a question in the body
    seldom is. Anything else (a sentence, a line carried on in lower case, a one-word
    subheading) ends the list: when unsure, the line is kept."""
    text = line.text
    if line.prose or not 2 <= line.words <= 16 or not (text[:1].isupper() or text[:1].isdigit()):
        return False
    if text.endswith(("...", "…")):
        return True
    if text.endswith((".", ",", ";", ":", "\"", "”", "’", "'", ")", "]")):
        return False
    if text.endswith(("?", "!")):
        long_words = _CAPITALISED.findall(text)
        return bool(long_words) and sum(w[0].isupper() for w in long_words) * 2 > len(long_words)
    return True


FORM_FIELDS = True  # (a switch for benchmarks/dumps_cv, which weighs each rule)
_FORM_FIELD = re.compile(r"[^\W\d_][^*:]*[^\W_)] ?\*")


def _form_field(text: str, words: int) -> bool:
    """The label of a form's required field ("Your name *", "Email *", "Required fields are marked
    *", "Comente*"): a few words in sentence case ending in the asterisk that marks a required field
    — no colon before it (a header "Accept: *"), not upper case alone (code: "SELECT *"), not a row
    of stars (a scene break "* * *")."""
    return (words <= 12 and text.endswith("*") and text[:1].isupper() and any(c.islower() for c in text)
            and (text.endswith(" *") or words <= 3) and bool(_FORM_FIELD.fullmatch(text)))


POST_HEADS = True  # (a switch for benchmarks/dumps_cv)
CREDITS = True
CREDIT_ROW_WORDS = 8  # a credit table row: its cue and a name
CREDIT_WORDS = 30  # a line with "©" of at most this many words: a copyright notice or a photo's credit
_CLOCK = re.compile(r"(?<![\d:.])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d.,])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _post_head(text: str, words: int) -> bool:
    """The head of a post or a comment, a byline with its time: a date with a year and a clock on a
    line of a few words that opens with a letter (a name, "by", "Posted") and ends no sentence —
    "by Jane Doe January 18, 2017 11:00 PM PST", "Joe Bloggs wrote on March 11th, 2015 at 02:57:".
    A table row or a line of code with a timestamp opens with a figure, a quote or an operator;
    a sentence that names a time ends with its stop."""
    return (words <= 14 and text[:1].isalpha() and not text.endswith((".", "!", "?", "。"))
            and "'" not in text and bool(_CLOCK.search(text)) and bool(_YEAR.search(text)))


def _quoted_sentence(line: Line) -> bool:
    """A short quotation ('"Janji ya?" ungkap Scott.'): stories of one event share these, so
    recurrence across an outlet's articles is no evidence against it."""
    return line.words >= 3 and line.text[:1] in "\"“'‘" and bool(_TERMINAL.search(line.text))


def _stub(line: Line) -> bool:
    """What is left of a line after its tail was cut is a word or two, not a sentence."""
    return line.words <= 3 and not _TERMINAL.search(line.text)


def _keep_symbols_inside_text(lines: list[Line], verdict: dict[int, str | None]) -> None:
    """A line of no words but a row of figures (a table's) or a symbol alone (a piece of a
    formula) between kept lines is part of what they say: kept. Between clutter, or at an
    edge, it goes."""
    previous_kept = False
    pending: list[int] = []
    for line in lines:
        reason = verdict[line.number]
        if reason == "no-words":
            if _piece(line.text):
                pending.append(line.number)
            continue
        if reason is None and previous_kept:
            for number in pending:
                verdict[number] = None
        pending = []
        previous_kept = reason is None


def _piece(text: str) -> bool:
    """A line of no words that belongs to what the lines around it say: a row of figures, a
    symbol of a formula, a line of a code listing or a drawn table ("),", "───┼───")."""
    return _figures(text) or _formula_symbol(text) or _code_or_table(text)


_BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


def _code_or_table(text: str) -> bool:
    """A rule of a drawn table ("───┼───"), or brackets and punctuation of a code listing
    ("),", ");", "*,") — not a dash, a bar, a bullet or a full stop alone between paragraphs."""
    if _BOX_DRAWING.search(text):
        return True
    return len(text) <= 3 and all(c in "()[]{};,.*" for c in text) and not all(c == "." for c in text)


def _formula_symbol(text: str) -> bool:
    """One mathematical symbol, digit or bracket — not a dash or a stray quote."""
    return len(text) == 1 and unicodedata.category(text) in ("Sm", "Nd", "Ps", "Pe")


def _figures(text: str) -> bool:
    """A row of figures ("2 │ -0.757", "2, 3, 5, 12"): several items, numbers among them —
    not a lone figure (a chart's axis) nor pagination ("1 | 2 | 3 | 4", counting up by one)."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(text.split()) < 2 or not numbers:
        return False
    return not (len(numbers) >= 3 and all(b == a + 1 for a, b in zip(numbers, numbers[1:])))


def _resolve_bare_dates(lines: list[Line], verdict: dict[int, str | None]) -> None:
    """A bare date line is clutter next to clutter or before the story starts (the page's
    own date), and body between body lines (a schedule, a cut quote attribution)."""
    story_started = False
    for index, line in enumerate(lines):
        if verdict[line.number] == _BARE_DATE:
            before = verdict[lines[index - 1].number] if index > 0 else "start"
            after = verdict[lines[index + 1].number] if index + 1 < len(lines) else "end"
            clutter_before = before not in (None, _BARE_DATE)
            clutter_after = after not in (None, _BARE_DATE) and after != "end"
            verdict[line.number] = "timestamp" if (not story_started or clutter_before or clutter_after) else None
        elif verdict[line.number] is None and (line.prose or line.words > 14):  # longer than a headline
            story_started = True


def _strip_tails(text: str, rules: Rules) -> str:
    """Cut an inline related link or promotion tail off a body line."""
    inline = rules.link_inline.search(text)
    if inline:
        text = text[:inline.start()].rstrip()
    if rules.promo_tail:
        text = rules.promo_tail.sub("", text).rstrip()
    return text


def _drop_short_lines_between_clutter(lines: list[Line], verdict: dict[int, str | None],
                                      headline: int | None = None) -> None:
    """jusText's context rule: a short non-sentence line between clutter is clutter (not a
    letter alone, which is a piece of a formula)."""
    for index, line in enumerate(lines):
        if (line.number == headline or verdict[line.number] is not None or line.prose or line.words > 6
                or _TERMINAL.search(line.text) or (len(line.text) <= 2 and not _CJK.search(line.text))):
            continue
        before = _context(lines, verdict, index - 1) if index > 0 else None
        after = _context(lines, verdict, index + 1) if index + 1 < len(lines) else "end"
        if before and after and index > 0:
            verdict[line.number] = "short-between-clutter"


def _context(lines: list[Line], verdict: dict[int, str | None], index: int) -> str | None:
    """The verdict of a neighbour as context: a piece of code or a table is no clutter, nor is
    a table's row of empty cells or the rule under its header ("| |", "|---|---|", as
    trafilatura writes a table), though they go themselves."""
    reason = verdict[lines[index].number]
    text = lines[index].text
    return None if reason == "no-words" and (_piece(text) or _EMPTY_ROW.fullmatch(text)) else reason


_EMPTY_ROW = re.compile(r"\|(?:[\s:-]*\|)+")
