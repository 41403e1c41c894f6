"""Small made-up news records for the input and export tests (no development data needed).

Each story is drawn from its own seed so that no two are near-duplicates (word 3-grams
barely overlap), unless a test copies one on purpose.
"""

from __future__ import annotations

import random

_WORDS = {
    "id": ("pemerintah kota warga jalan sekolah rumah sakit pasar petani nelayan harga beras minyak "
           "listrik air banjir hujan musim kemarau gedung jembatan presiden menteri gubernur bupati "
           "polisi tentara hakim sidang rapat dewan anggaran pajak bank pinjaman usaha kecil pedagang "
           "buruh pabrik kapal pelabuhan bandara kereta bus sopir dokter perawat guru murid kampus "
           "mahasiswa desa provinsi pulau gunung sungai laut hutan tanah kebun sawit kopi teh gula "
           "garam ikan sapi ayam telur susu obat vaksin").split(),
    "en": ("government city residents road school house hospital market farmers fishermen price rice "
           "oil power water flood rain season drought building bridge president minister governor "
           "mayor police army judge trial meeting council budget tax bank loan business small traders "
           "workers factory ship port airport train bus driver doctor nurse teacher pupil campus "
           "students village province island mountain river sea forest land garden coffee tea sugar "
           "salt fish cattle chicken eggs milk medicine vaccine").split(),
}
_GLUE = {"id": ("yang", "dan", "di", "dengan", "untuk", "pada", "itu", "akan", "dari", "ini"),
         "en": ("the", "and", "of", "with", "for", "on", "that", "will", "from", "this")}


def story(seed: int, lang: str = "id", sentences: int = 6) -> str:
    """A made-up article body in `lang`: paragraphs of plausible-looking sentences."""
    rng = random.Random(seed * 7919 + (1 if lang == "en" else 0))
    paragraphs = []
    for _ in range(sentences):
        words = []
        for _ in range(14):
            words.append(rng.choice(_WORDS[lang]))
            if rng.random() < 0.45:
                words.append(rng.choice(_GLUE[lang]))
        paragraphs.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(paragraphs)
