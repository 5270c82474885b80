"""`python -m casefile` runs the command-line interface (the GUI when no command is given)."""

from casefile.cli import entry

raise SystemExit(entry())
