"""Stage, events: the dated sentences of a cleaned body that say something happened.

An event mention is a sentence carrying a resolved date, its trigger (the word
that says what happened, mapped to a short English label by the `[events]`
section of the language file) and its actors (the names in the sentence).
A sentence with several dates gives each the trigger of its own clause
(clauses end at ; : , and at the conjunctions listed as `clause_words` in the
language file), the one before the date first — "signed on 19 June and
ratified on 11 November" dates the signing to June. A date right after a
reporting verb or a source credit ("kata KCNA, Selasa (12/11)", "Dilansir
dari Reuters, Rabu, 13 November 2024", "said on Monday")
dates the report, not the event: it is kept as a mention labelled "report".
A negator of the language file just before the date's trigger, or before the
trigger it is the object of ("has not signed the agreement", "belum
menandatangani"), makes the date no event, and a trigger inside a phrase that
changes its sense ("heart attack") is no trigger.

No library does this for Indonesian; the rules are small and the words are data.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

from . import languages
from .firstchar import folds_to_ascii, guarded
from .record import GRANULARITIES, EventMention, Timex

NAME_WORDS_KEPT = 100_000  # words `_name_words` remembers its verdict on
REPORT_WINDOW = 70  # characters before a date in which a reporting verb makes it a report date
MAX_ACTORS = 6
CALENDAR = frozenset(GRANULARITIES)  # the timexes that date an event: not a half, a decade, a century
_ARTEFACT = re.compile(r"-?[LR][RSC]B-?")  # Penn Treebank bracket tokens (-LRB- for "(") in tokenised corpora
# a capitalised word after a word inside a sentence: `(?<=[\w,;)] )([A-Z][\w'’.-]*)`, its lookbehind
# read after the capital (speed only: a pattern that opens with a character class is searched for in C,
# one that opens with a lookbehind is tried at every position of the body)
_INSIDE = re.compile(r"([A-Z](?<=[\w,;)] [A-Z])[\w'’.-]*)")
# Compiled once (speed only): module-level re calls pay a cache lookup each, thousands per article.
# a paragraph: its lines, a line carried on to the next when it ends without closing punctuation and the next
# opens with a lower-case word (text hard-wrapped inside a sentence: "… Tahunan\npada Rabu, 16 Mei …")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?<=[^\s.!?:;]\n)(?<![.!?:;][\"”’)\]]\n)(?=[a-z][a-z\s,])[^\n]+)*")
# a sentence's end; or a list's dash after a stop or a colon: a list of headlines and their leads glued into one
# line ("… hari ini, Sabtu (12/7/2025): - Khamenei Ancam AS: … Lagi! Pemimpin … ujar Khamenei . - Serangan Udara …");
# or a schedule's next "Label: date" item right after a year, its line break lost ("Pendaftaran seleksi: 20
# Agustus-10 September 2024Seleksi administrasi: 20 Agustus-17 September 2024Pengumuman hasil …: 14-19 …"; a label
# ends in a letter: "24 June 2010 Last updated at 14:59 GMT" is a time stamp). Every branch opens with the character it
# needs (the year's last digit consumed; the empty group `year` marks where its boundary starts) so that the engine
# skips to those characters: a branch opening with a look-behind made it try every position, five times the cost
# (tests/test_events.py keeps the plain form as the reference)
_BOUNDARY = re.compile(r"[.!?:;0-9](?:(?<=[.!?])[\"”’)]*\s+(?P<stop_dash>[-–—•]\s+)?(?=[\"“(]?[A-Z0-9])"
                       r"|(?<=[:;])\s+(?P<dash>[-–—•]\s+)(?=[\"“(]?[A-Z0-9])"
                       r"|(?<=[0-9]{4})(?P<year>)\s*(?=[A-Z][^\W\d_]+[^:.!?\n]{0,120}[^\W\d_]:\s?[0-9]))")
_WORD_SPAN = re.compile(r"\S+")
# the last word of a text, matched on the text reversed (a search for "([\w.]+)[.!?]?[\"”’)]*\s*$" tries
# every position of the text)
_LAST_WORD_REVERSED = re.compile(r"\s*[\"”’)]*[!?]?([\w.]+)")
_INITIAL = re.compile(r"[A-Z]")
_OPENING = re.compile(r"[\"“‘'(\[\s]+")  # what may stand before a sentence's first word: '"Ya saya kira …'
# a clock time and its zone, not after a word character, dot or colon ("06:15 GMT", "00.06 BST"); the look-behind
# follows the first digit, so that the regex engine skips to digits instead of trying every position
_STAMP = r"\d(?<![\w.:]\d)\d?[.:]\d{2}(?:\s+[A-Z]{2,4})?"
# the capitalised word after a clock stamp ("00.06 BST Faced with …"), which `_INSIDE` counts as inside a sentence
_STAMPED = re.compile(_STAMP + r"\s+([A-Z][\w'’.-]*)")
# an e-mail address or web address ending right before a word: a site's contact line, whose next word opens the
# next line glued on ("… sent to : letters@guardian.co.uk If you need help … : userhelp@guardian.co.uk Call the main
# … switchboard"); `_ADDRESSED` reads that word in a body, `_AFTER_ADDRESS` an address ending a window
_ADDRESSED = re.compile(r"@[\w-]+(?:\.[\w-]+)+\s+([A-Z][\w'’.-]*)")
_AFTER_ADDRESS = re.compile(r"[@/.][\w-]+(?:\.[a-z]{2,})+/?\s+\Z")
_CLOCK_OPEN = re.compile(r"(?<![\w.:])\d{1,2}[.:]\Z")  # a clock time's hour, its minutes next: "06:" of "06:15"
# what opens a sentence inside a line too: a colon ("wrote : Presumably BP …"), a time stamp ("06:15 GMT Help …")
_AFTER_SEAM = re.compile(r"(?:" + _STAMP + r"|:)[\"“‘'(\[\s]+\Z")
_NEGATION_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_WORDS = re.compile(r"\w+")
_WORDS_DOTTED = re.compile(r"[\w.-]+")
# `\b[a-z][\w'’-]*` with its first letter read before the boundary, which it then asks of the character before
# (speed only, as `_INSIDE`: `re` finds where a match can start in C instead of trying every position)
_LOWER_WORD = re.compile(r"[a-z](?<!\w[a-z])[\w'’-]*")
_HYPHENED = re.compile(r"(?<![\w'’-])([a-z]+)-\Z")  # a lower-case word joined by a hyphen to what follows: "al-"
_ROMAN = re.compile(r"[IVX]+")  # "Martin Luther King III": a generation after a surname, not a name after a title


def _capitalised(particles) -> re.Pattern[str]:
    """A capitalised sequence: `\\b(?:[A-Z][\\w'’.-]*|\\d+)(?:\\s+…)*` with its first character read first, as
    `_INSIDE` (speed only). A name particle of the language file ("Ludwig van Beethoven", "Abu Musab
    al-Zarqawi") continues it only as a whole word before a capitalised word, or joined to one by a hyphen:
    "Anti-war demonstrators" and "Follow all" end at their capitalised word."""
    inner = r"[A-Z][\w'’.-]*"
    if particles:
        inner += r"|(?:" + languages.word_alternation(particles) + r")(?:-[A-Z][\w'’.-]*|(?=\s+[A-Z]))"
    return re.compile(r"[A-Z\d](?<=\b[A-Z\d])(?:(?<=[A-Z])[\w'’.-]*|(?<=\d)\d*)(?:\s+(?:" + inner + r"))*")


_CAPITALISED = _capitalised(())  # without particles: what the timeline reads as a name elsewhere


def _glob(pattern: str) -> str:
    return r"\b" + _bare_glob(pattern) + r"\b"


def _bare_glob(pattern: str) -> str:
    return re.escape(pattern.lower()).replace(r"\*", r"\w*").replace(r"\ ", r"\s+")


def _any_glob(patterns, before: str = "") -> re.Pattern[str]:
    """`before|_glob(p1)|_glob(p2)|…` (case-insensitive) as `before|\\b(?:p1|p2|…)\\b`, failing fast where no
    match can start (`firstchar.guarded`): the same matches, tried in the same order (speed only)."""
    return guarded(before + r"\b(?:" + "|".join(_bare_glob(p) for p in patterns) + r")\b", re.I)


@dataclass(frozen=True)
class EventRules:
    triggers: re.Pattern[str] | None  # one alternation; the group name `tN` indexes `labels`
    labels: list[str]
    reporting: re.Pattern[str] | None
    report_label: str
    abbreviations: frozenset[str]
    not_actors: frozenset[str]
    aliases: dict[str, str]
    date_words: frozenset[str]
    clause_break: re.Pattern[str] | None  # where a clause ends inside a sentence
    trigger_cores: tuple[str, ...] = ()  # one literal of each trigger's first word (a prefilter)
    titles: frozenset[str] = frozenset()  # titles and roles written before a name
    title_fields: frozenset[str] = frozenset()  # a post's field after its title ("Menteri Keuangan …")
    clock_words: frozenset[str] = frozenset()  # the clutter section's `time_words`: in capitals, a time zone (GMT, WIB)
    capitalised: re.Pattern[str] = _CAPITALISED  # a capitalised sequence, with the language's name particles
    particles: frozenset[str] = frozenset()  # "van", "bin", "al": inside a name, never at its end
    name_suffixes: frozenset[str] = frozenset()  # "Jr": after a title ("King Jr"), no name of its own
    negators: frozenset[str] = frozenset()  # "not", "belum": right before a trigger, nothing happened
    # "heart attack", "in charge": a trigger inside one of these phrases is no trigger of its label
    not_triggers: re.Pattern[str] | None = None
    # the language's stopwords that are not `not_actors` themselves: capitalised inside a sentence, part of a
    # name beside them ("New York", "Selandia Baru"; `_name_words`)
    stop_only: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()  # `_outlets`
    outlet_trailing: tuple[str, ...] = ()  # "news", "agency": a word an outlet's name may carry after it
    # each word met in a capitalised sequence → whether it can be part of a name (`_name_words`:
    # every article judges its capitalised words twice, and most of them recur across articles)
    name_words: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # each capitalised sequence met → its name words (`_name_words`) and the name key `article_names` makes of
    # them (None: no name word), `_sequence`: most sequences recur across sentences and articles
    sequences: dict[str, tuple[tuple[str, ...], str | None]] = field(default_factory=dict, compare=False, repr=False)
    # a lower-case place word ("di", "in") before a capitalised word, that word its group (`place_words`)
    placed: re.Pattern[str] | None = None
    # the clutter section's one-word `furniture` ("help", "share"): a page's links, no name after a time stamp
    links: frozenset[str] = frozenset()
    # the `not_actors` of several words ("end quote": a pull quote's mark read out), each dropped from a
    # capitalised sequence as a whole ("End Quote Ken Salazar" → "Ken Salazar"), lower-cased and split
    phrases: tuple[tuple[str, ...], ...] = ()
    # labels of a life's facts ("born"): a date they take is background, no event (`extract_events`)
    background: frozenset[str] = frozenset()
    bylines: frozenset[str] = frozenset()  # "By", "Oleh": opening a sentence before a name, the writer's credit
    adjective_endings: frozenset[str] = frozenset()  # "led" of "US-led": a name so joined is an adjective (`_adjective`)


def rules_for(lang: str) -> EventRules:
    """`lang`'s rules; a language without an events section shares the fallback language's."""
    return _rules(lang if languages.section(lang, "events") else languages.fallback())


@cache
def _rules(code: str) -> EventRules:
    data = languages.section(code, "events")
    pairs = [(_glob(p), label) for label, patterns in data.get("triggers", {}).items() for p in patterns]
    pairs.sort(key=lambda pair: -len(pair[0]))  # longest first: "suara bulat" before "suara"
    triggers = re.compile("|".join(f"(?P<t{i}>{rx})" for i, (rx, _) in enumerate(pairs)), re.I) if pairs else None
    reporting = data.get("reporting", [])
    stop = set(languages.section(code, "stopwords").get("words", "").split())
    particles = data.get("name_particles", [])
    exceptions = [p for patterns in data.get("not_triggers", {}).values() for p in patterns]
    return EventRules(
        triggers=triggers,
        labels=[label for _, label in pairs],
        reporting=_any_glob(reporting) if reporting else None,
        report_label=data.get("report_label", "report"),
        abbreviations=frozenset(a.lower() for a in data.get("abbreviations", [])),
        not_actors=frozenset(w.lower() for w in data.get("not_actors", [])) | stop | set(reporting),
        stop_only=frozenset(stop - {w.lower() for w in data.get("not_actors", [])} - set(reporting)
                            - {w.lower() for w in data.get("capitalised_words", [])}),
        aliases={k.lower(): v for k, v in data.get("actor_aliases", {}).items()},
        date_words=languages.date_words(code),
        clause_break=_any_glob(data["clause_words"], r"[;:]|,\s|") if data.get("clause_words") else re.compile(r"[;:]|,\s"),
        trigger_cores=tuple({max(p.lower().split()[0].split("*"), key=len) for _, ps in data.get("triggers", {}).items()
                             for p in ps if p.strip()}),
        titles=frozenset(w.lower() for w in data.get("titles", [])),
        title_fields=frozenset(w.lower() for w in data.get("title_fields", [])),
        clock_words=languages.clutter_words(code, "time_words"),
        links=languages.clutter_words(code, "furniture", one_word=True),
        capitalised=_capitalised(particles),
        particles=frozenset(w.lower() for w in particles),
        name_suffixes=frozenset(w.lower() for w in data.get("name_suffixes", [])),
        negators=frozenset(w.lower().replace("’", "'") for w in data.get("negators", [])),
        not_triggers=re.compile("|".join(_glob(p) for p in exceptions), re.I) if exceptions else None,
        outlets=_outlets()[0],
        outlet_trailing=_outlets()[1],
        placed=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data["place_words"]) + r")\s+([A-Z][\w'’-]*)")
        if data.get("place_words") else None,
        background=frozenset(data.get("background_labels", [])),
        bylines=frozenset(w.lower() for w in data.get("byline_cues", [])),
        adjective_endings=frozenset(w.lower() for w in data.get("adjective_endings", [])),
        phrases=tuple(tuple(w.lower().split()) for w in data.get("not_actors", []) if len(w.split()) > 1),
    )


@cache
def _outlets() -> tuple[frozenset[str], tuple[str, ...]]:
    """News outlets and wires, lower-cased (corpus_tools/extract/outlets.toml: its canonical names and its
    `[wires]`, each also without a leading "The"): named in an attribution ("told the BBC", "kata KCNA"),
    an outlet is the source of a report, not an actor in the event."""
    import tomllib
    from pathlib import Path
    with (Path(__file__).parent / "extract" / "outlets.toml").open("rb") as fh:
        data = tomllib.load(fh)
    names = {n.lower() for n in data.get("aliases", {}).values()} | {n.lower() for n in data.get("wires", {}).get("names", [])}
    trailing = tuple(" " + w.lower() for w in data.get("generic", {}).get("trailing", []))
    return frozenset(names | {n.removeprefix("the ") for n in names}), trailing


def sentences(body: str, rules: EventRules) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `body`; a date-only fragment joins the sentence before."""
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(body):
        _paragraph_sentences(paragraph, rules, spans)
    return spans


def _paragraph_sentences(paragraph: re.Match[str], rules: EventRules, spans: list[tuple[int, int]]) -> None:
    """The sentences of one paragraph (a match of `_PARAGRAPH`), appended to `spans`: at least one."""
    start = paragraph.start()
    text = paragraph.group()
    for boundary in _BOUNDARY.finditer(text):
        at = boundary.start("year") if boundary.group("year") is not None else boundary.start()
        # the word before the boundary (a window of the paragraph: a whole prefix per boundary is quadratic)
        word = _LAST_WORD_REVERSED.match(text[max(0, at - 80):at + 1][::-1])
        word = word.group(1)[::-1] if word else None
        if word and word.lower().rstrip(".") in rules.abbreviations:
            continue
        if word and _INITIAL.fullmatch(word.rstrip(".")):
            continue  # an initial: "J. Smith"
        dash = "dash" if boundary.group("dash") else "stop_dash" if boundary.group("stop_dash") else None
        spans.append((start, paragraph.start() + (boundary.start(dash) if dash else boundary.end())))
        start = paragraph.start() + boundary.end()
        if dash:  # the list's dash belongs to neither sentence; a headline may open the item
            seam = _headline_end(text, boundary.end(), rules)
            if seam is not None:
                spans.append((start, paragraph.start() + seam))
                start = paragraph.start() + seam
    if start < paragraph.end():
        spans.append((start, paragraph.end()))


def _headline_end(text: str, at: int, rules: EventRules) -> int | None:
    """Where the lead of a list's item starts, when the item's title-case headline is glued before it ("- Serangan
    Udara Tewaskan 23 Warga Sipil di Myanmar, Termasuk 4 Anak | Serangan udara junta militer …"): at a capitalised
    word after HEADLINE_WORDS words or more, each capitalised, a number or a function word, that a lower-case
    word other than a function word follows; None when a stop ends the item first or no such word comes."""
    words = []
    for match in _WORD_SPAN.finditer(text, at):
        word = match.group()
        if len(words) >= HEADLINE_WORDS and _INITIAL.match(word) and word[1:].isalpha() and word[1:].islower():
            after = _WORD_SPAN.search(text, match.end())
            following = after.group() if after else ""
            if following.isalpha() and following.islower() and following not in rules.not_actors:
                return match.start()
        if word[-1:] in ".!?" or len(words) > HEADLINE_MAX or not (
                word[:1].isupper() or word[:1].isdigit() or word.strip(",:") in rules.not_actors):
            return None
        words.append(word)
    return None


HEADLINE_WORDS = 3  # the fewest words of a list item's headline glued before its lead
HEADLINE_MAX = 20  # a headline is no longer than this many words


def _dated_sentences(body: str, rules: EventRules, timexes: list[Timex]) -> list[tuple[int, int]]:
    """The sentences of `sentences(body, rules)` that `_merge_date_fragments` can give a timex: those of
    each paragraph holding a whole timex, and of the paragraph before it, whose last sentence a date-only
    fragment opening the paragraph joins (speed only: most paragraphs hold no date). A sentence holds a
    timex only inside one paragraph, and a paragraph with none neither joins one before it nor is joined
    by one after it but through its own last sentence."""
    paragraphs = list(_PARAGRAPH.finditer(body))
    starts = [paragraph.start() for paragraph in paragraphs]
    needed = set()
    for timex in timexes:
        index = bisect_right(starts, timex.start) - 1
        if index >= 0 and timex.end <= paragraphs[index].end():
            needed.add(index)
            needed.add(index - 1)
    spans: list[tuple[int, int]] = []
    for index in sorted(needed):
        if index >= 0:
            _paragraph_sentences(paragraphs[index], rules, spans)
    return spans


class _Within:
    """The timexes lying inside [start, end), in their given order, found by bisection on
    their start offsets (a scan of every timex per sentence is quadratic on long pages)."""

    def __init__(self, timexes: list[Timex]) -> None:
        self.timexes = timexes
        self.order = sorted(range(len(timexes)), key=lambda i: timexes[i].start)
        self.starts = [timexes[i].start for i in self.order]

    def __call__(self, start: int, end: int) -> list[Timex]:
        found = self.order[bisect_left(self.starts, start):bisect_right(self.starts, end)]
        return [self.timexes[i] for i in sorted(found) if self.timexes[i].end <= end]


def _merge_date_fragments(spans: list[tuple[int, int]], body: str, within: _Within
                          ) -> list[tuple[int, int, list[Timex]]]:
    """The sentences with a date-only fragment joined to the one before, each with the timexes inside it
    (those of a sentence left as it was are not looked up again: speed only)."""
    merged: list[tuple[int, int, list[Timex]]] = []
    for start, end in spans:
        inside = within(start, end)
        rest = body[start:end]
        for t in inside:
            rest = rest.replace(t.text, "")
        if merged and inside and len(_WORDS.findall(rest)) <= 1:
            first = merged[-1][0]
            merged[-1] = (first, end, within(first, end))  # "... media Korea Utara. Selasa (12/11/2024)."
        else:
            merged.append((start, end, inside))
    return merged


def _name_words(text: str, rules: EventRules, inside: bool = False) -> list[str]:
    """The words of a capitalised sequence that can be part of a name (no titles, date words, artefacts).

    `inside`: the sequence stands inside a sentence, where a capitalised function word (a stopword of the
    language, not one of its `not_actors`) is part of the name beside it ("in New York", "Selandia Baru"):
    kept when a name word stands next to it and no word the name drops does ("Pakta Baru Korut" → "Korut")."""
    judged = rules.name_words
    split = text.split()
    verdicts = []
    for w in split:
        keep = judged.get(w)
        if keep is None:
            if len(judged) > NAME_WORDS_KEPT:  # names keep coming: bound the memory
                judged.clear()
            key = w.lower().strip(".,")
            keep = judged[w] = key not in rules.not_actors and key not in rules.date_words \
                and not w[0].isdigit() and not _ARTEFACT.fullmatch(w) and not _adjective(w, key, rules) \
                and not (w.isupper() and key in rules.clock_words) and not _date_piece(key, rules.date_words)
        verdicts.append(keep)
    if inside and rules.stop_only and not all(verdicts):
        joined = list(verdicts)
        # a number opening the run is no neighbour: "in 1893 New Zealand" ("1893 New Zealand") is "New Zealand"
        lead = next((i for i, w in enumerate(split) if not w.isdigit()), len(split))
        for i, w in enumerate(split):
            if not verdicts[i] and w[:1].isupper() and not w.isupper() and w.lower().strip(".,") in rules.stop_only:
                beside = [verdicts[j] for j in (i - 1, i + 1) if lead <= j < len(split)]
                joined[i] = any(beside) and all(beside)
        verdicts = joined
    return [w for w, keep in zip(split, verdicts) if keep]


def _adjective(word: str, key: str, rules: EventRules) -> bool:
    """A name joined by a hyphen to one of the language file's `adjective_endings` ("US-led", "London-based",
    "Iranian-backed"): an adjective made of a name, no name itself ("Kim Jong-un" is a name)."""
    if "-" not in key or not rules.adjective_endings:
        return False
    ending = word.strip(".,").rsplit("-", 1)[1]
    return ending.islower() and ending in rules.adjective_endings


def _shouted(words: tuple[str, ...] | list[str]) -> bool:
    """A headline in capitals ("NEW CAP FOR LEAKING OIL WELL" → "CAP LEAKING OIL"): three words or more of three
    letters or more, every one in capitals, is no name (acronyms come one or two at a time: "FBI", "UN")."""
    return len(words) >= 3 and all(w.isupper() for w in words) and sum(len(w.strip(".,")) >= 3 for w in words) >= 3


def _date_piece(key: str, date_words: frozenset[str]) -> bool:
    """A range's end glued to a month ("Maret-8", "August-10"): month words and numbers joined by hyphens."""
    return "-" in key and all(part in date_words or part.isdigit() for part in key.split("-") if part)


def _sequence(sequence: str, rules: EventRules, inside: bool = False) -> tuple[tuple[str, ...], str | None]:
    """A capitalised sequence's name words (`_name_words`, `inside` a sentence or opening it) and its name key
    (them joined, lower-cased; None without any), remembered in `rules.sequences` (speed only: `article_names`
    and `actors` both read them)."""
    remembered = rules.sequences
    memo = "\0" + sequence if inside else sequence
    found = remembered.get(memo)
    if found is None:
        if len(remembered) > NAME_WORDS_KEPT:  # names keep coming: bound the memory
            remembered.clear()
        split = sequence.split()
        if rules.phrases and len(split) > 1:
            split = _without_phrases(split, rules.phrases)
        words = _name_words(_after_title(split, rules), rules, inside)
        while words and words[-1].lower() in rules.particles:  # "Osama bin" of "Osama bin 2011"
            words.pop()
        if words and _outlet(words, rules):
            words = []
        words = tuple(words)
        found = remembered[memo] = (words, " ".join(words).lower().strip(".,") if words else None)
    return found


def _without_phrases(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """`words` without the runs of them that spell one of `phrases` ("End Quote Ken Salazar" → "Ken Salazar")."""
    keys = [w.lower().strip(".,") for w in words]
    kept, i = [], 0
    while i < len(words):
        phrase = next((p for p in phrases if tuple(keys[i:i + len(p)]) == p), None)
        if phrase:
            i += len(phrase)
        else:
            kept.append(words[i])
            i += 1
    return kept


def _after_title(words: list[str], rules: EventRules) -> str:
    """The words after the last title followed by a name: the rank and post are no part of the person
    ("Kapolres Metro Jakarta Pusat Kombes Susatyo Purnomo" → "Susatyo Purnomo", "Coast Guard Adm Thad
    Allen" → "Thad Allen"); a title ending the sequence is a surname or a name's part ("Martin Luther King",
    "Burger King"), and one followed only by a generation ("King Jr") or an initial ("Bharada E") too. The
    language's `title_fields` right after the title name the post's field and go with it when words are left
    after them ("Menteri Keuangan Sri Mulyani" → "Sri Mulyani")."""
    if all(_is_title(w, rules) for w in words):
        return ""  # "Plt", "Kapolda": a post without its holder's name
    for i in range(len(words) - 2, -1, -1):
        if _is_title(words[i], rules):
            rest = words[i + 1:]
            if rules.title_fields:
                field = 0
                while field < len(rest) - 1 and rest[field].lower().strip(".,") in rules.title_fields:
                    field += 1
                rest = rest[field:]
            if any(len(w.strip(".,")) > 1 and w.lower().strip(".,") not in rules.name_suffixes
                   and not _ROMAN.fullmatch(w.strip(".,")) for w in rest):
                return " ".join(rest)
            break
    return " ".join(words)


def _is_title(word: str, rules: EventRules) -> bool:
    """One of the language's titles, or a compound ending in one ("Vice-President", "Lieutenant-Colonel")."""
    key = word.lower().strip(".,")
    return key in rules.titles or ("-" in key and key.rsplit("-", 1)[1] in rules.titles)


def _outlet(words: list[str], rules: EventRules) -> bool:
    """A news outlet or wire ("BBC", "Reuters", "The Guardian", "BBC News"): `_outlets`."""
    name = " ".join(words).lower().strip(".,")
    return name in rules.outlets or any(name.endswith(t) and name[:-len(t)] in rules.outlets
                                        for t in rules.outlet_trailing)


def actors(sentence: str, rules: EventRules, common: frozenset[str] = frozenset(),
           known: frozenset[str] = frozenset(), inside: frozenset[str] | None = None,
           once: frozenset[str] = frozenset(), article: ArticleWords | None = None) -> tuple[str, ...]:
    """Names in a sentence: capitalised sequences without titles, date words and function words.

    `common` holds words the article also writes in lower case: capitalised only
    because they open the sentence ("Oil continued to gush"), they are not names;
    with `inside` (the capitalised words the article writes inside a sentence), a
    lone sentence-initial word is a name only if the article also capitalises it
    elsewhere ("Soalnya, …", "Speaking to …" are not).
    `known` holds the names the article writes on their own: after a title (the
    language file's `titles`), or when both parts are known, a known name opening a
    longer one qualifies it ("Presiden Rusia Vladimir Putin" → "Vladimir Putin",
    "pemimpin Korea Utara Kim Jong Un" → "Kim Jong Un"; the title itself is one of `not_actors`).
    `once` holds the words the article capitalises inside a sentence only once: such a lone word inside a
    line that the article otherwise writes in lower case opens a sentence glued on without its stop ("… with
    placards Scientists said …"), and is no name; so does one it capitalises only after a dash or a bracket
    (`_seldom`: a fact box's label, "… -RRB- Dividend payment 2009 : …").
    `article` tells of the article's lone words (`ArticleWords`): with it, a known word before a titled name that
    the article writes beside a reporting verb is a first name and stays ("Kombes Susatyo Purnomo Condro" where
    the article writes "Susatyo mengatakan"), unless it is a place or a word of the rest is written alone (`_qualifier`).
    """
    found: list[str] = []
    addressed = "@" in sentence or "www." in sentence  # a contact line glued on: its address ends a seam
    for match in rules.capitalised.finditer(sentence):
        raw = match.group().split()
        stamp = _stamp_words(raw, sentence, match.start(), rules)  # "06:15 GMT Help …": a stamp, then a sentence
        opening = match.start() == 0 or _OPENING.fullmatch(sentence, 0, match.start()) or stamp \
            or _AFTER_SEAM.search(sentence, max(0, match.start() - 16), match.start()) \
            or (addressed and _AFTER_ADDRESS.search(sentence, max(0, match.start() - 60), match.start()))
        words = _sequence(match.group(), rules, not opening)[0]
        linked = False  # a link word ("Help") after the stamp: the next word counts as inside a sentence there
        if stamp:
            words, after = _after_links(words, raw, stamp, rules)
            linked, stamp = after > stamp, after
        if opening and len(raw) > 2 and raw[0].lower() in rules.bylines and raw[1][:1].isupper() \
                and raw[2][:1].isupper() and raw[1].lower() not in rules.date_words:
            continue  # "By Peter Bowes BBC News , Los Angeles Michael Jackson died …": the writer's credit
        if opening and inside is not None and len(words) > 2 and words[0] == raw[stamp] \
                and words[0].strip(".,'’") not in inside and " ".join(words[1:]).lower().strip(".,") in known:
            words = words[1:]  # "Executors John Branca and …": a word capitalised only where it opens a sentence
        if opening and words and words[0] == raw[stamp]:
            first = words[0].strip(".,'’")
            if first.lower() in common or (inside is not None and len(words) == 1
                                           and (first not in inside or (linked and first in once))):
                words = words[1:]
        if not opening and once and len(raw) - _artefacts(raw) == 1 and words and _seldom(words[0].strip(".,'’"), once, inside) \
                and words[0].strip(".,'’").lower() in common:
            continue  # "… with placards Scientists said …": a glued sentence's first word
        words = _after_repeat(words)
        if len(words) > 2 and words[-1] == raw[-1] and _role_after(sentence, match.end(), rules) \
                and " ".join(words[:-1]).lower().strip(".,") in known:
            words = words[:-1]  # "Ken Salazar Interior secretary": the post's first word glued after the name
        if len(words) > 1 and sentence[match.start() - 1:match.start()] == "/" and _outlet(words[:1], rules):
            words = words[1:]  # a caption's credit: "Dennis Cook/AP George Galloway"
        for cut in range(1, len(words) - 1):
            prefix, rest = " ".join(words[:cut]).lower().strip(".,"), " ".join(words[cut:]).lower().strip(".,")
            if (prefix in known and (rest in known or (_titled(sentence, match, rules)
                                                       and _qualifier(prefix, rest, known, article)))) \
                    or (rest in known and len(words) - cut >= 2
                        and (_glued(words[:cut], common, rules) or _titled(sentence, match, rules))):
                words = words[cut:]  # after a title, a post's words before a known name go ("Menteri Pertahanan RI")
                break
        if len(words) > 2 and _acronym_word(words[0]) and (_title_before(words[0], raw, rules)
                                                           or _titled(sentence, match, rules)):
            words = _after_acronyms(words)  # a title before them: "jaksa KPK Kiki Ahmad Yani" → "Kiki Ahmad Yani"
        if not words or _shouted(words):
            continue
        name = " ".join(words).strip(".,'’-")
        if match.start() > 1 and sentence[match.start() - 1] == "-" and words[0] == match.group().split()[0]:
            joined = _HYPHENED.search(sentence, max(0, match.start() - 8), match.start())
            if joined and joined.group(1) in rules.particles:  # "al-Qaida": the particle opens the name
                name = joined.group(1) + "-" + name
        name = rules.aliases.get(name.lower(), name)
        if len(name) > 1 and name not in found:
            found.append(name)
    return tuple(found[:MAX_ACTORS])


class ArticleWords:
    """What an article says of its lone capitalised words, read from its body when first asked (most articles
    never need it): those it writes after a place word (`place_words`: "di Rusia"), and those it writes right
    before or after a reporting verb ("Susatyo mengatakan", "kata Susatyo")."""

    def __init__(self, body: str, rules: EventRules):
        self.body, self.rules = body, rules

    @cached_property
    def placed(self) -> frozenset[str]:
        if self.rules.placed is None:
            return frozenset()
        return frozenset(m.group(1).lower() for m in self.rules.placed.finditer(self.body))

    @cached_property
    def spoken(self) -> frozenset[str]:
        if self.rules.reporting is None:
            return frozenset()
        found = set()
        for verb in self.rules.reporting.finditer(self.body):
            before = _LAST_WORD.search(self.body, max(0, verb.start() - 40), verb.start())
            after = _NEXT_WORD.match(self.body, verb.end())
            for word in (before, after):
                if word and word.group(1)[:1].isupper():
                    found.add(word.group(1).lower())
        return frozenset(found)


_LAST_WORD = re.compile(r"([^\W\d_][\w'’-]*) $")
_NEXT_WORD = re.compile(r" ([^\W\d_][\w'’-]*)")


def _glued(words: list[str], common: frozenset[str], rules: EventRules) -> bool:
    """Words before a known name that are no part of it: an acronym ("UK Michael Jackson", a country code), words
    the article writes in lower case, or an event's trigger ("What Really Killed Michael Jackson": a headline's
    verb glued to the name)."""
    bare = [word.strip(".,'’") for word in words]
    return (len(bare) == 1 and 2 <= len(bare[0]) <= 4 and bare[0].isupper() and bare[0].isalpha()) \
        or all(word.lower() in common for word in bare) \
        or (len(bare) == 1 and rules.triggers is not None and bool(rules.triggers.fullmatch(bare[0])))


def _qualifier(prefix: str, rest: str, known: frozenset[str], article: ArticleWords | None) -> bool:
    """Whether a known `prefix` before the `rest` of a titled name qualifies it ("Presiden Rusia Vladimir Putin")
    rather than opening it ("Kombes Susatyo Purnomo Condro"). It opens it when the article writes it alone beside
    a reporting verb ("Susatyo mengatakan"), never after a place word ("di Rusia"), and no word of the rest
    alone ("Putin")."""
    if article is None or prefix not in article.spoken or prefix in article.placed:
        return True
    return any(word.strip(".,'’") in known for word in rest.split())


def _stamp_words(raw: list[str], sentence: str, start: int, rules: EventRules) -> int:
    """How many words of a capitalised run (`raw`, at `start`) end a time stamp: a clock time's minutes and its
    zone ("06:15 GMT Help …": "15 GMT"), or a zone after a clock time ("06.15 GMT Help"); 0 if none."""
    k = 0
    while k < len(raw) - 1 and (raw[k].isdigit() or (raw[k].isupper() and raw[k].lower() in rules.clock_words)):
        k += 1
    if not k or raw[k - 1].isdigit():
        return 0
    if raw[0].isdigit():
        return k if _CLOCK_OPEN.search(sentence, max(0, start - 3), start) else 0
    return k if _AFTER_SEAM.search(sentence, max(0, start - 16), start) else 0


def _artefacts(raw: list[str]) -> int:
    """How many of a capitalised run's words are a tokenised corpus' bracket tokens ("RRB- Dividend")."""
    return sum(1 for w in raw if _ARTEFACT.fullmatch(w))


def _seldom(word: str, once: frozenset[str], inside: frozenset[str] | None) -> bool:
    """The article capitalises `word` inside a sentence once (`once`), or only after a dash or bracket, which
    `inside` does not count ("… -RRB- Dividend payment 2009 : …", "… – Dividend payment …": a box's label)."""
    return word in once or (inside is not None and word not in inside)


def _after_links(words: tuple[str, ...], raw: list[str], stamp: int, rules: EventRules) -> tuple[tuple[str, ...], int]:
    """A page's link words right after its time stamp ("06:15 GMT Help Live coverage of …": "Help", one of the
    language's one-word `furniture`) are no name: the name words and the stamp's count without them, so that the
    word after them is read as the sentence's first ("Live" there, a common word)."""
    k = stamp
    while k < len(raw) - 1 and raw[k].lower().strip(".,") in rules.links:
        k += 1
    if k == stamp or tuple(words[:k - stamp]) != tuple(raw[stamp:k]):
        return words, stamp
    return words[k - stamp:], k


def _acronym_word(word: str) -> bool:
    """An organisation's initials: two to five capitals ("KPK", "BUMN", "FBI")."""
    word = word.strip(".,")
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


def _title_before(word: str, raw: list[str], rules: EventRules) -> bool:
    """A title among the words of the capitalised run `raw` before `word` ("Wakil Menteri BUMN …")."""
    return word in raw and any(_is_title(w, rules) for w in raw[:raw.index(word)])


def _after_acronyms(words: tuple[str, ...] | list[str]) -> tuple[str, ...] | list[str]:
    """After a title, the organisation's initials opening a name of two words or more are the post's, not the
    person's ("jaksa KPK Kiki Ahmad Yani" → "Kiki Ahmad Yani", "Wakil Menteri BUMN Kartika Wirjaatmadja",
    "Director FBI Robert Mueller"); an organisation's own name ("BUMN Holding", "UN Security Council") keeps
    them: each word after them is a name's (capitalised, then lower case)."""
    k = 0
    while k < len(words) and _acronym_word(words[k]):
        k += 1
    rest = words[k:]
    if not k or len(rest) < 2 or not all(w[:1].isupper() and w[1:].strip(".,'’-").islower() for w in rest):
        return words
    return rest


def _role_after(sentence: str, end: int, rules: EventRules) -> bool:
    """A title of the language file written in lower case right after a capitalised run ("… Ken Salazar Interior
    secretary BP engineers …"): the run's last word opens the post, no part of the name before it."""
    after = _NEXT_WORD.match(sentence, end)
    return bool(after) and after.group(1)[:1].islower() and after.group(1).lower() in rules.titles


def _after_repeat(words):
    """A name written twice in a row is two sentences glued without their stop ("… costs mount up for BP BP says
    …", "his sister LaToya LaToya Jackson has claimed"): the words from the repeat on."""
    for i in range(len(words) - 1, 0, -1):
        if words[i].lower() == words[i - 1].lower():
            return words[i:]
    return words


def _titled(sentence: str, match: re.Match[str], rules: EventRules) -> bool:
    """A title opens the capitalised sequence or is the word before it ("Presiden Rusia Vladimir Putin").
    Asked only where a known name opens a longer one (speed only: most sequences never need it)."""
    if match.group().split()[0].lower() in rules.titles:
        return True
    before = _WORDS_DOTTED.findall(sentence[max(0, match.start() - 40):match.start()])
    return bool(before) and before[-1].lower() in rules.titles


def article_names(body: str, rules: EventRules, inside_counts: Counter[str] | None = None
                  ) -> tuple[frozenset[str], frozenset[str]]:
    """(names the article writes as a whole sequence, capitalised words it writes inside a sentence).
    `inside_counts`: `Counter(_inside_words(body))` when the caller has counted them already (left as it is)."""
    known = set()
    for sequence in rules.capitalised.findall(body):  # the whole match: the pattern has no group
        key = _sequence(sequence, rules)[1]
        if key is not None:
            known.add(key)
    inside = inside_counts if inside_counts is not None else Counter(_inside_words(body))
    stamped = _STAMPED.findall(body)  # "… 2005 00.06 BST Faced with …": the stamp's next word opens a sentence
    if "@" in body:  # "… : userhelp@guardian.co.uk Call the main …": so does an e-mail address's
        stamped += _ADDRESSED.findall(body)
    if not stamped:
        return frozenset(known), frozenset(inside)
    inside = inside.copy()
    inside.subtract(word.strip(".,'’") for word in stamped)
    return frozenset(known), frozenset(word for word, n in inside.items() if n > 0)


def _inside_words(body: str) -> list[str]:
    """Each capitalised word the body writes inside a sentence, as often as it does, its dots, commas and
    apostrophes stripped."""
    return [word.strip(".,'’") for word in _INSIDE.findall(body)]  # its one group: the word


def _is_report_date(sentence: str, offset: int, rules: EventRules) -> bool:
    """A reporting verb shortly before the date, with no trigger between them."""
    if rules.reporting is None:
        return False
    window = sentence[max(0, offset - REPORT_WINDOW):offset]
    cue = None
    for cue in rules.reporting.finditer(window):
        pass
    if cue is None:
        return False
    between = window[cue.end():]
    if rules.triggers is None:
        return True
    if folds_to_ascii(between):  # "ſ" matches "s" but does not lower-case to it
        return not rules.triggers.search(between)
    return not _trigger_matches(between, rules)  # the same matches as `finditer`, tried where one can start


AFTER_PENALTY = 1.5  # a trigger after the date is farther than it looks: verbs usually precede their date


def _clause(sentence: str, start: int, end: int, rules: EventRules) -> tuple[int, int]:
    """The clause around [start, end) of a sentence."""
    low, high = 0, len(sentence)
    if rules.clause_break is not None:
        for cut in rules.clause_break.finditer(sentence):
            if cut.end() <= start:
                low = cut.end()
            elif cut.start() >= end:
                high = cut.start()
                break
    return low, high


_WORD_START = re.compile(r"\b\w")
_RUN = re.compile(r"\S*")


def _trigger_matches(sentence: str, rules: EventRules) -> list[re.Match[str]]:
    """`rules.triggers.finditer(sentence)`, tried only where a trigger can start (speed only).

    A trigger match starts at a word whose run of non-space characters holds the
    literal core of the trigger's first word; elsewhere the long alternation is not tried.
    """
    lowered = sentence.lower()
    if not rules.trigger_cores or len(lowered) != len(sentence):
        return _sensed(list(rules.triggers.finditer(sentence)), sentence, rules)
    present = [core for core in rules.trigger_cores if core in lowered]
    if not present:
        return []
    found: list[re.Match[str]] = []
    end = 0
    for word in _WORD_START.finditer(lowered):
        start = word.start()
        if start < end:
            continue
        run = lowered[start:_RUN.match(lowered, start).end()]
        if any(core in run for core in present):
            match = rules.triggers.match(sentence, start)
            if match:
                found.append(match)
                end = match.end()
    return _sensed(found, sentence, rules)


def _sensed(found: list[re.Match[str]], sentence: str, rules: EventRules) -> list[re.Match[str]]:
    """The trigger matches not inside a phrase that changes their sense (`not_triggers` of the language
    file: "heart attack" is no attack, "in charge" no charge)."""
    if not found or rules.not_triggers is None:
        return found
    spans = [m.span() for m in rules.not_triggers.finditer(sentence)]
    if not spans:
        return found
    return [m for m in found if not any(a <= m.start() and m.end() <= b for a, b in spans)]


NEGATION_REACH = 2  # words before a trigger in which a negator ("has not signed", "belum membuat pengumuman") denies it


def _negated(sentence: str, match: re.Match[str], rules: EventRules,
             matches: list[re.Match[str]] | None = None) -> bool:
    """A negator of the language file (`negators`) among the NEGATION_REACH words before the trigger (one
    written with an apostrophe, "n't", is a word's ending: "hasn't"), or a negated trigger among them (`matches`,
    the sentence's triggers): the trigger is its object ("has not signed the agreement"). A negated trigger
    farther away leaves it be ("pleaded not guilty to the charge in Jackson's June 2009 death")."""
    if not rules.negators:
        return False
    before = list(_NEGATION_WORDS.finditer(sentence, max(0, match.start() - 60), match.start()))[-NEGATION_REACH:]
    for word in before:
        word = word.group().lower().replace("’", "'")
        if word in rules.negators or any("'" in n and word.endswith(n) for n in rules.negators):
            return True
    if matches and before:
        reach = before[0].start()
        return any(reach <= other.end() <= match.start() and _negated(sentence, other, rules)
                   for other in matches if other.start() < match.start())
    return False


def labels_in(sentence: str, lang: str) -> set[str]:
    """The event labels whose trigger words `sentence` holds (in `lang`'s rules)."""
    rules = rules_for(lang)
    if rules.triggers is None:
        return set()
    return {rules.labels[int(match.lastgroup[1:])] for match in _trigger_matches(sentence, rules)}


def _nearest_trigger(sentence: str, offset: int, rules: EventRules, length: int = 0,
                     matches: list[re.Match[str]] | None = None) -> tuple[str, str] | None:
    """The trigger of the date's clause nearest to the date (else the nearest in the sentence); `matches`:
    `_trigger_matches(sentence, rules)` when known."""
    if rules.triggers is None:
        return None
    low, high = _clause(sentence, offset, offset + length, rules)
    best: tuple[tuple[bool, float], str, str, re.Match[str]] | None = None
    if matches is None:
        matches = _trigger_matches(sentence, rules)
    for match in matches:
        if match.end() <= offset:
            distance = float(offset - match.end())
        elif match.start() >= offset + length:
            distance = AFTER_PENALTY * (match.start() - offset - length)
        else:
            distance = 0.0
        key = (not (low <= match.start() and match.end() <= high), distance)
        if best is None or key < best[0]:
            best = (key, rules.labels[int(match.lastgroup[1:])], match.group(), match)
    if best is None or _negated(sentence, best[3], rules, matches):
        return None  # "has not signed the agreement as of Tuesday": the sentence says it did not happen
    return best[1], best[2]


def extract_events(body: str, timexes: list[Timex], lang: str) -> list[EventMention]:
    """One mention per (sentence, date): the event it dates, or the report it dates.

    A date whose nearest trigger has one of the language's `background_labels` ("born November 11 1931", a fact
    box's "Born : August 29 , 1958") is a life's background, no event: its trigger keeps another word ("died")
    from dating it."""
    if not any(t.granularity in CALENDAR for t in timexes):
        return []  # no sentence is dated (speed only: the article's words need not be read)
    rules = rules_for(lang)
    mentions: list[EventMention] = []
    common = frozenset(_LOWER_WORD.findall(body))  # words the article writes in lower case
    inside_counts = Counter(_inside_words(body))  # read and counted once for `inside` and `once`
    known, inside = article_names(body, rules, inside_counts)
    article = ArticleWords(body, rules)
    once = frozenset(word for word, n in inside_counts.items() if n == 1)
    within = _Within(timexes)
    for start, end, inside_sentence in _merge_date_fragments(_dated_sentences(body, rules, timexes), body, within):
        dated = [t for t in inside_sentence if t.granularity in CALENDAR]
        if not dated:
            continue
        sentence = body[start:end].strip().replace("\n", " ")  # a wrapped line's break (`_PARAGRAPH`): its offsets kept
        lead = len(body[start:end]) - len(body[start:end].lstrip())
        names = actors(sentence, rules, common, known, inside, once, article)
        triggered = None  # the sentence's trigger matches, found once for all its dates
        for timex in dated:
            offset = timex.start - start - lead
            if _is_report_date(sentence, offset, rules):
                label, trigger = rules.report_label, timex.text
                is_report = True
            else:
                if triggered is None and rules.triggers is not None:
                    triggered = _trigger_matches(sentence, rules)
                found = _nearest_trigger(sentence, offset, rules, timex.end - timex.start, triggered)
                if found is None:
                    continue
                (label, trigger), is_report = found, False
                if label in rules.background:
                    continue  # "born November 11 1931 ; died May 4 2005": the birth is the obituary's background
            mention = EventMention(label=label, trigger=trigger, actors=names, value=timex.value,
                                   granularity=timex.granularity, sentence=sentence,
                                   is_report=is_report, start=start + lead)
            if not mentions or (mentions[-1].start, mentions[-1].value, mentions[-1].label) != \
                    (mention.start, mention.value, mention.label):  # "sehari sebelumnya pada Senin kemarin"
                mentions.append(mention)
    return mentions
