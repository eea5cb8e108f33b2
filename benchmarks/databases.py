"""The two benchmark databases, built with `wellbeing demo` and kept under benchmarks/data/.

Building the organisation-scale one takes over a minute, so it is reused while its recipe is
unchanged: a JSON file beside each database records the recipe and what building it cost, and
a database whose record is missing or different (another recipe or schema revision) is built
again. The generation time in the report is always the one measured when the database was
built.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WELLBEING = Path(sys.executable).with_name("wellbeing")
# Re-evaluating an organisation is its admin's task; the demo makes this account its admin.
AS_ADMIN = ("--as", "demo-admin")

# The last day of demo data is fixed, so every run measures the same rows.
DEMO_END = "2026-11-22"


@dataclass(frozen=True)
class Recipe:
    """What `wellbeing demo` is asked for."""

    name: str
    agents: int
    teams: int
    days: int
    seed: int = 1
    end: str = DEMO_END


ORGANISATION = Recipe("organisation", agents=2000, teams=150, days=3 * 365)
SMALL = Recipe("small", agents=2000, teams=150, days=30)


@dataclass(frozen=True)
class Built:
    """A database ready for measuring, and what building it cost."""

    path: Path
    recipe: Recipe
    seconds: float
    rows: int
    summary: dict[str, object]
    reused: bool
    processor_seconds: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def isolated_environment(home: Path) -> dict[str, str]:
    """An environment in which no person's own settings, rules or data are read."""
    env = dict(os.environ)
    env["WELLBEING_CONFIG_DIR"] = str(home / "config")
    env["WELLBEING_DATA_DIR"] = str(home / "data")
    for name in ("WELLBEING_DB_URL", "WELLBEING_RULES_FILE", "WELLBEING_LANG", "WELLBEING_USER"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    return env


def ensure(recipe: Recipe, *, rebuild: bool = False) -> Built:
    """The database for `recipe`, built now unless an identical build is already there."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{recipe.name}.db"
    record = DATA / f"{recipe.name}.json"
    schema = schema_revision()
    if not rebuild and path.exists() and record.exists():
        stored = json.loads(record.read_text())
        if stored.get("recipe") == asdict(recipe) and stored.get("schema") == schema:
            return Built(
                path,
                recipe,
                stored["seconds"],
                stored["rows"],
                stored["summary"],
                reused=True,
                processor_seconds=stored.get("processor_seconds"),
            )
    remove(path)
    record.unlink(missing_ok=True)
    command = [
        str(WELLBEING),
        "--db",
        str(path),
        "demo",
        "--agents",
        str(recipe.agents),
        "--teams",
        str(recipe.teams),
        "--days",
        str(recipe.days),
        "--seed",
        str(recipe.seed),
        "--end",
        recipe.end,
        # Generation alone is timed; `run.py` re-evaluates the organisation as its own figure.
        "--unjudged",
        "--json",
    ]
    done, seconds, processor = timed(command, env=isolated_environment(DATA / "home"))
    if done.returncode != 0:
        raise RuntimeError(f"wellbeing demo failed ({done.returncode}): {done.stderr.strip()}")
    summary = json.loads(done.stdout)
    rows = int(summary["shifts"]) + int(summary["breaks"]) + int(summary["checkins"])
    record.write_text(
        json.dumps(
            {
                "recipe": asdict(recipe),
                "schema": schema,
                "seconds": seconds,
                "processor_seconds": processor,
                "rows": rows,
                "summary": summary,
            },
            indent=2,
        )
    )
    return Built(path, recipe, seconds, rows, summary, reused=False, processor_seconds=processor)


def timed(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run a command; return it with its wall time and the processor time it and the
    processes it waited for used (which other load on the machine does not inflate)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    processor = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, seconds, processor


def schema_revision() -> str:
    """The schema the demo writes into: a new index changes what generating costs, so a
    database built under another revision is built again."""
    from wellbeing.store.migrate import head_revision

    return head_revision()


def remove(path: Path) -> None:
    """Delete an SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def scratch_copy(source: Path, name: str) -> Path:
    """A throwaway copy of `source` for measurements that write, so the cache stays as built."""
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = DATA / f"scratch-{name}.db"
    remove(target)
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


if __name__ == "__main__":
    for found in (ensure(SMALL), ensure(ORGANISATION)):
        state = "reused" if found.reused else "built"
        print(f"{found.path}: {state}, {found.seconds:.1f} s, {found.rows} rows")
