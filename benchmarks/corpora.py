"""Benchmark corpora built from the development data in ../shared/data.

Large corpora are generated from the 1,000 real Detik articles with realistic
variation — paragraphs of two or three stories mixed, sentences reordered
inside paragraphs, figures and dates changed, names swapped — so that no text
is repeated and the store, the FTS index and the LSH buckets grow as they would
on real news.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
DETIK = DATA / "detik-2025" / "articles.jsonl"
HTML_ID = DATA / "html-id"
SEEDS = REPO / "sample_corpus"

_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_NAMES = ["Budi Santoso", "Siti Rahma", "Andi Wijaya", "Dewi Lestari", "Agus Salim", "Rina Kusuma",
          "Joko Susilo", "Maya Sari", "Hendra Gunawan", "Putri Ayu", "Bambang Hartono", "Lina Marlina"]
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"]


def detik_records() -> list[dict]:
    with DETIK.open() as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _vary_paragraph(paragraph: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(paragraph)
    if len(sentences) > 2 and rng.random() < 0.5:
        head, rest = sentences[0], sentences[1:]
        rng.shuffle(rest)
        sentences = [head, *rest]
    text = " ".join(sentences)
    text = _NUMBER.sub(lambda m: str(rng.randint(2, 999)) if rng.random() < 0.6 else m.group(0), text)
    for month in _MONTHS:
        if month in text and rng.random() < 0.5:
            text = text.replace(month, rng.choice(_MONTHS))
    return text


def generated_records(count: int, seed: int = 7) -> Iterator[dict]:
    """`count` varied article records (JSON-ready dicts), deterministic for a seed."""
    base = detik_records()
    rng = random.Random(seed)
    for index in range(count):
        first, second = base[index % len(base)], rng.choice(base)
        head = _paragraphs(first["text"])
        other = _paragraphs(second["text"])
        keep = head[: max(3, int(len(head) * rng.uniform(0.5, 0.9)))]
        mixed = keep + rng.sample(other[1:], k=min(len(other) - 1, rng.randint(1, 4)))
        body = [mixed[0]] + [_vary_paragraph(p, rng) for p in mixed[1:]]
        name = rng.choice(_NAMES)
        body.insert(2 if len(body) > 2 else 1, f"{name} mengatakan hal itu kepada wartawan pada "
                                                 f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} 2025.")
        day = rng.randint(1, 28)
        yield {"id": f"gen-{seed}-{index}", "source_url": f"https://news.example.id/{seed}/{index}",
               "published": f"2025-{rng.randint(1, 12):02d}-{day:02d}", "text": "\n".join(body)}


def write_jsonl_corpus(folder: Path, count: int, per_file: int = 1000, seed: int = 7) -> Path:
    """Write `count` generated records as JSONL files of `per_file` lines each."""
    folder.mkdir(parents=True, exist_ok=True)
    batch: list[str] = []
    number = 0
    for record in generated_records(count, seed):
        batch.append(json.dumps(record, ensure_ascii=False))
        if len(batch) == per_file:
            (folder / f"part-{number:05d}.jsonl").write_text("\n".join(batch) + "\n")
            batch, number = [], number + 1
    if batch:
        (folder / f"part-{number:05d}.jsonl").write_text("\n".join(batch) + "\n")
    return folder


def write_text_dumps(folder: Path, limit: int = 1000) -> Path:
    """The real Detik texts (with their clutter) as .txt dumps, plus the seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, record in enumerate(detik_records()[:limit]):
        (folder / f"detik-{index:04d}.txt").write_text(record["text"])
    for seed in sorted(SEEDS.glob("00[0-4]_*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def html_article_pages() -> list[Path]:
    """The 16 real article pages of html-id (home pages excluded)."""
    truth = json.loads((HTML_ID / "ground-truth.json").read_text())
    return [HTML_ID / name for name in sorted(truth)]
