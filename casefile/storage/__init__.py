"""The content-addressed store of originals."""
