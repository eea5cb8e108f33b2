"""Snapshot pictures of one app run at several terminal sizes.

pytest-textual-snapshot's `snap_compare` starts the app once per picture. The screens here
are pictured at two sizes each, so one run reaches the screen once and pictures it at each
size in turn, resizing the terminal in between, as a person widening their window would. Each
picture is compared with the approved SVG file named after the test and the size, by the same
syrupy extension `snap_compare` uses (`--snapshot-update` writes them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from textual.app import App
from textual.pilot import Pilot

Steps = Callable[[Pilot[None]], Awaitable[None]]
AtEachSize = Callable[[Pilot[None], str], Awaitable[None]]


def take_pictures(
    app: App[None],
    sizes: Mapping[str, tuple[int, int]],
    run_before: Steps,
    at_each_size: AtEachSize | None = None,
) -> dict[str, str]:
    """Run `app` headless at the largest size, do `run_before`, then picture it at each size
    (after `at_each_size`, when given); the pictures are Textual's own SVG screenshots."""
    title = app.title  # as snap_compare takes it: before the app sets its own
    # Largest first: a table widened after its first drawing keeps the old width's background
    # beyond its last column (Textual's DataTable caches its lines), narrowing it does not.
    names = sorted(sizes, key=lambda name: sizes[name][0] * sizes[name][1], reverse=True)

    async def auto_pilot(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        pictures: dict[str, str] = {}
        for name in names:
            if tuple(pilot.app.size) != sizes[name]:
                await pilot.resize_terminal(*sizes[name])
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            if at_each_size is not None:
                await at_each_size(pilot, name)
            pictures[name] = pilot.app.export_screenshot(title=title, simplify=True)
        pilot.app.exit(pictures)  # type: ignore[arg-type]  # the run's result is the pictures

    pictures = app.run(headless=True, auto_pilot=auto_pilot, size=sizes[names[0]])
    assert isinstance(pictures, dict), "the app ended before its pictures were taken"
    return pictures


def assert_pictures_approved(snapshot: SnapshotAssertion, pictures: Mapping[str, str]) -> None:
    """Each picture equals its approved file `<test name>[<size>].svg`; every picture is
    compared before the first difference fails the test, so an update writes them all."""
    pictures_snapshot = snapshot.use_extension(SVGImageExtension)
    differing = [name for name, svg in pictures.items() if pictures_snapshot(name=name) != svg]
    assert not differing, f"pictures differ from the approved ones at {', '.join(differing)}"
