"""Near-identical stories: duplicate groups kept in the store across runs.

Why not datasketch's MinHashLSH: it lives in memory (or in Redis/Cassandra), so
a cron job would rebuild it from every stored row, or pickle it, on each run; and
it returns candidates, not duplicates. Here the LSH band keys are rows of an
indexed table of the store, so a new article meets everything ever ingested through 40
index probes (time independent of the corpus size: 0.60 ms median per article at
1k and 0.62 ms at 100k, benchmarks/dedup_eval.py), and every candidate is
verified before two articles are called duplicates: on 1,498 perturbed Detik
articles, pair F1 0.9975 at threshold 0.5, against 0.9884 for MinHashLSH alone at
its best threshold on the same shingles (results/dedup.md).

Verification: identical normalised words (body hash) short-circuit to 1.0; the
other candidates are screened on the estimated Jaccard of their stored
signatures and, when within ESTIMATE_MARGIN of the threshold, decided on the
exact Jaccard of the word shingles of both bodies, computed on the shingle hashes
stored with each signature (migration 0009; `fingerprint.shingle_hashes`, 2.8 KB an
article on the Detik texts). Re-reading and re-shingling the candidates' bodies made
the cost per article grow with the store: a whole `triage ingest --workers 2` of the
generated corpus (benchmarks/speed.py) took 10.7, 11.6 and 14.2 CPU ms per article at
1k, 10k and 30k articles; on the stored hashes 11.5, 11.7 and 11.2 (loaded machine). The threshold 0.5 gave the
best F1 (0.4 ties) and keeps the closest distinct pair found in the Detik data
(two templated Transmart advertorials, 0.482) apart.

Each group has one kept article — the most complete cleaned body (longest), then
the earliest published — and the others point at it (`duplicate_of`), so the
timeline counts a group once. A copy arriving in a later run joins the earlier
group (and is kept instead if its body is more complete); a re-placed article
first releases its group; a removed kept article hands the group to its most
complete member (migration 0005). An article that matches two groups joins the
closer one; groups are not merged.
"""

from __future__ import annotations

from typing import Iterable

from .fingerprint import (DEFAULT_PARAMS, FingerprintParams, article_bands, estimate_jaccard, from_blob, hashed_jaccard,
                          shingle_hashes, sign, signature, to_blob)
from .record import Article
from .store import Store, StoreError

DEFAULT_THRESHOLD = 0.5  # chosen from benchmarks/dedup_eval.py
MAX_CANDIDATES = 20
# A candidate whose estimated Jaccard is this far below the threshold is not read:
# 3.3 standard deviations of a 120-permutation estimate at J = 0.5.
ESTIMATE_MARGIN = 0.15


class IncompatibleFingerprints(StoreError):
    """The store was fingerprinted with other parameters; mixing would miss duplicates."""


CANARY_TEXT = "triage fingerprint canary: the same words must always give the same signature"


def stored_params(store: Store, params: FingerprintParams = DEFAULT_PARAMS) -> FingerprintParams:
    """The store's parameters, recorded on first use; refuse to mix incompatible ones.

    Besides the parameters, the signature of a fixed text (the canary) is recorded:
    if the MinHash library starts hashing differently, old and new signatures would
    silently stop matching, so that is refused too. Called once per run by the
    writer, which is also when its page cache is sized for the band-key index
    (see store.fingerprints.WRITER_CACHE_MB).
    """
    store.size_cache_for_bands()
    wanted = (params.shingle_size, params.num_perm, params.bands, params.seed)
    canary = to_blob(signature(CANARY_TEXT, params))
    found = store.fingerprint_params()
    if found is None:
        with store.transaction():
            store.set_fingerprint_params(*wanted)
            store.set_fingerprint_canary(canary)
        found = store.fingerprint_params()  # another first writer of a server may have been quicker
    if tuple(found) != wanted:
        raise IncompatibleFingerprints(
            f"{store.path}: fingerprinted with shingle_size/num_perm/bands/seed={found}, this triage uses "
            f"{wanted}; ingest into a new store")
    stored = store.fingerprint_canary()
    if stored is None:  # a store from before migration 0004
        with store.transaction():
            store.set_fingerprint_canary(canary)
    elif stored != canary:
        raise IncompatibleFingerprints(
            f"{store.path}: its signatures were made by a MinHash implementation that hashes differently "
            "from the installed one (was datasketch upgraded or replaced?); ingest into a new store, or "
            "install the datasketch version that built it")
    return params


