"""Stage 2, decode: bytes to normalised text.

Order of trust, as browsers do it (WHATWG "encoding sniffing"): a byte order
mark; UTF-16 without one when its shape leaves no doubt (`utf16_without_bom`: the
NULs of ASCII characters in one half of each byte pair); the charset a page declares (HTTP header or `<meta charset>` / `http-equiv`
anywhere in its <head>, `decode_html`); then UTF-8 (most scrapes are); then
cp1252, strictly; then charset-normalizer's detection for other legacy encodings
(cp1251, EUC-KR, …), which still turn up in archives. A declaration of a
single-byte code page on bytes that are valid UTF-8 with multi-byte letters is
wrong (a common CMS mistake) and loses to UTF-8.

Binary content is refused ("binary content, not text") rather than decoded into
garbage, on signals that do not depend on luck: NUL bytes, control characters,
no encoding that decodes the bytes without "chaos" (charset-normalizer's mess
measure), and, for bytes only detection could read, a low share of letters.

Mojibake — UTF-8 once read as cp1252 or Latin-1 and saved again ("â€œ", "CafÃ©") — is read back
as UTF-8 by `repair_mojibake`, which extract calls on a document's text and title and which tells
whether it changed anything (the run says so).

Text is NFKC-normalised so that non-breaking spaces, full-width digits and
ligatures compare equal downstream — except full-width punctuation next to a CJK
character ("出国前：政治…？"), which is how those scripts write it, not a variant
of ASCII punctuation: NFKC would turn "：" into ":" and the text would no longer
match the page's own words.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import DecodeError

__all__ = ["DecodeError", "decode", "decode_bytes", "normalise", "repair_mojibake", "table_rows", "wide_encoding"]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WIDE_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000]")  # `_SPACES` beyond ASCII


BINARY = "binary content, not text"
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
MAX_CHAOS = 0.02  # charset-normalizer's mess ratio: 0.0 on real text of any script, > 0.04 on random bytes
MIN_LETTERS = 0.5  # share of letters among the non-space characters of text only detection could read


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding); raise DecodeError for binary or undecodable data.

    `declared`: the charset the document states (HTTP header, <meta>), trusted after a BOM.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError:
                raise DecodeError(f"invalid {encoding} after its byte order mark") from None
    head = data[:8192]
    order = utf16_without_bom(head)
    if order:  # an odd last byte or a broken pair further on costs that character, not the file
        return data.decode(order, errors="replace"), order
    if _looks_binary(head):
        raise DecodeError(BINARY)
    stated = _codec(declared)
    if stated and not (_single_byte(stated) and _utf8_with_letters(data)):
        try:
            return data.decode(stated), stated
        except UnicodeDecodeError:
            pass  # a wrong declaration: read the bytes as if there were none
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"
    western = _as_western(data)
    if western is not None and _letters_share(western) >= MIN_LETTERS:
        return western, "cp1252"
    return _detected(data)


def _detected(data: bytes) -> tuple[str, str]:
    """charset-normalizer's reading with the least chaos; a Mac code page only when nothing else fits."""
    from charset_normalizer import from_bytes  # only for bytes that are neither UTF-8 nor Western: a slow import
    matches = [m for m in from_bytes(data) if m.chaos <= MAX_CHAOS]
    if not matches:
        raise DecodeError(BINARY)
    best = min(matches, key=lambda m: (round(m.chaos, 2), m.encoding.startswith("mac_")))
    text = str(best)
    if _letters_share(text) < MIN_LETTERS:
        raise DecodeError(BINARY)
    return text, best.encoding


_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>|&#?\w+;", re.I | re.S)


def _letters_share(text: str) -> float:
    """Letters among the non-space characters (of the visible text, for markup)."""
    sample = [c for c in _MARKUP.sub(" ", text[:50000])[:20000] if not c.isspace()]
    return sum(c.isalpha() for c in sample) / len(sample) if sample else 1.0


def _codec(name: str | None) -> str | None:
    """Python's name for a declared charset; None if unknown. Browsers read latin-1 and ascii as cp1252."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("'\"").lower()).name
    except LookupError:
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "iso8859", "latin", "koi8", "mac", "windows", "tis")) and codec not in (
        "cp932", "cp949", "cp950", "cp936")


def _utf8_with_letters(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _UTF8_MULTIBYTE.search(data) is not None


# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
HEAD_LIMIT = 256 * 1024  # a <head> longer than this holds no declaration we should trust


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTML page declares: the HTTP Content-Type first, then the page's <head>."""
    if content_type:
        found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
        if found and _codec(found.group(1)):
            return found.group(1)
    end = _HEAD_END.search(data, 0, HEAD_LIMIT)
    head = data[:end.start() if end else HEAD_LIMIT]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        for found in pattern.finditer(head):
            name = found.group(1).decode("ascii", "replace")
            if _codec(name):
                return name
    return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """An HTML page's bytes to text: BOM, then its declared charset, then detection (see module docstring)."""
    return decode_bytes(data, declared_charset(data, content_type))


