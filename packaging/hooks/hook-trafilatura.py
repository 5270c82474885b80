"""PyInstaller hook: its settings and XPath data files."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("trafilatura")
