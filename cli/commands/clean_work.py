"""`triage clean FILE`'s work, without Typer: the command line `triage clean` takes most often
is answered by `run_clean` straight from the entry point (cli/launch.py).

Importing Typer and the other commands was a sixth of `triage clean page.html` (issue 13).
`clean_arguments` reads the plain forms of the command line (a path, `--lang X`, `--format X`
or `-f X`, `--explain`, and `--opt=X`); anything else — `--help`, an unknown option, a
value that is not a choice, a repeated option — returns None and goes to Typer, whose
messages and exit codes stay the reference. Both ways run `clean` below.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from corpus_tools import languages

from ..render import out, print_json
from .plain import EXIT_FAILED, EXIT_OK, plain_arguments, run_plain

if TYPE_CHECKING:
    from corpus_tools.record import SourceDocument


class Failed(Exception):
    """A one-line problem and the exit code it ends the command with."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def first_document(path: str) -> SourceDocument:
    from corpus_tools.read import ReadProblem, read_documents
    if path != "-" and not os.path.lexists(path):
        raise Failed(f"{path}: no such file or directory")
    results = read_documents(Path(path), stdin=sys.stdin.buffer)
    for result in results:
        if isinstance(result, ReadProblem):
            raise Failed(f"{result.path}: {result.reason}")
        if next(results, None) is not None:  # a file of records: say which one this is
            sys.stderr.write(f"{path}: holds more than one document; this is the first"
                             f"{f' (line {result.line})' if result.line else ''} (`triage ingest` reads them all)\n")
        return result
    raise Failed(f"{path}: no document found")


def clean(path: str, lang: str | None, fmt: str, explain: bool) -> None:
    """Print the cleaned body of one document (`lang` None: detect; `fmt` text or json)."""
    from corpus_tools.pipeline import ArticleRejected, Context, prepare, read_in_language  # heavy: only for this command
    doc = first_document(path)
    try:
        extracted, language, _, cleaned = prepare(doc, Context(today=date.today()), lang)
    except ArticleRejected as exc:
        if explain and exc.cleaned is not None:  # a page refused as no article: each line, and why
            _explain(read_in_language(doc, Context(today=date.today()), lang)[0].text, exc.cleaned, f"# {exc}")
        raise Failed(f"{path}: {exc}") from None
    if extracted.repaired:
        sys.stderr.write(f"{path}: mojibake repaired: UTF-8 once read as cp1252 or Latin-1 ('â€œ' for '“'), "
                         "read back as UTF-8\n")
    if fmt == "json":
        print_json({"title": extracted.title, "published": extracted.published, "author": extracted.author,
                    "outlet": extracted.outlet, "language": language, "body": cleaned.body,
                    "dropped": [{"text": d.text, "reason": d.reason} for d in cleaned.dropped]})
    elif explain:
        first, last = cleaned.story or (0, 0)
        _explain(extracted.text, cleaned, f"# story: lines {first}–{last} ({cleaned.story_words} words of prose in "
                 "its core); lines outside it went as page furniture"
                 if cleaned.story and (first, last) != _non_empty_bounds(extracted.text) else None)
    else:  # the text as it is (no Rich: its import is a tenth of this command's start, and it expands tabs)
        sys.stdout.write(cleaned.body + "\n")


SHAPED = "headline, list or furniture"  # (`--explain`) a line of a page refused as a page of headline lists


def _explain(text: str, cleaned, header: str | None) -> None:
    """Every line of `text`, each dropped one with the rule that dropped it, and the story's span."""
    dropped = {d.line_no: d for d in cleaned.dropped}
    first, last = cleaned.story or (0, 0)
    if header:
        out.print(header, markup=False, highlight=False, soft_wrap=True)
    for number, line in enumerate(text.split("\n"), start=1):
        if number == first and cleaned.story and first > 1:
            out.print("# ── story starts ──", markup=False, highlight=False)
        if number in dropped:
            out.print(f"- {line}  [{dropped[number].reason}]", markup=False, highlight=False, style="dim", soft_wrap=True)
        elif number in cleaned.no_story_lines:  # a page refused as no article: what it is made of
            out.print(f"- {line}  [{SHAPED}]", markup=False, highlight=False, style="dim", soft_wrap=True)
        elif line.strip():
            out.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
        if number == last and cleaned.story and number < len(text.rstrip().split("\n")):
            out.print("# ── story ends ──", markup=False, highlight=False)


def _non_empty_bounds(text: str) -> tuple[int, int]:
    numbers = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    return (numbers[0], numbers[-1]) if numbers else (0, 0)


_OPTIONS = {"--lang": ("lang", "text"), "--format": ("fmt", ("text", "json")), "-f": ("fmt", ("text", "json")),
            "--explain": ("explain", "flag")}


def clean_arguments(args: list[str]) -> dict | None:
    """`clean`'s arguments as `clean` takes them, when they are in a plain form; else None (Typer's turn)."""
    found = plain_arguments(args, _OPTIONS, positional="path")
    if found is None or "path" not in found:
        return None
    lang = found.get("lang", "auto")
    if lang != "auto" and lang not in languages.available():
        return None
    return {"path": found["path"], "lang": None if lang == "auto" else lang, "fmt": found.get("fmt", "text"),
            "explain": found.get("explain", False)}


def run_clean(arguments: dict) -> int:
    """`clean` as the Typer command runs it (cli/app.py): the same messages, flushing and exit codes."""
    return run_plain(lambda: _clean_exit(arguments))


def _clean_exit(arguments: dict) -> int:
    try:
        clean(**arguments)
        sys.stdout.flush()
    except Failed as exc:
        from ..render import err
        sys.stdout.flush()
        err.print(f"triage: {exc.message}", markup=False, highlight=False, soft_wrap=True)
        return exc.code
    return EXIT_OK
