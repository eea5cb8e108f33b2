"""What the privacy page and the first-run notice say the limit is, file or server."""

from __future__ import annotations

from wellbeing.tui.privacy_text import first_run_lines, privacy_sections

SERVER = "postgresql+psycopg://an@dbhost:5432/wellbeing"
FILE = "~/.local/share/wellbeing/wellbeing.db"


def _limit(database: str) -> str:
    return next(s.body for s in privacy_sections(database, 5, 36) if s.title == "The honest limit")


def test_on_a_server_the_limit_names_its_administrators_not_a_database_file() -> None:
    notice = " ".join(first_run_lines(SERVER, 5))
    limit = _limit(SERVER)
    assert "database file" not in notice
    assert "database file" not in limit
    assert "Organisations therefore use a PostgreSQL server" not in limit
    assert "administrators can read every row" in notice
    assert "administrators of the database server" in limit


def test_in_a_file_the_limit_is_whoever_can_read_the_file() -> None:
    assert "whoever can read the database file" in " ".join(first_run_lines(FILE, 5))
    assert "Anyone who can read the database file" in _limit(FILE)
