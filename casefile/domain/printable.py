"""Names and titles made safe to show: undecodable bytes and control characters become visible escapes.

A file name on Linux is bytes; Python decodes the undecodable ones as lone surrogates ("\\udcff"), which
cannot be encoded to UTF-8 for the database or a terminal. A newline or an ANSI escape in a name could forge
a line of a command's output or drive the terminal. Everything shown or stored as a name passes here.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BIDI = set("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # line breaks, overrides


def printable(text: str) -> str:
    """`text` with lone surrogates as `\\xNN` (the original byte) and control characters as escapes."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif unicodedata.category(ch) == "Cc" or ch in _BIDI:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def storable(name: str) -> str:
    """A name as the database keeps it: as given, unless it holds bytes that are not text (a non-UTF-8 name on
    Linux), which become visible escapes. Whatever shows a name passes it through `printable`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return printable(name)
    return name
