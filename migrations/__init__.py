"""Alembic revisions for the Signpost store."""
