"""PyInstaller hook: its stoplists."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("justext")
