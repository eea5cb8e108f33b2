"""`wellbeing db deployment-scripts`: the superuser's PostgreSQL scripts, from the package."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import refused_field, run_plain

CHECKOUT = Path(__file__).resolve().parents[2]
SCRIPTS = ("setup.sql", "lockdown.sql")


def test_the_scripts_are_written_as_the_repository_holds_them(tmp_path: Path) -> None:
    folder = tmp_path / "deploy" / "postgres"
    result = run_plain("db", "deployment-scripts", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    for name in SCRIPTS:
        shipped = (CHECKOUT / "deploy" / "postgres" / name).read_bytes()
        assert (folder / name).read_bytes() == shipped, name
    assert result.stdout.splitlines() == [f"Wrote {folder / name}" for name in SCRIPTS]


def test_the_scripts_need_no_database(tmp_path: Path) -> None:
    result = run_plain("db", "deployment-scripts", "--out", str(tmp_path / "scripts"))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data").exists()  # the isolated environment's data directory


def test_a_copy_someone_changed_is_never_written_over(tmp_path: Path) -> None:
    assert run_plain("db", "deployment-scripts", "--out", str(tmp_path)).returncode == 0
    changed = tmp_path / "setup.sql"
    changed.write_text("-- our own roles\n", encoding="utf-8")
    result = run_plain("db", "deployment-scripts", "--out", str(tmp_path))
    assert result.returncode == 2
    assert refused_field(result.stderr) == "out"
    assert changed.read_text(encoding="utf-8") == "-- our own roles\n"
