"""Importers: one module per kind of file behind a registry (see `registry.py`)."""
