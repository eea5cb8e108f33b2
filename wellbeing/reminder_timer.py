"""Running `wellbeing remind` on its own: a systemd user timer where systemd runs, else a
cron line for the person to add.

The timer looks every 15 minutes; `wellbeing remind` itself decides whether anything is due
and whether the person allows a reminder at that moment.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

UNIT = "wellbeing-remind"
EVERY_MINUTES = 15


def systemd_runs() -> bool:
    """As sd_booted(3): systemd is the init system when this directory exists."""
    return Path("/run/systemd/system").is_dir()


def user_unit_dir() -> Path:
    """$XDG_CONFIG_HOME/systemd/user, by default ~/.config/systemd/user."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def remind_command(options: Sequence[str] = ()) -> list[str]:
    """The command the timer or cron runs: this installation's `wellbeing remind`, after the
    global `options` (`--db`, `--as`) it was set up with."""
    beside = Path(sys.executable).with_name("wellbeing")  # the script of this environment
    found = str(beside) if beside.is_file() else shutil.which("wellbeing")
    command = [found] if found else [sys.executable, "-c", "from wellbeing.cli import main; main()"]
    return [*command, *options, "remind"]


def service_unit(command: list[str]) -> str:
    return (
        "[Unit]\n"
        "Description=Wellbeing: remind me of a planned shift without a check-in\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={shlex.join(command)}\n"
    )


def timer_unit() -> str:
    return (
        "[Unit]\n"
        f"Description=Wellbeing: look for shifts without a check-in every {EVERY_MINUTES} "
        "minutes\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*:0/{EVERY_MINUTES}\n"
        f"Unit={UNIT}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def install_timer(command: list[str]) -> list[Path]:
    """Write the service and timer units (owner-only) and return their paths."""
    folder = user_unit_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((f"{UNIT}.service", service_unit(command)), (f"{UNIT}.timer", timer_unit())):
        path = folder / name
        temporary = path.with_suffix(path.suffix + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.chmod(0o600)
        temporary.replace(path)
        written.append(path)
    return written


def uninstall_timer() -> list[Path]:
    """Remove the units and the link that enables the timer; returns what was removed."""
    folder = user_unit_dir()
    removed = []
    for path in (
        folder / "timers.target.wants" / f"{UNIT}.timer",
        folder / f"{UNIT}.timer",
        folder / f"{UNIT}.service",
    ):
        if path.is_symlink() or path.exists():
            path.unlink()
            removed.append(path)
    return removed


def cron_line(command: list[str]) -> str:
    return f"*/{EVERY_MINUTES} * * * * {shlex.join(command)} >/dev/null 2>&1"
