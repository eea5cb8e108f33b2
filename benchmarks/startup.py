"""Start-up figures: how long a person waits, each against a bare baseline of the same run.

1. `wellbeing history --json` and `wellbeing flags --json` as whole processes (the installed
   executable, as a person types it), against `benchmarks/bare_click.py` (Python, Click, one
   group and a subcommand that prints JSON). Target: at most 4x.
2. The terminal app from starting its process until the check-in form is usable -- filled in
   from the person's data and enabled (`first_frame.py --form`) -- against the first frame
   of a bare Textual app that shows one label. Target: at most 2.5x. The app's own first
   frame is shown beside it.

Each pair runs in turns, after one run of each to warm the file cache, and the medians are
compared, so that both sides see the same machine. Only a small database is needed: a few
demo agents over four weeks, built in a temporary folder with `wellbeing demo` and given its
flags by `wellbeing db reevaluate`. The person has seen the privacy notice before (as on
every day but the first), so the form is not covered by it.

Run on its own with `python benchmarks/startup.py`; `make bench` (benchmarks/run.py) adds the
same figures to its table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.databases import AS_ADMIN, DEMO_END, WELLBEING, isolated_environment
from benchmarks.figures import Figure, print_figures

HERE = Path(__file__).resolve().parent
RUNS = 9
ACCOUNT = "demo-0001"
DEMO = ["--agents", "6", "--teams", "1", "--days", "28", "--seed", "1", "--end", DEMO_END]
CLI_TARGET = 4.0
FORM_TARGET = 2.5


def compile_app() -> None:
    """Byte code for the app and its migrations, as an installed package has (pip compiles
    what it installs); with PYTHONDONTWRITEBYTECODE an editable install would otherwise
    compile them again at every start, which no person's installation does."""
    root = HERE.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            str(root / "wellbeing"),
            str(root / "migrations"),
        ],
        capture_output=True,
        check=False,
    )


def small_database(folder: Path, env: dict[str, str]) -> Path:
    """A few demo agents over four weeks, with the flags that re-evaluation gives them."""
    path = folder / "startup.db"
    for command in (["demo", *DEMO, "--json"], [*AS_ADMIN, "db", "reevaluate", "--json"]):
        done = subprocess.run(
            [str(WELLBEING), "--db", str(path), *command],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"wellbeing {command[0]} failed: {done.stderr.strip()}")
    return path