# What cp1252 text in Western languages (and Indonesian, which needs only its
# quotes and dashes) is made of beyond ASCII.
WESTERN_ACCENTS = 0.3  # at most this share of letters accented (Icelandic, the most, has about 0.1)
_WESTERN_EXTRA = set("«»“”‘’‚„–—…€£¥©®°·§¶•™  ¿¡")


def _as_western(data: bytes) -> str | None:
    """cp1252 text if every non-ASCII character is a Latin-1 letter or common punctuation.

    charset-normalizer often ranks Baltic or Central European code pages above
    cp1252 on short Western texts (they decode the same bytes to other letters
    with no "chaos"); cp1252 is what legacy Western pages use (browsers read
    latin-1 as cp1252 too), so it is tried first, strictly.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for char in set(text):
        if ord(char) < 128 or char in _WESTERN_EXTRA or ("\u00c0" <= char <= "\u00ff" and char.isalpha()):
            continue
        return None
    letters = sum(c.isalpha() for c in text)
    accented = sum(c.isalpha() and ord(c) > 127 for c in text)
    # Western languages write mostly ASCII letters; Cyrillic or Greek read as cp1252 are all accents
    return text if accented <= WESTERN_ACCENTS * letters else None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few damaged bytes (a truncated write, a stray byte), not a legacy encoding.

    Legacy Western text almost never forms valid UTF-8 multi-byte sequences (an accented
    letter is one high byte followed by ASCII), so valid sequences outnumbering the
    invalid bytes means UTF-8; decoding it as cp1252 would garble every accented letter
    ("cafÃ©"), while replacing the few bad bytes with U+FFFD loses only those.
    """
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid == 0:
        return False
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    return invalid <= valid


UTF16_NO_BOM = ("looks like UTF-16 without a byte order mark, and cannot be read as such with confidence; "
                "save it as UTF-8, or as UTF-16 with a BOM")
UTF16_SHARE = 0.1  # NULs in this share of the byte pairs, all on one side: UTF-16 of text with ASCII in it


