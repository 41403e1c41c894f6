"""The timeline as one self-contained HTML page: inline CSS and JS, no network.

`timeline_page(rows)` takes the timeline's rows as dicts (`timeline.row_as_dict`)
and returns the page. Rows are rendered here, so the page reads without
JavaScript (an email attachment, print); the script only filters them. Every
text from an article is escaped; the rows' JSON is embedded in
`<script type="application/json" id="timeline-data">` with `<`, `>` and `&`
written as \\u escapes, so no text can close the script. A Content-Security-Policy
allows only this page's own style and script (by hash) and no requests at all.

The markup is written with the standard library (html.escape): a template
engine would be a dependency for three placeholders.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import urlparse

from ..timeline import value_span

STRONG = 3  # rows with at least this many independent sources are drawn as well backed
CHIPS_SHOWN = 12  # a row's source chips in view; the rest open from "N more sources"
WHO = ' class="who"'  # the outlet (or headline) before what its article says
SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "WI": "Winter"}


def timeline_page(rows: Iterable[Mapping[str, Any]], *, title: str = "Timeline",
                  filters: Mapping[str, Any] | None = None, generator: str = "triage",
                  story_titles: Mapping[int, str] | None = None) -> str:
    """The page for `rows` (dicts as `row_as_dict` makes them, optionally with a `story`).

    Rows are grouped by story: a row's `story` ({id, title} or an id), else the one story its
    `stories` list names, titled from `story_titles` (id → headline, as `corpus_tools.stories.story_headlines` gives).

    `filters` (name → value) are listed under the title, so a reader knows what the page holds.
    """
    rows = [dict(row) for row in rows]
    css, js = _asset("timeline.css"), _asset("timeline.js")
    most = max((int(row.get("articles") or 0) for row in rows), default=1) or 1
    articles = {s.get("kept", s.get("article")) for row in rows for s in row.get("sources", [])}
    # rows that list only some of their sources (`--sources N`): the articles the page names, not all there are
    capped = any(_unlisted(row) for row in rows)
    facts = [_count(len(rows), "event"), _count(len(articles), "independent article") + (" listed" if capped else "")]
    dated = [(span, str(row["date"])) for row in rows if (span := value_span(str(row.get("date"))))]
    if dated:
        first, last = min(dated)[1], max(dated, key=lambda item: (item[0][1], item[0][0]))[1]
        facts.append(_date_range(first, last))
    facts += [f"{name}: {value}" for name, value in (filters or {}).items() if value not in (None, "", False)]
    facts.append(f"made by {generator} on {date.today().isoformat()}")
    values = {
        "title": _e(title),
        "facts": "".join(f"<li>{_e(f)}</li>" for f in facts),
        "csp": f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
               "img-src data:; form-action 'none'; base-uri 'none'",
        "css": css,
        "js": js,
        "max": str(most),
        "strong": str(STRONG),
        "count": _count(len(rows), "event"),
        "groups": _groups(rows, story_titles or {}),
        "data": _json_for_script(rows),
        # the in-page filters' message; a page made with no row says so without them (and without JavaScript)
        "empty": '<p id="empty" class="empty" hidden>No event matches. Clear the search or lower the minimum '
                 'sources.</p>' if rows else
                 '<p id="empty" class="empty">No event matches the options this page was made with (above).</p>',
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], _asset("timeline.html"))


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _json_for_script(rows: list[dict[str, Any]]) -> str:
    """JSON that cannot end its <script> element: <, > and & as \\u escapes (still valid JSON)."""
    text = json.dumps(rows, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _story_key(row: Mapping[str, Any], story_titles: Mapping[int, str]) -> tuple[Any, str | None]:
    story = row.get("story")
    if story is None:
        ids = row.get("stories") or []
        return (ids[0], story_titles.get(ids[0])) if len(ids) == 1 else (None, None)
    if isinstance(story, Mapping):
        return story.get("id"), story.get("title")
    return story, None


def _groups(rows: list[dict[str, Any]], story_titles: Mapping[int, str]) -> str:
    """One <section> per story in order of its first row; rows without a story last."""
    if not rows:
        return ""
    groups: dict[Any, list[dict[str, Any]]] = {}
    titles: dict[Any, str | None] = {}
    for row in rows:
        key, story_title = _story_key(row, story_titles)
        groups.setdefault(key, []).append(row)
        titles.setdefault(key, story_title)
    stories = [k for k in groups if k is not None]
    order = stories + ([None] if None in groups else [])
    out, number = [], 0
    for index, key in enumerate(order, start=1):
        if key is None:
            heading, hidden = ("Other events" if stories else "Events"), not stories
        else:
            heading, hidden = titles[key] or f"Story {key}", False
        items = []
        for row in groups[key]:
            number += 1
            items.append(_row(row, number))
        span = _date_range(groups[key][0]["date"], groups[key][-1]["date"])
        story_attr = "" if key is None else f' data-story="{_e(key)}"'
        hidden_class = ' class="sr-only"' if hidden else ""
        out.append(
            f'<section class="group" aria-labelledby="g{index}"{story_attr}>'
            f'<h2 id="g{index}"{hidden_class}>{_e(heading)}</h2>'
            + ("" if hidden else f'<p class="group-meta">{_count(len(groups[key]), "event")} · {_e(span)}</p>')
            + f'<ol class="events">{"".join(items)}</ol></section>')
    return "".join(out)


def _row(row: Mapping[str, Any], number: int) -> str:
    sources = int(row.get("articles") or 0)
    granularity = str(row.get("granularity") or "day")
    conflicts = list(row.get("conflicts") or [])
    strength = "strong" if sources >= STRONG else ("some" if sources >= 2 else "single")
    actors = [a for a in row.get("actors") or [] if a]
    heading = (f'<span class="sr-only">{_e(_plain_date(row.get("date")))}: </span>'
               f'<span class="label">{_e(row.get("label"))}</span>'
               + (f' <span class="actors">{" · ".join(_bdi(a) for a in actors)}</span>' if actors else ""))
    backing = (f'<p class="backing"><span class="n">{sources}</span>'
               f'<span class="unit"><span class="sr-only">independent </span>{"source" if sources == 1 else "sources"}</span>'
               f'<span class="pips" aria-hidden="true">{"<i></i>" * min(sources, 10)}</span></p>')
    conflict = ""
    if conflicts:
        told = "; ".join(
            f'{_e(_plain_date(c.get("date")))} by {_count(int(c.get("articles") or 1), "source")}'
            + (f' ({", ".join(_bdi("no outlet" if o == "?" else o) for o in c["outlets"])})' if c.get("outlets") else "")
            for c in conflicts)  # "?": an article without an outlet, as the JSON marks it
        conflict = (f'<p class="conflict"><span class="flag">Dates disagree</span> '
                    f'Also reported as {told}.</p>')
    conflicted = f' data-conflicts="{len(conflicts)}"' if conflicts else ""
    said = "".join(f'<li>{_bdi(_source_name(s), WHO)} {_bdi(s.get("sentence"), _lang(s.get("language")))}</li>'
                   for s in row.get("sources") or [])
    return (
        f'<li class="event gran-{_e(granularity)} {strength}{" conflicted" if conflicts else ""}" '
        f'data-date="{_e(row.get("date"))}" data-sources="{sources}" data-granularity="{_e(granularity)}"'
        f'{conflicted}>'
        f'<article aria-labelledby="e{number}">'
        f'{_when(str(row.get("date")), granularity)}'
        f'<span class="mark" aria-hidden="true"></span>'
        f'<div class="card">'
        f'<div class="top"><h3 id="e{number}">{heading}</h3>{backing}</div>'
        f'<p class="summary"{_lang(row.get("language"))}>{_e(row.get("summary"))}</p>'
        f'{conflict}'
        f'{_sources(_chips(row.get("sources") or []), _unlisted(row))}'
        + (f'<details><summary>What each source says</summary><ul class="said">{said}</ul></details>' if said else "")
        + '</div></article></li>')


def _bdi(text: Any, attributes: str = "") -> str:
    """An article's text set apart from the text around it on its line (<bdi>: the direction of its own
    letters, dir=auto): an outlet in Arabic reads as written, and a stray direction override (U+202E) in a
    scraped name turns only that name, not the sentence or the names after it."""
    return f"<bdi{attributes}>{_e(text)}</bdi>"


def _sources(chips: list[str], unlisted: int = 0) -> str:
    """The chips, the first CHIPS_SHOWN of them in view and the rest behind "N more sources": a row a big store
    backs by 165 articles was a wall of 165 chips (it still says how many, and search still finds them); then,
    when the row lists only some of its articles (`unlisted` of them are not in it), how many it leaves out."""
    shown = f'<ul class="sources" aria-label="Sources">{"".join(chips[:CHIPS_SHOWN])}</ul>'
    rest = chips[CHIPS_SHOWN:]
    if rest:
        shown += (f'<details class="more"><summary>{_count(len(rest), "more source")}</summary>'
                  f'<ul class="sources" aria-label="More sources">{"".join(rest)}</ul></details>')
    if unlisted:
        shown += f'<p class="unlisted">… and {unlisted} more not listed</p>'
    return shown


def _unlisted(row: Mapping[str, Any]) -> int:
    """How many of the row's articles its `sources` leave out (`sources_total`: `row_as_dict` lists at most N)."""
    return max(0, int(row.get("sources_total") or 0) - len(row.get("sources") or []))


