"""Fixtures of the PostgreSQL privacy and hardening tests (their logins and organisation)."""

from tests.support.pg_privacy import make_login, organisation

__all__ = ["make_login", "organisation"]
