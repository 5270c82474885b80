"""Logging, set up once for the app and the CLI: a rotating file in the user's log folder (platformdirs).

Every record passes through a filter that masks passwords in database URLs (`mask_url_password`); no caller
logs a document's text (names, counts and CaseFile's own sentences only). `CASEFILE_LOG_DIR` (set by the tests)
moves the folder. `log_path()` is what the crash dialog and Help ▸ Show log point at.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from casefile.domain.urls import mask_url_password

LOG_NAME = "casefile.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
LOG_DIR_ENV = "CASEFILE_LOG_DIR"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
root = logging.getLogger("casefile")


def log_dir() -> Path:
    """The user's log folder (platformdirs' user log dir for CaseFile, or `CASEFILE_LOG_DIR`)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("CaseFile", appauthor=False))


def log_path() -> Path:
    """The current log file."""
    return log_dir() / LOG_NAME


class MaskSecrets(logging.Filter):
    """A password inside a URL never reaches a log file, whichever module wrote the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_url_password(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = mask_url_password(logging.Formatter().formatException(record.exc_info))
        return True


def setup_logging(*, verbose: bool = False, console: bool = False) -> RotatingFileHandler | None:
    """Send the `casefile` logger to the rotating file (once per file); `verbose` logs debug lines too and,
    with `console`, echoes them on stderr. Returns the file's handler, or None when the folder cannot be
    written (read-only home: the program still runs, without a log)."""
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not any(isinstance(f, MaskSecrets) for f in root.filters):
        root.addFilter(MaskSecrets())
    if console and not any(getattr(h, "casefile_console", False) for h in root.handlers):
        echo = logging.StreamHandler(sys.stderr)
        echo.setFormatter(logging.Formatter("casefile: %(levelname)s %(name)s: %(message)s"))
        echo.addFilter(MaskSecrets())
        echo.casefile_console = True  # type: ignore[attr-defined]
        root.addHandler(echo)
    path = log_path()
    for handler in list(root.handlers):
        if not isinstance(handler, RotatingFileHandler):
            continue
        if Path(handler.baseFilename) == path.absolute():
            return handler
        root.removeHandler(handler)  # one log file per process: the folder was moved (the tests do)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskSecrets())  # records of child loggers skip the parent's filters: the handler masks too
    root.addHandler(handler)
    return handler


__all__ = ["LOG_NAME", "MaskSecrets", "log_dir", "log_path", "setup_logging"]