def _lang(code: Any) -> str:
    """A `lang` attribute for an article's text (the page itself is English): a screen reader then reads an
    Indonesian summary in an Indonesian voice. Nothing for an undetermined language."""
    return f' lang="{_e(code)}"' if code and code != "und" else ""


def _source_name(source: Mapping[str, Any]) -> str:
    """The outlet; else the site its URL names; else its headline (cut at 40 letters); else "article N": a store of
    records with none of these (an id, a date, the text) showed a row of identical "no outlet" chips."""
    if source.get("outlet"):
        return str(source["outlet"])
    url = _safe_url(source.get("url"))
    if url:  # its host without www. (ingest names an outlet from its URL; rows made elsewhere may not)
        return re.sub(r"^(?:www\d?|m)\.", "", urlparse(url).hostname or "") or url
    title = str(source.get("title") or "").strip()
    if title:
        return title[:40].rstrip() + "…" if len(title) > 41 else title
    article = source.get("article")
    return f"article {article}" if article is not None else "no outlet"


def _chips(sources: list[Mapping[str, Any]]) -> list[str]:
    """One chip per independent source; its copies (same kept article) named inside it."""
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for source in sources:
        groups.setdefault(source.get("kept", source.get("article")), []).append(source)
    chips = []
    for members in groups.values():
        first = next((m for m in members if _safe_url(m.get("url"))), members[0])
        name = _e(_source_name(first))
        url = _safe_url(first.get("url"))
        tip = f' title="{_e(first.get("title"))}"' if first.get("title") else ""
        label = (f'<a href="{_e(url)}" rel="noopener noreferrer" target="_blank"{tip}>{name}</a>' if url
                 else f'<span class="name"{tip}>{name}</span>')
        published = first.get("published")
        when = f' <time datetime="{_e(published)}">{_e(_plain_date(published))}</time>' if published else ""
        others = sorted({_source_name(m) for m in members if m is not first} - {_source_name(first)})
        copies = len(members) - 1
        extra = ""
        if copies:
            extra = f' <span class="copies" title="{_e(", ".join(others))}">+{_count(copies, "copy", "copies")}</span>'
        chips.append(f'<li class="chip">{label}{when}{extra}</li>')
    return chips


