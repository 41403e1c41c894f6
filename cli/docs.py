"""The CLI reference, generated from each command's --help (the help is the source of truth).

    python -m cli.docs > docs/cli-reference.md

tests/test_docs.py fails when the file is out of date and says to run this.
"""

from __future__ import annotations

import sys

import typer

from .app import app

WIDTH = "100"
HEADER = """# CLI reference

Generated from `triage --help` and each command's `--help` by `python -m cli.docs > docs/cli-reference.md`
(do not edit by hand; tests/test_docs.py checks that it is current).
"""


def commands() -> list[str]:
    """Command names in the order `triage --help` lists them."""
    return list(typer.main.get_command(app).commands)


def help_text(*args: str) -> str:
    """`triage ARGS --help`, rendered in this process (as a terminal COLUMNS wide would show it)."""
    from typer.testing import CliRunner

    done = CliRunner().invoke(app, [*args, "--help"], prog_name="triage",
                              env={"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"})
    if done.exit_code != 0:
        raise RuntimeError(f"triage {' '.join(args)} --help failed: {done.output}")
    return done.output.rstrip() + "\n"


def reference() -> str:
    parts = [HEADER, "```\n$ triage --help\n" + help_text() + "```\n"]
    for name in commands():
        parts.append(f"## triage {name}\n\n```\n$ triage {name} --help\n{help_text(name)}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(reference())
