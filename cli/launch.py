"""The `triage` entry point: `triage --version`, `triage clean FILE`, `triage timeline ...` and the plain
`triage ingest PATHS ...` are answered before Typer is imported.

Importing Typer and the commands is most of a bare command's start; the version needs neither,
and `clean` (the one-document command), `timeline` (the command people wait on) and `ingest` (whose
start is serial time before its workers begin) need only their own work: cli/commands/clean_work.py,
timeline_work.py and ingest_work.py read their plain command lines; any other form of them goes to
Typer. Everything else goes to `app.main`.
"""

from __future__ import annotations

import signal
import sys

from .commands.plain import EXIT_OUTPUT, OutputError, guard_streams, output_failed


def _terminated(signum, frame) -> None:
    """SIGTERM (cron's timeout, `kill`) stops a command as Ctrl-C does: exit 130 with one line, a file being
    written (`export -o`) removed, not left half-written by a process killed outright."""
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)  # `ingest` sets its own: it stops between two articles
    guard_streams()  # a failed write to stdout is one line and exit 73; to stderr, dropped; never a traceback
    try:
        _main(sys.argv[1:])
    except KeyboardInterrupt:  # before a command's own handling is in place (most often: during the imports)
        from .commands.plain import EXIT_INTERRUPTED
        sys.stderr.write("triage: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except OutputError as exc:  # `triage --version > /dev/full`: as every command answers it
        sys.stderr.write(f"triage: {output_failed(exc)}\n")
        sys.exit(EXIT_OUTPUT)


def _main(args: list[str]) -> None:
    if args == ["--version"]:
        from corpus_tools import __version__
        print(f"triage {__version__}")  # what the root `--version` option prints
        return
    if args[:1] == ["clean"]:
        from .commands import clean_work
        arguments = clean_work.clean_arguments(args[1:])
        if arguments is not None:
            sys.exit(clean_work.run_clean(arguments))
    if args[:1] == ["ingest"]:
        from .commands import ingest_work
        arguments = ingest_work.ingest_arguments(args[1:])
        if arguments is not None:
            sys.exit(ingest_work.run_ingest(arguments))
    if args[:1] == ["timeline"]:
        from .commands import timeline_work
        arguments = timeline_work.timeline_arguments(args[1:])
        if arguments is not None:
            code = timeline_work.run_timeline(arguments)
            if code is not None:
                sys.exit(code)
    from .app import main as app_main
    app_main()