def _safe_url(url: Any) -> str | None:
    """Only web links become links (no javascript:, data: or file: URLs from scraped data)."""
    if not url:
        return None
    parsed = urlparse(str(url).strip())
    return str(url).strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _plain_date(value: Any) -> str:
    """A date as words at its own granularity: 19 Jun 2024, week 45 of 2024, Jun 2024, Q2 2024, 2024."""
    value = str(value or "")
    span = value_span(value)
    if span is None:
        return value
    start = span[0]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{start.day} {start:%b %Y}"
    if re.fullmatch(r"\d{4}-W\d{2}", value):  # a week; "2008-WI" is a winter
        return f"week {int(value[-2:])} of {start.isocalendar()[0]}"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{start:%b %Y}"
    if "-Q" in value:
        return f"{value[-2:]} {start.year}"
    if value[-2:] in SEASONS:
        return f"{SEASONS[value[-2:]]} {start.year}"
    return str(start.year)


def _date_range(first: Any, last: Any) -> str:
    """'Aug 2023 – 12 Nov 2024'; one date once ('19 Jun 2024', not '19 Jun 2024 – 19 Jun 2024')."""
    first, last = _plain_date(first), _plain_date(last)
    return first if first == last else f"{first} – {last}"


def _when(value: str, granularity: str) -> str:
    """The date block: its shape follows the granularity (a day, a week's range, a month, a year)."""
    span = value_span(value)
    if span is None:
        big, small, note = value, "", ""
    else:
        start, end = span
        if granularity == "day":
            big, small, note = str(start.day), f"{start:%b %Y}", f"{start:%a}"
        elif granularity == "week":
            first = f"{start.day} {start:%b}" if start.month != end.month else str(start.day)
            big, small, note = f"W{int(value[-2:])}", f"{first}–{end.day} {end:%b}", str(start.isocalendar()[0])
        elif granularity == "month":
            big, small, note = f"{start:%b}", str(start.year), "month"
        elif granularity == "year":
            big, small, note = str(start.year), "", "year"
        else:
            big, small = _plain_date(value).split(" ")[0], str(start.year)
            note = f"{start:%b}–{end:%b}"
    return (f'<time class="when" datetime="{_e(value)}"><span class="sr-only">{_e(_plain_date(value))}</span>'
            f'<span class="big" aria-hidden="true">{_e(big)}</span>'
            + (f'<span class="small" aria-hidden="true">{_e(small)}</span>' if small else "")
            + (f'<span class="note" aria-hidden="true">{_e(note)}</span>' if note else "") + "</time>")
