"""Near-identical stories: duplicate groups kept in the store across runs.

A new article's LSH band keys find its candidates through an index (time
independent of the corpus size); each candidate is verified on the exact
Jaccard similarity of the word shingles of both cleaned bodies. Each group has
one kept article — the most complete cleaned body, then the earliest
published — and the others point at it (`duplicate_of`), so the timeline
counts a group once.
"""

from __future__ import annotations

from .fingerprint import DEFAULT_PARAMS, FingerprintParams, band_keys, jaccard, shingles
from .record import Article
from .store import StoreError

DEFAULT_THRESHOLD = 0.5  # chosen from benchmarks/dedup_eval.py
MAX_CANDIDATES = 20


class IncompatibleFingerprints(StoreError):
    """The store was fingerprinted with other parameters; mixing would miss duplicates."""


def stored_params(store, params: FingerprintParams = DEFAULT_PARAMS) -> FingerprintParams:
    """The store's parameters, recorded on first use; refuse to mix incompatible ones."""
    wanted = (params.shingle_size, params.num_perm, params.bands, params.seed)
    found = store.fingerprint_params()
    if found is None:
        with store.transaction():
            store.set_fingerprint_params(*wanted)
        return params
    if tuple(found) != wanted:
        raise IncompatibleFingerprints(
            f"{store.path}: fingerprinted with shingle_size/num_perm/bands/seed={found}, this triage uses "
            f"{wanted}; ingest into a new store")
    return params


def _kept_rank(info: dict) -> tuple:
    """Sort key: the kept article has the longest body, then the earliest date, then the lowest id."""
    return (-len(info["body"]), info["published"] or "9999", info["id"])


def assign(store, article_id: int, article: Article, params: FingerprintParams = DEFAULT_PARAMS,
           threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Index the article and place it in a duplicate group if it has one; True if it is a copy."""
    keys = band_keys(article.minhash, params) if article.minhash else []
    own = shingles(article.body, params.shingle_size)
    best_id, best_similarity = None, 0.0
    exact = store.same_body(article_id, article.body_hash)[:1]  # same words: similarity 1
    nearby = store.band_candidates(article_id, keys, MAX_CANDIDATES) if keys else []
    for candidate in dict.fromkeys(exact + nearby):
        other = store.dedup_info(candidate)
        similarity = 1.0 if candidate in exact else jaccard(own, shingles(other["body"], params.shingle_size))
        if similarity >= threshold and similarity > best_similarity:
            best_id, best_similarity = candidate, similarity
    store.replace_band_keys(article_id, keys)
    current = store.dedup_info(article_id)
    if best_id is None:
        if current["duplicate_of"] is not None:
            store.set_duplicate(article_id, None, None)
        return False
    match = store.dedup_info(best_id)
    kept_id = match["duplicate_of"] or best_id
    if kept_id == article_id:
        return False
    kept = store.dedup_info(kept_id)
    if _kept_rank(current) < _kept_rank(kept):
        store.move_group(kept_id, article_id)
        store.set_duplicate(kept_id, article_id, round(best_similarity, 4))
        return True
    store.set_duplicate(article_id, kept_id, round(best_similarity, 4))
    return True
