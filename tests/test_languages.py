"""Language files are the whole of a language: each is valid, the engines name none, and Malay
(added as one file, corpus_tools/languages/ms.toml) works end to end on sentences written here."""

from __future__ import annotations

import ast
import json
import re
from datetime import date

import pytest

from corpus_tools import clean, events, languages
from corpus_tools.dates import tag
from corpus_tools.dates.tagger import Lexicon
from corpus_tools.language import detect_language, stopword_vote

from .conftest import REPO, run_cli

SECTIONS = {"metadata", "clutter", "stopwords", "dates", "events"}
ENGINE = REPO / "corpus_tools"
ENGINE_SOURCE = "\n".join(p.read_text() for p in ENGINE.rglob("*.py"))


def _read_by_engine(key: str) -> bool:
    return f'"{key}"' in ENGINE_SOURCE or f"'{key}'" in ENGINE_SOURCE


def _plain(value) -> bool:
    if isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


@pytest.mark.parametrize("code", languages.available())
def test_every_language_file_is_valid(code):
    data = languages.load(code)
    assert data["code"] == code and isinstance(data["name"], str), "top level needs code (= file name) and name"
    unknown = set(k for k, v in data.items() if isinstance(v, dict)) - SECTIONS
    assert not unknown, f"{code}.toml: unknown sections {unknown}"
    for section in SECTIONS & set(data):
        for key, value in data[section].items():
            # a key no engine reads is a typo or dead data
            assert _read_by_engine(key), f"{code}.toml [{section}] {key}: no engine reads this key"
            assert _plain(value), f"{code}.toml [{section}] {key}: expected strings, numbers, lists or tables"
            if isinstance(value, list):
                assert all(isinstance(v, str) and v.strip() for v in value), f"{code}.toml [{section}] {key}"
    dates = data.get("dates", {})
    if dates:
        assert sorted(set(dates["months"].values())) == list(range(1, 13)), f"{code}.toml: months 1..12"
        assert sorted(set(dates["weekdays"].values())) == list(range(7)), f"{code}.toml: weekdays 0..6"
        assert all(v in ("past", "future", "this") for table in ("words_before", "words_after")
                   for v in dates.get(table, {}).values())
        assert all(v in ("day", "week", "month", "quarter", "latest_quarter", "year")
                   for v in dates.get("units", {}).values())
        for key in ("past_verb_pattern", "decade_pattern", "century_pattern"):
            if key in dates:
                re.compile(dates[key].replace("{ordinal}", "x"))
        assert Lexicon(code).families  # every pattern family compiles
    events.rules_for(code)
    clean.rules.rules_for(code)


def test_languages_without_a_file_share_one_set_of_compiled_rules():
    """A corpus in ten languages we have no file for builds the fallback's patterns once, not ten times
    (issue 13: that was a third of the date stage on the open-web pages)."""
    from corpus_tools.dates.tagger import lexicon
    fallback = languages.fallback()
    others = [code for code in ("fr", "es", "zh-cn", "xx") if code not in languages.available()]
    assert len(others) >= 3
    for code in others:
        assert lexicon(code) is lexicon(fallback) and lexicon(code).lang == fallback
        assert events.rules_for(code) is events.rules_for(fallback)
        assert clean.rules.rules_for(code) is clean.rules.rules_for(others[0])
    assert clean.rules.rules_for(others[0]) is not clean.rules.rules_for(fallback)  # all languages merged
    assert not clean.rules.rules_for(others[0]).own_stopwords and clean.rules.rules_for(fallback).own_stopwords


def test_one_fallback_and_one_default_language():
    assert languages.fallback() in languages.available()
    assert languages.default() in languages.available()


