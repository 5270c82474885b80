"""Salvaging a damaged case's database page by page, and rebuilding exhibits from their originals (`recover`)."""