def seen_privacy_notice(env: dict[str, str]) -> None:
    """A settings file that says the notice was read: the app then opens on the form."""
    folder = Path(env["WELLBEING_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text("privacy_notice_seen = true\n", encoding="utf-8")


def process_seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and processor time of one run of `command`, which must succeed."""
    began = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def cli_commands(db: Path) -> dict[str, list[str]]:
    app = [str(WELLBEING), "--db", str(db), "--as", ACCOUNT]
    return {
        "bare": [sys.executable, str(HERE / "bare_click.py"), "--db", str(db), "history", "--json"],
        "history": [*app, "history", "--json"],
        "flags": [*app, "flags", "--json"],
    }


def check_output(commands: dict[str, list[str]], env: dict[str, str]) -> None:
    """Measure real work only: each command prints the JSON it promises, with data in it."""
    history = json.loads(subprocess.run(commands["history"], env=env, capture_output=True).stdout)
    flags = json.loads(subprocess.run(commands["flags"], env=env, capture_output=True).stdout)
    if not history["checkins"] or "overall" not in flags:
        raise RuntimeError("the small database gave the benchmark account no data")


def cli_figures(db: Path, env: dict[str, str], runs: int = RUNS) -> list[Figure]:
    commands = cli_commands(db)
    check_output(commands, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            wall, cpu = process_seconds(command, env)
            if round_:  # the first round only warms the file cache
                walls[name].append(wall)
                cpus[name].append(cpu)
    wall = {name: statistics.median(times) for name, times in walls.items()}
    cpu = {name: statistics.median(times) for name, times in cpus.items()}
    figures = [
        Figure("bare_click_ms", "bare click script, whole process", wall["bare"] * 1000, "ms"),
    ]
    for name in ("history", "flags"):
        ratio = wall[name] / wall["bare"]
        figures += [
            Figure(
                f"cli_{name}_ms", f"wellbeing {name} --json, whole process", wall[name] * 1000, "ms"
            ),
            Figure(
                f"cli_{name}_ratio",
                f"  {name} / bare click script",
                ratio,
                "x",
                f"<= {CLI_TARGET:g}",
                ratio <= CLI_TARGET,
                "on a current SQLite file the read runs through the standard library's sqlite3; "
                "pydantic and the domain models (validators deferred) are still imported, about "
                "1.5x a bare click script on their own (see BENCHMARKS.md)",
            ),
            Figure(
                f"cli_{name}_cpu_ratio",
                f"  {name} / bare click script, processor time",
                cpu[name] / cpu["bare"],
                "x",
            ),
        ]
    return figures


class Start(NamedTuple):
    """One start of first_frame.py: wall seconds to its first frame and to a usable form
    (None for the bare app, which has no form), and the processor seconds it had used by
    then."""

    frame: float
    frame_cpu: float
    form: float | None = None
    form_cpu: float | None = None


def form_seconds(arguments: list[str], env: dict[str, str]) -> Start:
    """Time one start of first_frame.py: its 'frame' line, and its 'form' line if asked."""
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(HERE / "first_frame.py"), *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    frame_line = child.stdout.readline().split()
    frame = time.perf_counter() - began
    form_line: list[str] = []
    form: float | None = None
    if "--form" in arguments:
        form_line = child.stdout.readline().split()
        form = time.perf_counter() - began
        if form_line[:1] != ["form"]:
            raise RuntimeError(f"first_frame.py: the check-in form never became usable {form_line}")
    child.stdout.read()
    child.wait()
    if frame_line[:1] != ["frame"]:
        raise RuntimeError(f"first_frame.py {' '.join(arguments)} drew no frame")
    form_cpu = float(form_line[1]) if form_line else None
    return Start(frame, float(frame_line[1]), form, form_cpu)


def form_figures(db: Path, env: dict[str, str], runs: int = RUNS) -> list[Figure]:
    app = ["wellbeing", str(db), ACCOUNT, "--form"]
    form_seconds(app, env), form_seconds(["bare"], env)  # warm the file cache for both
    ours: list[Start] = []
    bare: list[Start] = []
    for _ in range(runs):
        ours.append(form_seconds(app, env))
        bare.append(form_seconds(["bare"], env))
    frame_s = statistics.median(start.frame for start in ours)
    form_s = statistics.median(start.form or 0.0 for start in ours)
    bare_s = statistics.median(start.frame for start in bare)
    bare_cpu = statistics.median(start.frame_cpu for start in bare)
    frame_cpu = statistics.median(start.frame_cpu for start in ours)
    form_cpu = statistics.median(start.form_cpu or 0.0 for start in ours)
    return [
        Figure("startup_bare_frame_ms", "bare Textual app, first frame", bare_s * 1000, "ms"),
        Figure(
            "startup_app_frame_ms", "terminal app, first frame (small db)", frame_s * 1000, "ms"
        ),
        Figure(
            "startup_app_frame_ratio", "  first frame / bare first frame", frame_s / bare_s, "x"
        ),
        Figure(
            "startup_app_frame_cpu_ratio",
            "  first frame / bare first frame, processor time",
            frame_cpu / bare_cpu,
            "x",
        ),
        Figure("startup_form_ms", "terminal app, usable prefilled form", form_s * 1000, "ms"),
        Figure(
            "startup_form_ratio",
            "  usable form / bare first frame",
            form_s / bare_s,
            "x",
            f"<= {FORM_TARGET:g}",
            form_s / bare_s <= FORM_TARGET,
            "after the first frame a worker thread reads the plan or last shift as plain "
            "times through sqlite3 (pydantic, the domain models and SQLAlchemy load only once "
            "the form is usable), while the UI thread mounts, fills and enables the form's "
            "forty-odd widgets; both share one interpreter lock",
        ),
        Figure(
            "startup_form_cpu_ratio",
            "  usable form / bare first frame, processor time",
            form_cpu / bare_cpu,
            "x",
        ),
    ]


def figures(home: Path, runs: int = RUNS) -> list[Figure]:
    """All start-up figures, with a small database and settings made under `home`."""
    home.mkdir(parents=True, exist_ok=True)
    env = isolated_environment(home)
    seen_privacy_notice(env)
    compile_app()
    db = small_database(home, env)
    return cli_figures(db, env, runs) + form_figures(db, env, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="runs of each, in turns")
    options = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="wellbeing-startup-") as home:
        found = figures(Path(home), options.runs)
    load_after = os.getloadavg()
    print(f"Load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f}")
    print()
    print_figures(found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