def test_engine_code_names_no_language():
    """Language knowledge is data: no `lang == "en"` branch, no language code as a default or fallback."""
    codes = set(languages.available())

    def named(node) -> bool:
        parts = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
        return any(isinstance(p, ast.Constant) and p.value in codes for p in parts)

    found = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare) and any(named(n) for n in [node.left, *node.comparators]):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
            elif isinstance(node, ast.BoolOp) and any(named(n) for n in node.values):  # lang or "id"
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
            elif isinstance(node, ast.IfExp) and (named(node.body) or named(node.orelse)):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
            elif isinstance(node, ast.arguments) and any(named(d) for d in [*node.defaults, *node.kw_defaults] if d):
                found.append(f"{path.relative_to(REPO)}:{node.lineno if hasattr(node, 'lineno') else '?'}")
    assert not found, f"language codes in engine code (move the knowledge to languages/*.toml): {found}"


def test_lang_choices_come_from_the_language_files():
    helptext = run_cli("dates", "--help").stdout
    for code in languages.available():
        assert code in helptext
    absent = next(code for code in ("xx", "qq", "zz") if code not in languages.available())  # a made-up xx.toml may exist
    bad = run_cli("dates", "--lang", absent, "-", input=b"Isnin, 3 Mac 2025")
    assert bad.returncode == 2 and absent in bad.stderr


# -- Malay, from ms.toml alone ---------------------------------------------------------------

MALAY = ("Perdana Menteri Anwar Ibrahim melawat Jakarta pada Isnin, 3 Mac 2025. "
         "Beliau bertemu Presiden Prabowo semalam, katanya.\n"
         "Perjanjian itu ditandatangani pada 12 Julai 2024 dan diluluskan Parlimen pada bulan Ogos lepas. "
         "Banjir melanda Kelantan minggu lepas.\n"
         "Pilihan raya negeri dijangka diadakan pada Disember 2025. Kerajaan negeri bermesyuarat pada "
         "hari Khamis (6/3) dan sekali lagi tiga hari lalu.")
DCT = date(2025, 3, 5)  # a Wednesday


def test_malay_dates():
    found = {t.text: t.value for t in tag(MALAY, DCT, "ms")}
    assert found["Isnin, 3 Mac 2025"] == "2025-03-03"
    assert found["semalam"] == "2025-03-04"
    assert found["12 Julai 2024"] == "2024-07-12"
    assert found["bulan Ogos lepas"] == "2024-08"
    assert found["minggu lepas"] == "2025-W09"
    assert found["Disember 2025"] == "2025-12"
    assert found["tiga hari lalu"] == "2025-03-02"
    assert any(text.endswith("(6/3)") and value == "2025-03-06" for text, value in found.items())
    # the Indonesian rules miss Malay month names ("Mac", "Julai", "Ogos")
    assert "2024-07-12" not in {t.value for t in tag(MALAY, DCT, "id")}


def test_malay_events():
    mentions = events.extract_events(MALAY, tag(MALAY, DCT, "ms"), "ms")
    labelled = {(m.label, m.value) for m in mentions}
    assert {("visit", "2025-03-03"), ("meet", "2025-03-04"), ("sign", "2024-07-12"), ("approve", "2024-08"),
            ("flood", "2025-W09"), ("elect", "2025-12")} <= labelled
    visit = next(m for m in mentions if m.label == "visit")
    assert "Anwar Ibrahim" in visit.actors and "Jakarta" in visit.actors


def test_malay_clutter():
    page = ("Kerajaan umum bantuan banjir baharu\n"
            "Kongsi\n"
            "KOTA BHARU: Kerajaan negeri mengumumkan bantuan tambahan kepada mangsa banjir di Kelantan pada "
            "Isnin, 3 Mac 2025, kata jurucakapnya kepada pemberita.\n"
            "Baca juga: Banjir kilat landa Kuala Lumpur\n"
            "Bantuan itu akan diagihkan melalui pejabat daerah dalam tempoh dua minggu, katanya lagi.\n"
            "Berita berkaitan\n"
            "Harga minyak naik lagi\n"
            "Iklan\n"
            "Hak cipta terpelihara 2025 Berita Contoh\n")
    result = clean.clean_text(page, "ms", title="Kerajaan umum bantuan banjir baharu")
    assert "Kerajaan negeri mengumumkan bantuan tambahan" in result.body
    assert "diagihkan melalui pejabat daerah" in result.body
    for clutter in ("Kongsi", "Baca juga", "Berita berkaitan", "Harga minyak naik lagi", "Iklan", "Hak cipta"):
        assert clutter not in result.body, clutter