def wide_encoding(head: bytes) -> str | None:
    """The codec of text in UTF-16 or UTF-32 by its first bytes: 'utf-32'/'utf-16' after a byte order
    mark (the codec reads the mark), 'utf-16-le'/'utf-16-be' by its shape without one
    (`utf16_without_bom`); None for anything else (UTF-8 included). DecodeError as there."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return utf16_without_bom(head)


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `head` (a file's first bytes, no byte order mark) is UTF-16 beyond
    doubt, else None; DecodeError(UTF16_NO_BOM) when it has UTF-16's shape but not beyond doubt.

    UTF-16 of text with spaces, digits or Latin letters in it has a NUL as the high byte of each of
    those characters, and (almost) never a NUL as a low byte: NULs on one side of the byte pairs
    only, the side saying which byte order. Beyond doubt: such NULs in at least `UTF16_SHARE` of the
    pairs, and the bytes read in that order as text (no control characters beyond a stray one, no
    broken surrogate pair). The shape with fewer NULs (text mostly of another script), or bytes that
    do not read as text, is said to look like UTF-16 rather than guessed at; NULs on both sides
    are binary content (`_looks_binary`).
    """
    if b"\x00" not in head or _stray_nuls(head):  # most files: one scan
        return None
    pairs = len(head) // 2
    low, high = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    nuls, other, order = (high, low, "utf-16-le") if high >= low else (low, high, "utf-16-be")
    lopsided = nuls > other and other <= max(nuls // 20, 2 + pairs // 128)  # CJK's U+xx00: a few on the other side
    many = nuls >= max(2, UTF16_SHARE * pairs)
    try:
        text = codecs.getincrementaldecoder(order)().decode(head, final=False)
    except UnicodeDecodeError:
        text = None
    readable = text is not None and len(_CONTROL.findall(text)) <= max(1, len(text) // 500)
    if readable and lopsided and many:
        return order
    if (readable and nuls > other) or (lopsided and many):
        raise DecodeError(UTF16_NO_BOM)
    return None


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")


def _stray_nuls(head: bytes) -> bool:
    """Whether the NULs of `head` are a stray few (no more than the control characters `_looks_binary` lets by)
    in bytes that read as UTF-8, a cut last character allowed: a scraper's stray byte (a C string's end, a
    `&#0;` written out), neither UTF-16 (a NUL in every other byte of its ASCII) nor binary. Before, one NUL
    refused a whole UTF-8 file, a CSV of thousands of rows, as "looks like UTF-16"."""
    if head.count(0) > max(1, len(head) // 500):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(head: bytes) -> bool:
    """NULs beyond a stray few in UTF-8 (`_stray_nuls`), or control characters no text holds beyond a stray
    one (form feed and ESC are allowed; the stray NULs count among them)."""
    if not head:
        return False
    if b"\x00" in head and not _stray_nuls(head):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(1, len(head) // 500)


_CJK_CHAR = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_WIDE_PUNCT = "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation, not letters or digits
# a run of full-width punctuation touching a CJK character
_CJK_PUNCT = re.compile(f"((?<=[{_CJK_CHAR}])[{_WIDE_PUNCT}]+|[{_WIDE_PUNCT}]+(?=[{_CJK_CHAR}]))")
_ANY_WIDE_PUNCT = re.compile(f"[{_WIDE_PUNCT}]")  # a quick test first: the lookarounds are slow on long texts


def _nfkc(text: str) -> str:
    """NFKC, full-width punctuation next to CJK characters kept as written."""
    if not _ANY_WIDE_PUNCT.search(text) or not _CJK_PUNCT.search(text):
        return unicodedata.normalize("NFKC", text)
    parts = _CJK_PUNCT.split(text)  # odd parts are the punctuation kept
    return "".join(part if k % 2 else unicodedata.normalize("NFKC", part) for k, part in enumerate(parts))


def _spaced(text: str) -> bool:
    """Whether `text` holds a run of `_SPACES` other than a lone " ": two spaces, a tab or a wider space."""
    return "  " in text or "\t" in text or (not text.isascii() and _WIDE_SPACES.search(text) is not None)


def normalise(text: str) -> str:
    """NFKC (full-width punctuation next to CJK characters kept), unified line endings,
    no control characters, single spaces inside lines."""
    text = _nfkc(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    if _spaced(text):  # else each run of `_SPACES` is one " " already (speed only: most texts, a substitution per word)
        text = _SPACES.sub(" ", text)  # `_SPACES` holds no line break: line by line, in one call
    return "\n".join(line.strip() for line in text.split("\n"))


def table_rows(text: str) -> frozenset[int]:
    """Numbers (1-based, as `normalise` keeps its lines) of the lines whose cells a tab separates:
    how a browser's innerText writes a table's row ("Capital\tWellington"). `normalise` folds the
    tab to a space, and a row of cells would read like a headline."""
    if "\t" not in text:
        return frozenset()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return frozenset(number for number, line in enumerate(lines, start=1) if "\t" in line.strip())


def decode(data: bytes) -> str:
    """Bytes to normalised text (see module docstring), mojibake repaired (`repair_mojibake`)."""
    text, _ = decode_bytes(data)
    return normalise(repair_mojibake(text)[0])


# What UTF-8 read as cp1252 or Latin-1 leaves: the lead byte of a sequence (0xC2–0xF4: "Â" … "ô") followed
# by a continuation byte (0x80–0xBF) as either code page reads it, or U+FFFD where cp1252 has no character
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\ufffd€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
# … and the steps of ftfy's repair that re-read the whole text so (a repair by any other step is not taken)
_WHOLE_TEXT_STEPS = {("encode", "sloppy-windows-1252"), ("encode", "windows-1252"), ("encode", "latin-1"),
                     ("decode", "utf-8"), ("decode", "utf-8-variants"), ("transcode", "restore_byte_a0"),
                     ("transcode", "replace_lossy_sequences")}


def repair_mojibake(text: str) -> tuple[str, bool]:
    """(text, repaired): UTF-8 that was read as cp1252 or Latin-1, once or twice ("â€œtidak adilâ€�",
    "CafÃ©"), read back as UTF-8; any other text as it is, and False.

    ftfy decides (its measure of how unlikely the characters are, then the re-reading): trusted, and
    imported only for a text with the sign of such a reading (`_MOJIBAKE_HINT`: a tenth of a second, which
    `triage clean` of a right text does not pay). Only its whole-text re-readings are taken
    (`_WHOLE_TEXT_STEPS`): not its repair of a few sequences inside a text otherwise right, nor its
    other fixes (quotes, HTML entities, widths), which change right text. The one guess: "â€" then U+FFFD
    — the right double quote ” (bytes E2 80 9D), whose last byte cp1252 has no character for and a
    reader replaced — is read as that quote, not left as "�" (the other characters that end so, a
    zero-width joiner and three rare spaces and marks, are not written between words)."""
    if not _MOJIBAKE_HINT.search(text):
        return text, False
    import ftfy  # only here: its import is a tenth of a second
    config = ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
                                  restore_byte_a0=True, replace_lossy_sequences=True,
                                  decode_inconsistent_utf8=False, fix_c1_controls=False, fix_latin_ligatures=False,
                                  fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                  fix_surrogates=False, remove_control_chars=False, normalization=None)
    # (a sloppy cp1252 re-reading takes U+0080–U+009F as those bytes: 0x9D where the quote's went, once
    # read wrong, or twice: U+FFFD's own bytes read as cp1252 after the quote's first two read so twice)
    attempt = text.replace("â€\ufffd", "â€\x9d").replace("Ã¢â‚¬ï¿½", "Ã¢â‚¬Â\x9d")
    fixed, steps = ftfy.fix_encoding_and_explain(attempt, config=config)
    if not steps or not set(map(tuple, steps)) <= _WHOLE_TEXT_STEPS or fixed == text:
        return text, False
    return fixed, True
