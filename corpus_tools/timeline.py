"""The timeline: event mentions from many articles merged into one row per event.

Merging and ranking (`build_timeline`) are pure functions over mention rows; the
store-facing functions read the store (`timeline_from_store`, `timeline_dicts`,
`attach_leads`, `attach_titles`, `stored_timelines_fresh`, `event_terms_fresh`) or
write to it (`refresh_stored_timelines`: the stored default timelines;
`fill_event_terms`: the event terms' index). Merging rules:
- day-level mentions of one day merge when they share a label or an actor;
- coarser mentions (a week, a month, a year) support a day row inside their
  span when they share its label or at least two actor words, and otherwise
  form rows of their own;
- near-identical copies count once: support is counted over `cluster_id`
  (the kept article of a duplicate group);
- two day rows with the same label and actors within `CONFLICT_DAYS`, whose
  sentences say the same (cosine ≥ `SAME_EVENT`, as rows of two stories merge),
  are one event told with different dates: the better supported row stays, the
  other is listed in its `conflicts`.
Ranking (what `limit` keeps): a row's `support` is the number of independent
articles behind it, day-level evidence weighted above week, month and year and
report dates below events. Its `score` adds how much the day itself stood out
in the coverage, the signals date-selection work on news timelines relies on
(Tran et al. 2015; Ghalandari & Ifrim 2020): how many independent articles
mention the day (not counting report dates; a mention written that same day
counts half), how many of those were written after it (`LATER_DAYS`: the
day was reported or recalled, not announced ahead or reported as it unfolded), and how many articles were
published that day (a burst of coverage). Each count enters as log(1 + n), so
that no single signal swamps the others; the day's share goes to its best
supported row only, so `limit` spends its rows on different days. Last, a small
share (`CENTRALITY_WEIGHT`) for how close the row's sentences are to its story's
other rows (`centrality`): between days the counts rank alike, the one told in
the story's words before one told in words of its own.
`benchmarks/timeline_eval.py` measures this ranking on Timeline17.
"""

from __future__ import annotations

import calendar
import gc
import json
import math
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from bisect import bisect_left
from itertools import chain, repeat
from operator import add, attrgetter, call, itemgetter, mul
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from . import languages
from .dateline import dateline_words
from .fields import valid_date
from .stories import TOKEN_PATTERN, _analyzer, sublinear, text_vector

if TYPE_CHECKING:  # annotations only: the store's module is imported by whoever opens one
    from .store import Store

WEIGHTS = {"day": 1.0, "week": 0.6, "month": 0.5, "quarter": 0.3, "season": 0.3, "year": 0.2}
REPORT_WEIGHT = 0.5
LATER_DAYS = 0  # a mention written more than this many days after the day it names is a later reference (`_likely_days` relies on 0: it compares the ISO days)
CONFLICT_DAYS = 14
SAME_DAY_WEIGHT = 0.5  # how much a mention written on the day it names counts towards the day's salience
CENTRALITY_WEIGHT = 0.1  # how much a row's `centrality` in its story adds to its rank (a cosine, 0 to 1)
# the weights of the rank's four counts, each as log(1 + n): the row's support; for the day's best row, the independent
# articles naming the day, those written after it, those published on it (`_rank`, `_salience`, `_likely_days`);
# benchmarks/learned_rank.py measures others, leave one topic out (23rd round: none carried from topic to topic)
RANK_WEIGHTS = (1.0, 1.0, 1.0, 1.0)
SUMMARY_CHARS = 400  # a whole sentence; only a runaway one (a list, a failed split) is cut
SAME_EVENT = 0.4  # cosine of two rows' sentences (or a coarse mention's) that makes them one event across stories
COARSE_FIT = 0.2  # cosine with which a week, month or year mention supports a day row of its own story
TOP_TERMS = 8  # a row's strongest terms, the index through which rows meet
LIST_DATES = 3  # a sentence naming this many dates is a list or a chronology: never a row's summary
CHRONOLOGY_DAYS = 12  # an article dating events to this many days is a chronology (a timeline of its own)
LEAD_DAYS = 1  # an article published on a row's day or up to this many days after tells the day's news in its lead
CHRONOLOGY_AGREE = 0.05  # cosine to the row's other articles' sentences a chronology's sentence needs beside leads
LEAD_CHARS = 600  # how much of a body's opening is read for its lead sentence
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One dated event mention with what the timeline needs of its article.

    `actor_words` (the actors' lower-cased words) and `terms` (the sentence's term weights,
    shared by every mention of the same sentence: read-only) are plain attributes set at
    construction: every mention is merged by them, and a computed-once property costs more
    per access than a whole timeline's arithmetic on them.
    """

    article_id: int
    cluster_id: int
    outlet: str | None
    published: str | None
    label: str
    trigger: str
    actors: tuple[str, ...]
    value: str
    granularity: str
    sentence: str
    is_report: bool = False
    title: str | None = None
    url: str | None = None
    story_id: int | None = None  # the article's story (corpus_tools/stories.py); None: not known
    language: str = "und"
    # Set from the fields, not compared: slots, as every field (no instance dict: issue 13, memory).
    actor_words: frozenset[str] = field(init=False, repr=False, compare=False)
    terms: Counter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _set(self, "actor_words", _actor_words(tuple(self.actors)))
        _set(self, "terms", _sentence_terms(self.sentence, self.language))

    @classmethod
    def from_stored(cls, rows: Iterable[tuple], words: bool = False) -> list["MentionRow"]:
        """Mentions from the store's tuples of every field in order (`mention_tuples(parse=False)`: actors as
        JSON text, is_report as 0/1), without the frozen dataclass's per-field `__init__` (the same objects,
        built faster; each distinct actors text parsed once).

        `rows` may be a cursor: each row is let go once its mention is built. Equal texts (a sentence, a
        title, an outlet: each row brings its own copy) are kept once, and so is each distinct sentence's
        term vector (see `_sentence_terms`): a big store's mentions repeat them (issue 13: memory).

        `words`: each row has one more column after the fields, the sentence's stored words or None
        (`Store.mention_tuples(["terms"])`, migration 0020): the term vector is made from them, not by
        tokenising the sentence.
        """
        slots = [getattr(cls, name).__set__ for name in MENTION_FIELDS]  # each field's slot
        at = {name: index for index, name in enumerate(MENTION_FIELDS)}
        actors_at, report_at, sentence_at, language_at = at["actors"], at["is_report"], at["sentence"], at["language"]
        set_actors, set_report = slots[actors_at], slots[report_at]
        set_words, set_terms = cls.actor_words.__set__, cls.terms.__set__
        new, out = object.__new__, []
        actors_of: dict[str, tuple[str, ...]] = {}
        texts: dict[Any, Any] = {}
        same = texts.setdefault
        for row in rows:
            mention = new(cls)
            row = tuple(map(same, row, row))
            any(map(call, slots, repeat(mention), row))  # put(mention, value) for each field, in C (each gives None)
            text = row[actors_at]
            actors = actors_of.get(text)
            if actors is None:
                actors = actors_of[text] = tuple(json.loads(text))
            set_actors(mention, actors)
            set_report(mention, bool(row[report_at]))
            set_words(mention, _actor_words(actors))
            set_terms(mention, _sentence_terms(row[sentence_at], row[language_at], row[-1] if words else None))
            out.append(mention)
        return out


MENTION_FIELDS = tuple(name for name, f in MentionRow.__dataclass_fields__.items() if f.init)
_set = object.__setattr__  # a frozen mention's own fields, set once at construction


@lru_cache(maxsize=65536)
def _actor_words(actors: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for a in actors for w in _TOKEN.findall(a))


def _sentence_terms(sentence: str, language: str, words: str | None = None) -> Counter:
    """The sentence's term weights (`text_vector`), its terms and weights shared with every other sentence's
    (a term is one string, a weight one float, however many sentences hold them): one vector per distinct
    sentence of a timeline (`_VECTORS`, emptied when it is built), each holding no copies.

    `words`: the sentence's words as the store keeps them (`events.terms`, migration 0020: `_analyzer`'s list
    joined by spaces, made with this code's `terms_key`), read instead of tokenising the sentence again."""
    key = (sentence, language)
    vector = _VECTORS.get(key)
    if vector is None:
        vector = _VECTORS[key] = _term_vector(_analyzer(language)(sentence) if words is None else words.split())
    return vector


def _term_vector(words: list[str]) -> Counter:
    """`_sentence_terms` of a sentence whose analysed words are `words`."""
    terms = _TERMS.setdefault
    vector = _new_counter()
    once = dict.fromkeys(words)
    if len(once) == len(words):  # each word once (most sentences): every weight is sublinear(1)
        one = sublinear(1)
        dict.update(vector, zip(map(terms, once, once), repeat(terms(one, one))))
        return vector
    counts = Counter(words)  # text_vector([sentence], language)'s, without its copies
    weights = list(map(sublinear, counts.values()))
    dict.update(vector, zip(map(terms, counts, counts), map(terms, weights, weights)))
    return vector


def _new_counter() -> Counter:
    """An empty Counter, made without `Counter.__init__` (which calls `update` in Python: two Python frames for
    each distinct sentence's vector and each row, the same empty Counter; issue 13, speed)."""
    return dict.__new__(Counter)


def _counter_copy(terms: Mapping[str, float]) -> Counter:
    """`Counter(terms)`: the same items in the same order, without `Counter.__init__`'s Python calls."""
    copy = dict.__new__(Counter)
    dict.update(copy, terms)
    return copy


_VECTORS: dict[tuple[str, str], Counter] = {}  # (sentence, language) → its vector, while a timeline is built
_TERMS: dict[Any, Any] = {}  # each term and weight once, while a timeline is built


def forget_sentence_terms() -> None:
    """Empty what `_sentence_terms` shares while a timeline is built (its vectors, their terms and weights): each
    mention keeps its own reference, and the shared copies served that build."""
    _VECTORS.clear()
    _TERMS.clear()


