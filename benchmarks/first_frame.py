"""Child process of the benchmark: open an app headless and say when its first frame is drawn.

`first_frame.py wellbeing DB ACCOUNT` starts the real `wellbeing` command line (as the
executable does, through Click and the app's own `run`), only with Textual's headless driver.
`first_frame.py bare` starts a Textual app that shows one label. Either writes "frame" and
its processor time so far to its standard output as soon as Textual reports the first frame
(the Ready event), and the parent times from starting the process to reading that line.
With `--memory`, the wellbeing app then waits until the database is open and the history
screen has loaded before it writes its peak resident memory in KiB. With `--form`, it
writes "form" and its processor time once the check-in form can be used: filled in from the
person's data (the plan of the day, the last shift or the usual schedule) and enabled, which
is what a person waits for after a shift.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (100, 36)
SETTLE_SECONDS = 60.0
# How often the form is looked at: the figure is late by at most this much.
POLL_SECONDS = 0.002


def peak_kib() -> int:
    """Peak resident memory of this process in KiB.

    Linux's VmHWM belongs to the program now running; ru_maxrss would also count the memory
    of the parent at the moment it started this process, since Linux carries it over exec.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _processor_seconds() -> str:
    """This process's processor time so far, all threads: unlike the wall time, other load
    on the machine does not inflate it."""
    return f"{time.process_time():.4f}"


def _say(line: str) -> None:
    # Straight to the file descriptor: Textual may redirect sys.stdout while it runs.
    os.write(1, f"{line}\n".encode())


async def _first_frame(pilot: Any) -> None:
    _say(f"frame {_processor_seconds()}")
    pilot.app.exit()


def form_usable(app: Any) -> bool:
    """Whether the check-in form shows the person's data and takes input: the app's
    `form_usable`, set when the check-in screen says so. A version of the app from before
    that flag is judged by its check-in screen's `ready` and `prefilled`, so that the same
    script can time it for a comparison."""
    if hasattr(app, "form_usable"):
        return bool(app.form_usable)
    return any(
        getattr(screen, "ready", False) and getattr(screen, "prefilled", None) is not None
        for screen in app.screen_stack
    )


async def _form(pilot: Any) -> None:
    _say(f"frame {_processor_seconds()}")
    app = pilot.app
    waited = 0.0
    # A plain sleep, not `pilot.pause`: that waits for the screen's messages, which would
    # time the pilot rather than the app.
    while not form_usable(app) and waited < SETTLE_SECONDS:
        await asyncio.sleep(POLL_SECONDS)
        waited += POLL_SECONDS
    _say(f"form {_processor_seconds()}" if form_usable(app) else "no form")
    app.exit()


async def _loaded(pilot: Any) -> None:
    _say(f"frame {_processor_seconds()}")
    app = pilot.app
    waited = 0.0
    while getattr(app, "service", None) is None and not getattr(app, "service_error", ""):
        await pilot.pause(0.05)
        waited += 0.05
        if waited > SETTLE_SECONDS:
            break
    await app.workers.wait_for_complete()
    await pilot.press("f3")  # the history screen: every check-in of the person
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)
    _say(f"maxrss {peak_kib()}")
    app.exit()


def wellbeing(db: str, account: str, memory: bool, form: bool = False) -> int:
    import wellbeing.cli
    from wellbeing.tui import app as tui_app

    original = tui_app.WellbeingApp.run
    pilot = _loaded if memory else _form if form else _first_frame

    def headless_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        return original(self, headless=True, size=SIZE, auto_pilot=pilot)

    tui_app.WellbeingApp.run = headless_run  # type: ignore[method-assign]
    return wellbeing.cli.run(["--db", db, "--as", account])


def bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello")

    Bare().run(headless=True, size=SIZE, auto_pilot=_first_frame)
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    memory = "--memory" in arguments
    form = "--form" in arguments
    arguments = [argument for argument in arguments if argument not in ("--memory", "--form")]
    if arguments[:1] == ["wellbeing"] and len(arguments) == 3:
        sys.exit(wellbeing(arguments[1], arguments[2], memory, form))
    if arguments == ["bare"]:
        sys.exit(bare())
    sys.exit("usage: first_frame.py wellbeing DB ACCOUNT [--memory | --form] | first_frame.py bare")
