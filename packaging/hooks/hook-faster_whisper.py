"""PyInstaller hook: its VAD model and tokenizer assets."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("faster_whisper")
