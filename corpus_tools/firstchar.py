"""Regexes that fail fast where they cannot start: a first-character guard (speed only).

Python's `re` tries a pattern at every position of the text. A pattern that opens
with optional words (`(?:(?P<wd>Senin|Selasa|...)\\s*,?\\s*)?(?P<d>\\d...`) walks
through every alternative at every position before failing, and the date tagger
runs some twenty such patterns over each article: that walk was most of its time.

`guarded(pattern)` prefixes the pattern with a lookahead on the characters a match
can start with, computed from the pattern's own parse tree, so a position where no
match can start fails on one character-class test. The lookahead is implied by the
pattern, so the matches are exactly the same; a pattern whose first characters
cannot be listed (one that can match the empty string, opens with `.`, a negated
class, a back-reference, or changes flags inline) is compiled unchanged.

The parse tree comes from `re._parser`, which is private to CPython (3.11 to 3.13 have it).
Where a Python lacks it or changes its shape, every pattern is compiled unchanged and no
text is cut into segments: slower, never different (`_INTERNALS` is False then).
`word_alternation` does the same for an alternation of words inside a larger
pattern (see `languages.word_alternation`).
"""

from __future__ import annotations

import re
from typing import Callable

try:
    from re import _constants as C  # noqa: N812  (the parser's opcodes)
    from re import _compiler, _parser

    _CATEGORIES = {
        C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D",
        C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_SPACE: r"\S",
        C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
    }
    _ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
    _INTERNALS = True
except (ImportError, AttributeError):  # a Python whose `re` internals moved: no guards, same matches
    _INTERNALS = False

# What a moved or reshaped parse tree raises while it is read; the pattern is then left unguarded.
_SHAPE_ERRORS = (AttributeError, TypeError, ValueError, IndexError, KeyError)


class _Unlisted(Exception):
    """The pattern's first characters cannot be listed as one class."""


def _char(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _first(items) -> tuple[list[str], bool]:
    """(class members a match of the sequence `items` can start with, whether it can match empty)."""
    members: list[str] = []
    for op, av in items:
        if op is C.ASSERT_NOT and not av[1]:  # `(?!)`: this sequence never matches
            return members, False
        if op in _ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            return members + [_char(av)], False
        if op is C.IN:
            for item_op, item_av in av:
                if item_op is C.LITERAL:
                    members.append(_char(item_av))
                elif item_op is C.RANGE:
                    members.append(f"{_char(item_av[0])}-{_char(item_av[1])}")
                elif item_op is C.CATEGORY and item_av in _CATEGORIES:
                    members.append(_CATEGORIES[item_av])
                else:  # NEGATE and the rest
                    raise _Unlisted
            return members, False
        if op is C.BRANCH:
            nullable = False
            for branch in av[1]:
                found, empty = _first(branch)
                members += found
                nullable = nullable or empty
        elif op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unlisted
            found, nullable = _first(sub)
            members += found
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, _high, sub = av
            found, empty = _first(sub)
            members += found
            nullable = empty or low == 0
        elif op is C.ATOMIC_GROUP:
            found, nullable = _first(av)
            members += found
        else:  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...
            raise _Unlisted
        if not nullable:
            return members, False
    return members, True


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class (`[...]`) every match of `pattern` starts with, or None."""
    if not _INTERNALS:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        if parsed.state.flags & ~(flags | re.UNICODE):  # inline flags: `(?i)...` must stay first
            return None
        members, nullable = _first(parsed)
    except (_Unlisted, *_SHAPE_ERRORS):
        return None
    if nullable or not members:
        return None
    return "[" + "".join(dict.fromkeys(members)) + "]"


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, failing fast where no match can start (same matches)."""
    first = first_class(pattern, flags)
    return re.compile(f"(?={first})(?:{pattern})" if first else pattern, flags)


# The only characters outside ASCII that `re.I` matches to an ASCII letter (İ ı ſ K; checked in
# tests/test_speed_equivalence.py): without them, lower-casing a text maps an ASCII letter only from
# the same letter, so a case-insensitive match of an ASCII word leaves that word in the lower-cased text.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def folds_to_ascii(text: str) -> bool:
    """Whether `text` holds one of FOLDS_TO_ASCII: `not FOLDS_TO_ASCII.isdisjoint(text)`, answered at once for
    an ASCII text (a flag of the string) and by four searches otherwise, instead of hashing every character."""
    return not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)


def _caseless_char(code: int) -> bool:
    """Whether `re.I` lets the character `code` of a pattern match, in a lower-cased text with none of
    FOLDS_TO_ASCII, only itself: an uncased character, or a lower-case ASCII letter (its upper case is
    gone from such a text; the other characters `re.I` matches it to are FOLDS_TO_ASCII)."""
    char = chr(code)
    return char.lower() == char.upper() or ("a" <= char <= "z")


