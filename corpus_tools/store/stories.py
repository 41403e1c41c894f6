"""SQL of stories: document frequencies, story centroids, the inverted index on their top terms."""

from __future__ import annotations

import json
from typing import Any

DOCS = ""  # the term_df row counting documents


class StoryQueries:
    """Mixed into Store; `self.db` is its connection."""

    db: Any

    def document_frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """(documents seen, {term: documents containing it}) for `terms`."""
        found = {DOCS: 0}
        for start in range(0, len(terms), 500):
            chunk = terms[start:start + 500] + [DOCS]
            marks = ", ".join("?" for _ in chunk)
            found.update(self.db.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk).fetchall())
        return found.pop(DOCS), found

    def count_terms(self, terms: list[str]) -> None:
        """One more document, containing `terms` (distinct)."""
        self.db.executemany("INSERT INTO term_df (term, df) VALUES (?, 1) "
                            "ON CONFLICT (term) DO UPDATE SET df = term_df.df + 1", [(t,) for t in [DOCS, *terms]])

    def article_story(self, article_id: int) -> int | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def kept_story(self, article_id: int) -> int | None:
        """The story of the kept article of `article_id`'s duplicate group (None if it keeps itself)."""
        row = self.db.execute("SELECT k.story_id FROM articles a JOIN articles k ON k.id = a.duplicate_of "
                              "WHERE a.id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_candidates(self, terms: list[str], since: str, limit: int) -> list[int]:
        """Stories active since `since` (last date) sharing most of `terms` among their top terms."""
        if not terms:
            return []
        marks = ", ".join("?" for _ in terms)
        sql = (f"SELECT story_id FROM story_terms WHERE term IN ({marks}) AND last_date >= ? "
               "GROUP BY story_id ORDER BY count(*) DESC, story_id DESC LIMIT ?")
        return [r[0] for r in self.db.execute(sql, (*terms, since, limit))]

    def story_centroids(self, story_ids: list[int]) -> dict[int, dict[str, Any]]:
        if not story_ids:
            return {}
        marks = ", ".join("?" for _ in story_ids)
        rows = self.db.execute(f"SELECT id, first_date, last_date, articles, centroid, title, title_score "
                               f"FROM stories WHERE id IN ({marks})", story_ids)
        return {r["id"]: {**dict(r), "centroid": json.loads(r["centroid"])} for r in rows}

    def save_story(self, story_id: int | None, *, first_date: str, last_date: str, articles: int,
                   centroid: dict[str, float], title: str | None, title_score: float, top_terms: list[str]) -> int:
        """Insert (story_id None) or update a story and re-index its top terms; returns its id."""
        blob = json.dumps(centroid, ensure_ascii=False, separators=(",", ":"))
        if story_id is None:
            cur = self.db.execute("INSERT INTO stories (first_date, last_date, articles, centroid, title, title_score) "
                                  "VALUES (?, ?, ?, ?, ?, ?)", (first_date, last_date, articles, blob, title, title_score))
            story_id = cur.lastrowid
        else:
            self.db.execute("UPDATE stories SET first_date = ?, last_date = ?, articles = ?, centroid = ?, title = ?, "
                            "title_score = ? WHERE id = ?",
                            (first_date, last_date, articles, blob, title, title_score, story_id))
            self.db.execute("DELETE FROM story_terms WHERE story_id = ?", (story_id,))
        self.db.executemany("INSERT INTO story_terms (term, last_date, story_id) VALUES (?, ?, ?)",
                            [(t, last_date, story_id) for t in top_terms])
        return story_id

    def set_article_story(self, article_id: int, story_id: int) -> None:
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))

    def list_stories(self, *, date_from: str | None = None, date_to: str | None = None,
                     query: str | None = None, min_articles: int = 1,
                     story_id: int | None = None) -> list[dict[str, Any]]:
        """Stories with their independent articles and outlets (copies counted once)."""
        from . import fts_query  # the package's FTS helper (no import cycle at module load)
        where, params = ["a.story_id IS NOT NULL"], []
        if query:
            where.append("a.story_id IN (SELECT story_id FROM articles WHERE id IN "
                         "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
            params.append(fts_query(query))
        if story_id is not None:
            where.append("a.story_id = ?")
            params.append(story_id)
        sql = ("SELECT s.id, s.first_date, s.last_date, s.title, s.centroid, "
               "count(DISTINCT coalesce(a.duplicate_of, a.id)) AS articles, "
               "count(DISTINCT a.outlet) AS outlets FROM stories s JOIN articles a ON a.story_id = s.id WHERE "
               + " AND ".join(where) + " GROUP BY s.id, s.first_date, s.last_date, s.title, s.centroid")
        having, hparams = ["count(DISTINCT coalesce(a.duplicate_of, a.id)) >= ?"], [min_articles]
        if date_from:
            having.append("s.last_date >= ?")
            hparams.append(date_from)
        if date_to:
            having.append("s.first_date <= ?")
            hparams.append(date_to)
        sql += " HAVING " + " AND ".join(having) + " ORDER BY s.first_date, s.id"
        out = []
        for row in self.db.execute(sql, (*params, *hparams)):
            item = dict(row)
            item["centroid"] = json.loads(item["centroid"])
            out.append(item)
        return out

    def story_article_ids(self, story_id: int) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY id", (story_id,))]

    def story_titles(self, story_id: int) -> list[tuple[str, str]]:
        """(title, language) of a story's independent articles that have a title."""
        return [tuple(r) for r in self.db.execute(
            "SELECT title, language FROM articles WHERE story_id = ? AND duplicate_of IS NULL "
            "AND title IS NOT NULL AND title != '' ORDER BY id", (story_id,))]
