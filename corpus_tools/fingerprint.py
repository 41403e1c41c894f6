"""Stage, fingerprint: MinHash signatures and LSH band keys of a cleaned body.

Shingles are word 3-grams of the normalised body (NFKC, lower case, words only,
so punctuation and spacing do not matter). 120 permutations in 40 bands of 3
rows: a pair at Jaccard 0.5 shares a band with probability 1-(1-0.5^3)^40 =
0.995, at 0.3 with 0.66, so the band-key index finds nearly every pair worth
verifying; `dedup` then verifies on the exact Jaccard (threshold 0.5, chosen in
benchmarks/dedup_eval.py, where it gives the best pair F1).

The hashing is datasketch 2.0's MinHash (scheme "affine32"), the widely used,
long-maintained library, and rensa was weighed against it (benchmarks/dedup_eval.py,
results/dedup.md: rensa signs in 0.02 ms, datasketch's `update_batch` in 0.2–0.3 ms,
estimates as good). The signatures are persisted across runs and must hash the
same way for years, so the scheme stays datasketch's; but `signature` computes it
itself, in a dozen lines of numpy: importing datasketch imports scipy (1.3 s per
process, a tenth of a 1,000-article ingest), and its per-shingle hash function
call was a third of signing. tests/test_speed_equivalence.py checks the values
against datasketch's own, and the canary signature recorded in the store
(`dedup.stored_params`) catches any change. Permutations are drawn once per
parameter set (drawing them costs more than signing an article).

The same SHA-1 of each shingle, its first 8 bytes, gives `shingle_hashes`: the
shingle set as sorted 64-bit integers, stored with the signature (migration 0009)
so that `dedup` computes exact Jaccard similarities without the candidates' bodies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

try:  # CPython's own SHA-1 (the same digests): a short message costs it about half of OpenSSL's
    from _sha1 import sha1 as _sha1  # per-call set-up (`EVP_MD_CTX` fetch, copy, cleanse), which dominates
except ImportError:  # pragma: no cover - a Python built without its builtin hashes
    _sha1 = hashlib.sha1

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class FingerprintParams:
    shingle_size: int = 3
    num_perm: int = 120
    bands: int = 40
    seed: int = 1

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


DEFAULT_PARAMS = FingerprintParams()


def tokens(body: str) -> list[str]:
    return list(_tokens(body))


# ASCII outside `\w` (letters, digits, "_"): a space. An ASCII text's `\w+` runs are then its words split on spaces
_NOT_WORD = str.maketrans({c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})


@lru_cache(maxsize=2)  # the pipeline signs a body, then hashes it: normalise and split it once
def _tokens(body: str) -> tuple[str, ...]:
    """`_WORD.findall` of the body, NFKC-normalised and lower-cased; an ASCII one (most bodies) split
    by `str.split` once every other character is a space, which gives the same words in half the time."""
    normal = unicodedata.normalize("NFKC", body).lower()
    return tuple(normal.translate(_NOT_WORD).split()) if normal.isascii() else tuple(_WORD.findall(normal))


def shingles(body: str, size: int = DEFAULT_PARAMS.shingle_size) -> set[str]:
    words = _tokens(body)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(size)))))  # each run of `size` words


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2.0's affine32 permutation parameters (`MinHash._init_permutations`): odd `a`, any `b`."""
    import numpy as np
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signature(body: str, params: FingerprintParams = DEFAULT_PARAMS) -> list[int]:
    """MinHash of the body's word shingles: `num_perm` unsigned 32-bit values.

    The values of datasketch 2.0's `MinHash(num_perm, seed).update_batch(...)` (scheme
    "affine32": SHA-1's first 4 bytes, the MurmurHash3 finalizer, then `a * h + b` in
    uint32), computed here (see the module docstring)."""
    return _minhash(_digests(body, params.shingle_size), params)


def sign(body: str, params: FingerprintParams = DEFAULT_PARAMS) -> tuple[list[int], bytes]:
    """(`signature`, `shingle_hashes`) of the body, from one SHA-1 per shingle."""
    digests = _digests(body, params.shingle_size)
    return _minhash(digests, params), _sorted_blob(digests)


