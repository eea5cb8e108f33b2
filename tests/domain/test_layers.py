"""The layers point one way; the domain stays importable without the database or the UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "wellbeing"


def _imported_after(module: str) -> set[str]:
    code = f"import sys, {module}, pkgutil, importlib\n" + (
        "import wellbeing.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'wellbeing.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_domain_imports_neither_sqlalchemy_nor_textual() -> None:
    loaded = _imported_after("wellbeing.domain")
    assert "sqlalchemy" not in loaded
    assert "textual" not in loaded


def test_only_the_store_imports_sqlalchemy() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
        and any(
            line.lstrip().startswith(("import sqlalchemy", "from sqlalchemy"))
            for line in path.read_text().splitlines()
        )
    ]
    assert offenders == []


def test_ui_layers_do_not_reach_into_the_store() -> None:
    ui_files = [PACKAGE / "cli.py", *(PACKAGE / "tui").rglob("*.py")]
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in ui_files
        if path.exists()
        and any(
            "wellbeing.store" in line and line.lstrip().startswith(("import", "from"))
            for line in path.read_text().splitlines()
        )
    ]
    assert offenders == []
