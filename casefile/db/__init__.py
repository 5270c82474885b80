"""Persistence: SQLAlchemy models, engine set-up, migrations and query helpers."""
