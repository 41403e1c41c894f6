"""The `triage` command: option parsing and rendering only; the work is in corpus_tools."""

from __future__ import annotations

import functools
import sys

import typer

from corpus_tools import __version__

from . import coercion
from .commands import articles, check, copy, duplicates, ingest, stories, text_tools, timeline
from .commands.common import EXIT_INTERRUPTED, fail
from .commands.plain import EXIT_OUTPUT, OutputError, drop_stdout, output_failed

EXIT_CODES = """Exit codes: 0 success; 1 some inputs failed or a check found problems (everything
else was done and committed), or the article or story asked for is not in the store; 2 usage error;
73 the output (stdout, or export -o FILE) cannot be written; 74 the store cannot be opened or written (read-only, disk full, corrupt); 75 temporary, retry later: another ingest holds the store, or a PostgreSQL server is not taking connections (stopped, restarting, full);
130 interrupted (work committed so far is kept)."""

coercion.install()  # strings, numbers and choices without importing pydantic (see cli/coercion.py)

app = typer.Typer(
    name="triage",
    help="Ingest scraped news, strip clutter, collapse copies, read dates, print a timeline.\n\n"
         "  triage ingest sample_corpus\n\n  triage timeline\n\n" + EXIT_CODES.replace("\n", " "),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"triage {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Root options."""


def _pipe_safe(command):
    """`triage articles | head -2`: a reader that stops early is not a failure (exit 0, no message).

    Click answers a closed pipe with exit 1; a command's own exit code is kept otherwise.
    """
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            try:
                result = command(*args, **kwargs)
            except typer.Exit:
                _flush_stdout()
                raise
            _flush_stdout()
            return result
        except BrokenPipeError:
            drop_stdout()
            raise typer.Exit(0) from None
        except OutputError as exc:  # `> /dev/full`, stdout closed: one line; what the store did is kept
            raise fail(output_failed(exc), EXIT_OUTPUT) from None
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM (launch._terminated): Click would say "Aborted!", exit 1
            try:
                _flush_stdout()
            except OutputError:
                drop_stdout()
            raise fail("interrupted", EXIT_INTERRUPTED) from None
    return run


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        drop_stdout()


# `triage --help`'s one line per command (Click cuts a longer first sentence with "...")
SHORT_HELP = {
    "ingest": "Read files and folders into the store.",
    "articles": "List the stored articles.",
    "show": "One article: its metadata and cleaned body.",
    "export": "Every article with body, dates and copy group (JSONL, CSV).",
    "clean": "The cleaned body of one document.",
    "dates": "The date expressions of a text, resolved.",
    "timeline": "The dated events, with the independent sources behind each.",
    "stories": "Articles grouped into news stories.",
    "duplicates": "Groups of near-identical articles.",
    "check": "Check the store's integrity.",
    "copy": "Copy a store between a file and PostgreSQL.",
}

app.command("ingest", short_help=SHORT_HELP["ingest"], epilog=ingest.EPILOG)(_pipe_safe(ingest.ingest_command))
app.command("articles", short_help=SHORT_HELP["articles"], epilog=articles.ARTICLES_EPILOG)(_pipe_safe(articles.articles_command))
app.command("show", short_help=SHORT_HELP["show"], epilog=articles.SHOW_EPILOG)(_pipe_safe(articles.show_command))
app.command("export", short_help=SHORT_HELP["export"], epilog=articles.EXPORT_EPILOG)(_pipe_safe(articles.export_command))
app.command("clean", short_help=SHORT_HELP["clean"], epilog=text_tools.CLEAN_EPILOG)(_pipe_safe(text_tools.clean_command))
app.command("dates", short_help=SHORT_HELP["dates"], epilog=text_tools.DATES_EPILOG)(_pipe_safe(text_tools.dates_command))
app.command("timeline", short_help=SHORT_HELP["timeline"], epilog=timeline.EPILOG)(_pipe_safe(timeline.timeline_command))
app.command("stories", short_help=SHORT_HELP["stories"], epilog=stories.EPILOG)(_pipe_safe(stories.stories_command))
app.command("duplicates", short_help=SHORT_HELP["duplicates"], epilog=duplicates.EPILOG)(_pipe_safe(duplicates.duplicates_command))
app.command("check", short_help=SHORT_HELP["check"], epilog=check.EPILOG)(_pipe_safe(check.check_command))
app.command("copy", short_help=SHORT_HELP["copy"], epilog=copy.EPILOG)(_pipe_safe(copy.copy_command))


def main() -> None:
    try:
        app(prog_name="triage")  # also under `python -m cli`, so help and errors say `triage`
    except BrokenPipeError:  # `triage articles | head` is not an error
        sys.stderr.close()
        sys.exit(0)
