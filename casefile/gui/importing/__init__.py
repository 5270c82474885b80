"""Bringing material in: drops and pastes, the import panel and controller, the report, the chronology mapping."""