@dataclass(slots=True)
class TimelineRow:
    """One event; `add` keeps the sets that merging consults up to date (merging must stay linear)."""

    date: str
    granularity: str
    mentions: list[MentionRow] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    # its mentions' labels: one frozenset for every row of one label (`_one_label`) until a second label comes,
    # then a set of the row's own (issue 13, memory)
    labels: set[str] | frozenset[str] = frozenset()
    # its mentions' actor words: the first mention's own frozenset while no other brings a word it lacks (most
    # rows), then a set of the row's own (`_add_words`; issue 13, memory)
    actor_words: set[str] | frozenset[str] = frozenset()
    clusters: set[int] = field(default_factory=set)
    stories: set[int | None] = field(default_factory=set)
    terms: Counter = field(default_factory=_new_counter)  # summed term weights of its sentences: its content
    rank: float = 0.0  # the ranking score `limit` uses (support, the day's salience, centrality), set by build_timeline
    boxes: frozenset[tuple[str | None, str]] = frozenset()  # (outlet, sentence) repeated verbatim across a site
    idf: Mapping[str, float] = field(default_factory=dict)  # term weights over the timeline's sentences
    lists: frozenset[tuple[int, str]] = frozenset()  # (article, sentence) naming LIST_DATES dates or more
    chronologies: frozenset[int] = frozenset()  # articles dating events to CHRONOLOGY_DAYS days or more
    # (article, sentence) → the latest day it dates an event to, for sentences dating events to two days or more
    latest: Mapping[tuple[int, str], str] = field(default_factory=dict)
    # (article, lead sentence, language) of its articles published on its day or LEAD_DAYS after (`attach_leads`)
    leads: tuple[tuple[int, str, str], ...] = ()
    _score: tuple[int, float] = field(default=(-1, 0.0), repr=False, compare=False)  # (mentions, score) when computed
    # (mentions, actors) when computed: a shown row's summary and its dict both read them
    _actors: tuple[int, tuple[str, ...]] = field(default=(-1, ()), repr=False, compare=False)
    # `terms` is its first mention's own (read-only) vector until a second mention brings terms: most rows have
    # one mention, and a copy for each was most of the rows' memory (issue 13)
    _shared_terms: bool = field(default=False, repr=False, compare=False)

    def add(self, mention: MentionRow) -> None:
        self.mentions.append(mention)
        self._add_labels((mention.label,))
        self._add_words((mention.actor_words,))
        self.clusters.add(mention.cluster_id)
        self.stories.add(mention.story_id)
        self._add_terms(mention.terms)

    def add_all(self, mentions: list[MentionRow]) -> None:
        """`add` each of `mentions` in order (the same sets, filled in the same order, and the same sums), the
        set updates done in C."""
        self.mentions += mentions
        self._add_labels(map(_LABEL, mentions))
        self._add_words(map(_ACTOR_WORDS, mentions))
        self.clusters.update(map(_CLUSTER_ID, mentions))
        self.stories.update(map(_STORY, mentions))
        add = self._add_terms
        for mention in mentions:
            add(mention.terms)

    def _add_labels(self, many: Iterable[str]) -> None:
        """`self.labels.add(label)` for each of `many`, the first label's set shared by the rows that have it."""
        labels = self.labels
        if labels.__class__ is set:
            labels.update(many)
            return
        for label in many:
            if label in labels:
                continue
            if labels.__class__ is set:
                labels.add(label)
            elif not labels:
                labels = _one_label(label)
            else:
                labels = set(labels)
                labels.add(label)
        self.labels = labels

    def _add_words(self, many: Iterable[frozenset[str]]) -> None:
        """`self.actor_words |= words` for each of `many`: the same words, a mention's frozenset shared (never
        changed) until a word it lacks comes, then copied into a set of the row's own."""
        words = self.actor_words
        if words.__class__ is set:
            words.update(*many)
            return
        for other in many:
            if words.__class__ is set:
                words |= other
            elif not words:
                words = other
            elif not other <= words:
                words = set(words)
                words |= other
        self.actor_words = words

    def _add_terms(self, terms: Counter) -> None:
        """`_add_terms(self.terms, terms)`: the same sums in the same order (a first vector's sums with nothing
        are its own weights, so it is shared rather than copied; copied once a second one is added)."""
        total = self.terms
        if not total:
            self.terms, self._shared_terms = terms, True
            return
        if self._shared_terms:
            total = self.terms = _counter_copy(total)
            self._shared_terms = False
        _add_terms(total, terms)

    def absorb(self, other: "TimelineRow") -> None:
        self.add_all(other.mentions)

    @property
    def articles(self) -> int:
        return len(self.clusters)

    @property
    def reports_only(self) -> bool:
        """Every mention dates a report ("said on Monday"), none an event."""
        return all(m.is_report for m in self.mentions)

    @property
    def outlets(self) -> set[str]:
        return {m.outlet for m in self.mentions if m.outlet}

    @property
    def score(self) -> float:
        """Support: each independent article's best weighted mention, summed (kept until a mention is added)."""
        count, value = self._score
        if count == len(self.mentions):
            return value
        best: dict[int, float] = {}
        for m in self.mentions:
            weight = WEIGHTS.get(m.granularity, 0.2) * (REPORT_WEIGHT if m.is_report else 1.0)
            best[m.cluster_id] = max(best.get(m.cluster_id, 0.0), weight)
        value = sum(best.values())
        self._score = (len(self.mentions), value)
        return value

    def _own(self) -> list[MentionRow]:
        """Mentions at the row's own granularity, events before reports."""
        own = [m for m in self.mentions if m.granularity == self.granularity] or self.mentions
        return [m for m in own if not m.is_report] or own

    @property
    def label(self) -> str:
        """The label most independent articles give at the row's own granularity (ties: alphabetical)."""
        if len(self.labels) == 1:  # every mention gives it (most rows)
            return next(iter(self.labels))
        clusters: dict[str, set[int]] = defaultdict(set)
        for m in self._own():
            clusters[m.label].add(m.cluster_id)
        return min(clusters, key=lambda label: (-len(clusters[label]), label))

    @property
    def actors(self) -> list[str]:
        """Names by independent articles naming them; a name inside a longer one counts for it ("Putin").
        Kept until a mention is added."""
        count, actors = self._actors
        if count != len(self.mentions):
            actors = self._find_actors()
            self._actors = (len(self.mentions), actors)
        return list(actors)

    def _find_actors(self) -> tuple[str, ...]:
        per_cluster: dict[int, set[str]] = defaultdict(set)
        for m in self.mentions:
            per_cluster[m.cluster_id].update(m.actors)
        names = merge_names({a for found in per_cluster.values() for a in found})
        counts = Counter(names[a] for found in per_cluster.values() for a in {names[a] for a in found})
        return tuple(a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4])

    @property
    def summary(self) -> str:
        """The row's summary (`summary_and_language`)."""
        return self.summary_and_language()[0]

    def summary_and_language(self) -> tuple[str, str]:
        """The summary, and the language of the article it is taken from (a page marks the text with it).

        The sentence closest to the row's content (cosine to its centroid) among, in this order of preference: its mentions from a chronology published after the day (an article dating events to
        CHRONOLOGY_DAYS days or more: it tells each day as a timeline does; beside a lead that tells the row's
        event, only an entry the row's other articles confirm, `_agrees`); the lead sentences of its articles
        published on its day or just after (`attach_leads`: the day's news as its reporters put it; each reads
        on its own) that tell one of the row's events (`_tells`); its other mentions that read on their own (see
        `_summary_candidates`), told after the fact when some article tells it so (`_after`). In the pool
        chosen, an entry opening with its time stamp (`time_stamped`) only when all are, and a sentence that
        dates an event to a later day than the row's (`_tells_later`: this day is the background of that day's
        news) only when all are; when every candidate of a day row is one, its coarser mentions that tell its
        event ("signed in June", `_coarser_candidates`) come first.
        Without a headline or caption glued before it (`body_part`)."""
        content = self._weighted(self.terms)
        candidates = self._summary_candidates()
        if candidates and all(map(self._tells_later, candidates)):
            candidates = self._coarser_candidates() or candidates
        after = self._after(candidates)
        told = [m for m in after if m.article_id in self.chronologies]
        leads = [lead for lead in self.leads if self._tells(lead[1], lead[2])]  # each reads alone (`lead_sentence`)
        if leads:  # a chronology's sentence that no other article's sentence of the day confirms gives way
            told = [m for m in told if self._agrees(m)]
        if told or not leads:
            pool = told or after or candidates
            pool = [m for m in pool if not time_stamped(body_part(m.sentence, m.language), m.language)] or pool
            pool = [m for m in pool if not self._tells_later(m)] or pool
            best = max(pool, key=lambda m: (round(_cosine(self._weighted(m.terms), content), 6), -m.article_id))
            text, lang = readable_part(best.sentence, best.language), best.language
        else:
            leads = [lead for lead in leads if not time_stamped(lead[1], lead[2])] or leads
            article, text, lang = max(leads, key=lambda lead: (
                round(_cosine(self._weighted(text_vector([lead[1]], lead[2])), content), 6), -lead[0]))
        text = text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1].rstrip() + "…"
        return closed_quote(text), lang

    def _tells(self, text: str, lang: str) -> bool:
        """Whether `text` tells one of the row's events (holds a trigger of one of its labels): a lead about
        something else that day is not this row's summary."""
        from .events import labels_in  # the timeline's other readers need no trigger rules

        return bool(labels_in(text, lang) & set(self.labels))

    def _agrees(self, mention: MentionRow) -> bool:
        """Whether the row's sentences from other articles than `mention`'s share its content (cosine
        CHRONOLOGY_AGREE or more): a chronology lists many days, and a list's year or day can be misread
        (a casualty list of 2003 read as 2005), so its sentence tells this row's day only when another
        article's sentence of that day says something alike."""
        others: Counter = Counter()
        for m in self.mentions:
            if m.article_id != mention.article_id:
                others.update(m.terms)
        return _cosine(self._weighted(mention.terms), self._weighted(others)) >= CHRONOLOGY_AGREE

    def _after(self, pool: list[MentionRow]) -> list[MentionRow]:
        """The mentions of `pool` from articles published after the row's last day: written once the event was
        over, they say what happened, as a timeline does; one written before it says what was planned ("due to
        begin on 27 September"), one written that day what was known so far."""
        span = value_span(self.date)
        end = span[1].isoformat() if span else self.date
        return [m for m in pool if m.published and m.published > end]

    def _weighted(self, terms: Counter) -> Counter:
        """`terms` weighted by their rarity among the timeline's sentences (a term every row has says little)."""
        if not self.idf:
            return terms
        weighted = _new_counter()  # {t: v * idf.get(t, 1.0)}, the products made in C
        dict.update(weighted, zip(terms, map(mul, terms.values(), map(self.idf.get, terms, repeat(1.0)))))
        return weighted

    def _summary_candidates(self) -> list[MentionRow]:
        """Own mentions minus captions, bylines, comments, site boxes, lists of dates, fragments and sentences
        about others."""
        own = self._own()
        main = {w.lower() for a in self.actors[:2] for w in _TOKEN.findall(a)}
        ok = [m for m in own if self._reads_as_summary(m)]
        about = [m for m in ok if not m.actors or not main or m.actor_words & main]
        if about or ok:
            return about or ok
        # none reads as a summary: a whole sentence before a half one, and either before a caption, fact box
        # or contact line ("Born : … Also known as : …", "… : userhelp@…")
        kept = [m for m in own if not furniture_sentence(readable_part(m.sentence, m.language), m.language)] or own
        return [m for m in kept if whole_sentence(readable_part(m.sentence, m.language))] or kept

    def _reads_as_summary(self, m: MentionRow) -> bool:
        """Not a site box, a list of dates, a caption, byline or comment, a fragment or a dependent clause
        standing alone."""
        if (m.outlet, m.sentence) in self.boxes or (m.article_id, m.sentence) in self.lists:
            return False
        if not whole_sentence(m.sentence):
            return False
        text = readable_part(m.sentence, m.language)
        return not furniture_sentence(text, m.language) and not dependent_clause(text, m.language)

    def _tells_later(self, m: MentionRow) -> bool:
        """Whether `m`'s sentence dates an event to a later day than this day row's: it tells that day's news,
        this day only as its background ("The document, dated 9 November, ratifies the treaty signed on 19
        June": the 9 November row's sentence, not the 19 June one's)."""
        return self.granularity == "day" and self.latest.get((m.article_id, m.sentence), "") > self.date

    def _coarser_candidates(self) -> list[MentionRow]:
        """The row's week, month or year mentions of its own event (its label, not a report) that read as a
        summary and date nothing later: "Putin and Kim signed the treaty in June" for the 19 June row."""
        label = self.label
        return [m for m in self.mentions if m.granularity != self.granularity and m.label == label
                and not m.is_report and self._reads_as_summary(m) and not self._tells_later(m)]


def closed_quote(text: str) -> str:
    """`text` with the quotation mark it lacks: a quote's last sentence opens with its closing mark's opening one
    ('Kami siap," ucap Ria Norsan …' → '"Kami siap," ucap …'), a quote's first sentence, whose quote goes on in the
    next, ends with its closing one ('"Kejadiannya tahun 2012 … Karangbanjar.' → '… Karangbanjar."'). A summary
    is one sentence of the article: the quote it is part of is cut at its bounds, and says so. Curly marks
    (“ ”), straight ones (") and the Penn Treebank's (`` '') alike, when one mark is missing; a text whose marks
    pair up, or that misuses one mark for both, is left as it is."""
    for opening, closing in (("“", "”"), ("``", "''")):
        opened, closed = text.count(opening), text.count(closing)
        if closed == opened + 1 and text.find(closing) < (text.find(opening) + 1 or len(text)):
            return opening + (" " if opening == "``" else "") + text
        if opened == closed + 1 and text.rfind(opening) > text.rfind(closing):
            return text + (" " if closing == "''" else "") + closing
    if text.count('"') % 2:
        first = text.find('"')
        if first > 0 and not text[first - 1].isspace() and not text[first - 1].isdigit():  # after a word: a closing mark
            return '"' + text
        last = text.rfind('"')
        if last + 1 < len(text) and not text[last + 1].isspace() and (last == 0 or text[last - 1].isspace()):
            return text + '"'  # an opening mark before a word: the quote goes on after
    return text


@lru_cache(maxsize=65536)
def dependent_clause(text: str, lang: str) -> bool:
    """A dependent clause standing as a sentence: it opens with one of the language file's `subordinators`
    ("After", "Setelah") and holds no clause break (", ", ";", ":", a dash) before which that clause could end
    and a main clause begin ("After being signed by the two leaders in June."): it tells no event of its own."""
    words = _subordinators(lang)
    first = text.split(None, 1)[:1]
    return bool(first and first[0].lower() in words and not _CLAUSE_BREAK.search(text))


_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[-–—]\s")


@cache
def _subordinators(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in languages.section(lang, "events").get("subordinators", []))


