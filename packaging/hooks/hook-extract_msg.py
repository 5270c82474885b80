"""PyInstaller hook: its data files (named properties)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("extract_msg")
