"""Alembic migrations of the programme store's schema (run by programme.database.engine)."""
