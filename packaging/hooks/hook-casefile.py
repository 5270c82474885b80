"""PyInstaller hook: every CaseFile module (most are imported lazily), its assets and the Alembic migrations,
which Alembic reads as files."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("casefile")
datas = collect_data_files("casefile") + collect_data_files("casefile.db.migrations", include_py_files=True)