def _caseless(items) -> bool:
    """Whether every character the sequence `items` names is `_caseless_char` (categories such as
    `\\w` and `\\d` ignore `re.I`)."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if not _caseless_char(av):
                return False
        elif op is C.IN:
            for item_op, item_av in av:
                if item_op is C.LITERAL and not _caseless_char(item_av):
                    return False
                if item_op is C.RANGE and not all(_caseless_char(c) for c in range(item_av[0], item_av[1] + 1)):
                    return False
                if item_op not in (C.LITERAL, C.RANGE, C.CATEGORY, C.NEGATE):
                    return False
        elif op is C.BRANCH:
            if not all(_caseless(branch) for branch in av[1]):
                return False
        elif op is C.SUBPATTERN:
            if av[1] or av[2] or not _caseless(av[3]):  # inline flags: not reasoned about
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if not _caseless(av[2]):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _caseless(av[1]):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _caseless(av):
                return False
        elif op not in (C.AT, C.ANY):  # back-references, conditionals
            return False
    return True


def lowered_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`pattern` without `re.I`, for a text lower-cased character for character (same length) that
    holds none of FOLDS_TO_ASCII: there it matches exactly where `pattern` matches in the text, with
    the same groups, and it is quicker (no case folding of each character tried). None when the
    pattern is not case-insensitive or names a character this is not known to hold for (an upper-case
    or non-ASCII cased letter), or when `re`'s internals are not there."""
    if not _INTERNALS or not pattern.flags & re.I:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & ~(pattern.flags | re.UNICODE) or not _caseless(parsed):
            return None
        return re.compile(pattern.pattern, pattern.flags & ~re.I)
    except _SHAPE_ERRORS:
        return None


def may_match_words(words) -> Callable[[str], bool] | None:
    """A quick test that is False only where `re.compile(word_alternation(words), re.I)` cannot match.

    It looks for the longest run of ASCII characters of each word (a space-free piece, or its ASCII
    part: "serv" of "tous droits réservés"; `_ascii_runs`) in the lower-cased text. None when a word
    has no ASCII letters or holds a character `re.I` folds to ASCII (the test would not be exact),
    or there are no words.
    """
    found = _needles_of(words)
    if found is None:
        return None

    def may_match(text: str) -> bool:
        if folds_to_ascii(text):
            return True
        lowered = text.lower()
        return any(n in lowered for n in found)
    return may_match


def _needles_of(words) -> tuple[str, ...] | None:
    """The longest ASCII run of each word `may_match_words` looks for, sorted; None where it gives no test."""
    needles = set()
    for word in words:
        runs = _ascii_runs(word)
        if runs is None:
            return None
        needles.add(max(runs, key=len))
    return tuple(sorted(needles)) if needles else None


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _ascii_runs(word) -> tuple[str, ...] | None:
    """The runs of ASCII characters of the lower-cased `word`'s space-free pieces, in order (an ASCII
    word: its pieces). A text `re.I` matches the word in holds each, lower-cased, unless it holds one of
    FOLDS_TO_ASCII (`may_match_words` says True there): re matches character for character, and an
    ASCII character of the word matches only itself in either case or one of those. None when the word
    holds one of them itself (its lower case may be ASCII the text need not hold, "K" → "k") or no ASCII."""
    text = str(word)
    if folds_to_ascii(text):
        return None
    runs = tuple(run for piece in text.lower().split() for run in _ASCII_RUN.findall(piece))
    return runs or None


def _never(text: str) -> bool:
    return False


class WordsPattern:
    """A compiled pattern every match of which holds one of `words` (case-insensitively), each
    space-free piece of it (its words, which `word_alternation` joins by any run of spaces; of a word
    with letters beyond ASCII, its ASCII runs, `_ascii_runs`), whose `search` and `sub` skip a text that
    `may_match_words(words)` rules out: the same results."""

    def __init__(self, pattern: re.Pattern[str], words) -> None:
        self.compiled = pattern
        self._may_match = may_match_words(words)
        self._phrases = None if self._may_match is None else tuple(sorted({_ascii_runs(word) for word in words}))

    def within(self, document: str) -> WordsPattern:
        """The same pattern for searching pieces of `document` (its lines, their parts), skipping a piece
        that does not hold every space-free piece of one of the words the document holds so (speed only:
        most documents hold none whole, though many hold the longest piece of one, "kami" of "ikuti kami
        di"; a line is searched twice). An ASCII string in a lower-cased piece of the document is in the
        lower-cased document: only a final sigma is lower-cased by its context, and not to ASCII. A
        document holding a character `re.I` folds to ASCII keeps the pattern as it is."""
        if self._phrases is None or folds_to_ascii(document):
            return self
        lowered = document.lower()
        present = tuple(pieces for pieces in self._phrases if all(piece in lowered for piece in pieces))
        narrowed = object.__new__(WordsPattern)
        narrowed.compiled = self.compiled
        narrowed._phrases = present

        def may_match(text: str) -> bool:
            lowered = text.lower()
            return any(all(piece in lowered for piece in pieces) for pieces in present)
        narrowed._may_match = may_match if present else _never
        return narrowed

    def search(self, text: str, *args) -> re.Match[str] | None:
        if self._may_match is not None and not self._may_match(text):
            return None
        return self.compiled.search(text, *args)

    def sub(self, repl, text: str, count: int = 0) -> str:
        if self._may_match is not None and not self._may_match(text):
            return text
        return self.compiled.sub(repl, text, count)

    def __getattr__(self, name: str):
        return getattr(self.compiled, name)


