"""The Alembic scripts; installed as `wellbeing.migrations` (see setup.py)."""
