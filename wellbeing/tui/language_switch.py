"""Switching the app's language while it runs.

Labels are translated when a screen is composed, so a switch re-renders what is on view
(the current screen relabels itself, the footer and header follow) and rebuilds the other
screens the next time they are shown, in the new language, from the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from textual.app import App

from wellbeing.i18n import _, set_language
from wellbeing.tui.screens.base import language_keymap


@runtime_checkable
class Relabels(Protocol):
    """A screen that puts its own labels into the current language, keeping what was typed."""

    async def relabel(self) -> None: ...


async def rebuild_modes(app: App[None], modes: Iterable[str] | None = None) -> None:
    """Discard the screens of `modes` (default: all) except the one on view; each is built
    afresh, with what the database and settings say now, when it is next shown."""
    current = app.current_mode
    for mode, screen in type(app).MODES.items():
        if mode != current and (modes is None or mode in modes):
            await app.remove_mode(mode)
            app.add_mode(mode, screen)


async def switch_language(app: App[None], language: str) -> None:
    """Show the app in `language` from now on (nl, fr or en)."""
    set_language(language)
    app.title = _("Wellbeing")
    app.set_keymap(language_keymap(language))  # yes: y, j(a) or o(ui)
    await rebuild_modes(app)
    for shown in app.screen_stack:
        if isinstance(shown, Relabels):
            await shown.relabel()
        else:
            await shown.recompose()
        shown.refresh_bindings()
