"""triage library: everything that does work; the CLI only calls it."""
__version__ = "0.1.0"
