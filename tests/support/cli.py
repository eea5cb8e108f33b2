"""Running the command line: in this process (most tests) or as the installed executable.

In-process runs call the public `wellbeing.cli.run` inside click's `CliRunner` isolation: a
fresh stdin that is not a terminal, stdout and stderr captured apart, environment overrides
undone afterwards. They answer with the same `returncode`, `stdout` and `stderr` as a real
process would, so a test reads the same either way; tests of the process itself (exit status
of the executable, a terminal, an installed wheel) use `run_executable`.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

import wellbeing.cli

EXECUTABLE = Path(sys.executable).parent / "wellbeing"
ACCOUNT = "agent"

_REFUSAL = re.compile(r"error: ([A-Za-z_][A-Za-z0-9_.]*): \S.*", re.ASCII)


@dataclass(frozen=True)
class Ran:
    """What a command line run left behind, as `subprocess.CompletedProcess` names it."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run_in_process(
    args: list[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    input: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Ran:
    """`wellbeing ARGS...` through `wellbeing.cli.run` in this process."""
    runner = CliRunner()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stdout, stderr, _ = stack.enter_context(runner.isolation(input=input, env=env))
        code = wellbeing.cli.run(args, clock=clock)
        sys.stdout.flush()
        sys.stderr.flush()
        out = stdout.getvalue().decode(runner.charset)
        err = stderr.getvalue().decode(runner.charset, "backslashreplace")
    return Ran(args, code, out, err)


def run_cli(
    db_url: str,
    *args: str,
    account: str = ACCOUNT,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Ran:
    """`wellbeing --db URL --as ACCOUNT ARGS...` in this process, stdin not a terminal."""
    return run_in_process(["--db", db_url, "--as", account, *args], env=env, cwd=cwd, clock=clock)


def run_plain(*args: str, env: Mapping[str, str] | None = None) -> Ran:
    """`wellbeing ARGS...` for commands that need no database (help, questionnaires)."""
    return run_in_process(list(args), env=env)


def run_executable(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The installed `wellbeing` executable in its own process (stdin not a terminal unless
    `input` is given), with `env` added to this process's environment."""
    return subprocess.run(
        [str(EXECUTABLE), *args],
        capture_output=True,
        text=True,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=60,
    )


def refused_field(stderr: str) -> str:
    """The field a refusal names; fails unless stderr is exactly one `error: FIELD: …` line."""
    assert "Traceback" not in stderr
    lines = stderr.split("\n")
    assert lines[-1] == "" and len(lines) == 2, f"not one line: {stderr!r}"
    assert "\r" not in lines[0]
    match = _REFUSAL.fullmatch(lines[0])
    assert match, f"does not name a field: {lines[0]!r}"
    return match.group(1)
