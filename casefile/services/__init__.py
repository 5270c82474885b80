"""Use cases of CaseFile: one transaction per user action; records in, records out (never ORM objects)."""