def _kept_rank(info: dict) -> tuple:
    """Sort key: the kept article has the longest body, then the earliest date, then the lowest id."""
    return (-len(info["body"]), info["published"] or "9999", info["id"])


def unindex(store: Store, article_ids: Iterable[int]) -> None:
    """Before a batch is placed: articles whose content changed, or that are about to be removed, are no copies'
    candidates for the articles placed before them, as articles not placed yet are not. Their band keys and
    signature, those of what they were, go (`assign` gives an updated one new ones in its turn): a rolling file's
    line met through the article it held before made the next line's article a copy of it."""
    for article_id in article_ids:
        store.replace_band_keys(article_id, [])
        store.replace_signature(article_id, None)


def assign(store: Store, article_id: int, article: Article, params: FingerprintParams = DEFAULT_PARAMS,
           threshold: float = DEFAULT_THRESHOLD, *, verify: str = "exact", stats: dict | None = None,
           new: bool = False) -> bool:
    """Index the article and place it in a duplicate group if it has one; True if it is a copy.

    The same normalised words (body hash) short-circuit to similarity 1. Otherwise
    the articles sharing an LSH band key with it (an index lookup, bounded by
    MAX_CANDIDATES) are screened on the estimated Jaccard of the stored signatures;
    with verify="exact" (the default) those within ESTIMATE_MARGIN of the threshold
    are then decided on the exact Jaccard of the word shingles of both bodies.

    `new`: the article's row was created by this writer's open batch and is not placed yet, so it has no
    band keys or signature and no article points at it (only placed articles are met through those): the
    store is not asked what it cannot hold (its group, its old band keys, its row's body and date, which
    are the article's own). The same result either way; four statements fewer per new article.
    """
    sig, own = article.minhash, article.shingle_hashes
    if sig is None or own is None:  # not signed by the pipeline: both from one hashing of the body
        computed_sig, computed_own = sign(article.body, params)
        sig = computed_sig if sig is None else sig
        own = computed_own if own is None else own
    keys = article_bands(sig, article.lsh_keys, params)
    # Placed again (its file changed): if it kept a group, its body may no longer be
    # theirs, so the group goes on without it and it rejoins below if it still matches.
    if not new:
        store.release_group(article_id)
    best_id, best_similarity = None, 0.0
    exact = store.same_body(article_id, article.body_hash)[:1]  # same words: similarity 1
    if exact:
        best_id, best_similarity = exact[0], 1.0
        nearby: list[int] = []
    else:
        nearby = store.band_candidates(article_id, keys, MAX_CANDIDATES)
        stored = store.signatures_of(nearby)
        for candidate in nearby:
            blob, theirs = stored.get(candidate, (None, None))
            estimate = estimate_jaccard(sig, from_blob(blob)) if blob is not None else None
            if verify == "estimated" and estimate is not None:
                similarity = estimate
            elif estimate is not None and estimate < threshold - ESTIMATE_MARGIN:
                continue
            else:
                if theirs is None:  # signed before migration 0009: from its body
                    theirs = shingle_hashes(store.dedup_info(candidate)["body"], params.shingle_size)
                similarity = hashed_jaccard(own, theirs)
            if similarity >= threshold and similarity > best_similarity:
                best_id, best_similarity = candidate, similarity
    if stats is not None:
        stats["candidates"] = len(nearby)
    store.replace_band_keys(article_id, keys, new=new)
    store.replace_signature(article_id, to_blob(sig), own)
    current = store.dedup_info(article_id) if not new else \
        {"id": article_id, "body": article.body, "published": article.published, "duplicate_of": None}
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
