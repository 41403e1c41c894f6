"""SQL of stories: document frequencies, story centroids, the inverted index on their top terms.

The index is in two parts (migration 0018): `story_terms`, which lookups read, holds the rows of the stories
last active on or after the stored horizon (`story_horizon`); `story_terms_cold` holds the others. A lookup
reads only stories last active on or after its `since`: while `since` is not below the horizon the cold rows
are rows it would not have read, and one that reaches below it moves them back first (`story_candidates`).
So every lookup returns what it would with one table, and the table lookups read stays as small as the
stories the batches' articles can still meet (`prune_story_terms`)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from functools import lru_cache
from operator import mul
from typing import Any

DOCS = ""  # the term_df row counting documents
STORY_CACHE = 4096  # stories whose centroids the writer keeps decoded
DF_CACHE = 200_000  # terms whose document frequency the writer keeps; emptied when it grows past this
NORM = ""  # the centroid's own norm, kept beside its terms (no term is empty)


MAX_TERM_CHARS = 250  # a longer term is indexed under `_term_key` (at most 1,000 bytes of UTF-8 as it is)


def _term_key(term: str) -> str:
    """The term as `term_df` and the story index hold it: itself, or for a "word" of hundreds of characters (a
    base64 blob, a long URL's path) `#` and its SHA-256 (no word starts with `#`). PostgreSQL cannot index a
    B-tree row over 2,704 bytes: such a term failed the whole run, exit 74, on every run while its file was
    there. The same on both backends, and the same counts and lookups as with the term itself."""
    if len(term) <= MAX_TERM_CHARS:
        return term
    return "#" + hashlib.sha256(term.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=None)  # one text per number of terms (at most stories.QUERY_TERMS + QUERY_REPEATED)
def _candidates_sql(terms: int) -> str:
    """`story_candidates`' statement for `terms` terms: built once, not for every article."""
    one = ("SELECT story_id FROM (SELECT story_id FROM story_terms WHERE term = ? AND last_date >= ? "
           "ORDER BY last_date DESC LIMIT ?) AS t{}")
    return ("SELECT story_id FROM (" + " UNION ALL ".join(one.format(i) for i in range(terms)) +
            ") AS found GROUP BY story_id ORDER BY count(*) DESC, story_id DESC LIMIT ?")


class StoryQueries:
    """Mixed into Store; `self.db` is its connection."""

    db: Any

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """(documents seen, {term: documents containing it}) for `terms`, the counts of this transaction
        not yet written (`count_terms`) included.

        Read through a cache of this connection (at most about DF_CACHE terms): only the writer (which holds the
        ingest lock) changes the counts, and it keeps the cache in step (`count_terms`); a rolled-back
        batch forgets the cache with its counts (`drop_term_counts`).
        """
        cache = self.__dict__.setdefault("_df_cache", {})
        if len(cache) > DF_CACHE:  # a corpus's vocabulary keeps growing (names, numbers): bound the memory
            cache.clear()
        missing = [t for t in [DOCS, *terms] if t not in cache]
        if missing:
            pending = self.__dict__.get("_df_pending", {})
            for start in range(0, len(missing), 500):
                chunk = missing[start:start + 500]
                marks = ", ".join("?" for _ in chunk)
                cache.update(dict.fromkeys(chunk, 0))
                keys = {_term_key(term): term for term in chunk}
                cache.update((keys[key], df) for key, df in self.db.execute(
                    f"SELECT term, df FROM term_df WHERE term IN ({marks})", list(keys)).fetchall())
            for term in missing:
                if term in pending:
                    cache[term] += pending[term]
        return cache[DOCS], dict(zip(terms, map(cache.__getitem__, terms)))

    def count_terms(self, terms: list[str]) -> None:
        """One more document, containing `terms` (distinct). Counted in memory and written by
        `write_term_counts` (at the transaction's commit): one row per term a batch of articles
        used, instead of one per article and term."""
        self._add_document(terms, 1)

    def uncount_terms(self, terms: list[str]) -> None:
        """One document fewer, that contained `terms` (distinct): an article taken out of its story
        (`stories.release`); written with `count_terms`' counts."""
        self.__dict__["_df_uncounted"] = True
        self._add_document(terms, -1)

    def _add_document(self, terms: list[str], step: int) -> None:
        """`step` (1 or -1) to the count of documents and of each of `terms`, pending and cached."""
        pending = self.__dict__.setdefault("_df_pending", {})
        cache = self.__dict__.get("_df_cache", {})
        for term in [DOCS, *terms]:
            pending[term] = pending.get(term, 0) + step
            if term in cache:
                cache[term] += step

    def write_term_counts(self) -> None:
        """Add the counts `count_terms` kept to the store (in term order: concurrent writers of a
        server take the rows' locks in one order)."""
        pending = self.__dict__.pop("_df_pending", None)
        uncounted = self.__dict__.pop("_df_uncounted", False)  # some articles were taken out (`uncount_terms`)
        if pending:
            counts = sorted((_term_key(term), n) for term, n in pending.items())
            self.db.executemany("INSERT INTO term_df (term, df) VALUES (?, ?) "
                                "ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
                                [c for c in counts if c[1]] if uncounted else counts)
        if pending and uncounted:  # a term no article holds any more has no row, as in a fresh store
            gone = [term for term, n in counts if n < 0]
            for start in range(0, len(gone), 500):
                chunk = gone[start:start + 500]
                self.db.execute(f"DELETE FROM term_df WHERE df <= 0 AND term IN ({', '.join('?' for _ in chunk)})",
                                chunk)

    def drop_term_counts(self) -> None:
        """The transaction was rolled back: the counts kept for it are gone with it, and so is the cache
        that had them added."""
        self.__dict__.pop("_df_pending", None)
        self.__dict__.pop("_df_uncounted", None)
        self.__dict__.pop("_df_cache", None)
        self.__dict__.pop("_story_horizon", None)  # a pruning or restore of the transaction is undone too

    def article_story(self, article_id: int) -> int | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_has_dated_article(self, story_id: int) -> bool:
        """Whether any article of the story has a publication date (its dates are not all days of a run)."""
        return self.db.execute("SELECT 1 FROM articles WHERE story_id = ? AND published IS NOT NULL LIMIT 1",
                               (story_id,)).fetchone() is not None

    def story_contents(self, article_ids: list[int]) -> list[dict[str, Any]]:
        """What the stories were made of for each of `article_ids` (in id order): its story, title, body,
        language, publication date, the article it copies, and the names of its event mentions as the pipeline
        gave them (`stories.counted_terms`: the mentions in their order, each one's actors in theirs)."""
        if not article_ids:
            return []
        marks = ", ".join("?" for _ in article_ids)
        out = {r["id"]: {**dict(r), "names": []} for r in self.db.execute(
            "SELECT id, story_id, title, body, language, published, duplicate_of FROM articles "
            f"WHERE id IN ({marks}) ORDER BY id", list(article_ids))}
        for article_id, actors in self.db.execute(f"SELECT article_id, actors FROM events WHERE article_id IN "
                                                  f"({marks}) ORDER BY article_id, id", list(article_ids)):
            out[article_id]["names"].extend(json.loads(actors))
        for row in out.values():
            row["names"] = tuple(row["names"])
        return list(out.values())

    def empty_story(self, story_id: int) -> None:
        """A story no article is in any more: its index rows go (no lookup meets it) and its centroid; the row
        stays, with no article, so that its id never names another story (SQLite gives the largest id of a
        deleted row again), and `triage stories` (which lists stories with articles) does not show it."""
        self._drop_story_terms(story_id, self._story_cache().pop(story_id, None))
        self.db.execute("UPDATE stories SET articles = 0, centroid = '{}' WHERE id = ?", (story_id,))

    def kept_story(self, article_id: int) -> int | None:
        """The story of the kept article of `article_id`'s duplicate group (None if it keeps itself)."""
        row = self.db.execute("SELECT k.story_id FROM articles a JOIN articles k ON k.id = a.duplicate_of "
                              "WHERE a.id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_candidates(self, terms: list[str], since: str, limit: int, per_term: int = 64) -> list[int]:
        """Stories active since `since` (last date) sharing most of `terms` among their top terms.

        Each term contributes its `per_term` most recently active stories (an index range read
        backwards), so the rows read are bounded by len(terms) × per_term however many stories
        a common term has: the cost does not grow with the store."""
        if not terms:
            return []
        if since < self.story_horizon():
            self._restore_story_terms(since)
        params = [v for term in terms for v in (_term_key(term), since, per_term)]
        return [r[0] for r in self.db.execute(_candidates_sql(len(terms)), (*params, limit))]

    def story_horizon(self) -> str:
        """The date below which a story's index rows are cold (`story_terms_cold`); '' while none is."""
        horizon = self.__dict__.get("_story_horizon")
        if horizon is None:
            horizon = self.db.execute("SELECT horizon FROM story_horizon WHERE id = 1").fetchone()[0]
            self.__dict__["_story_horizon"] = horizon
        return horizon

    def _set_story_horizon(self, horizon: str) -> None:
        self.db.execute("UPDATE story_horizon SET horizon = ? WHERE id = 1", (horizon,))
        self.__dict__["_story_horizon"] = horizon

    def prune_story_terms(self, horizon: str) -> int:
        """Move the index rows of the stories last active before `horizon` to the cold table, when `horizon`
        is later than the stored one (it never moves back here: `story_candidates` does that when a lookup
        needs it); returns the stories moved. Their rows are read again only by a lookup whose `since` is
        below `horizon`, which moves them back first."""
        current = self.story_horizon()
        if horizon <= current:
            return 0
        moved = "SELECT id FROM stories WHERE last_date >= ? AND last_date < ?"
        count = self.db.execute(f"SELECT count(*) FROM ({moved}) AS m", (current, horizon)).fetchone()[0]
        if count:
            self.db.execute("INSERT INTO story_terms_cold (last_date, story_id, term) SELECT last_date, story_id, "
                            f"term FROM story_terms WHERE story_id IN ({moved}) ORDER BY last_date, story_id, term",
                            (current, horizon))
            self.db.execute(f"DELETE FROM story_terms WHERE story_id IN ({moved})", (current, horizon))
        self._set_story_horizon(horizon)
        return count

    def _restore_story_terms(self, since: str) -> None:
        """A lookup reaches below the horizon (an older article): the cold rows of the stories last active
        since `since` go back to the index, and the horizon to `since`."""
        rows = self.db.execute("SELECT term, last_date, story_id FROM story_terms_cold WHERE last_date >= ? "
                               "ORDER BY term, last_date, story_id", (since,)).fetchall()
        if rows:
            self.db.executemany("INSERT INTO story_terms (term, last_date, story_id) VALUES (?, ?, ?)",
                                [tuple(r) for r in rows])
            self.db.execute("DELETE FROM story_terms_cold WHERE last_date >= ?", (since,))
        self._set_story_horizon(since)

    def _drop_story_terms(self, story_id: int, stored: dict[str, Any] | None) -> None:
        """Delete a story's index rows, from the part that holds them: the one its last date as stored (the
        date its rows carry; `stored`, the cached row, or read here) puts them in."""
        last = stored["last_date"] if stored else \
            self.db.execute("SELECT last_date FROM stories WHERE id = ?", (story_id,)).fetchone()[0]
        if last >= self.story_horizon():
            self.db.execute("DELETE FROM story_terms WHERE story_id = ?", (story_id,))
        else:  # a story quiet since before the horizon met again through a copy of one of its articles
            self.db.execute("DELETE FROM story_terms_cold WHERE last_date = ? AND story_id = ?", (last, story_id))

    def _index_story(self, story_id: int, last_date: str, top_terms: list[str]) -> None:
        top_terms = [_term_key(t) for t in top_terms]
        if last_date >= self.story_horizon():
            self.db.executemany("INSERT INTO story_terms (term, last_date, story_id) VALUES (?, ?, ?)",
                                [(t, last_date, story_id) for t in top_terms])
        else:  # no lookup reads it until one reaches below the horizon
            self.db.executemany("INSERT INTO story_terms_cold (last_date, story_id, term) VALUES (?, ?, ?)",
                                [(last_date, story_id, t) for t in sorted(top_terms)])

    def story_centroids(self, story_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Stories by id with their centroid (a dict) and its norm; the writer's recent ones from a cache."""
        cache = self._story_cache()
        out = {i: cache[i] for i in story_ids if i in cache}
        missing = [i for i in story_ids if i not in cache]
        if missing:
            marks = ", ".join("?" for _ in missing)
            for row in self.db.execute(f"SELECT id, first_date, last_date, articles, centroid, title, title_score "
                                       f"FROM stories WHERE id IN ({marks})", missing):
                centroid = json.loads(row["centroid"])
                out[row["id"]] = {**dict(row), "centroid": centroid, "norm": centroid.pop(NORM, None)}
                self._remember(out[row["id"]])
        return out

    def _story_cache(self) -> "OrderedDict[int, dict[str, Any]]":
        """Stories this connection read or wrote lately (only the writer changes them; bounded)."""
        return self.__dict__.setdefault("_stories_seen", OrderedDict())

    def _remember(self, story: dict[str, Any]) -> None:
        cache = self._story_cache()
        cache[story["id"]] = story
        cache.move_to_end(story["id"])
        while len(cache) > STORY_CACHE:
            cache.popitem(last=False)

    def save_story(self, story_id: int | None, *, first_date: str, last_date: str, articles: int,
                   centroid: dict[str, float], title: str | None, title_score: float, top_terms: list[str],
                   reindex: bool = True) -> int:
        """Insert (story_id None) or update a story and (if `reindex`) its top terms; returns its id."""
        values = list(centroid.values())
        norm = round(sum(map(mul, values, values)) ** 0.5, 6)  # sum(v * v for v in …): the same sum
        blob = json.dumps({**centroid, NORM: norm}, ensure_ascii=False, separators=(",", ":"))
        before = self._story_cache().pop(story_id, None)  # rewritten below; remembered from the new values
        if story_id is None:
            story_id = self.db.execute(
                "INSERT INTO stories (first_date, last_date, articles, centroid, title, title_score) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (first_date, last_date, articles, blob, title, title_score)).fetchone()[0]
        else:
            if reindex:
                self._drop_story_terms(story_id, before)  # where its last date as stored put its rows
            self.db.execute("UPDATE stories SET first_date = ?, last_date = ?, articles = ?, centroid = ?, title = ?, "
                            "title_score = ? WHERE id = ?",
                            (first_date, last_date, articles, blob, title, title_score, story_id))
            if not reindex:
                self._remember(dict(id=story_id, first_date=first_date, last_date=last_date, articles=articles,
                                    centroid=centroid, title=title, title_score=title_score, norm=norm))
                return story_id
        self._index_story(story_id, last_date, top_terms)
        self._remember(dict(id=story_id, first_date=first_date, last_date=last_date, articles=articles,
                            centroid=centroid, title=title, title_score=title_score, norm=norm))
        return story_id

    def forget_story_cache(self) -> None:
        """Drop what this connection remembers of stories and term counts: on a server other
        writers change them between two of this writer's shared steps."""
        self.__dict__.pop("_df_cache", None)
        self.__dict__.pop("_stories_seen", None)
        self.__dict__.pop("_story_horizon", None)

    def merge_story(self, story_id: int, into: int) -> None:
        """Move the articles of `story_id` (and of stories merged into it) to `into`; the row stays as a pointer.

        The caller saves `into` with the summed centroid and counts (`save_story`)."""
        self._drop_story_terms(story_id, self._story_cache().pop(story_id, None))
        self.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into, story_id))
        self.db.execute("UPDATE stories SET merged_into = ? WHERE id = ? OR merged_into = ?", (into, story_id, story_id))

    def story_root(self, story_id: int) -> int:
        """The story `story_id` now is: itself, or the story it was merged into."""
        row = self.db.execute("SELECT merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row and row[0] is not None else story_id

    def set_article_story(self, article_id: int, story_id: int) -> None:
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))

    def list_stories(self, *, date_from: str | None = None, date_to: str | None = None,
                     query: str | None = None, min_articles: int = 1,
                     story_id: int | None = None) -> list[dict[str, Any]]:
        """Stories with their independent articles and outlets (copies counted once)."""
        where, params = ["a.story_id IS NOT NULL"], []
        if query:
            condition, param = self.db.text_match(query)  # a condition on an article `a`, either backend
            where.append(f"a.story_id IN (SELECT a.story_id FROM {self.db.mention_articles} WHERE {condition})")
            params.append(param)
        if story_id is not None:
            where.append("a.story_id = ?")
            params.append(story_id)
        # Each story's counts from its articles' narrow columns (SQLite: the covering index `articles_mentions`,
        # migration 0011, whose key is the id: the table's rows hold `duplicate_of` and `story_id` behind the
        # body's overflow pages, and a 100k store's every article was read whole), then joined to its story row
        # (grouped by the stories' own columns, each article's row carried its story's centroid into the sort).
        sql = ("SELECT s.id, s.first_date, s.last_date, s.title, s.centroid, x.articles, x.outlets, x.dated "
               "FROM stories s JOIN (SELECT a.story_id, count(DISTINCT coalesce(a.duplicate_of, a.id)) AS articles, "
               "count(DISTINCT a.outlet) AS outlets, count(a.published) AS dated "
               f"FROM {self.db.mention_articles} WHERE " + " AND ".join(where) + " GROUP BY a.story_id) x "
               "ON x.story_id = s.id")
        having, hparams = ["x.articles >= ?"], [min_articles]
        if date_from or date_to:
            having.append("x.dated > 0")  # a story of undated articles only has no dates to filter on
        if date_from:
            having.append("s.last_date >= ?")
            hparams.append(date_from)
        if date_to:
            having.append("s.first_date <= ?")
            hparams.append(date_to)
        sql += " WHERE " + " AND ".join(having) + " ORDER BY s.first_date, s.id"
        out = []
        for row in self.db.execute(sql, (*params, *hparams)):
            item = dict(row)
            item["centroid"] = json.loads(item["centroid"])
            item["centroid"].pop(NORM, None)
            out.append(item)
        return out

    def story_article_ids(self, story_id: int) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY id", (story_id,))]

    def stories_titles(self, story_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """For each of `story_ids`, (title, language) of its independent articles that have a title, in one read
        (SQLite: of the covering index `articles_mentions`, not of the articles' rows, whose `duplicate_of` lies
        behind the body's overflow pages)."""
        out: dict[int, list[tuple[str, str]]] = {story: [] for story in story_ids}
        if not out:
            return out
        for story, title, language in self.db.execute_tuples(
                f"SELECT a.story_id, a.title, a.language FROM {self.db.mention_articles} WHERE "
                f"{self.db.in_list('a.story_id')} AND a.duplicate_of IS NULL AND a.title IS NOT NULL "
                "AND a.title != '' ORDER BY a.id", [self.db.list_param(list(out))]):
            out[story].append((title, language))
        return out
