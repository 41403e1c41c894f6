"""The `triage` entry point: `triage --version` is answered before Typer is imported.

Importing Typer and the commands is most of a bare command's start; the version
needs neither. Everything else goes to `app.main`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from corpus_tools import __version__
        print(f"triage {__version__}")  # what the root `--version` option prints
        return
    from .app import main as app_main
    app_main()