def _reads_alone(text: str, lang: str) -> bool:
    """A whole sentence, not a caption, byline, comment or box, nor a dependent clause standing alone (`text` is
    already a `body_part`)."""
    return whole_sentence(text) and not furniture_sentence(text, lang) and not dependent_clause(text, lang)


def attach_leads(store: Store, rows: list[TimelineRow]) -> None:
    """Give each day row the lead sentences (`body_part` of the body's first sentence) of its articles published
    on its day or up to LEAD_DAYS after: what the summary weighs first. One read of the bodies' openings."""
    wanted: list[tuple[TimelineRow, set[int]]] = []
    for row in rows:
        span = value_span(row.date)
        if row.granularity != "day" or span is None:
            continue
        low, high = span[0].isoformat(), (span[1] + timedelta(days=LEAD_DAYS)).isoformat()
        ids = {m.article_id for m in row.mentions if m.published and low <= m.published <= high}
        if ids:
            wanted.append((row, ids))
    if not wanted:
        return
    leads = {}
    for article_id, lang, opening in store.article_openings(sorted(set().union(*(ids for _, ids in wanted))),
                                                             LEAD_CHARS):
        lead = lead_sentence(opening or "", lang)
        if lead:
            leads[article_id] = (lead, lang)
    for row, ids in wanted:
        row.leads = tuple((a, *leads[a]) for a in sorted(ids) if a in leads)


def lead_sentence(opening: str, lang: str) -> str | None:
    """The body's lead: the first of the opening's first LEAD_SENTENCES sentences that ends as a statement
    ("." or "!", a closing quote after it) and reads on its own once what is glued before it is cut
    (`body_part`): a headline, a caption's credit, a byline line before it are passed over. None when there is
    none, or when it may run past the `opening` (no sentence starts after it)."""
    from .events import rules_for, sentences  # the timeline's other readers need no sentence splitter

    spans = sentences(opening, rules_for(lang))[:LEAD_SENTENCES + 1]
    texts = [opening[start:end].strip().replace("\n", " ") for start, end in spans]  # a wrapped line read whole
    first = next((i for i, text in enumerate(texts[1:-1], start=1) if _credited(text, lang)), 0)
    for text in texts[first:-1]:  # what comes before a photograph's credit is its caption (and standfirst)
        text = body_part(text, lang)
        if text.rstrip("\"”’' )")[-1:] in (".", "!") and _reads_alone(text, lang):
            return text
    return None


LEAD_SENTENCES = 4  # a lead is among a body's first sentences (after its headline, caption, byline)


def _credited(text: str, lang: str) -> bool:
    """`text` opens with a photograph's credit glued before the sentence after it: a `summary_skip` cue and a
    "Name/Agency" token within CREDIT_WORDS words, a capitalised word after it ("Photograph : Dennis Cook/AP
    George Galloway confronted …"): the sentences before it on the page are the photograph's caption."""
    return _opens_with_cue(text, lang) and _credit_end(text.split()) is not None


def _credit_end(tokens: list[str]) -> int | None:
    """Where a caption's credit ends among the first CREDIT_WORDS tokens: after a "Name/Agency" token followed
    by a capitalised word; None when there is none."""
    return next((i for i, token in enumerate(tokens[:CREDIT_WORDS], start=1)
                 if "/" in token.strip("/") and i < len(tokens) and _capitalised(tokens[i])), None)


@lru_cache(maxsize=4096)
def _one_label(label: str) -> frozenset[str]:
    return frozenset((label,))


_LABEL, _ACTOR_WORDS, _CLUSTER_ID, _STORY = map(attrgetter, ("label", "actor_words", "cluster_id", "story_id"))


def _add_terms(total: Counter, terms: Counter) -> None:
    """`total.update(terms)` with the same sums (new + old, per term), done by dict.update in C; equal sums
    are one float (`_TERMS`: rows' sums repeat a few values, 1.0, 2.0, …)."""
    sums = list(map(add, terms.values(), map(total.get, terms, repeat(0))))
    dict.update(total, zip(terms, map(_TERMS.setdefault, sums, sums)))


def _top_terms(terms: Mapping[str, float]) -> list[str]:
    """The TOP_TERMS heaviest terms, ties in insertion order: `Counter.most_common`'s choice (which is
    `sorted(..., reverse=True)[:n]`, stable), sorted in C instead of its heap loop in Python."""
    return sorted(terms, key=terms.__getitem__, reverse=True)[:TOP_TERMS]


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Σ a[t]·b[t] over a's terms, in a's order (_cosine's sum, without a Python loop)."""
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def _length(a: Mapping[str, float]) -> float:
    return math.sqrt(_squares(a))


def _squares(a: Mapping[str, float]) -> float:
    """|a|²: Σ a[t]² (no lookup in another vector, as `_dot(a, a)` would make)."""
    values = a.values()
    return sum(map(mul, values, values))


def _cosine(a: Counter, b: Counter, b_length: float | None = None) -> float:
    """cos(a, b); `b_length`: `_length(b)`, when b is weighed against many vectors."""
    norm = _length(a) * (_length(b) if b_length is None else b_length)
    return _dot(a, b) / norm if norm else 0.0


def merge_names(names: set[str]) -> dict[str, str]:
    """Each name to the longest name that contains all its words ("Putin" → "Vladimir Putin",
    "Kim Jong Un" → "Kim Jong-un"); a name inside two different longer names stays itself."""
    words = {n: _name_words(n) for n in names}
    having: dict[str, set[str]] = defaultdict(set)  # word → the names holding it (a row's names: not all pairs)
    for name, own in words.items():
        for word in own:
            having[word].add(name)
    out = {}
    for name in names:
        own = words[name]
        if not own:
            out[name] = name
            continue
        wider = set.intersection(*[having[word] for word in own])  # itself, spellings of it, longer names
        top = max(wider, key=lambda m: (len(words[m]), m))
        out[name] = top if all(words[m] <= words[top] for m in wider) else name  # ambiguous: keep
    return out


@lru_cache(maxsize=65536)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(name.lower()))


def whole_sentence(text: str) -> bool:
    """Starts like a sentence (a capital, a digit or an opening quote), closes every quote it opens and does not
    end as a question or a lead-in ("?", ":"): a statement."""
    text = text.strip()
    if not text or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'("):
        return False
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False
    return text.rstrip("\"”’' ")[-1:] not in ("?", ":")


@lru_cache(maxsize=65536)
def body_part(text: str, lang: str) -> str:
    """The sentence without a headline, caption or dateline glued before it on one line ("Police raid Jackson
    doctor's home Drug police are searching...", "... in spoil heaps Saturday 15 January 2005 16.18 GMT Iraqi
    authorities will..."): the last piece after such a seam, when it is long enough to read on its own.

    A seam is where a capitalised function word (the language's stopwords, not a date word) follows a word
    ending in a lower-case letter or a closing quote (before a lower-case word, a number, an acronym or a date
    word; a subordinator of the language file before anything: "… became friends When Michael Jackson died …"),
    or follows an acronym after a lower-case word and a
    lower-case word, a number or a date word follows it ("… oil spill and BP On 20 April 2010 a deepwater well exploded"), around a run of date words, numbers and a clock time
    that stands between a word and a capitalised word without a preposition or punctuation before it,
    after HEADING_WORDS upper-case words followed by a capitalised one, and after the credit ("Name/Agency")
    of a caption the line opens with (a `summary_skip` cue), and after an outlet's dateline opening it.
    """
    tokens = text.split()
    stop, dates = _seam_words(lang)
    cuts = []
    i = 1
    while i < len(tokens):
        token, before = tokens[i], tokens[i - 1]
        if _is_date_token(token, dates):
            j = _date_heading_end(tokens, i, dates)
            # after a prose word, or after any word when the run holds a clock time and its zone (a page's
            # time stamp, never prose: "... in London Sunday 20 February 2005 12.35 GMT It was ...")
            if j is not None and (_open_end(before) and before.lower() not in stop or _stamped(tokens[i:j])):
                cuts += [i, j]
                i = j + 1
                continue
        if _capitalised(token) and token.lower() in stop and token.lower() not in dates and i + 1 < len(tokens) \
                and (_open_end(before) and (_opens_clause(tokens[i + 1]) or tokens[i + 1].lower() in dates
                                            or token.lower() in _subordinators(lang))
                     or _acronym(before) and tokens[i - 2][:1].islower() and _opens_prose(tokens[i + 1], dates)):
            cuts.append(i)
        i += 1
    heading_end = _date_heading_end(tokens, 0, dates)  # a date heading opening the line: "22 July 2009 The doctor..."
    if heading_end is not None:
        cuts.append(heading_end)
    credit = _credit_end(tokens) if _opens_with_cue(text, lang) else None
    if credit is not None:  # a caption's credit before the lead: "Photograph: Dennis Cook/AP George ..."
        cuts.append(credit)
    elif _opens_with_cue(text, lang):  # its last word glued to the lead's first: "Photograph : Zed NelsonNext week"
        glued = _glued_credit(tokens, stop)
        if glued is not None:
            tokens = tokens[:glued] + list(_GLUED.fullmatch(tokens[glued]).groups()) + tokens[glued + 1:]
            cuts.append(glued + 1)
    cuts += _stamp_ends(text, tokens, lang)  # "24 June 2010 Last updated at 14:59 GMT Help A year on ...": a page's stamp
    capitals = 0  # an upper-case heading: "NEW CAP FOR LEAKING OIL WELL When engineers removed..."
    for i, token in enumerate(tokens):
        if len(token) > 1 and token.isalpha() and token.isupper():
            capitals += 1
        elif token in ("-", ":", "–", "—") and capitals:
            continue
        else:
            if capitals >= HEADING_WORDS and _capitalised(token) and len(token) > 1:
                cuts.append(i)
            capitals = 0
    dateline = dateline_words(text)  # an outlet's dateline: "SEOUL, KOMPAS.TV — Pihak Korea Utara ..."
    if dateline:
        cuts.append(dateline)
    if cuts:
        last = max(cuts)
        rest = tokens[last:]
        text = " ".join(rest) if len(rest) >= BODY_WORDS else text
    return _after_repeated_name(text, lang)


_GLUED = re.compile(r"(.*[a-z])([A-Z][a-z]+)")  # a word glued to a capitalised one: "NelsonNext", "Getty/GettySaying"


def _glued_credit(tokens: list[str], stop: frozenset[str]) -> int | None:
    """Which of a caption's first CREDIT_WORDS tokens is its credit's last word glued to the first word of the
    sentence after it ("Photograph : Zed NelsonNext week the UN meets …"): a lower-case letter, then a capitalised
    word ending the token that is a function word or that a lower-case word follows ("McPugh The …" is a name);
    None when there is none."""
    for i, token in enumerate(tokens[1:CREDIT_WORDS], start=1):
        glued = _GLUED.fullmatch(token)
        if glued and i + 1 < len(tokens) and (glued.group(2).lower() in stop or tokens[i + 1][:1].islower()):
            return i
    return None


def _after_repeated_name(text: str, lang: str) -> str:
    """The sentence after a headline or caption that names its subject first and is glued before it without a
    stop: the line opens with a name (among its first OPENING_WORDS words), and after a lower-case word (or a date
    word) a run of two capitalised words or more that opens with that name (after titles) opens a clause (a
    lower-case word or "'s" after it): "Michael Jackson died from cardiac arrest in his rented home | Michael
    Jackson 's death was homicide …", "Louisiana Governor Bobby Jindal warned the spill threatened their way of
    life | Louisiana Governor Bobby Jindal has warned …". A function word or a title before the run ("to", "chief
    executive Tony Hayward"), a title as the only repeat ("Lord Goldsmith saw Lord Falconer") or the name at the
    end of a longer one ("Otoritas Iran … milik Garda Revolusi Iran") is prose; the piece kept has BODY_WORDS
    words or more."""
    tokens = text.split()
    if len(tokens) < REPEAT_FROM + BODY_WORDS:
        return text
    stop, dates = _seam_words(lang)
    titles = _titles(lang)

    def name_word(word: str) -> bool:
        low = word.lower()
        return _capitalised(word) and word.isalpha() and len(word) > 2 and low not in stop and low not in dates \
            and low not in titles

    opening = {t for t in tokens[:OPENING_WORDS] if name_word(t)}
    if not opening:
        return text
    for i in range(REPEAT_FROM, len(tokens) - BODY_WORDS + 1):
        before = tokens[i - 1]
        if not (before.isalpha() and (before[0].islower() and before not in stop and before not in titles
                                      or before.lower() in dates)):
            continue
        j = i
        while j < len(tokens) and tokens[j].isalpha() and _capitalised(tokens[j]):
            j += 1
        after = tokens[j] if j < len(tokens) else ""
        name = [t for t in tokens[i:j] if t.lower() not in titles][:1]
        if j - i >= 2 and name and name[0] in opening and (after[:1].islower() or after in ("'s", "’s")):
            return " ".join(tokens[i:])
    return text


