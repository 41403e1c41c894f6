"""Stage 2, decode: bytes to normalised text.

UTF-8 first (most scrapes are), then charset-normalizer for legacy encodings
such as cp1252 and latin-1, which still turn up in archives. Binary content is
refused rather than decoded into garbage. Text is NFKC-normalised so that
non-breaking spaces, full-width digits and ligatures compare equal downstream.
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes


from .errors import DecodeError

__all__ = ["DecodeError", "decode", "decode_bytes", "normalise"]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); raise DecodeError for binary or undecodable data."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_binary(data[:8192]):
        raise DecodeError("binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"
    western = _as_western(data)
    if western is not None:
        return western, "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding")
    return str(best), best.encoding


# What cp1252 text in Western languages (and Indonesian, which needs only its
# quotes and dashes) is made of beyond ASCII.
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
    return text


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


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def normalise(text: str) -> str:
    """NFKC, unified line endings, no control characters, single spaces inside lines."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def decode(data: bytes) -> str:
    """Bytes to normalised text (see module docstring)."""
    text, _ = decode_bytes(data)
    return normalise(text)
