"""Names shown or stored pass through `printable`: no undecodable byte, control character or bidi override."""

from __future__ import annotations

import os

from casefile.domain.printable import printable


def test_undecodable_bytes_become_hex_escapes() -> None:
    name = os.fsdecode(b"caf\xe9 notes.txt")
    assert printable(name) == "caf\\xe9 notes.txt"
    printable(name).encode("utf-8")  # storable and printable


def test_control_characters_cannot_forge_lines_or_drive_the_terminal() -> None:
    assert printable("a\nimported: b") == "a\\nimported: b"
    assert printable("\x1b[31mred") == "\\x1b[31mred"
    assert printable("evil\u202etxt.exe") == "evil\\u202etxt.exe"


def test_ordinary_names_are_unchanged() -> None:
    for name in ("Okafor v. Halvorsen.pdf", "Пресс-релиз.docx", "訴状 2024.pdf", "Ngọc Anh.txt"):
        assert printable(name) == name
