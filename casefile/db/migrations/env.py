"""Alembic environment: runs on the connection handed over by `casefile.db.migrate`."""

from __future__ import annotations

from alembic import context

from casefile.db import models  # noqa: F401 - registers the tables
from casefile.db.base import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via casefile.db.migrate
    raise RuntimeError("Run migrations through casefile.db.migrate")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
