"""The root group imports a command's module only when that command runs, so a quick read
such as `wellbeing history --json` loads nothing of the other commands."""

from __future__ import annotations

import json
import subprocess
import sys

from wellbeing.cli import COMMANDS

OTHER_COMMAND_MODULES = {
    target.partition(":")[0] for name, target in COMMANDS.items() if name != "history"
}


def _loaded_by(arguments: list[str]) -> tuple[int, set[str]]:
    code = (
        "import json, sys\n"
        "from wellbeing.cli import run\n"
        f"code = run({arguments!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    code_and_modules = json.loads(result.stdout.splitlines()[-1])
    return code_and_modules[0], set(code_and_modules[1])


def test_history_as_json_imports_no_other_command_module(db_url: str) -> None:
    code, loaded = _loaded_by(["--db", db_url, "--as", "agent", "history", "--json"])
    assert code == 0
    assert "wellbeing.cli.history" in loaded
    assert loaded & OTHER_COMMAND_MODULES == set()


def test_every_command_named_by_the_root_group_builds() -> None:
    code, loaded = _loaded_by(["--help"])
    assert code == 0
    assert loaded >= OTHER_COMMAND_MODULES
