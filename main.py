"""Thin launcher: `python main.py [CASE_DIR]` opens the app (the demo case with --demo)."""

from casefile.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
