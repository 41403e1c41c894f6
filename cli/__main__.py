"""`python -m cli` from the repository: the same entry point as the installed `triage`."""

from .launch import main

main()
