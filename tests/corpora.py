"""Small corpora the tests make themselves, so a clean clone needs nothing beside the repo.

`news_records(n)` gives `n` distinct Indonesian news records (JSONL lines like a scraper's):
a headline, a dateline with a written date, quotes and a few paragraphs drawn with a seeded
random generator from a vocabulary of everyday news words, so no two records are copies of
each other and every run of the tests sees the same corpus. `html_article` and `html_home`
give an article page and a home page as a scraper saves them.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

WORDS = (
    "pemerintah warga kota desa jalan sungai banjir hujan harga beras pasar pedagang sekolah guru murid "
    "rumah sakit dokter pasien polisi petugas kantor gedung jembatan proyek anggaran dana bantuan "
    "masyarakat wilayah provinsi kabupaten kecamatan bupati gubernur menteri presiden partai pemilu "
    "petani nelayan panen kapal pelabuhan bandara pesawat kereta bus kendaraan lalu lintas macet "
    "listrik air bersih sampah lingkungan hutan gunung pantai wisata turis hotel restoran usaha kecil "
    "bank kredit bunga inflasi ekspor impor pabrik pekerja upah buruh serikat mahasiswa kampus "
    "penelitian data laporan rapat sidang hakim jaksa pengadilan kasus saksi korban bencana gempa "
    "longsor kebakaran asap pengungsi relawan posko logistik obat vaksin kesehatan gizi anak keluarga"
).split()
VERBS = ("mengatakan menjelaskan menyebut meninjau membangun memperbaiki membagikan mengumumkan "
         "menolak mendukung meminta menunggu membuka menutup menambah mengurangi").split()
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
NAMES = ("Budi Santoso", "Siti Rahma", "Agus Wibowo", "Dewi Lestari", "Rudi Hartono", "Rina Marlina",
         "Hendra Gunawan", "Yuni Astuti", "Andi Pratama", "Lina Kusuma")
PLACES = ("Bandung", "Surabaya", "Semarang", "Medan", "Makassar", "Palembang", "Bogor", "Malang",
          "Padang", "Pontianak")


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    chosen.insert(2, rng.choice(VERBS))
    return " ".join(chosen).capitalize() + "."


def news_text(number: int, seed: int = 0) -> str:
    """One article as a text dump: headline, blank line, paragraphs with two dated events."""
    rng = random.Random(seed * 1_000_003 + number)
    day = date(2025, 1, 6) + timedelta(days=rng.randrange(300))
    earlier = day - timedelta(days=rng.randrange(2, 40))
    who, where = rng.choice(NAMES), rng.choice(PLACES)
    headline = " ".join(rng.choice(WORDS) for _ in range(7)).title()
    paragraphs = [
        f"{where} - {_sentence(rng, 10)[:-1]} pada {DAYS[day.weekday()]} ({day.day}/{day.month}/{day.year}).",
        f'"{_sentence(rng, 12)} {_sentence(rng, 9)}" kata {who} kepada wartawan di {where}.',
        f"Rapat pertama digelar pada {earlier.day} {MONTHS[earlier.month - 1]} {earlier.year}. "
        + _sentence(rng, 14),
        *(" ".join(_sentence(rng, rng.randrange(8, 16)) for _ in range(3)) for _ in range(rng.randrange(2, 4))),
    ]
    return headline + "\n\n" + "\n".join(paragraphs) + "\n"


def news_records(count: int, seed: int = 0) -> list[str]:
    """`count` JSONL lines, each a distinct record with id, url and text."""
    return [json.dumps({"id": f"rec-{seed}-{n}", "lang": "id",
                        "source_url": f"https://berita.example.id/daerah/d-{seed}{n:05d}/berita-{n}",
                        "text": news_text(n, seed)}, ensure_ascii=False)
            for n in range(count)]


def html_article(number: int = 0) -> str:
    """An article page: navigation, the story in <article>, related links and a footer."""
    lines = news_text(number, seed=7).split("\n")
    title, paragraphs = lines[0], [p for p in lines[2:] if p.strip()]
    nav = "".join(f'<li><a href="/{w}">{w.title()}</a></li>' for w in WORDS[:8])
    related = "".join(f'<li><a href="/baca/{n}">{news_text(n, 9).splitlines()[0]}</a></li>' for n in range(4))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title} - Berita Contoh</title>'
            f'<link rel="canonical" href="https://berita.example.id/daerah/d-7{number:05d}/berita">'
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2025-03-0{number % 9 + 1}T09:00:00+07:00">'
            f'</head><body><nav><ul>{nav}</ul></nav><main><article><h1>{title}</h1>{body}</article>'
            f'<aside><h3>Baca juga</h3><ul>{related}</ul></aside></main>'
            f'<footer>Hak cipta Berita Contoh. Semua hak dilindungi.</footer></body></html>')


def html_home() -> str:
    """A home page: a list of headlines linking to articles."""
    items = "".join(f'<li><a href="/daerah/d-{n}/berita">{news_text(n, 11).splitlines()[0]}</a></li>'
                    for n in range(30))
    return ('<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Berita Contoh</title>'
            '<link rel="canonical" href="https://berita.example.id/"></head>'
            f'<body><nav>Beranda</nav><ul>{items}</ul></body></html>')