def test_malay_through_the_cli():
    proc = run_cli("dates", "--lang", "ms", "--dct", "2025-03-05", "--format", "json", "-", input=MALAY.encode())
    assert proc.returncode == 0, proc.stderr
    assert {"2025-03-03", "2024-07-12", "2024-08"} <= {t["value"] for t in json.loads(proc.stdout)}



# -- French, from fr.toml alone (written by docs/languages.md's steps) ----------------------------

FRENCH = ("Le président Emmanuel Macron a signé le décret lundi 3 mars 2025 à Paris. "
          "Le traité avait été signé le 12 juillet 2024 et ratifié en août dernier par le Parlement.\n"
          "Hier, le ministre a rencontré les syndicats, a-t-il déclaré. Une nouvelle réunion est prévue le 1er avril. "
          "La semaine dernière, les députés l'avaient adopté. Début 2024, des manifestations ont eu lieu.")


def test_french_dates():
    found = {t.text: (t.value, t.mod) for t in tag(FRENCH, DCT, "fr")}
    assert found["lundi 3 mars 2025"] == ("2025-03-03", None)
    assert found["le 12 juillet 2024"] == ("2024-07-12", None)
    assert found["août dernier"] == ("2024-08", None)
    assert found["Hier"] == ("2025-03-04", None)
    assert found["le 1er avril"] == ("2025-04-01", None)
    assert found["semaine dernière"] == ("2025-W09", None)
    assert found["Début 2024"] == ("2024", "START")
    # the fallback's (English) rules read none of the French month names
    assert not {"2024-07-12", "2024-08", "2025-04-01"} & {t.value for t in tag(FRENCH, DCT, "de")}


def test_french_direction_word_before_the_number():
    # `number_words_before`: the direction word comes first ("il y a trois jours" = three days ago)
    text = ("Il y a trois jours, le ministre a signé l'accord. Il y a 2 ans, les députés l'avaient rejeté. "
            "Le texte entrera en vigueur dans deux semaines. Il y a deux pays concernés.")
    found = {t.text: t.value for t in tag(text, DCT, "fr")}
    assert found == {"Il y a trois jours": "2025-03-02", "Il y a 2 ans": "2023", "dans deux semaines": "2025-W12"}


def test_french_month_alone_needs_a_cue_not_a_capital():
    # `month_alone_needs_cue` without `month_alone_capitalised`: lower-case months with a cue (one written
    # against the month too, "d'août") or a direction after them are read; "Mars" with no cue is the planet
    text = ("La sonde a atterri sur Mars. Le chantier a commencé en juillet, a duré jusqu'en août "
            "et la fin d'août. La réforme votée juillet dernier s'applique depuis mi-juillet.")
    found = [(t.text, t.value) for t in tag(text, DCT, "fr")]
    assert found == [("juillet", "2024-07"), ("août", "2024-08"), ("août", "2024-08"),
                     ("juillet dernier", "2024-07"), ("mi-juillet", "2024-07")]


