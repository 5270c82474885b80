"""PyInstaller hook: libheif and its codecs (pillow_heif.libs)."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("pillow_heif")
