"""PyInstaller hook: its language model (model.plzma)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("py3langid")