# -- Segments: stretches of text a match cannot cross (speed only) ---------------------------

def _consumers(items, found: list, reach: list[int]) -> None:
    """Collect the atoms that consume a character (`found`) and the widest lookahead (`reach`)."""
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if _has_assertion(sub):
                raise _Unlisted
            if direction == 1:
                high = sub.getwidth()[1]
                if high >= C.MAXREPEAT:
                    raise _Unlisted
                reach[0] = max(reach[0], high)
        elif op is C.AT:
            continue
        elif op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            found.append((op, av))
        elif op is C.BRANCH:
            for branch in av[1]:
                _consumers(branch, found, reach)
        elif op is C.SUBPATTERN:
            _consumers(av[3], found, reach)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _consumers(av[2], found, reach)
        elif op is C.ATOMIC_GROUP:
            _consumers(av, found, reach)
        else:  # back-references, conditionals: not worth reasoning about
            raise _Unlisted


def _has_assertion(items) -> bool:
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT, C.GROUPREF, C.GROUPREF_EXISTS):
            return True
        if op is C.BRANCH and any(_has_assertion(b) for b in av[1]):
            return True
        if op is C.SUBPATTERN and _has_assertion(av[3]):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and _has_assertion(av[2]):
            return True
        if op is C.ATOMIC_GROUP and _has_assertion(av):
            return True
    return False


def _requires_digit(items) -> bool:
    """Whether every match of the sequence `items` consumes a character only `\\d` matches."""
    for op, av in items:
        if op is C.LITERAL and chr(av).isdigit():
            return True
        if op is C.IN and av and all(
                (o is C.CATEGORY and a is C.CATEGORY_DIGIT)
                or (o is C.LITERAL and 0x30 <= a <= 0x39)
                or (o is C.RANGE and 0x30 <= a[0] <= a[1] <= 0x39) for o, a in av):
            return True
        if op is C.SUBPATTERN and _requires_digit(av[3]):
            return True
        if op in (C.MAX_REPEAT, C.POSSESSIVE_REPEAT, C.MIN_REPEAT) and av[0] >= 1 and _requires_digit(av[2]):
            return True
        if op is C.ATOMIC_GROUP and _requires_digit(av):
            return True
        if op is C.BRANCH and all(_requires_digit(b) for b in av[1]):
            return True
    return False


class Segmentable:
    """What a compiled pattern can consume, for scanning only the parts of a text it may match in.

    `consumes(c)`: whether some match could consume the character `c`; `reach`: how far past
    a match's last character its lookaheads read; `needs_digit`: every match holds a digit.
    Built from the pattern's parse tree; `Segmentable.of` gives None when the tree holds
    something not reasoned about here (back-references, unbounded or nested lookarounds).
    """

    def __init__(self, atoms, state, flags: int, reach: int, needs_digit: bool) -> None:
        distinct = {repr(atom): atom for atom in atoms}  # an alternation of words repeats its letters
        self._tests = [_compiler.compile(_parser.SubPattern(state, [atom]), flags) for atom in distinct.values()]
        self.reach = reach
        self.needs_digit = needs_digit

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> "Segmentable | None":
        if not _INTERNALS:
            return None
        try:
            parsed = _parser.parse(pattern.pattern, pattern.flags)
            atoms: list = []
            reach = [0]
            _consumers(parsed, atoms, reach)
            return cls(atoms, parsed.state, pattern.flags, reach[0], _requires_digit(parsed))
        except (_Unlisted, *_SHAPE_ERRORS):
            return None

    def consumes(self, char: str) -> bool:
        return any(test.fullmatch(char) for test in self._tests)

    def consumed(self, chars: str) -> set[str]:
        """`{c for c in chars if self.consumes(c)}`, one search of `chars` per atom (start-up time:
        each atom consumes exactly one character, so it matches in `chars` the characters it would
        match alone)."""
        found: set[str] = set()
        for test in self._tests:
            found.update(match.group() for match in test.finditer(chars))
        return found
