"""PyInstaller hook: its extension links the libtesseract and leptonica it ships (tesserocr.libs, found by ldd)."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("tesserocr")
