"""An outlet's dateline opening a line ("SEOUL, KOMPAS.TV — Pihak Korea Utara ..."): the pattern the extract
stage reads a text's outlet by (extract/text.py) and the timeline cuts a summary after (timeline.body_part).

A module of its own, outside the `extract` package, so that a timeline reads it without importing the extract
stage (its decoders, cleaner and their patterns: a tenth of `triage timeline --query`'s CPU; issue 13).
"""

from __future__ import annotations

import re

DOMAIN = r"[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z]{2,6}){1,2}"  # a site's name as a text writes it: "detik.com"
# "MerahPutih.com - ", "Ntvnews.id, Pyonyang - ", "SEOUL, KOMPAS.TV — ", "JAKARTA, KOMPAS.com - "
DATELINE = re.compile(
    rf"^(?:(?P<city>[A-Z][A-Za-z .]{{1,30}}),\s*)?(?P<outlet>{DOMAIN}|[A-Z][A-Za-z]+\.(?:TV|com|id))"
    r"(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?\s*[-–—]\s+\S")

# a wire's or network's dateline: a place of up to four capitalised words, the outlet in brackets, a dash
# ("TRIPOLI, Libya (CNN) -- ", "Washington (CNN) — ", "(AP) - ", "Jakarta (ANTARA) - ")
WIRE_DATELINE = re.compile(r"(?:[A-Z][\w.'’-]*,?\s+){0,4}\((?P<outlet>[A-Z][A-Za-z]{1,15})\)\s*(?:--|[-–—])\s+\S")


def dateline_words(line: str) -> int:
    """How many words of `line` an outlet's dateline opening it takes ("SEOUL, KOMPAS.TV — Pihak ..." → 3,
    "TRIPOLI, Libya (CNN) -- Rebel ..." → 4); 0 when it opens with none."""
    match = DATELINE.match(line) or WIRE_DATELINE.match(line)
    return len(line[:match.end() - 1].split()) if match else 0
