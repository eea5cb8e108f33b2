"""Persistence: the only package that imports SQLAlchemy. Repositories return domain types."""
