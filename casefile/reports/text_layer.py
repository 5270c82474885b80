"""Mend the text layer of a PDF that Qt wrote, so copying or searching a name gives back the characters printed.

Qt's PDF writer maps each glyph back to the *lowest* code point the font assigns to it. CJK fonts give one glyph to
a unified ideograph and to its Kangxi radical or radical-supplement twin (小 U+5C0F and ⼩ U+2F29), so the
ToUnicode map of every summary said 李⼩⿓ where the page shows 李小龍. The twins' compatibility decomposition (NFKC)
is the ideograph itself, so each such target in a ToUnicode map is replaced by it. Nothing else in the file changes.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

# Code points below the unified ideographs that share glyphs with them in CJK fonts.
_TWINS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"^\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*$")


def _twin(cp: int) -> int | None:
    """The ideograph a radical code point stands for, or None when `cp` is not such a twin."""
    if not any(lo <= cp <= hi for lo, hi in _TWINS):
        return None
    folded = unicodedata.normalize("NFKC", chr(cp))
    return ord(folded) if len(folded) == 1 and ord(folded) != cp else None


def _utf16(cp: int) -> bytes:
    return chr(cp).encode("utf-16-be").hex().upper().encode()


def _mend_target(hexcode: bytes) -> bytes:
    """One destination string of a ToUnicode map (UTF-16BE hex), each twin replaced by its ideograph."""
    raw = bytes.fromhex(hexcode.decode())
    try:
        text = raw.decode("utf-16-be")
    except UnicodeDecodeError:
        return hexcode
    mended = "".join(chr(_twin(ord(c)) or ord(c)) for c in text)
    return hexcode if mended == text else mended.encode("utf-16-be").hex().upper().encode()


def mend_cmap(cmap: bytes) -> bytes:
    """A ToUnicode CMap with every radical twin among its targets replaced by its ideograph."""
    out: list[bytes] = []
    section = b""
    for line in cmap.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith((b"beginbfrange", b"beginbfchar")):
            section = stripped.split()[-1]
        elif stripped in (b"endbfrange", b"endbfchar"):
            section = b""
        elif section == b"beginbfchar":
            parts = _HEX.findall(line)
            if len(parts) == 2:
                line = b"<%s> <%s>" % (parts[0], _mend_target(parts[1]))
        elif section == b"beginbfrange":
            line = _mend_range(line)
        out.append(line)
    return b"\n".join(out)


def _mend_range(line: bytes) -> bytes:
    if b"[" in line:  # <lo> <hi> [<t1> <t2> …]: each target stands alone
        head, _, targets = line.partition(b"[")
        return head + b"[" + _HEX.sub(lambda m: b"<" + _mend_target(m.group(1)) + b">", targets)
    m = _RANGE.match(line)
    if not m:
        return line
    lo, hi, first = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
    start = int(first, 16) if len(first) <= 4 else None
    if start is None or not any(_twin(start + i) for i in range(hi - lo + 1)):
        return line
    width = len(m.group(1))
    # A run of consecutive targets with a twin inside: written out one by one (still a valid bfrange line).
    codes = b" ".join(b"<" + _mend_target(_utf16(start + i)) + b">" for i in range(hi - lo + 1))
    return b"<%s> <%s> [%s]" % (b"%0*X" % (width, lo), b"%0*X" % (width, hi), codes)


def mend_pdf_text_layer(path: Path | str) -> int:
    """Rewrite `path` in place with mended ToUnicode maps; returns how many maps changed (0: file untouched)."""
    import pikepdf

    changed = 0
    try:
        pdf = pikepdf.open(path, allow_overwriting_input=True)
    except pikepdf.PdfError:
        return 0  # not a whole PDF (Qt's writer failed silently, e.g. a full disk): the caller's check says so
    with pdf:
        seen: set[tuple[int, int]] = set()
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or "/ToUnicode" not in obj:
                continue
            stream = obj.ToUnicode
            key = stream.objgen
            if key in seen:
                continue
            seen.add(key)
            before = stream.read_bytes()
            after = mend_cmap(before)
            if after != before:
                stream.write(after)
                changed += 1
        if changed:
            pdf.save(path)
    return changed