def _minhash(digests: bytes, params: FingerprintParams) -> list[int]:
    import numpy as np
    if not digests:
        return [0xFFFFFFFF] * params.num_perm
    a, b = _permutations(params.num_perm, params.seed)
    hv = np.frombuffer(digests, dtype="<u4")[0::2]  # the first 4 bytes of each 8: datasketch's hash
    hv = hv.astype(np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> np.uint32(16))  # MurmurHash3's 32-bit finalizer (datasketch's `_fmix`)
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    values = hv * a  # shingles × permutations: `b` added in place, not into a third array of that size
    values += b
    return values.min(axis=0).tolist()


def _digests(body: str, size: int) -> bytes:
    """SHA-1's first 8 bytes of each distinct shingle, concatenated."""
    sha1 = _sha1  # SHA-1 of a shingle's ~20 bytes: the call's set-up is most of it (see `_sha1`)
    return b"".join([sha1(s.encode()).digest()[:8] for s in shingles(body, size)])


def _sorted_blob(digests: bytes) -> bytes:
    """The distinct 8-byte hashes, sorted: `np.unique`, written out because it imports numpy.ma."""
    import numpy as np
    hashes = np.sort(np.frombuffer(digests, dtype="<u8"))
    if len(hashes) > 1:
        hashes = hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]
    return hashes.astype("<u8").tobytes()


def shingle_hashes(body: str, size: int = DEFAULT_PARAMS.shingle_size) -> bytes:
    """The body's distinct shingles as sorted little-endian uint64 (SHA-1's first 8 bytes), for the store.

    Two bodies' exact Jaccard is `hashed_jaccard` of these: the same value as `jaccard`
    of their shingle sets unless two distinct shingles of the pair share all 64 bits
    (about 1 in 10^13 for two 1,000-word articles), so duplicates are verified on
    stored hashes instead of re-reading and re-shingling the candidates' bodies."""
    return _sorted_blob(_digests(body, size))


def hashed_jaccard(a: bytes, b: bytes) -> float:
    """`jaccard` of two shingle sets given as `shingle_hashes` blobs (the same integers, the same division)."""
    import numpy as np
    x, y = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    if not len(x) and not len(y):
        return 0.0
    shared = len(np.intersect1d(x, y, assume_unique=True))
    return shared / (len(x) + len(y) - shared)


def estimate_jaccard(a: list[int] | np.ndarray, b: list[int] | np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the Jaccard similarity."""
    import numpy as np  # numpy and datasketch are imported where used: `triage clean` needs neither
    return float(np.mean(np.asarray(a) == np.asarray(b)))


def to_blob(sig: list[int]) -> bytes:
    """A signature as little-endian uint32 bytes for the store (no pickles)."""
    import numpy as np
    return np.asarray(sig, dtype="<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    import numpy as np
    return np.frombuffer(blob, dtype="<u4")


def band_keys(sig: list[int], params: FingerprintParams = DEFAULT_PARAMS) -> list[int]:
    """One signed 64-bit key per band (band number included), for an SQLite index."""
    import numpy as np
    raw = np.asarray(sig, dtype=np.uint64).tobytes()  # each band's rows are a slice of these bytes
    width = 8 * params.rows
    blake2b = hashlib.blake2b
    return [int.from_bytes(blake2b(band.to_bytes(2, "big") + raw[band * width:(band + 1) * width],
                                   digest_size=8).digest(), "big", signed=True)
            for band in range(params.bands)]


def keyed_bands(sig: list[int], params: FingerprintParams = DEFAULT_PARAMS) -> tuple:
    """`band_keys` of a signature with what they were computed from, (signature, params, keys): the pipeline
    computes them in the worker (`Article.lsh_keys`), so that the writer does not (`article_bands`)."""
    return sig, params, band_keys(sig, params)


def article_bands(sig: list[int], keyed: tuple | None, params: FingerprintParams = DEFAULT_PARAMS) -> list[int]:
    """`band_keys(sig, params)`: those of `keyed` (`keyed_bands`) when it holds this signature and these
    parameters, else computed here."""
    if keyed is not None and keyed[1] == params and (keyed[0] is sig or keyed[0] == sig):
        return keyed[2]
    return band_keys(sig, params)


def body_hash(body: str) -> str:
    """sha256 of the normalised words: identical texts up to spacing and case."""
    return hashlib.sha256(" ".join(_tokens(body)).encode()).hexdigest()
