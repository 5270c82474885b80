"""Passwords out of every sentence: a database URL as it may be shown, logged or raised.

Works on any text, parsed or not (a mistyped URL, a driver's message quoting its connection string), so every
message, log line and exception that can carry a URL passes through the same helper.
"""

from __future__ import annotations

import re

MASK = "***"

# scheme://user:password@ … — the password ends at the last "@" before the host (a password may hold "@" or ":")
_URL_WITH_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'\"]*:)(?P<secret>[^\s'\"]*)(?P<at>@)")
# key=value connection strings: "password=Hunter2", "PGPASSWORD=…"
_KEY_PASSWORD = re.compile(r"(?i)(?P<head>\b(?:pg)?password\s*=\s*)(?P<secret>'[^']*'|\"[^\"]*\"|\S+)")


def mask_url_password(text: str) -> str:
    """`text` with every password inside a URL (`scheme://user:secret@host`) or a `password=` setting masked."""
    if not text:
        return text

    # the secret group is greedy: a password holding "@" is masked up to the last "@" before the host
    masked = _URL_WITH_PASSWORD.sub(lambda m: m.group("head") + MASK + m.group("at"), text)
    return _KEY_PASSWORD.sub(lambda m: m.group("head") + MASK, masked)


__all__ = ["MASK", "mask_url_password"]