OPENING_WORDS = 3  # a headline or caption names its subject among its first words
REPEAT_FROM = 4  # the fewest words of a headline or caption before the sentence glued after it


@cache
def _titles(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in languages.section(lang, "events").get("titles", []))


@lru_cache(maxsize=65536)
def readable_part(text: str, lang: str) -> str:
    """`body_part`; when that piece is a caption, box or contact line glued after the sentence ("… born May 22
    1936 ; died September 25 2005 Letters for publication should be sent to : letters@… If you need help using
    the site : userhelp@…"), the last piece before it that reads alone (`_reads_alone`), if any; else, when
    no seam parts the contact line from the prose ("… published this month by the Nation Letters for publication
    should be sent to : letters@…"), the prose before the first address's label (`_before_contact`) when it
    holds BODY_WORDS words or more."""
    part = body_part(text, lang)
    head = text.split()
    while furniture_sentence(part, lang):
        head = head[:len(head) - len(part.split())]
        if len(head) < BODY_WORDS:
            break
        part = body_part(" ".join(head), lang)
        if _reads_alone(part, lang):
            return part
    whole = body_part(text, lang)
    prose = _before_contact(text) if furniture_sentence(whole, lang) else None
    if prose:
        prose = body_part(prose, lang)
        if len(prose.split()) >= BODY_WORDS and not furniture_sentence(prose, lang):
            return prose
    return whole


def _before_contact(text: str) -> str | None:
    """`text` before the contact line glued after it: before its first e-mail or web address when a label
    introduces it ("Letters for publication should be sent to : letters@…", "If you need help using the site :
    …"), and before the label, the words from the last capitalised one before the colon; None when no label
    does (an address inside the prose: "… published the list on www.… on Monday")."""
    address = _ADDRESS.search(text)
    prose = text[:address.start()].rstrip() if address else ""
    if not prose.endswith(":"):
        return None
    words = prose[:-1].split()
    opening = next((i for i in range(len(words) - 1, -1, -1) if words[i][:1].isupper()), None)
    return " ".join(words[:opening]) if opening else None


BODY_WORDS = 6  # the fewest words a piece after a seam needs to stand as the summary
HEADING_WORDS = 3  # upper-case words in a row that make a heading
CREDIT_WORDS = 8  # a caption's credit (name/agency) ends within this many words of its cue
_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}")
_ZONE = re.compile(r"[A-Z]{2,4}")


def _date_heading_end(tokens: list[str], start: int, dates: frozenset[str]) -> int | None:
    """Where the run of date words, numbers and clock times (with their zone: "16.18 GMT") from `tokens[start]`
    ends, when it reads as a dateline or a date heading: two tokens or more, a number and a date word among them,
    a capitalised word after it; else None."""
    end = start
    while end < len(tokens) and (_is_date_token(tokens[end], dates) or
                                 (end > start and _CLOCK.fullmatch(tokens[end - 1]) and _ZONE.fullmatch(tokens[end]))):
        end += 1
    run = tokens[start:end]
    if (end - start >= 2 and end < len(tokens) and _capitalised(tokens[end]) and tokens[end].lower() not in dates
            and any(t.isdigit() for t in run) and any(t.lower() in dates for t in run)):
        return end
    return None


def _stamp_ends(text: str, tokens: list[str], lang: str) -> list[int]:
    """Where each of the line's "last updated" stamps ends: a `summary_skip` cue, then a clock time among the next
    STAMP_CLOCK words, every word before it a time word, function word, date word or number (the language file's:
    "Last updated at", "Page last updated at"; not "Comment 09:01", a reader's), then the time's zone and any date
    words, numbers, clock times and zones after it ("08:58 GMT , Thursday , 24 June 2010 09:58 UK") and the site's
    links (the clutter `furniture` words: "Help"); where a capitalised word follows."""
    cues = _summary_cues(lang)
    if cues is None or not _CLOCK.search(text):  # most sentences hold no clock time
        return []
    ends = []
    openers = _cue_openers(lang)
    for start, token in enumerate(tokens):
        if token.lower() not in openers or not cues.match(" ".join(tokens[start:start + STAMP_CLOCK])):
            continue
        clock = next((i for i in range(start, min(start + STAMP_CLOCK, len(tokens))) if _CLOCK.fullmatch(tokens[i])),
                     None)
        if clock is None or not all(_stamp_word(t.lower(), lang) for t in tokens[start:clock]):
            continue
        end = _stamp_run_end(tokens, clock, lang)
        if end < len(tokens) and tokens[end][:1].isupper():
            ends.append(end)
    return ends


@cache
def _cue_openers(lang: str) -> frozenset[str]:
    """The first words of the language file's `summary_skip` cues."""
    return frozenset(w.split()[0].lower() for w in languages.section(lang, "events").get("summary_skip", []) if w.strip())


def _stamp_run_end(tokens: list[str], clock: int, lang: str) -> int:
    """The end of a stamp's run from its clock time: zones after a clock time, date words, numbers, clock times,
    commas, then the site's one-word links."""
    dates, links = _seam_words(lang)[1], languages.clutter_words(lang, "furniture", one_word=True)
    end = clock + 1
    while end < len(tokens) and (_is_date_token(tokens[end], dates) or tokens[end] == ","
                                 or _CLOCK.fullmatch(tokens[end - 1]) and _ZONE.fullmatch(tokens[end])):
        end += 1
    while end < len(tokens) and tokens[end].lower() in links:
        end += 1
    return end


def _stamp_word(word: str, lang: str) -> bool:
    stop, dates = _seam_words(lang)
    return word in languages.clutter_words(lang, "time_words") or word in stop or word in dates or word.strip(",").isdigit()


def _stamped(run: list[str]) -> bool:
    """A clock time followed by its zone ("16.18 GMT") in a run of date tokens."""
    return any(_CLOCK.fullmatch(a) and _ZONE.fullmatch(b) for a, b in zip(run, run[1:]))


def _is_date_token(token: str, dates: frozenset[str]) -> bool:
    return token.isdigit() or token.lower() in dates or bool(_CLOCK.fullmatch(token))


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and (len(token) == 1 or token[1:].islower())


def _open_end(token: str) -> bool:
    """A lower-case word without punctuation after it, or a closing quote: a seam may follow it (a capitalised
    word before a capitalised function word is more likely a name going on: "Pasar Kebayoran Baru")."""
    return token[:1].islower() and token[-1:].islower() or token in ("''", "”", "’", '"')


def _acronym(token: str) -> bool:
    """An upper-case word of two letters or more ("BP", "NATO"): a headline may end on it after a lower-case word
    ("Case study : Gulf of Mexico oil spill and BP On 20 April 2010 a deepwater oil well exploded …"; a fact box's
    "Gary , Indiana , US Also known as : …" goes on)."""
    return len(token) > 1 and token.isalpha() and token.isupper()


def _opens_prose(token: str, dates: frozenset[str]) -> bool:
    """What follows a function word opening a sentence after an acronym: a lower-case word, a number or a date
    word ("BP On 20 April", "BP The company"), not a capitalised word or another acronym, as a title-case
    name or headline goes on ("BI Dan OJK", "Bank of America")."""
    return token[:1].islower() or token[:1].isdigit() or token.lower() in dates


def _opens_clause(token: str) -> bool:
    """What follows a function word opening a sentence: a lower-case word, a number or an acronym ("The
    doctor", "On 8 February", "The US Coast Guard"; a date word too, checked by the caller: "On Monday"), not
    a capitalised word ("The Hague", "New York")."""
    return token[:1].islower() or token[:1].isdigit() or (len(token) > 1 and token.isalpha() and token.isupper())


