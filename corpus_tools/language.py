"""Stage, language: which language an article is written in.

Two judges, the cheap one first:

1. The stopword vote. Every language file lists its function words
   (`[stopwords]`); news prose is 30–60 % function words of its own language
   and under 10 % of another's. When one language's words make up a clear
   share of the prose sample and outnumber every other's several times, that
   language wins — no n-gram model needed. Close relatives that share most
   function words (Indonesian and Malay) are told apart by the words only one
   of them lists; when the short sample holds too few of those, the vote is
   taken again on a sample four times longer before langdetect is asked. This
   decides nearly every article in a language we have a file for, in a tenth
   of langdetect's time, and spares a one-document command langdetect's
   profile loading (most of a second).
2. langdetect (a port of Google's language-detection), what the field uses,
   decides everything else: a language with no file, a vote too close to call.
   It is seeded so the same text always gets the same answer, and it is fed
   only the prose lines of the text (menus and headline lists are short and
   mislead it), capped at `SAMPLE_CHARS`; when it is unsure of them (p < 0.9)
   a longer sample decides, and when it is unsure of that too the text is "und"
   (placeholder Latin, a language it has no profile for). It answers among the
   languages written in the sample's main script (`scripts.toml`).

Short text: below `SHORT_CHARS` characters of prose langdetect is unreliable
(on development sentences cut from English and Indonesian articles it is
right 90 % of the time at 30 characters, 96 % at 50, 98 % from 75 on), so a
short text is decided by the stopword vote alone, else "und".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import islice, repeat

from . import languages

SAMPLE_CHARS = 500
SHORT_CHARS = 100  # below this much prose, langdetect is not asked
MIN_LETTERS = 8  # fewer letters than this: "und" whatever the words
CONFIDENT = 0.9  # langdetect below this on the short sample: a longer sample decides
# The stopword vote is clear when the winner's words are at least this share of the
# sample's words, at least VOTE_HITS of them, and VOTE_MARGIN times any other language's.
VOTE_SHARE = 0.15
VOTE_HITS = 8
SHORT_VOTE_SHARE = 0.2
SHORT_VOTE_HITS = 2
VOTE_MARGIN = 4

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@cache
def _factory():
    """langdetect's DetectorFactory with its profiles loaded, as `init_factory` loads them, except
    that each n-gram's row of probabilities is built when a text first holds it (`_Probabilities`):
    building all 88,000 rows took most of the profiles' loading time, for the few thousand
    n-grams the texts langdetect is asked about ever hold."""
    import json
    import os

    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    DetectorFactory.seed = 0
    factory = DetectorFactory()
    names = os.listdir(PROFILES_DIRECTORY)  # the order, and the row length, that `load_profile` uses
    profiles = []
    for name in names:
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if data["name"] in factory.langlist:
            raise ValueError(f"langdetect profile {data['name']} twice")
        factory.langlist.append(data["name"])
        profiles.append((data["freq"], data["n_words"]))
    factory.word_lang_prob_map = _Probabilities(profiles, len(names))
    return factory


class _Probabilities(dict):
    """langdetect's `word_lang_prob_map` (n-gram → its probability in each language), each row made
    on first use exactly as `DetectorFactory.add_profile` makes it: 0.0 for a language whose
    profile lacks the n-gram, else its count over the profile's n-grams of its length (n-grams of
    other lengths keep 0.0). An n-gram no profile holds is not a key."""

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]], size: int):
        super().__init__()
        self._size = size
        self._absent: set[str] = set()
        self._freqs = [freq for freq, _ in profiles]
        # each profile's count of n-grams of each length 1-3; the row's tail past the profiles stays 0.0
        self._totals = {length: [n_words[length - 1] for _, n_words in profiles] for length in (1, 2, 3)}
        self._tail = [0.0] * (size - len(profiles))

    def _row(self, word: str) -> list[float] | None:
        if word in self._absent:
            return None
        counts = list(map(dict.get, self._freqs, repeat(word)))  # each profile's count, None: not in it
        if counts.count(None) == len(counts):
            self._absent.add(word)
            return None
        totals = self._totals.get(len(word))
        if totals is None:  # no length langdetect counts: a row of zeros
            row = [0.0] * self._size
        else:
            row = [0.0 if count is None else 1.0 * count / total for count, total in zip(counts, totals)]
            row += self._tail
        self[word] = row
        return row

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or (isinstance(word, str) and self._row(word) is not None)

    def __missing__(self, word: str) -> list[float]:
        row = self._row(word)
        if row is None:
            raise KeyError(word)
        return row


def load_detector() -> None:
    """Load langdetect's profiles now (a parent does, before forking its workers)."""
    _factory()


def release_detector() -> None:
    """Let langdetect's profiles go (loaded again if asked for): a run that will detect no more languages
    (an ingest's last step, the stored timeline) reuses their memory (issue 13: ~20 MB of decoded JSON)."""
    _factory.cache_clear()


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    """Each language's function words (languages whose file lists none do not vote)."""
    sets = {code: frozenset(languages.section(code, "stopwords").get("words", "").lower().split())
            for code in languages.available()}
    return {code: words for code, words in sets.items() if words}


