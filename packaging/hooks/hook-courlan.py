"""PyInstaller hook: its data files."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("courlan")
