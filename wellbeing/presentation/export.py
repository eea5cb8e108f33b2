"""A person's export (GDPR art. 15 and 20) as files they can open and keep.

One writer for both interfaces, so `wellbeing export --format csv` and the TUI's export give
the same folder byte for byte: one CSV per table and a manifest.json saying how to read them.
The files hold private notes, so they are created readable by their owner only.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from wellbeing.domain.localtime import to_local
from wellbeing.i18n import _

MANIFEST_FILE = "manifest.json"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


@dataclass(frozen=True)
class ExportFiles:
    """What an export wrote: its folder, the manifest and one CSV file per table."""

    folder: Path
    manifest: Path
    csv_files: tuple[Path, ...]
    rows: int


def row_count(exported: dict[str, Any]) -> int:
    """How many rows the export holds, as its manifest counts them."""
    return sum(exported["manifest"]["tables"].values())


@contextmanager
def private_file(path: Path) -> Iterator[IO[str]]:
    """A new file, mode 0600 from the moment it exists; never overwrites one."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        yield handle


def free_folder(parent: Path, now: datetime) -> Path:
    """wellbeing-export-YYYYMMDD (Brussels date) under `parent`, numbered if taken."""
    base = parent.expanduser() / f"wellbeing-export-{to_local(now):%Y%m%d}"
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def write_json_export(exported: dict[str, Any], path: Path) -> None:
    """The whole export as one JSON file."""
    with private_file(path) as handle:
        json.dump(exported, handle, ensure_ascii=False, indent=2, default=str)
        handle.write("\n")


def csv_text(value: object) -> str:
    """A value as a CSV cell: nested values as JSON, text that a spreadsheet would run as a
    formula behind a leading quote."""
    if value is None:
        return ""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return FORMULA_GUARD + value
    return str(value)


def write_csv_export(exported: dict[str, Any], folder: Path) -> ExportFiles:
    """`folder` (new, 0700) with one CSV per table and a manifest saying how to read them.

    Raises OSError (FileExistsError when the folder exists) before anything is written."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=False)
    folder.chmod(PRIVATE_FOLDER)  # the umask may have narrowed it; never widened
    tables: dict[str, list[dict[str, Any]]] = exported["data"]
    declared: dict[str, list[str]] = exported["manifest"].get("columns", {})
    files: dict[str, str] = {}
    for table in dict.fromkeys([*declared, *tables]):
        rows = tables.get(table, [])
        files[table] = f"{table}.csv"
        # The header is written even without rows, so that the file says what it would hold.
        columns = list(
            dict.fromkeys([*declared.get(table, []), *(column for row in rows for column in row)])
        )
        with private_file(folder / files[table]) as handle:
            writer = csv.writer(handle)
            if columns:
                writer.writerow(columns)
            writer.writerows([csv_text(row.get(column)) for column in columns] for row in rows)
    manifest = {
        **exported["manifest"],
        "files": files,
        "csv": {
            "encoding": "utf-8",
            "empty_cell": "null",
            "nested_values": "JSON",
            "formula_guard": _(
                "text starting with = + - @ or a tab is preceded by ' so that a spreadsheet "
                "shows it instead of running it"
            ),
        },
    }
    with private_file(folder / MANIFEST_FILE) as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return ExportFiles(
        folder,
        folder / MANIFEST_FILE,
        tuple(folder / name for name in files.values()),
        row_count(exported),
    )
