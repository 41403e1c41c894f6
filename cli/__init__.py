"""The `triage` command line: cli/launch.py is the entry point, cli/app.py the Typer app,
cli/commands/ one module per command group. Installed as the package `triage_cli`; the work
is all in corpus_tools."""
