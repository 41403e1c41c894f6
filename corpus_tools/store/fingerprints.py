"""SQL of near-duplicate detection: parameters, LSH band keys, duplicate groups."""

from __future__ import annotations

from typing import Any


# Page cache of the writing connection. The band-key index is probed and written at
# random places (40 keys per article); once it outgrows SQLite's default 2 MB cache
# every probe is a read from the OS, and the per-article cost rose 1.6x from 1k to
# 10k articles (benchmarks/dedup_eval.py). Pages are allocated only when touched, so the
# cache is part of the writer's memory, and it is full by about 10k articles whatever its
# size (the rows and full-text pages each article writes pass through it too): 128 MB kept the
# writer at 240 MB from 10k articles on. A 1,000-article run into a 30k store took the same
# writer CPU with 32 MB (15.1 s) as with 128 MB (15.2 s), its writer 123 MB instead of 225;
# 64 MB leaves room for the bigger index of a bigger store (issue 13: memory).
WRITER_CACHE_MB = 64
SQLITE_DEFAULT_CACHE_MB = 2  # about SQLite's own default (cache_size = -2000 KiB)


class FingerprintQueries:
    """Mixed into Store; `self.db` is its connection."""

    db: Any

    def size_cache_for_bands(self, megabytes: int = WRITER_CACHE_MB) -> None:
        """Let this connection cache the band-key index, so lookups stay flat as the store grows."""
        self.db.size_cache(megabytes)

    def release_cache(self) -> None:
        """Give the page cache sized by `size_cache_for_bands` back (SQLite's default size): for the writer's
        last step, the stored timelines, which probes no band key. The pages are freed, and the timeline's
        objects reuse much of that memory instead of adding to the writer's peak (issue 13: memory)."""
        self.db.size_cache(SQLITE_DEFAULT_CACHE_MB)

    def fingerprint_params(self) -> tuple[int, int, int, int] | None:
        row = self.db.execute("SELECT shingle_size, num_perm, bands, seed FROM fingerprint_params").fetchone()
        return tuple(row) if row else None

    def set_fingerprint_params(self, shingle_size: int, num_perm: int, bands: int, seed: int) -> None:
        # Two first writers of a server may both try: the first one's row stays, and both compare with it.
        self.db.execute("INSERT INTO fingerprint_params (id, shingle_size, num_perm, bands, seed) "
                        "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", (shingle_size, num_perm, bands, seed))

    def fingerprint_canary(self) -> bytes | None:
        row = self.db.execute("SELECT canary FROM fingerprint_params").fetchone()
        return row[0] if row else None

    def set_fingerprint_canary(self, canary: bytes) -> None:
        self.db.execute("UPDATE fingerprint_params SET canary = ? WHERE canary IS NULL", (canary,))

    def replace_band_keys(self, article_id: int, keys: list[int], new: bool = False) -> None:
        """The article's band keys are `keys` (`new`: it has none yet, nothing to delete)."""
        if not new:
            self.db.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
        self.db.executemany("INSERT INTO lsh_bands (band_key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(k, article_id) for k in keys])

    def replace_signature(self, article_id: int, blob: bytes | None, shingles: bytes | None = None) -> None:
        if blob is None:
            self.db.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))
        else:
            self.db.execute("INSERT INTO signatures (article_id, minhash, shingles) VALUES (?, ?, ?) "
                            "ON CONFLICT (article_id) DO UPDATE SET minhash = excluded.minhash, "
                            "shingles = excluded.shingles", (article_id, blob, shingles))

    def signatures_of(self, article_ids: list[int]) -> dict[int, tuple[bytes, bytes | None]]:
        """{id: (signature, shingle hashes)} of these articles; those ingested before migration 0003
        have no row, those before 0009 no shingle hashes (None)."""
        if not article_ids:
            return {}
        marks = ",".join("?" for _ in article_ids)
        return {r[0]: (bytes(r[1]), None if r[2] is None else bytes(r[2])) for r in self.db.execute(
            f"SELECT article_id, minhash, shingles FROM signatures WHERE article_id IN ({marks})", article_ids)}

    def band_candidates(self, article_id: int, keys: list[int], limit: int) -> list[int]:
        """Articles sharing at least one band key, most shared bands first."""
        marks = ",".join("?" for _ in keys)
        rows = self.db.execute(
            f"SELECT article_id, count(*) AS shared FROM lsh_bands WHERE band_key IN ({marks}) "
            f"AND article_id != ? GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?",
            (*keys, article_id, limit))
        return [r[0] for r in rows]

    def same_body(self, article_id: int, body_hash: str) -> list[int]:
        """Placed articles (those with a signature) with the same words.

        An article stored but not yet placed (the rest of its batch; another writer's
        batch on a server) is left out: it meets this one when it is placed itself.
        """
        return [r[0] for r in self.db.execute(
            "SELECT a.id FROM articles a JOIN signatures s ON s.article_id = a.id "
            "WHERE a.body_hash = ? AND a.id != ? ORDER BY a.id", (body_hash, article_id))]

    def dedup_info(self, article_id: int) -> dict[str, Any]:
        row = self.db.execute("SELECT id, body, published, duplicate_of FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        return dict(row)

    def set_duplicate(self, article_id: int, kept_id: int | None, similarity: float | None) -> None:
        self.db.execute("UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                        (kept_id, similarity, article_id))

    def release_group(self, kept_id: int) -> None:
        """The members of `kept_id`'s group now form a group of their own without it.

        The most complete remaining member is kept (the same rule as the trigger of
        migration 0005); used before an article whose body may have changed is placed again.
        """
        row = self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of = ? "
            "ORDER BY length(body) DESC, coalesce(published, '9999'), id LIMIT 1", (kept_id,)).fetchone()
        if row is None:  # the usual case: one probe of the duplicate_of index
            return
        self.db.execute("UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = ?", (row[0],))
        self.db.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?", (row[0], kept_id))

    def move_group(self, old_kept: int, new_kept: int) -> None:
        """Every member of `old_kept`'s group (and it) now points at `new_kept`."""
        self.db.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ? AND id != ?",
                        (new_kept, old_kept, new_kept))
        self.db.execute("UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = ?", (new_kept,))

    def duplicate_groups(self, min_similarity: float = 0.0) -> list[dict[str, Any]]:
        """[{"kept": id, "duplicates": [{"id", "similarity"}]}] in kept-id order."""
        groups: dict[int, list[dict[str, Any]]] = {}
        for row in self.db.execute(
                "SELECT id, duplicate_of, similarity FROM articles WHERE duplicate_of IS NOT NULL "
                "AND coalesce(similarity, 1) >= ? ORDER BY duplicate_of, id", (min_similarity,)):
            groups.setdefault(row[1], []).append({"id": row[0], "similarity": round(row[2] or 1.0, 3)})
        return [{"kept": kept, "duplicates": members} for kept, members in groups.items()]

    def dangling_duplicates(self) -> int:
        """Duplicates pointing at a missing article or at another duplicate (an invariant breach)."""
        return self.db.execute(
            "SELECT count(*) FROM articles a LEFT JOIN articles k ON k.id = a.duplicate_of "
            "WHERE a.duplicate_of IS NOT NULL AND (k.id IS NULL OR k.duplicate_of IS NOT NULL)").fetchone()[0]
