"""Writing a person's export (GDPR art. 15 and 20) as files they can open and keep.

One new folder per export holds the complete export as JSON and one CSV file per table with
rows, plus a manifest CSV listing every table. Files are created readable by their owner
only: they hold private notes.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from wellbeing.domain.localtime import to_local

JSON_NAME = "wellbeing-export.json"
MANIFEST_NAME = "manifest.csv"
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFiles:
    folder: Path
    json_file: Path
    csv_files: tuple[Path, ...]


def export_folder_name(now: datetime) -> str:
    return f"wellbeing-export-{to_local(now):%Y%m%d-%H%M}"


def _new_folder(parent: Path, name: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 1000):
        folder = parent / (name if attempt == 1 else f"{name}-{attempt}")
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        folder.chmod(0o700)
        return folder
    raise FileExistsError(f"{parent / name} already exists")


def _private_file(path: Path) -> Any:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def csv_cell(value: object) -> str:
    """A value as CSV text: nested values as JSON, formulas defused with a leading quote."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with _private_file(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(column)) for column in columns])


def write_export(export: dict[str, Any], parent: Path, now: datetime) -> ExportFiles:
    """Write `export` (as `Wellbeing.export()` returns it) into a new folder under `parent`."""
    folder = _new_folder(parent.expanduser(), export_folder_name(now))
    json_file = folder / JSON_NAME
    with _private_file(json_file) as handle:
        json.dump(export, handle, ensure_ascii=False, indent=2, default=str)
        handle.write("\n")
    tables: dict[str, list[dict[str, Any]]] = export.get("data", {})
    written = []
    manifest = folder / MANIFEST_NAME
    with _private_file(manifest) as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", "rows", "file"])
        for name, rows in tables.items():
            file_name = f"{name}.csv" if rows else ""
            writer.writerow([name, len(rows), file_name])
    written.append(manifest)
    for name, rows in tables.items():
        if rows:
            path = folder / f"{name}.csv"
            _write_csv(path, rows)
            written.append(path)
    return ExportFiles(folder, json_file, tuple(written))