@cache
def _seam_words(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    always = {w.lower() for w in languages.section(lang, "events").get("capitalised_words", [])}
    stop = frozenset(languages.section(lang, "stopwords").get("words", "").split()) - always
    return stop, languages.date_words(lang)


@lru_cache(maxsize=65536)
def furniture_sentence(text: str, lang: str) -> bool:
    """A caption, byline, reader comment or box: it opens with one of the language file's summary_skip cues, or
    with a byline (`_byline`), holds an e-mail or web address (a site's contact or link line) or BOX_LABELS labels ("Born : …"), or opens
    as a comment's header does: a clock time, then within COMMENT_WORDS words one of the language file's
    comment_cues and a colon ("At 09:01 on 23 June , reader42 wrote : ...")."""
    text = text.strip()
    if _opens_with_cue(text, lang) or _ADDRESS.search(text) or len(_LABEL_COLON.findall(text)) >= BOX_LABELS \
            or _byline(text, lang):
        return True
    comment = _comment_cues(lang)
    if comment:
        tokens = text.split()[:2 * COMMENT_WORDS]
        for i, token in enumerate(tokens):
            if _CLOCK.match(token):
                return any(comment.fullmatch(t.rstrip(":")) and (t.endswith(":") or tokens[k + 1:k + 2] == [":"])
                           for k, t in enumerate(tokens[i + 1:i + 1 + COMMENT_WORDS], start=i + 1))
    return False


def _byline(text: str, lang: str) -> bool:
    """It opens with an author credit: one of the language file's `byline_cues` ("By", "Oleh") and a name of two
    capitalised words or more, none a date word or function word ("By Jane Roe BBC Panorama , …"; "By Monday ,
    the rig …" and "Oleh karena itu …" are sentences)."""
    cue = _byline_cues(lang)
    match = cue.match(text) if cue else None
    if not match:
        return False
    stop, dates = _seam_words(lang)
    name = text[match.end():].split()[:2]
    return len(name) == 2 and all(_capitalised(w) and len(w) > 1 and w.lower() not in dates and w.lower() not in stop
                                  for w in name)


@cache
def _byline_cues(lang: str) -> re.Pattern[str] | None:
    words = languages.section(lang, "events").get("byline_cues", [])
    return re.compile(r"(?:" + languages.word_alternation(words) + r")\s*:?\s+", re.I) if words else None


def _opens_with_cue(text: str, lang: str) -> bool:
    """It opens with one of the language file's summary_skip cues (a caption, byline, comment or link)."""
    cues = _summary_cues(lang)
    return bool(cues and cues.match(text.strip()))


@lru_cache(maxsize=65536)
def time_stamped(text: str, lang: str) -> bool:
    """An entry of a live page or a thread that opens with its time stamp: a clock time among its first
    STAMP_CLOCK words, a month (the language file's) and a four-digit year among its first STAMP_WORDS
    ("Host | 12:20 UK time , Monday , 14 June 2010 Commentators reflect on ..."). It is dated by the stamp
    (when it was posted), and what follows is often comment on the news, not the news: a row's summary only
    when no other candidate is left. A clock time in prose ("At 10.30 on Tuesday , ...") names no year."""
    tokens = text.split()[:STAMP_WORDS]
    if not any(_CLOCK.fullmatch(t) for t in tokens[:STAMP_CLOCK]):
        return False
    months = languages.date_words(lang, weekdays=False)
    return any(t.lower() in months for t in tokens) and any(len(t) == 4 and t.isdigit() for t in tokens)


STAMP_CLOCK = 5  # a stamp's clock time is among an entry's first words (after a name: "Clare Spencer | 09:51")
STAMP_WORDS = 12  # and its date (a month, a year) among the first this many


COMMENT_WORDS = 8  # a comment's cue ("wrote :") follows its clock time within this many words
BOX_LABELS = 3  # "Label :" this many times in one sentence: a fact box or a list ("Born : … Also known as : …")
_LABEL_COLON = re.compile(r"\w\s?:(?=\s|$)")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\bhttps?://|\bwww\.\w", re.I)


@cache
def _comment_cues(lang: str) -> re.Pattern[str] | None:
    words = languages.section(lang, "events").get("comment_cues", [])
    return re.compile("(?:" + languages.word_alternation(words) + ")", re.I) if words else None


@cache
def _summary_cues(lang: str) -> re.Pattern[str] | None:
    words = languages.section(lang, "events").get("summary_skip", [])
    if not words:
        return None
    return re.compile(r"(?:" + languages.word_alternation(words) + r")\b", re.I)


@lru_cache(maxsize=65536)
def value_span(value: str) -> tuple[date, date] | None:
    """The days a TIMEX3 value covers: 2024-06-19, 2024-W45, 2024-06, 2024."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
        if match := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(match[1]), int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, first = int(match[1]), 3 * int(match[2]) - 2
            return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        if match := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year, first = int(match[1]), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[match[2]]
            last = date(year + 1, 2, calendar.monthrange(year + 1, 2)[1]) if first == 12 else \
                date(year, first + 2, calendar.monthrange(year, first + 2)[1])
            return date(year, first, 1), last
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _bound(value: str | None, end: bool) -> date | None:
    span = value_span(value) if value else None
    return (span[1] if end else span[0]) if span else None


def build_timeline(mentions: Iterable[MentionRow], *, limit: int | None = None, min_sources: int = 1,
                   date_from: str | None = None, date_to: str | None = None,
                   granularity: str | None = None, later_days: int = LATER_DAYS,
                   published: Mapping[str, int] | None = None, reports: bool = False,
                   grouped: bool = False) -> list[TimelineRow]:
    """Rows in date order; `limit` keeps the best-supported ones (see module docstring).

    A row that only dates reports ("said on Monday") is shown when `reports`, or when
    independent articles of at least two outlets date the same report: then the
    announcement is itself the news (a state agency's statement), not when it was told.

    `published` maps a day to the number of independent articles published on it
    (the store's `published_counts`); without it, it is counted from the mentions'
    articles, which is the same when every mention of the corpus is given.

    `granularity="day"` keeps only rows dated to the day (after coarser mentions have lent them support).

    `grouped`: the mentions of each article come one after the other (the store's order), so what an
    article's sentences date is counted one article at a time, not held for every mention at once (issue 13:
    memory); the same rows as ungrouped.
    """
    low, high = _bound(date_from, end=False), _bound(date_to, end=True)
    day_mentions: dict[str, list[MentionRow]] = defaultdict(list)
    coarse: list[MentionRow] = []
    seen_published: dict[str, set[int]] = defaultdict(set)
    # The dates each sentence of an article names: its one date, or the set of them once it names a second.
    dates_of: dict[tuple[int, str], Any] = {}
    inside: dict[str, bool] = {}  # per value: its span is known and meets [low, high]
    days_of: dict[int, Any] = {}  # the days each article dates events to: one, or the set of them
    event_days: dict[tuple[int, str], Any] = {}  # the days each sentence dates events to: one, or the set of them
    lists: set[tuple[int, str]] = set()  # (article, sentence) naming LIST_DATES dates or more
    latest: dict[tuple[int, str], str] = {}  # (article, sentence) dating events to two days or more → the latest
    chronologies: set[int] = set()  # articles dating events to CHRONOLOGY_DAYS days or more
    current = None  # with `grouped`, the article whose mentions are being read
    several = False  # a key of the three maps holds two values or more since they were last emptied
    for mention in mentions:
        value = mention.value
        if grouped and mention.article_id != current:
            _lists_and_chronologies(dates_of, days_of, lists, chronologies, event_days, latest, several)
            current, several = mention.article_id, False
        several |= _note(dates_of, (mention.article_id, mention.sentence), value)
        if mention.granularity == "day" and not mention.is_report:
            several |= _note(days_of, mention.article_id, value)
            several |= _note(event_days, (mention.article_id, mention.sentence), value)
        if published is None and mention.published:
            seen_published[mention.published].add(mention.cluster_id)
        keep = inside.get(value)
        if keep is None:
            keep = inside[value] = _meets(value, low, high)
        if keep:
            (day_mentions[value] if mention.granularity == "day" else coarse).append(mention)
    _lists_and_chronologies(dates_of, days_of, lists, chronologies, event_days, latest, several)
    del dates_of, days_of, event_days
    rows = [row for items in day_mentions.values() for row in _group_day(items)]
    rows += _attach_coarse(rows, coarse)
    rows = _resolve_conflicts(rows)
    rows = [row for row in rows if row.articles >= min_sources and granularity in (None, row.granularity)
            and (reports or not row.reports_only or (row.articles >= 2 and len(row.outlets) >= 2))]
    boxes = site_boxes(m for row in rows for m in row.mentions)
    frozen_lists, frozen_chronologies = frozenset(lists), frozenset(chronologies)
    idf = sentence_idf(m for row in rows for m in row.mentions)
    for row in rows:
        row.boxes, row.idf, row.lists, row.chronologies = boxes, idf, frozen_lists, frozen_chronologies
        row.latest = latest
    if published is None:
        published = {day: len(clusters) for day, clusters in seen_published.items()}
    _rank(rows, day_mentions, published, later_days)
    forget_sentence_terms()
    _norm.cache_clear()
    return _best(rows, limit)


def _best(rows: list[TimelineRow], limit: int | None) -> list[TimelineRow]:
    """The `limit` highest-ranked rows (all without a limit), in date order."""
    if limit:
        rows = sorted(rows, key=lambda r: (-r.rank, -r.articles, r.date))[:limit]
    return sorted(rows, key=lambda r: (value_span(r.date)[0], r.granularity != "day", r.date, r.label))


def _meets(value: str, low: date | None, high: date | None) -> bool:
    """Whether the span of the date `value` is known and meets [low, high] (either end open when None)."""
    span = value_span(value)
    return not (span is None or (low and span[1] < low) or (high and span[0] > high))


def _lists_and_chronologies(dates_of: dict[tuple[int, str], Any], days_of: dict[int, Any],
                            lists: set[tuple[int, str]], chronologies: set[int],
                            event_days: dict[tuple[int, str], Any], latest: dict[tuple[int, str], str],
                            several: bool = True) -> None:
    """Move what `dates_of`, `days_of` and `event_days` noted into `lists`, the (article, sentence) pairs naming
    LIST_DATES dates or more, `chronologies`, the articles dating events to CHRONOLOGY_DAYS days or more, and
    `latest`, the latest day of each sentence dating events to two days or more; the three maps are emptied.

    `several`: whether a key of the maps holds two values or more (`_note` said so). Without, each names one
    date, which none of the three needs: the maps are only emptied (most articles of a query, whose mentions
    each date another sentence; the three passes over them were 5 % of a large query's time, issue 13)."""
    if not several:
        dates_of.clear()
        days_of.clear()
        event_days.clear()
        return
    lists.update(key for key, values in dates_of.items()
                 if (len(values) if values.__class__ is set else 1) >= LIST_DATES)
    chronologies.update(article for article, days in days_of.items()
                        if days.__class__ is set and len(days) >= CHRONOLOGY_DAYS)
    latest.update((key, max(days)) for key, days in event_days.items() if days.__class__ is set)
    dates_of.clear()
    days_of.clear()
    event_days.clear()


def site_boxes(mentions: Iterable[MentionRow]) -> frozenset[tuple[str | None, str]]:
    """(outlet, sentence) pairs found verbatim in independent articles of different stories of one outlet:
    a fact box or a standing paragraph the site repeats, not a sentence of this event."""
    # Where each (outlet, sentence) is found: its one (article, story), or the set of them once there are two
    # (most sentences are found once: no set for them; at 100k the sets were the timeline's peak).
    seen: dict[tuple[str | None, str], Any] = {}
    for m in mentions:
        if m.outlet:
            _note(seen, (m.outlet, m.sentence), (m.cluster_id, m.story_id))
    return frozenset(key for key, where in seen.items() if where.__class__ is set
                     and len({c for c, _ in where}) >= 2 and len({s for _, s in where}) >= 2)


def _note(seen: dict, key: Any, value: Any) -> bool:
    """Note `value` under `key`: the value itself while it is the only one, a set of them once a second comes
    (most keys of a big store have one: no set is made for them; issue 13, memory). A noted value is never a set.
    Whether `key` now holds a set."""
    found = seen.setdefault(key, value)
    if found.__class__ is set:
        found.add(value)
        return True
    if found != value:
        seen[key] = {found, value}
        return True
    return False


def sentence_idf(mentions: Iterable[MentionRow]) -> dict[str, float]:
    """Inverse document frequency of terms over the distinct sentences of a timeline (scikit-learn's smoothed
    formula): what the summary compares by, so that words every row shares weigh less than the row's own."""
    df: Counter = Counter()
    seen = set()
    for m in mentions:
        if m.sentence not in seen:
            seen.add(m.sentence)
            df.update(m.terms.keys())
    return {t: math.log((1 + len(seen)) / (1 + n)) + 1 for t, n in df.items()}


def day_salience(mentions: list[MentionRow], published: int, later_days: int = LATER_DAYS) -> float:
    """How much one day stood out: its day-level `mentions` and the independent articles `published` on it.

    Each independent article mentioning the day counts by its best mention: a report date ("said on Monday")
    not at all (it says when something was told, not that something happened), a mention written on the day
    it names SAME_DAY_WEIGHT (the day's own news, which every day has), any other mention 1."""
    mentioning: dict[int, float] = {}
    for m in mentions:
        if not m.is_report:
            _keep_best(mentioning, m.cluster_id, SAME_DAY_WEIGHT if m.published == m.value else 1.0)
    later = {m.cluster_id for m in mentions if m.published and value_span(m.published)
             and (value_span(m.published)[0] - value_span(m.value)[0]).days > later_days}
    return _salience(mentioning, later, published)


def _salience(mentioning: dict[int, float], later: set[int], published: int) -> float:
    """`day_salience` from its parts: each independent article mentioning the day by its best weight, the
    articles written later, the independent articles published on the day."""
    _, named, written_later, published_on = RANK_WEIGHTS
    return (named * math.log1p(sum(mentioning.values())) + written_later * math.log1p(len(later))
            + published_on * math.log1p(published))


def _keep_best(weights: dict[int, float], cluster: int, weight: float) -> None:
    """Count an independent article (`cluster`) by its best weight so far."""
    if weight > weights.get(cluster, 0.0):
        weights[cluster] = weight


def _rank(rows: list[TimelineRow], day_mentions: dict[str, list[MentionRow]],
          published: Mapping[str, int], later_days: int = LATER_DAYS) -> None:
    """Set each row's `rank`: log(1 + support), plus the day's salience for the day's best-supported row, plus
    CENTRALITY_WEIGHT × the row's `centrality` in its story (the counts' logs weighed by RANK_WEIGHTS)."""
    best: dict[str, TimelineRow] = {}
    support = RANK_WEIGHTS[0]
    for row in rows:
        row.rank = support * math.log1p(row.score)
        if row.granularity == "day" and (row.date not in best or
                                         (row.score, row.articles) > (best[row.date].score, best[row.date].articles)):
            best[row.date] = row
    for day, row in best.items():
        row.rank += day_salience(day_mentions.get(day, []), published.get(day, 0), later_days)
    for row, value in zip(rows, centrality(rows)):
        row.rank += CENTRALITY_WEIGHT * value


def centrality(rows: list[TimelineRow]) -> list[float]:
    """For each of `rows`, the cosine of its sentences' terms to those of the other rows of its story (the story
    of its first mention; the rows without a story are one group): 0 for a story's only row. A day told in the
    words its story's other days share is the story's news; one told in words of its own (a digression, a page's
    furniture, another story's teaser) is less likely to be (the date_features diagnosis: the one signal besides
    the rank above chance on every development topic). Computed without copying a story's vector per row:
    |c − r|² = |c|² − 2 r·c + |r|²."""
    keys = [row.mentions[0].story_id if row.mentions else None for row in rows]
    many = {key for key, n in Counter(keys).items() if n > 1}  # a story's only row is weighed against nothing
    content: dict[int | None, Counter] = defaultdict(Counter)
    for row, key in zip(rows, keys):
        if key in many:
            _add_terms(content[key], row.terms)
    norms = {key: _squares(terms) for key, terms in content.items()}
    out = []
    for row, key in zip(rows, keys):
        if key not in many:
            out.append(0.0)
            continue
        own = _squares(row.terms)
        shared = _dot(row.terms, content[key]) - own
        rest = norms[key] - 2 * shared - own  # |c − r|² = |c|² − 2 (r·c) + |r|², with r·c = shared + own
        out.append(min(1.0, shared / math.sqrt(own * rest)) if shared > 0 and rest > 0 else 0.0)
    return out


def _group_day(mentions: list[MentionRow]) -> list[TimelineRow]:
    """One row per story for the day of `mentions`; rows of different stories merge only when their content
    matches.

    Mentions without a story (a store ingested before stories existed) fall back to
    union by shared label or actor word.
    """
    of_story: dict[int, list[MentionRow]] = defaultdict(list)
    loose = []
    for mention in mentions:
        if mention.story_id is None:
            loose.append(mention)
        else:
            of_story[mention.story_id].append(mention)
    return _merge_by_content(_rows_of(of_story.values())) + _union_loose(loose)


def _rows_of(groups: Iterable[list[MentionRow]]) -> list[TimelineRow]:
    """A row per group of mentions of one date, holding them in order."""
    rows = []
    for items in groups:
        row = TimelineRow(items[0].value, items[0].granularity)
        row.add_all(items)
        rows.append(row)
    return rows


def _merge_by_content(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Union rows whose sentences are alike (cosine ≥ SAME_EVENT); candidates share a top term (indexed).

    The union-find of rows is read inline (a row that is its own root needs no `find`; the row being placed
    keeps its root until it is joined to another), and the cosine is `_cosine`'s arithmetic with the norms kept:
    the same pairs weighed in the same order, the same roots (speed only, issue 13)."""
    if len(rows) < 2:
        return rows
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_term: dict[str, list[int]] = defaultdict(list)
    norms = [_length(row.terms) for row in rows]  # _cosine's, computed once
    zero = repeat(0.0)
    for index, row in enumerate(rows):
        terms = row.terms
        get = terms.get
        top = _top_terms(terms)
        root = index  # nothing joined it yet: rows are placed in order, each its own root until then
        own = norms[index]
        # Each earlier row sharing a top term once, in the order the terms find them: a pair's cosine does not
        # change while rows are only joined, so a second shared term would weigh the same pair again.
        for other in dict.fromkeys(chain.from_iterable([by_term[term] for term in top])):
            other_root = other if parent[other] == other else find(other)
            if other_root != root:
                norm = norms[other] * own
                other_terms = rows[other].terms
                dot = sum(map(mul, other_terms.values(), map(get, other_terms, zero)))  # _dot(other, row)
                if (dot / norm if norm else 0.0) >= SAME_EVENT:
                    parent[root] = other_root
                    root = other_root
        for term in top:
            by_term[term].append(index)
    groups: dict[int, TimelineRow] = {}
    for index, row in enumerate(rows):
        root = find(index)
        if root in groups:
            groups[root].absorb(row)
        else:
            groups[root] = row
    return list(groups.values())


def _union_loose(mentions: list[MentionRow]) -> list[TimelineRow]:
    """Union of mentions of one day that share a label or an actor word (indexed: linear time)."""
    parent: list[int] = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        for key in [f"label:{mention.label}", *(f"actor:{w}" for w in mention.actor_words)]:
            if key in first_with:
                parent[find(index)] = find(first_with[key])
            else:
                first_with[key] = index
    groups: dict[int, list[MentionRow]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        groups[find(index)].append(mention)
    return _rows_of(groups.values())


def _attach_coarse(day_rows: list[TimelineRow], coarse: list[MentionRow]) -> list[TimelineRow]:
    """Weeks, months and years support a day row they contain, else make rows of their own.

    A coarse mention supports a row of its own story that shares its label, two actor
    words or enough content (COARSE_FIT); a row of another story only on content; a year
    only a row that shares its label and content both (`_coarse_keys`).
    """
    own: dict[tuple[str, str, int | None], list[MentionRow]] = defaultdict(list)  # rows of their own, by (value, label, story)
    by_story: dict[int | None, list[int]] = defaultdict(list)  # row indexes, ascending
    # month → term → row indexes, ascending (a map per month, not a (term, month) key per entry: issue 13, memory)
    by_month: dict[int, dict[str, list[int]]] = defaultdict(dict)
    days = [date.fromisoformat(row.date) for row in day_rows]
    day_of = [day.toordinal() for day in days]
    asked = set().union(*{id(m.terms): m.terms for m in coarse}.values())  # the only terms _coarse_pool looks up
    for index, row in enumerate(day_rows):
        for story in row.stories:
            by_story[story].append(index)
        month = days[index].year * 12 + days[index].month
        for term in _top_terms(row.terms):
            if term in asked:
                by_month[month].setdefault(term, []).append(index)
    # a row's mention count when computed, its norm, its largest weight over its norm
    norms: dict[int, tuple[int, float, float]] = {}
    held = Counter(chain.from_iterable(row.terms for row in day_rows))  # rows holding each term
    plans: dict[int, Any] = {}  # id of a mention's term vector (shared by its sentence) → its `_prune_plan`
    spans: dict[tuple, list[int]] = {}  # `_coarse_pool`'s lists of rows by span (the rows do not change meanwhile)
    # Each coarse mention is weighed against the day rows as their day mentions made them: the rows take their
    # coarse mentions only once every choice is made. A row that grew with each week, month or year it took drew
    # the next ones by what the last brought (its labels, names and words), until a long story's day row was a
    # bucket of that year's events; and the choice hung on the order of the mentions and on copies (a copy's
    # sentence weighed twice in a row's content). Mentions alike in all the choice reads (span, story, label, actor
    # words, sentence) make the same choice: it is made once (the last twin lets it go).
    alikes = [(m.value, m.story_id, m.label, m.actor_words, m.sentence, m.language) for m in coarse]
    twins_left = Counter(alikes)
    chosen: dict[tuple, int] = {}  # alike → the day row's index, -1 for none
    taken: list[tuple[int, MentionRow]] = []
    for mention, alike in zip(coarse, alikes):
        twins_left[alike] -= 1
        best_index = chosen.pop(alike, None) if not twins_left[alike] else chosen.get(alike)
        if best_index is None:
            stamps = _coarse_pool(mention, by_story, by_month, day_of, spans)
            if mention.granularity == "year":  # a year fits only a row giving its label (`_coarse_keys`)
                label = mention.label
                stamps = [index for index in stamps if label in day_rows[index].labels]
            plan = plans.get(id(mention.terms))
            if plan is None:
                plan = plans[id(mention.terms)] = _prune_plan(mention.terms, held)
            keys = _coarse_keys(mention, [(index, day_rows[index]) for index in stamps], norms, plan)
            best_at = max(range(len(keys)), key=keys.__getitem__, default=-1)  # the first best, as a loop
            best_index = stamps[best_at] if best_at >= 0 and keys[best_at] else -1
            if twins_left[alike]:
                chosen[alike] = best_index
        if best_index >= 0:
            taken.append((best_index, mention))
        else:
            own[(mention.value, mention.label, mention.story_id)].append(mention)
    for index, mention in taken:
        day_rows[index].add(mention)
    # The rows of their own take no part in the choices above: each is built once, from its mentions in order.
    return _rows_of(own.values())


def _coarse_keys(mention: MentionRow, candidates: list[tuple[int, TimelineRow]],
                 norms: dict[int, tuple[int, float, float]], plan: Any = None) -> list[tuple]:
    """How well a coarse mention fits each (index, day row) of `candidates`: (similarity, articles, date), or
    () where it does not fit. What belongs to the mention is read once per candidate pool; a row's norm is
    kept in `norms` by its index while its mentions do not change.

    `plan` (`_prune_plan`), when given: a row of another story that it shows cannot reach SAME_EVENT is ()
    without weighing it (the key weighing it gives)."""
    terms = mention.terms
    weights, zero = list(terms.values()), repeat(0.0)  # `_dot`'s operands, made once for every candidate
    own = _norm(mention.sentence, mention.language)
    story, label, words = mention.story_id, mention.label, mention.actor_words
    vague = mention.granularity == "year"  # "last year" supports a day only on its content and its event both
    needed, limits = plan or ((), ())
    out = []
    for index, row in candidates:
        norm = norms.get(index)
        if norm is None or norm[0] != len(row.mentions):
            length = _length(row.terms)
            norm = norms[index] = (len(row.mentions), length, max(row.terms.values()) / length if length else 1.0)
        if limits and story not in row.stories and \
                row.terms.keys().isdisjoint(needed[bisect_left(limits, -norm[2])]):
            out.append(())
            continue
        product = own * norm[1]  # _cosine's arithmetic, with the norms kept
        # _dot(terms, row.terms): the same products summed in the same order
        similarity = sum(map(mul, weights, map(row.terms.get, terms, zero))) / product if product else 0.0
        same_story = story in row.stories
        if similarity >= (COARSE_FIT if same_story else SAME_EVENT) and (not vague or label in row.labels) or \
                (same_story and not vague and (label in row.labels or len(words & row.actor_words) >= 2)):
            out.append((similarity, len(row.clusters), row.date))
        else:
            out.append(())
    return out


PRUNE_SAFETY = 1e-6  # `_prune_plan`'s bounds are lowered by this share: float rounding never decides a pruning


def _prune_plan(terms: Counter, held: Mapping[str, int]) -> tuple[list[list[str]], list[float]]:
    """Which day rows of another story a coarse mention (term vector `terms`) cannot reach SAME_EVENT with,
    without weighing them: (needed, limits). A row whose largest term weight over its norm, ρ, is below the
    first k limits must hold one of `needed[k]` (k = `bisect_left(limits, -ρ)`), else its cosine is below
    SAME_EVENT.

    The terms are ordered by how many rows hold them (`held`), the most held first; L_k is the first k. A row r
    sharing with m only terms S ⊆ L_k has m·r = m_S·r_S ≤ |m_S| |r_S| (Cauchy-Schwarz) and |r_S| ≤ min(|r|,
    √|S| max r): its cosine is at most |m_L| min(1, √k ρ) / |m|, below SAME_EVENT when ρ < SAME_EVENT |m| /
    (|m_L| √k) (for any ρ when |m_L| < SAME_EVENT |m|). Exact for any order of the terms: only how many rows
    are spared depends on `held`."""
    order = sorted(terms, key=lambda t: held.get(t, 0), reverse=True)
    values = terms.values()
    bound = SAME_EVENT * math.sqrt(sum(map(mul, values, values))) * (1 - PRUNE_SAFETY)
    limits, squares = [], 0.0
    for k, term in enumerate(order, start=1):
        squares += terms[term] * terms[term]
        left_out = math.sqrt(squares)
        limit = math.inf if left_out < bound else bound / (left_out * math.sqrt(k))
        if limit <= 0.0:
            break
        limits.append(-limit)  # ascending, for bisect
    return [order[k:] for k in range(len(limits) + 1)], limits


@lru_cache(maxsize=65536)
def _norm(sentence: str, language: str) -> float:
    return _length(_sentence_terms(sentence, language))


def _coarse_pool(mention: MentionRow, by_story: dict, by_month: dict, day_of: list[int],
                 spans: dict | None = None) -> list[int]:
    """The day rows a coarse mention may support: rows of its story, then rows sharing a term (each term's rows
    in index order), in first-seen order, inside its span; the term index is split by month so that only the
    span is read.

    `spans`, when given, keeps each (span, story) and (span, term) list of rows for the next mention of the same
    span (a dict the caller empties when the rows change): the mentions of one month or year share most of their
    terms, and a year's lists were merged from twelve months' again for each (speed only, the same lists)."""
    first, last = value_span(mention.value)
    start, end = first.toordinal(), last.toordinal()
    if spans is None:
        spans = {}
    key = (start, end, None, mention.story_id)  # never a term's key: terms are strings
    story_rows = spans.get(key)
    if story_rows is None:
        story_rows = spans[key] = [i for i in by_story.get(mention.story_id, ()) if start <= day_of[i] <= end]
    lists: list[Iterable[int]] = [story_rows]
    month_terms = None
    for term in mention.terms:
        key = (start, end, term)
        rows_of_term = spans.get(key)
        if rows_of_term is None:
            if month_terms is None:
                months = range(first.year * 12 + first.month, last.year * 12 + last.month + 1)
                month_terms = [by_month[month] for month in months if month in by_month]  # the span's months, in order
                whole_months = first.day == 1 and (last + timedelta(days=1)).day == 1  # its months' rows are all inside
            found = [terms[term] for terms in month_terms if term in terms]
            rows_of_term = found[0] if len(found) == 1 else sorted(chain.from_iterable(found))
            if not whole_months:
                rows_of_term = [i for i in rows_of_term if start <= day_of[i] <= end]
            spans[key] = rows_of_term
        lists.append(rows_of_term)
    return list(dict.fromkeys(chain.from_iterable(lists)))


def _resolve_conflicts(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Same event, different days: keep the better supported row, list the other as a conflict."""
    by_label: dict[str, list[TimelineRow]] = defaultdict(list)
    for row in rows:
        if row.granularity == "day" and row.label != "report":
            by_label[row.label].append(row)
    absorbed: set[int] = set()
    for same_label in by_label.values():
        same_label.sort(key=lambda r: r.date)
        days = [date.fromisoformat(r.date) for r in same_label]
        scores = [r.score for r in same_label]
        for i in sorted(range(len(same_label)), key=lambda i: (-scores[i], same_label[i].date)):
            strong = same_label[i]
            if id(strong) in absorbed:
                continue
            j = i - 1
            while j >= 0 and (days[i] - days[j]).days <= CONFLICT_DAYS:
                _maybe_conflict(strong, same_label[j], scores[j] <= scores[i], absorbed)
                j -= 1
            j = i + 1
            while j < len(same_label) and (days[j] - days[i]).days <= CONFLICT_DAYS:
                _maybe_conflict(strong, same_label[j], scores[j] <= scores[i], absorbed)
                j += 1
    return [r for r in rows if id(r) not in absorbed]


def _maybe_conflict(strong: TimelineRow, weak: TimelineRow, weaker: bool, absorbed: set[int]) -> None:
    """`weak` is `strong`'s event told with another date when, beside the label, they share two actor words,
    no article, and what their sentences say (cosine ≥ SAME_EVENT): a trial's days (the same label, court and
    parties) or a spill's (the same company, the same well) are different events, each a row of its own."""
    if not weaker or id(weak) in absorbed or weak.date == strong.date:
        return
    if (len(weak.actor_words & strong.actor_words) >= 2 and weak.clusters.isdisjoint(strong.clusters)
            and _cosine(weak.terms, strong.terms) >= SAME_EVENT):
        strong.conflicts.append({"date": weak.date, "articles": weak.articles,
                                 "outlets": sorted({m.outlet or "?" for m in weak.mentions}),
                                 "sentence": weak.summary})
        absorbed.add(id(weak))


def mention_rows(rows: Iterable[dict[str, Any]]) -> list[MentionRow]:
    """MentionRows from the store's `event_mentions` dicts."""
    fields = MentionRow.__dataclass_fields__
    return [MentionRow(**{k: v for k, v in row.items() if k in fields}) for row in rows]


DEFAULT_SOURCES = 10  # a row lists at most this many sources (`row_as_dict`), the most central first; None: all


def row_as_dict(row: TimelineRow, sources: int | None = DEFAULT_SOURCES) -> dict[str, Any]:
    """One timeline row as plain data, what `triage timeline --format json` prints: date, granularity,
    label, actors, summary and its language, `articles` (independent ones), `outlets` (articles per
    outlet), stories, `support` and `score` (the rank), `conflicts`, `sources_total` (the row's articles,
    copies included) and `sources`, one per article (id, `kept`: its copy group, outlet, publication date,
    title, URL, story, sentence, language), at most `sources` of them (None: every one) in the order of
    `source_order`. `articles`, `outlets` and `sources_total` count every article, listed or not."""
    ordered = source_order(row, weigh=sources != 0)
    listed = ordered if sources is None else ordered[:sources]
    summary, language = row.summary_and_language()
    return {"date": row.date, "granularity": row.granularity, "label": row.label, "actors": row.actors,
            "summary": summary, "language": language, "articles": row.articles,
            "outlets": outlet_counts(sorted(ordered, key=lambda m: (m.granularity != row.granularity,
                                                                        m.article_id))),
            "stories": sorted(s for s in row.stories if s is not None),
            "support": round(row.score, 2), "score": round(row.rank, 3), "sources_total": len(ordered),
            "sources": [{"article": m.article_id, "kept": m.cluster_id, "outlet": m.outlet,
                         "published": m.published, "title": m.title, "url": m.url, "story": m.story_id,
                         "sentence": m.sentence, "language": m.language} for m in listed],
            "conflicts": row.conflicts}


def source_order(row: TimelineRow, weigh: bool = True) -> list[MentionRow]:
    """One mention per article of the row, in the order a capped list of sources shows them: first one
    article per copy group (the independent articles), then the other copies; each part ordered by the
    mention's granularity (the row's own first: a source giving the day before one giving its month), then
    its **centrality**, the cosine of its sentence's terms to the row's (each weighted by its rarity among the
    timeline's sentences, as the summary is chosen: `TimelineRow._weighted`), highest first, then its
    publication date (earliest first; none last), then the article id. An article's mention is its own
    best by the same key; a copy group's representative is its best article by it.

    Without `weigh`: the same articles, each giving a mention of the row's own granularity when it has one, in no
    promised order (none is listed: their count and outlets are wanted, and no sentence is weighed)."""
    if not weigh:
        own = row.granularity
        firsts: dict[int, MentionRow] = {}
        for m in row.mentions:
            held = firsts.get(m.article_id)
            if held is None or (held.granularity != own and m.granularity == own):
                firsts[m.article_id] = m
        return list(firsts.values())
    content = row._weighted(row.terms)
    norm = _length(content)
    own = row.granularity
    weighed: dict[int, float] = {}  # id(terms) → cosine: mentions of one sentence share their vector
    best: dict[int, tuple] = {}  # article → (key, mention)
    for m in row.mentions:
        terms = m.terms
        cosine = weighed.get(id(terms))
        if cosine is None:
            cosine = weighed[id(terms)] = round(_cosine(row._weighted(terms), content, norm), 6)
        key = (m.granularity != own, -cosine, m.published is None, m.published or "", m.article_id)
        held = best.get(m.article_id)
        if held is None or key < held[0]:
            best[m.article_id] = (key, m)
    ranked = sorted(best.values(), key=_FIRST)
    first: list[MentionRow] = []
    copies: list[MentionRow] = []
    groups: set[int] = set()
    for _, m in ranked:
        if m.cluster_id in groups:
            copies.append(m)
        else:
            groups.add(m.cluster_id)
            first.append(m)
    return first + copies


_FIRST = itemgetter(0)


def outlet_counts(mentions: list[MentionRow]) -> dict[str, int]:
    """Independent articles per outlet ("" = no outlet) of these mentions' articles, in this order (a copy group
    counts once, for its first article naming an outlet), most first."""
    groups: dict[int, str] = {}
    for m in mentions:
        if m.outlet and not groups.get(m.cluster_id):
            groups[m.cluster_id] = m.outlet
        groups.setdefault(m.cluster_id, "")
    return dict(sorted(Counter(groups.values()).items(), key=lambda kv: (kv[0] == "", -kv[1], kv[0])))


CANDIDATES_PER_ROW = 4  # day values fetched per requested row when --limit bounds the work
STORED_QUESTIONS = ({"limit": 100},)  # the timelines an ingest stores finished: the CLI's default `timeline`
# The code a stored timeline's rows depend on: another version of any of these answers the question afresh.
_CODE = ("timeline.py", "stories.py", "dateline.py", "languages", "store/__init__.py", "store/timeline.py",
         "store/dialect.py")


def timeline_dicts(store: Store, *, sources: int | None = DEFAULT_SOURCES, **options: Any) -> list[dict[str, Any]]:
    """`timeline_from_store(store, **options)` as `row_as_dict` rows listing at most `sources` sources each (None:
    every one): the rows an ingest stored for these options (`STORED_QUESTIONS`, stored with DEFAULT_SOURCES)
    when the store has not changed since and they list enough, else computed from the mentions."""
    if sources is not None and sources < 0:
        raise ValueError(f"sources must be 0 or more (None: every one), not {sources}")
    question = stored_question(options)
    if question is not None and sources is not None and sources <= DEFAULT_SOURCES:
        data = store.stored_timeline(question)
        if data is not None:
            rows = json.loads(data)
            if sources < DEFAULT_SOURCES:
                for row in rows:
                    del row["sources"][sources:]
            return rows
    return [row_as_dict(row, sources) for row in timeline_from_store(store, **options)]


def warm(codes: Iterable[str]) -> None:
    """Build now what the first stored timeline of a store in the languages `codes` builds on its way (speed
    only, issue 13): the code's and the language files' fingerprints (`stored_question`, `terms_key`), the
    sentence splitter's module and each language's tables and patterns (each cached for the process). The end
    step's process does this while it waits for its store, on the core the workers left, instead of in the
    run's serial end. A code with no language file is passed over."""
    from .events import rules_for
    _code_fingerprint()
    terms_key()
    for code in sorted(set(codes) & set(languages.available())):
        rules_for(code)
        for table in (_analyzer, _subordinators, _titles, _seam_words, _byline_cues, _comment_cues, _summary_cues):
            table(code)


def refresh_stored_timelines(store: Store) -> None:
    """Compute and store the timelines of `STORED_QUESTIONS` (in the caller's shared step, after the per-date
    aggregates are rebuilt): what `timeline_dicts` then reads until the store changes."""
    store.save_timelines({stored_question(options): _rows_json(timeline_from_store(store, **options))
                          for options in STORED_QUESTIONS})


def _rows_json(rows: list[TimelineRow]) -> list[str]:
    """`json.dumps([row_as_dict(row) for row in rows])` in pieces, one row at a time: each row is let go (its
    mentions with it) once written, and no row's dict waits for the others' (issue 13: memory; a big store's
    rows hold thousands of sources each); the pieces are stored one at a time (`Store.save_timelines`).
    `rows` is emptied.

    ASCII, other characters escaped (the same data once parsed): Python keeps a string at the width of its
    widest character, so one emoji in a sentence made the whole text 4 bytes a character (22 MB for 5.4 MB of
    JSON), and the database driver made a UTF-8 copy of it besides."""
    rows.reverse()
    pieces = ["["]
    while rows:
        pieces.append(json.dumps(row_as_dict(rows.pop())))
        pieces.append(", ")
    pieces[-1] = "]"
    return pieces if len(pieces) > 1 else ["[]"]


def stored_timelines_fresh(store: Store) -> bool:
    """Every question of `STORED_QUESTIONS` has its timeline stored, built from the store as it is now by
    this code."""
    return all(store.stored_timeline(stored_question(options), data=False) for options in STORED_QUESTIONS)


def stored_question(options: Mapping[str, Any]) -> str | None:
    """The key under which the timeline of `options` is stored (the options that differ from
    `timeline_from_store`'s defaults, and the code's fingerprint), or None: not a stored question."""
    defaults = timeline_from_store.__kwdefaults__  # its options, each with its default
    unknown = set(options) - set(defaults)
    if unknown:
        raise TypeError(f"unexpected options: {sorted(unknown)}")
    asked = {k: v for k, v in options.items() if v != defaults[k]}
    if asked not in STORED_QUESTIONS:
        return None
    return json.dumps(asked, sort_keys=True) + " " + _code_fingerprint()


@cache
def _code_fingerprint() -> str:
    """The version and the source of the modules the rows depend on (`_CODE`), hashed: read once per process,
    when the first stored timeline is asked for. A name of `_CODE` that is not there (a module renamed) is a
    RuntimeError, not a fingerprint that quietly leaves it out."""
    return _code_digest(_CODE)


def _code_digest(names: Iterable[str]) -> str:
    import hashlib
    from pathlib import Path

    from . import __version__
    here = Path(__file__).parent
    digest = hashlib.sha1(__version__.encode() + b"\0")
    for name in names:
        path = here / name
        if not path.exists():
            raise RuntimeError(f"timeline._CODE: corpus_tools/{name} does not exist")
        for file in sorted(path.rglob("*.*")) if path.is_dir() else [path]:
            if file.suffix in (".py", ".toml"):
                digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def timeline_from_store(store: Store, *, query: str | None = None, date_from: str | None = None,
                        date_to: str | None = None, language: str | None = None, article_id: int | None = None,
                        limit: int | None = None, min_sources: int = 1,
                        granularity: str | None = None, story_id: int | None = None,
                        reports: bool = False, conflicts: bool = False) -> list[TimelineRow]:
    """The timeline of what the store holds (`store` is a corpus_tools.store.Store).

    With a `limit`, only the event dates most articles report are read — the top
    CANDIDATES_PER_ROW × limit days, the weeks, months and years that contain
    them, and the best-supported coarser dates — so that a big store answers in
    time proportional to the limit, not to the corpus. A `query`'s articles are
    read from the full-text index once, then the dates and report flags of their
    mentions (narrow: the events' article index): with a limit, the days are ranked
    by the estimated rank of their best row (`_likely_days`) and only the mentions
    of the first QUERY_DAYS_PER_ROW × limit + QUERY_DAYS_MORE days (and of the
    weeks, months and years holding them, and of the best-supported coarser dates)
    are read whole. The publication days are counted from the articles read.

    `conflicts`: only the rows whose sources disagree on the date (each lists the other dates), the `limit`
    highest-ranked of them: the whole timeline is built, as a conflict can be on any day.

    The cyclic garbage collector is paused meanwhile: the tens of thousands of objects it
    makes hold no cycles, and its passes over them cost a tenth of the time.
    """
    _check_options(limit, min_sources, date_from, date_to)
    with _collector_paused():
        rows = _timeline_from_store(store, query=query, date_from=date_from, date_to=date_to, language=language,
                                    article_id=article_id, limit=None if conflicts else limit,
                                    min_sources=min_sources, granularity=granularity, story_id=story_id,
                                    reports=reports)
    return _best([row for row in rows if row.conflicts], limit) if conflicts else rows


def _check_options(limit: int | None, min_sources: int, date_from: str | None, date_to: str | None) -> None:
    """ValueError for an option the CLI would refuse: `limit=-1` cut a row off the end, `date_from="yesterday"`
    gave no rows, silently."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more (None: every row), not {limit}")
    if min_sources < 1:
        raise ValueError(f"min_sources must be 1 or more, not {min_sources}")
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value is not None and not valid_date(value):
            raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _timeline_from_store(store: Store, *, query: str | None, date_from: str | None, date_to: str | None,
                         language: str | None, article_id: int | None, limit: int | None, min_sources: int,
                         granularity: str | None, story_id: int | None, reports: bool) -> list[TimelineRow]:
    if story_id is not None:
        story_id = store.story_root(story_id)  # a story merged into another since its id was noted
    # each sentence's words as the store keeps them (migration 0020), when made as this code makes them
    words = store.event_terms_key() == terms_key()
    names = [*MENTION_FIELDS, "terms"] if words else list(MENTION_FIELDS)

    def build(found: Iterable[tuple]) -> list[TimelineRow]:
        return build_timeline(MentionRow.from_stored(found, words), limit=limit, min_sources=min_sources,
                              date_from=date_from, date_to=date_to, granularity=granularity, published=published,
                              reports=reports, grouped=True)

    if query:
        # The query's articles are read once, then all their mentions once; the candidate dates and the
        # publication days are counted from those (the store's own counts would read them again).
        articles = store.matching_articles(query, language=language, article_id=article_id, story_id=story_id)
        published = _published_counts(articles)
        ids = [a[0] for a in articles]
        if limit:
            # The dates of every mention first (a few narrow columns), then the whole rows of the likeliest days'
            # mentions only: QUERY_DAYS_PER_ROW × limit + QUERY_DAYS_MORE days (`_first_days`), and twice as many
            # again while fewer rows than asked are left once built (the filters dropped more than the margin).
            dates = store.mention_dates(ids, date_from=date_from, date_to=date_to)
            # Weeks, months and years are ranked with the days when their rows can be shown (they have no
            # salience: most rank below the days); with `granularity` week, month or year, the best supported of
            # them are read as a limited timeline without a query reads them.
            ranked = _likely_days(dates, articles, published, low=_bound(date_from, end=False),
                                  high=_bound(date_to, end=True), min_sources=min_sources, reports=reports,
                                  coarse=granularity is None)
            coarse = []
            if granularity not in (None, "day"):
                kept = {a[0]: a[1] for a in articles}
                coarse = _top_values([(event, kept[article], value, level) for event, article, value, level, _
                                      in dates if level != "day"], 2 * limit + 10, day_level=False)
            n = int(QUERY_DAYS_PER_ROW * limit) + QUERY_DAYS_MORE
            while True:
                days, likely = _first_days(ranked, n, reports)
                values = set(_candidates(days, coarse + likely))
                rows = build(store.mention_tuples(names, event_ids=[row[0] for row in dates if row[2] in values],
                                                  parse=False, stream=True, blank=SHOWN_ONLY))
                if len(rows) >= limit or len(days) + len(likely) >= len(ranked):
                    break
                n *= 2
        else:
            rows = build(store.mention_tuples(names, date_from=date_from, date_to=date_to, article_ids=ids,
                                              parse=False, stream=True, blank=SHOWN_ONLY))
    else:
        filters = dict(date_from=date_from, date_to=date_to, language=language, article_id=article_id,
                       story_id=story_id)
        values = None
        if limit:
            values = _candidates(store.top_event_values(CANDIDATES_PER_ROW * limit + 20, day_level=True, **filters),
                                 store.top_event_values(2 * limit + 10, day_level=False, **filters))
        published = store.published_counts(language=language, article_id=article_id, story_id=story_id)
        rows = build(store.mention_tuples(names, values=values, parse=False, stream=True, blank=SHOWN_ONLY,
                                          **filters))
    attach_leads(store, rows)
    attach_titles(store, rows)
    return rows


def terms_key() -> str:
    """What a sentence's stored words (`events.terms`, migration 0020) depend on, hashed: the stories' token
    pattern and the language files, whose `[stopwords]` `stories._analyzer` leaves out (their bytes: parsing the
    files a timeline does not otherwise read cost 10 ms; an edit elsewhere in one only makes the next ingest
    make the words again). Words made under another key are not read."""
    return _terms_key(TOKEN_PATTERN, tuple(languages.available()))


@cache
def _terms_key(pattern: str, codes: tuple[str, ...]) -> str:
    """CRC-32 and Adler-32 of the pattern and the files, and their length (zlib, which the command has imported
    already: hashlib's import was 3 ms of it)."""
    import zlib
    from pathlib import Path
    folder = Path(languages.__file__).parent
    data = pattern.encode() + b"\0" + b"\0".join(code.encode() + b"\0" + (folder / f"{code}.toml").read_bytes()
                                                 for code in codes)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}"


def event_terms_fresh(store: Store) -> bool:
    """Every event's sentence has its words stored, made as this code makes them (`terms_key`)."""
    return store.event_terms_key() == terms_key() and not store.events_lack_terms()


def fill_event_terms(store: Store) -> None:
    """Store the words of each event sentence that has none (`events.terms`, migration 0020; every one when
    they were made under another `terms_key`), in the caller's transaction: what `_sentence_terms` would
    tokenise, read by a timeline instead. The end step of an ingest or a copy runs it."""
    store.set_event_terms_key(terms_key())
    after = 0
    while True:
        found = store.events_without_terms(after)
        if not found:
            return
        store.save_event_terms([(" ".join(_analyzer(language)(sentence)), event)
                                for event, sentence, language in found])
        after = found[-1][0]


SHOWN_ONLY = ("title", "url")  # what the rows show of a mention's article and nothing weighs: read for those kept


def attach_titles(store: Store, rows: list[TimelineRow]) -> None:
    """Give the mentions of `rows` their article's title and URL (`SHOWN_ONLY`), read for those articles alone:
    the timeline's choices never weigh them, and a big store's every candidate mention held them (issue 13:
    memory)."""
    mentions = [m for row in rows for m in row.mentions]
    if not mentions:
        return
    shown = {article: (title, url) for article, title, url in
             store.article_titles(sorted({m.article_id for m in mentions}))}
    for mention in mentions:
        title, url = shown.get(mention.article_id, (None, None))
        _set(mention, "title", title)
        _set(mention, "url", url)


QUERY_DAYS_PER_ROW = 1.2  # a query's candidate days per requested row (`_likely_days`), and
QUERY_DAYS_MORE = 10  # this many more: rows a filter or a conflict drops, days the estimate misjudges


def _likely_days(dates: list[tuple[int, int, str, str, int]], articles: list[tuple[int, int, str | None]],
                 published: Mapping[str, int], *, low: date | None = None, high: date | None = None,
                 min_sources: int = 1, reports: bool = False,
                 coarse: bool = False) -> list[tuple[str, bool, bool]]:
    """The days (inside [low, high]) in the order a timeline would likely rank their best rows, estimated from the
    narrow rows a query reads first (`Store.mention_dates`, `Store.matching_articles`): the day's salience as
    `day_salience` computes it (exact: every day-level mention of the day is there), plus log(1 + support) of
    all the day's mentions as one row (`TimelineRow.score`: each independent article by its best mention, a
    report date weighing half): what its best row would have if every story's rows of the day merged.

    What the estimate does not see: how the day's rows split by story and content, week, month and year mentions
    lending support, conflicts, the rows' `centrality` (at most CENTRALITY_WEIGHT of a rank, left to the margin of days
    read) and the filters applied to the finished rows. Days that cannot give a shown row
    (fewer independent articles than `min_sources`; only report dates from fewer than two articles, without
    `reports`) are not ranked. Each comes as (value, some mention dates an event on it (not only a report), a day).
    With `coarse`, the weeks, months and years (meeting [low, high]) are ranked among the days by log(1 + support)
    alone, support weighted by `WEIGHTS` as for a row: a coarse row of its own has no salience."""
    of = {a[0]: (a[1], a[2]) for a in articles}
    lowest, highest = (low.isoformat() if low else ""), (high.isoformat() if high else "9999")
    # per day: cluster → its best salience weight; clusters written later; cluster → its best support weight
    mentioning: dict[str, dict[int, float]] = defaultdict(dict)
    later: dict[str, set[int]] = defaultdict(set)
    support: dict[str, dict[int, float]] = defaultdict(dict)
    events: set[str] = set()  # days some mention dates an event on (not only a report)
    inside: dict[str, bool] = {}  # a coarse value's span meets [low, high]
    for _, article, value, granularity, is_report in dates:  # `_keep_best` written inline (40k rows at 100k)
        if granularity != "day":
            keep = coarse and inside.get(value)
            if keep is None:
                keep = inside[value] = _meets(value, low, high)
            if keep:
                cluster = of[article][0]
                if not is_report:
                    events.add(value)
                weight = WEIGHTS.get(granularity, 0.2) * (REPORT_WEIGHT if is_report else 1.0)
                best = support[value]
                if weight > best.get(cluster, 0.0):
                    best[cluster] = weight
            continue
        if not lowest <= value <= highest:
            continue
        cluster, day_published = of[article]
        if not is_report:
            events.add(value)
            weight = SAME_DAY_WEIGHT if day_published == value else 1.0
            best = mentioning[value]
            if weight > best.get(cluster, 0.0):
                best[cluster] = weight
        if day_published and day_published > value:  # LATER_DAYS is 0: written on a later day
            later[value].add(cluster)
        weight = REPORT_WEIGHT if is_report else 1.0
        best = support[value]
        if weight > best.get(cluster, 0.0):
            best[cluster] = weight
    estimates, support_weight = [], RANK_WEIGHTS[0]
    for day, clusters in support.items():
        if len(clusters) < min_sources or not (reports or day in events or len(clusters) >= 2):
            continue
        salience = _salience(mentioning[day], later[day], published.get(day, 0))
        estimates.append((-(salience + support_weight * math.log1p(sum(clusters.values()))), day))
    estimates.sort()
    return [(value, value in events, value not in inside) for _, value in estimates]


def _first_days(ranked: list[tuple[str, bool, bool]], n: int, reports: bool) -> tuple[list[str], list[str]]:
    """The first (days, coarser dates) of `_likely_days`' ranking until `n` of them date an event (any `n` with
    `reports`): a date of report dates only gives a row shown without `reports` only when two outlets tell it,
    which the estimate cannot see (a query's narrow rows hold no outlet), so it is read when it ranks among them
    but not counted."""
    days, coarse, counted = [], [], 0
    for value, event, day in ranked:
        if counted >= n:
            break
        (days if day else coarse).append(value)
        counted += event or reports
    return days, coarse


def _candidates(days: list[str], coarse: list[str]) -> list[str]:
    """The dates a limited timeline reads: the candidate days, the weeks, months and years that hold them,
    and the candidate coarser dates."""
    containers = set()
    for day in days:
        year, week, _ = date.fromisoformat(day).isocalendar()
        containers |= {day[:7], day[:4], f"{year}-W{week:02d}"}
    return sorted(set(days) | containers | set(coarse))


def _top_values(rows: list[tuple[int, int, str, str]], n: int, *, day_level: bool) -> list[str]:
    """The store's `top_event_values` over `mention_dates` rows already read: the `n` dates (day-level, or
    coarser) most independent articles give, ties in date order."""
    clusters: dict[str, set[int]] = defaultdict(set)
    for _, cluster, value, granularity in rows:
        if (granularity == "day") == day_level:
            clusters[value].add(cluster)
    return [value for value, _ in sorted(clusters.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:n]]


def _published_counts(articles: list[tuple[int, int, str | None]]) -> dict[str, int]:
    """The store's `published_counts` over (id, kept, published) rows already read: independent articles
    published on each day."""
    clusters: dict[str, set[int]] = defaultdict(set)
    for _, cluster, published in articles:
        if published is not None:
            clusters[published].add(cluster)
    return {day: len(kept) for day, kept in clusters.items()}