# A language written as Spanish is ("12 de julio de 2024", "hace tres días"), as a `[dates]` section not in a file:
# Spanish text stands for a language without a file in other tests, so the engine reads this one table directly.
SPANISH_DATES = {
    "months": {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
               "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12},
    "weekdays": {"lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6},
    "links": ["de"], "month_year_links": ["de"], "year_cues": ["en", "de"], "month_cues": ["en", "de"],
    "month_alone_needs_cue": True,
    "units": {"día": "day", "días": "day", "semana": "week", "semanas": "week", "año": "year", "años": "year"},
    "numbers": {"dos": 2, "tres": 3},
    "number_words_before": {"hace": "past", "dentro de": "future"},
}


def test_a_word_between_the_month_and_its_year_and_a_direction_word_first():
    text = ("El acuerdo se firmó el 12 de julio de 2024 y se ratificó en marzo de 2023. "
            "Hace tres días el ministro habló; volverá dentro de dos semanas.")
    found = [(t.text, t.value) for t in tag(text, DCT, Lexicon("xx", SPANISH_DATES))]
    assert found == [("12 de julio de 2024", "2024-07-12"), ("marzo de 2023", "2023-03"),
                     ("Hace tres días", "2025-03-02"), ("dentro de dos semanas", "2025-W12")]
    # without the keys, as before: the year is not the month's ("12 de julio" of the reference year's, "2024" apart)
    plain = {k: v for k, v in SPANISH_DATES.items() if k not in ("month_year_links", "number_words_before")}
    found = [(t.text, t.value) for t in tag(text, DCT, Lexicon("xx", plain))]
    assert ("12 de julio de 2024", "2024-07-12") not in found and ("Hace tres días", "2025-03-02") not in found


def test_french_events():
    labelled = {(m.label, m.value) for m in events.extract_events(FRENCH, tag(FRENCH, DCT, "fr"), "fr")}
    assert {("sign", "2025-03-03"), ("sign", "2024-07-12"), ("ratify", "2024-08"), ("meet", "2025-03-04"),
            ("approve", "2025-W09"), ("protest", "2024")} <= labelled


def test_french_clutter_and_detection():
    page = ("Le gouvernement annonce un plan contre les inondations\n"
            "Partager\n"
            "Publicité\n"
            "PARIS - Le gouvernement a annoncé lundi 3 mars 2025 un plan d'aide aux victimes des inondations dans le "
            "sud-ouest, a déclaré le porte-parole lors d'une conférence de presse à Paris.\n"
            "À lire aussi : Inondations : la Garonne déborde à Toulouse\n"
            "Les aides seront versées par les préfectures dans un délai de deux semaines, selon le ministère de "
            "l'Intérieur, qui a rencontré les maires des communes touchées hier.\n"
            "Sur le même sujet\n"
            "Crue : les pompiers mobilisés dans le Gers\n"
            "Tous droits réservés 2025 Journal Exemple\n")
    result = clean.clean_text(page, "fr", title="Le gouvernement annonce un plan contre les inondations")
    assert "un plan d'aide aux victimes" in result.body and "versées par les préfectures" in result.body
    reasons = {d.text: d.reason for d in result.dropped}
    assert reasons == {"Partager": "furniture", "Publicité": "promo",
                       "À lire aussi : Inondations : la Garonne déborde à Toulouse": "related-link",
                       "Sur le même sujet": "marker:sur le même sujet",
                       "Crue : les pompiers mobilisés dans le Gers": "block:sur le même sujet",
                       "Tous droits réservés 2025 Journal Exemple": "promo"}, reasons
    assert detect_language(page)[0] == "fr" and stopword_vote(page)[0] == "fr"


def test_french_through_the_cli(tmp_path):
    proc = run_cli("dates", "--lang", "fr", "--dct", "2025-03-05", "--format", "json", "-", input=FRENCH.encode())
    assert proc.returncode == 0, proc.stderr
    assert {"2025-03-03", "2024-07-12", "2024-08"} <= {t["value"] for t in json.loads(proc.stdout)}
    path, db = tmp_path / "fr.txt", tmp_path / "fr.db"
    path.write_text(FRENCH, encoding="utf-8")
    assert run_cli("ingest", str(path), "--quiet", "--workers", "1", db=db).returncode == 0
    stored = json.loads(run_cli("export", db=db).stdout.splitlines()[0])
    assert stored["language"] == "fr" and "2024-07-12" in {d["value"] for d in stored["dates"]}
