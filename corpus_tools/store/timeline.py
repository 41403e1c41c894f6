"""SQL of the timeline: event mentions and the articles a query matches, the per-date aggregates it ranks by
(migration 0007), the stored timelines (0010), each event sentence's terms (0020)."""

from __future__ import annotations

import json
from typing import Any, Collection, Iterator


class TimelineQueries:
    """Mixed into Store; `self.db` is its connection."""

    db: Any

    # -- events for the timeline -------------------------------------------------------
    def _event_filters(self, query: str | None, date_from: str | None, date_to: str | None,
                       language: str | None, article_id: int | None,
                       story_id: int | None = None,
                       article_ids: list[int] | None = None) -> tuple[list[str], list[Any]]:
        where, params = self._article_filters(query, language, story_id=story_id)  # words, language, story
        if article_ids is not None:
            where.append(self.db.in_list("a.id"))
            params.append(self.db.list_param(article_ids))
        self._value_bounds(date_from, date_to, where, params)
        if article_id is not None:
            where.append("a.id = ?")
            params.append(article_id)
        return where, params

    @staticmethod
    def _value_bounds(date_from: str | None, date_to: str | None, where: list[str], params: list[Any]) -> None:
        """The date bounds on `events e`, by year (values of different granularity do not compare as strings)."""
        if date_from:
            where.append("e.value >= ?")
            params.append(date_from[:4])
        if date_to:
            where.append("substr(e.value, 1, 4) <= ?")
            params.append(date_to[:4])

    def matching_articles(self, query: str, *, language: str | None = None, article_id: int | None = None,
                          story_id: int | None = None) -> list[tuple[int, int, str | None]]:
        """(id, kept article of its duplicate group, published) of the articles holding every word of `query`
        (and of `language`, `article_id`, `story_id` when given), in id order: one read of the full-text
        index gives a timeline its articles and what their publication days count."""
        where, params = self._event_filters(None, None, None, language, article_id, story_id)
        rows = self.db.text_match_rows(query, "a.id, coalesce(a.duplicate_of, a.id), a.published", where, params)
        return sorted(rows)

    def top_event_values(self, n: int, *, day_level: bool, query: str | None = None,
                         date_from: str | None = None, date_to: str | None = None,
                         language: str | None = None, article_id: int | None = None,
                         story_id: int | None = None, article_ids: list[int] | None = None) -> list[str]:
        """The `n` event dates (day-level, or coarser) reported by most independent articles.

        Unfiltered, from the per-date aggregates (migration 0007) when they are up to date.
        """
        if not (query or date_from or date_to or language or article_id is not None or story_id is not None
                or article_ids is not None) and self.aggregates_fresh():
            return [r[0] for r in self.db.execute(
                "SELECT value FROM event_days WHERE level = ? ORDER BY clusters DESC, value LIMIT ?",
                ("day" if day_level else "coarse", n))]
        where, params = self._event_filters(query, date_from, date_to, language, article_id, story_id, article_ids)
        where.append("e.granularity = 'day'" if day_level else "e.granularity != 'day'")
        sql = ("SELECT e.value FROM events e JOIN articles a ON a.id = e.article_id WHERE " + " AND ".join(where) +
               " GROUP BY e.value ORDER BY count(DISTINCT coalesce(a.duplicate_of, a.id)) DESC, e.value LIMIT ?")
        return [r[0] for r in self.db.execute(sql, (*params, n))]

    def published_counts(self, *, query: str | None = None, language: str | None = None,
                         article_id: int | None = None, story_id: int | None = None,
                         article_ids: list[int] | None = None) -> dict[str, int]:
        """Independent articles (duplicate groups counted once) published on each day."""
        if not (query or language or article_id is not None or story_id is not None
                or article_ids is not None) and self.aggregates_fresh():
            return {day: count for day, count in self.db.execute("SELECT day, clusters FROM published_days")}
        where, params = self._event_filters(query, None, None, language, article_id, story_id, article_ids)
        where.append("a.published IS NOT NULL")
        sql = ("SELECT a.published, count(DISTINCT coalesce(a.duplicate_of, a.id)) FROM articles a WHERE "
               + " AND ".join(where) + " GROUP BY a.published")
        return {day: count for day, count in self.db.execute(sql, params)}

    # -- per-date aggregates (migration 0007) ----------------------------------------------
    def note_changes(self) -> None:
        """Called in each settled batch: the aggregates no longer describe the store."""
        self.db.execute("UPDATE store_state SET changes = changes + 1 WHERE id = 1")

    def aggregates_fresh(self) -> bool:
        row = self.db.execute("SELECT changes, built_at FROM store_state WHERE id = 1").fetchone()
        return row is not None and row[0] == row[1]

    def refresh_aggregates(self) -> None:
        """Rebuild the per-date counts the timeline ranks by (in the caller's shared step)."""
        changes = self.db.execute("SELECT changes FROM store_state WHERE id = 1").fetchone()[0]
        # Distinct (date, group) pairs first, then counted: the same counts as count(DISTINCT …) per date, which
        # the server sorted (on disk, past work_mem) where it now hashes. Both read the narrow indexes or table
        # of `key_events` and `key_articles`, not the articles' wide rows.
        self.db.execute("DELETE FROM event_days")
        self.db.execute(
            "INSERT INTO event_days (value, level, clusters) SELECT value, level, count(*) FROM "
            "(SELECT DISTINCT e.value, CASE WHEN e.granularity = 'day' THEN 'day' ELSE 'coarse' END AS level, "
            f"coalesce(a.duplicate_of, a.id) AS kept FROM {self.db.key_events} JOIN {self.db.key_articles} "
            "ON a.id = e.article_id) pairs GROUP BY value, level")
        self.db.execute("DELETE FROM published_days")
        self.db.execute(
            "INSERT INTO published_days (day, clusters) SELECT published, count(*) FROM "
            f"(SELECT DISTINCT a.published, coalesce(a.duplicate_of, a.id) AS kept FROM {self.db.key_articles} "
            "WHERE a.published IS NOT NULL) pairs GROUP BY published")
        self.db.execute("UPDATE store_state SET built_at = ? WHERE id = 1", (changes,))

    # -- stored timelines (migration 0010) ---------------------------------------------------
    def stored_timeline(self, question: str, *, data: bool = True) -> str | bool | None:
        """The timeline stored for `question` (JSON text) if built from the store as it is now, else None;
        without `data`, whether there is one (True or None)."""
        row = self.db.execute(f"SELECT {'CAST(t.data AS TEXT)' if data else 'true'} FROM stored_timelines t "
                              "JOIN store_state s "
                              "ON s.id = 1 AND s.changes = t.built_at WHERE t.question = ?", (question,)).fetchone()
        return None if row is None else row[0]

    def save_timelines(self, timelines: dict[str, list[str]]) -> None:
        """Replace the stored timelines by `timelines` (question → the pieces of its JSON text, ASCII, in order;
        each list is emptied), built from the store as it is now (in the caller's shared step). The pieces are
        written one at a time where the database allows (`Connection.insert_text_pieces`)."""
        changes = self.db.execute("SELECT changes FROM store_state WHERE id = 1").fetchone()[0]
        self.db.execute("DELETE FROM stored_timelines")
        for question, pieces in timelines.items():
            self.db.insert_text_pieces("stored_timelines", {"question": question, "built_at": changes}, "data",
                                       pieces)

    # What a mention row can hold, by name: the event and what the timeline needs of its article.
    MENTION_COLUMNS = {
        "article_id": "e.article_id", "cluster_id": "coalesce(a.duplicate_of, a.id)", "outlet": "a.outlet",
        "published": "a.published", "label": "e.label", "trigger": "e.trigger", "actors": "e.actors",
        "value": "e.value", "granularity": "e.granularity", "sentence": "e.sentence", "is_report": "e.is_report",
        "title": "a.title", "url": "a.url", "story_id": "a.story_id", "language": "a.language", "start": "e.start",
        "terms": "e.terms",  # the sentence's words as the timeline weighs them (migration 0020), or NULL
    }

    # -- each event sentence's terms (migration 0020) ----------------------------------------
    TERMS_CHUNK = 5000  # events read and written at a time when their terms are made

    def event_terms_key(self) -> str | None:
        """The token pattern and stopwords the stored `events.terms` were made with (`timeline.terms_key`)."""
        row = self.db.execute("SELECT terms_key FROM store_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def events_lack_terms(self) -> bool:
        """Some event has no terms yet (stored since the last end step; the partial index of 0020)."""
        return self.db.execute("SELECT id FROM events WHERE terms IS NULL LIMIT 1").fetchone() is not None

    def events_without_terms(self, after: int) -> list[tuple[int, str, str | None]]:
        """(event id, sentence, its article's language) of the next TERMS_CHUNK events after `after` (by id)
        that have no terms."""
        return self.db.execute_tuples(
            "SELECT e.id, e.sentence, a.language FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE e.terms IS NULL AND e.id > ? ORDER BY e.id LIMIT ?", (after, self.TERMS_CHUNK))

    def save_event_terms(self, rows: list[tuple[str, int]]) -> None:
        """(terms, event id) pairs."""
        self.db.executemany("UPDATE events SET terms = ? WHERE id = ?", rows)

    def set_event_terms_key(self, key: str) -> None:
        """Name what the stored terms were made with; with another key than before, every event's terms are
        forgotten first (the caller makes them again)."""
        if self.event_terms_key() != key:
            self.db.execute("UPDATE events SET terms = NULL WHERE terms IS NOT NULL")
            self.db.execute("UPDATE store_state SET terms_key = ? WHERE id = 1", (key,))

    def event_mentions(self, *, query: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, language: str | None = None,
                       article_id: int | None = None, values: list[str] | None = None,
                       story_id: int | None = None, article_ids: list[int] | None = None) -> list[dict[str, Any]]:
        """Event mentions with what the timeline needs of their article (dicts; see `mention_tuples`)."""
        names = [name for name in self.MENTION_COLUMNS if name != "terms"]
        return [dict(zip(names, row)) for row in self.mention_tuples(
            names, query=query, date_from=date_from, date_to=date_to, language=language, article_id=article_id,
            values=values, story_id=story_id, article_ids=article_ids)]

    def article_openings(self, article_ids: list[int], chars: int) -> list[tuple[int, str, str]]:
        """(id, language, the body's first `chars` characters) of `article_ids`: where each one's lead
        sentence is (the timeline's summaries weigh the leads of a row's articles)."""
        if not article_ids:
            return []
        return self.db.execute_tuples(f"SELECT id, language, substr(body, 1, ?) FROM articles "
                                      f"WHERE {self.db.in_list('id')}", [chars, self.db.list_param(article_ids)])

    def article_titles(self, article_ids: list[int]) -> list[tuple[int, str | None, str | None]]:
        """(id, title, URL) of `article_ids`: what a timeline shows of the articles of the rows it keeps, read
        for those alone (`mention_tuples(blank=...)` reads its mentions without them)."""
        if not article_ids:
            return []
        return self.db.execute_tuples(f"SELECT id, title, url FROM articles WHERE {self.db.in_list('id')}",
                                      [self.db.list_param(article_ids)])

    def mention_dates(self, article_ids: list[int], *, date_from: str | None = None,
                      date_to: str | None = None) -> list[tuple[int, int, str, str, int]]:
        """(event id, article id, value, granularity, is_report as 0/1) of the event mentions of `article_ids`
        (date bounds as `mention_tuples` applies them), from the events' article index alone (migration 0016):
        what choosing a query's candidate dates reads, before `mention_tuples(event_ids=...)` reads the whole
        rows of the chosen ones only."""
        join = self.db.id_list_join("e.article_id")
        where, params = [] if join else [self.db.in_list("e.article_id")], [self.db.list_param(article_ids)]
        self._value_bounds(date_from, date_to, where, params)
        return self.db.execute_tuples("SELECT e.id, e.article_id, e.value, e.granularity, e.is_report FROM events e "
                                      + (join or "") + (" WHERE " + " AND ".join(where) if where else ""), params)

    def mention_tuples(self, names: list[str], *, query: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, language: str | None = None,
                       article_id: int | None = None, values: list[str] | None = None,
                       story_id: int | None = None, article_ids: list[int] | None = None,
                       event_ids: list[int] | None = None, parse: bool = True,
                       stream: bool = False, blank: Collection[str] = ()) -> list[tuple] | Iterator[tuple]:
        """Event mentions as tuples of the `names` (MENTION_COLUMNS) asked for, in article and text order.

        `cluster_id` is the kept article of a duplicate group, so copies count once;
        `actors` comes as a tuple, `is_report` as a bool — or, with `parse=False`, as the
        stored JSON text and integer (a caller that converts each row anyway does it in one pass).
        Date bounds are applied coarsely here (by year) and exactly by the caller,
        because values of different granularity do not compare as strings.
        `values` restricts to those event dates (the timeline's candidates on a big store);
        `article_ids` to those articles (a query's, see `matching_articles`); `event_ids` to those
        mentions (see `mention_dates`). With `stream` (and `parse=False`), the rows come one at a time from the
        cursor (read them all before the next query): a caller that keeps less of each holds no list of them.
        The `blank` names among `names` are not read: each comes as None (see `article_titles`).
        """
        where, params = self._event_filters(query, date_from, date_to, language, article_id, story_id, article_ids)
        if values is not None:
            where.append(self.db.in_list("e.value"))
            params.append(self.db.list_param(values))
        if event_ids is not None:
            where.append(self.db.in_list("e.id"))
            params.append(self.db.list_param(event_ids))
        sql = ("SELECT " + ", ".join("NULL" if n in blank else self.MENTION_COLUMNS[n] for n in names) +
               f" FROM events e JOIN {self.db.mention_articles} ON a.id = e.article_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        if not parse:
            read = self.db.iter_tuples if stream else self.db.execute_tuples
            return read(sql + " ORDER BY e.article_id, e.start, e.id", params)
        actors_at = names.index("actors") if "actors" in names else None
        report_at = names.index("is_report") if "is_report" in names else None
        parsed: dict[str, tuple[str, ...]] = {}  # actor lists repeat: each JSON text parsed once
        rows = []
        for row in self.db.execute_tuples(sql + " ORDER BY e.article_id, e.start, e.id", params):
            if actors_at is not None or report_at is not None:
                row = list(row)
                if actors_at is not None:
                    text = row[actors_at]
                    actors = parsed.get(text)
                    if actors is None:
                        actors = parsed[text] = tuple(json.loads(text))
                    row[actors_at] = actors
                if report_at is not None:
                    row[report_at] = bool(row[report_at])
                row = tuple(row)
            rows.append(row)
        return rows