@cache
def _only(code: str, other: str) -> frozenset[str]:
    """The function words `code` lists and `other` does not: those that tell two close relatives apart."""
    stopwords = _stopwords()
    return stopwords[code] - stopwords[other]


def prose_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The longest-worded lines first-come, up to `limit` characters."""
    lines = text.split("\n")
    sample = _first_lines((line for line in lines if len(line.split()) >= 8), limit) or _first_lines(lines, limit)
    return "\n".join(sample)[:limit]


def _first_lines(lines, limit: int) -> list[str]:
    """Lines from the start until they hold `limit` characters (a line break counted after each): read no
    further than that (speed only)."""
    sample, size = [], 0
    for line in lines:
        sample.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    return sample


def stopword_vote(sample: str, short: bool = False) -> tuple[str, float] | None:
    """(language, confidence) when the vote is clear, else None.

    The language whose function words are most frequent wins if they are a clear share
    of the words and it beats every other language by VOTE_MARGIN: on all their words,
    or, for a close relative sharing most of them, on the words one lists and the other
    does not. The confidence is the winner's part of the evidence in its closest contest.
    """
    words = _sample_words(sample)
    stopwords = _stopwords()
    if not words or not stopwords:
        return None
    hits = {code: sum(map(stop.__contains__, words)) for code, stop in stopwords.items()}
    best = max(hits, key=lambda code: hits[code])
    count = hits[best]
    share, least = (SHORT_VOTE_SHARE, SHORT_VOTE_HITS) if short else (VOTE_SHARE, VOTE_HITS)
    if count < least or count < share * len(words):
        return None
    confidence = 1.0
    for other, other_count in hits.items():
        if other == best:
            continue
        ours, theirs = count, other_count
        if ours < VOTE_MARGIN * theirs:  # a close relative: only the words that tell them apart count
            ours = sum(map(_only(best, other).__contains__, words))
            theirs = sum(map(_only(other, best).__contains__, words))
            if ours < max(1, least // 4) or ours < VOTE_MARGIN * theirs:
                return None
        confidence = min(confidence, ours / (ours + theirs))
    return best, round(confidence, 4)


def _sample_words(sample: str) -> list[str]:
    """The sample's words (`_WORD`), lower-cased; an ASCII sample lower-cased first, in one pass (speed only: the
    same words, since lower-casing keeps every ASCII letter a letter and changes nothing else)."""
    return _WORD.findall(sample.lower()) if sample.isascii() else [w.lower() for w in _WORD.findall(sample)]


def _fewer_letters(text: str, least: int) -> bool:
    """`sum(map(str.isalpha, text)) < least`, counting no further than the `least`-th letter (speed only: a
    sample holds hundreds of letters, the question is about a handful)."""
    return least > 0 and next(islice(filter(str.isalpha, text), least - 1, None), None) is None


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability), or ("und", 0.0) when the text cannot tell.

    The stopword vote first, on a short sample, then on a sample four times longer;
    when it is unclear, langdetect on the short sample and, when langdetect is unsure
    of it, on the longer one. A short text gets the vote or "und".
    """
    sample = prose_sample(text)
    if _fewer_letters(sample, MIN_LETTERS):
        return "und", 0.0
    short = len(sample.strip()) < SHORT_CHARS
    voted = stopword_vote(sample, short)
    if voted is not None:
        return voted
    if short:
        return "und", 0.0
    longer = prose_sample(text, SAMPLE_CHARS * 4) if len(text) > len(sample) else None
    if longer is not None and len(longer) > len(sample):
        voted = stopword_vote(longer)
        if voted is not None:
            return voted
    lang, probability = _detect(sample)
    if probability < CONFIDENT and longer is not None:
        lang, probability = _detect(longer)
    if probability < CONFIDENT:
        return "und", 0.0  # unsure on the longest sample: no language it knows ("Lorem ipsum" read as Catalan)
    return lang, probability


@cache
def _scripts() -> dict[str, tuple[str, ...]]:
    """Script (the first word of its letters' Unicode names) → the languages written in it (`scripts.toml`)."""
    import tomllib
    from pathlib import Path
    with (Path(__file__).with_name("scripts.toml")).open("rb") as fh:
        return {name: tuple(codes) for name, codes in tomllib.load(fh).get("scripts", {}).items()}


def _script_languages(sample: str) -> tuple[str, ...] | None:
    """The languages of the script most of the sample's letters are in, when `scripts.toml` lists it."""
    if sample.isascii():
        return None  # Latin letters only (speed only: the table lists no Latin script)
    import unicodedata
    counts: Counter[str] = Counter()
    for char in sample:
        if char.isalpha():
            counts[unicodedata.name(char, "").split(" ", 1)[0] if ord(char) > 0x24F else "LATIN"] += 1
    if not counts:
        return None
    return _scripts().get(counts.most_common(1)[0][0])


def _detect(sample: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    allowed = _script_languages(sample)
    if allowed:
        prior = {code: 1.0 for code in allowed if code in detector.langlist}
        if prior:
            detector.set_prior_map(prior)  # the other languages start, and stay, at 0
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "und", 0.0
    return best.lang, round(best.prob, 4)
