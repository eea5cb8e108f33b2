"""Screens whose key bindings are shown in the person's language.

Bindings are declared with N_() at class level, before the language is known; the footer,
the key panel and the command palette read them through `active_bindings`, which is where
they are translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import on
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from wellbeing.i18n import N_, _, current_language
from wellbeing.tui.failures import reason

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing
    from wellbeing.tui.app import WellbeingApp

ResultType = TypeVar("ResultType")


# Shown first in the footer, so that at 80 columns quitting and the list of every key
# (which names the keys cut off at the end) always remain on screen.
FOOTER_FIRST = ("app.quit", "help.open", "keys.open")

QUIT_KEY = Binding(
    "ctrl+q",
    "app.quit",
    N_("Quit"),
    id="app.quit",
    tooltip=N_("Close the app; everything saved stays saved"),
    priority=True,
)
"""ctrl+q, quit: the app's key, and each dialog's too, so that its key bar shows it first as
every screen's does. A priority key, so it quits from any dialog; what a dialog holds that
was not saved (a correction being typed, a question not answered) is not saved."""

HELP_KEY = Binding(
    "f1",
    "app.help",
    N_("Help"),
    id="help.open",
    tooltip=N_("Support lines and where to turn, with when to call which"),
)
"""F1, the help page: the app's key, and each dialog's too (the app's keys do not reach a
modal screen, and the help page must be one key away on every screen)."""

KEYS_KEY = Binding(
    # "?" too where no text field takes it as a character.
    "f10,question_mark",
    "app.keys",
    N_("Keys"),
    id="keys.open",
    tooltip=N_("Every key of this screen and of the app"),
)
"""F10, the list of every key: the app's key, and each dialog's too, for the same reason as
F1 (a dialog's key bar may not show all its keys at 80 columns either)."""

THEME_KEY = Binding("ctrl+t", "app.toggle_theme", N_("Light/dark"), id="theme.toggle")
"""ctrl+t, light or dark colours: the app's key, and each dialog's too, where it works
without disturbing what the dialog holds. A dialog binds it hidden: a small dialog's key bar
at 80 columns keeps its room for the answer and the way out; the keys list names it."""

EVERYWHERE_KEYS = (QUIT_KEY, HELP_KEY, KEYS_KEY)
"""The app's keys that every dialog binds as well; the keys list names them among the keys
that work everywhere, whichever screen binds them."""

DIALOG_KEYS = (*EVERYWHERE_KEYS, replace(THEME_KEY, show=False))
"""What every dialog binds of the app's keys: quit, help and the keys list shown first in
its key bar, the theme working but not shown."""

WORKS_EVERYWHERE = frozenset(binding.id for binding in DIALOG_KEYS)
"""Ids of the app's keys that work on every screen and every dialog (the keys list names
them under "Everywhere", whichever screen binds them)."""

YES_KEYS = {"en": "y", "nl": "j", "fr": "o"}
"""The key that answers yes in each interface language: the first letter of yes, ja, oui."""

YES_BINDINGS = ("confirm.yes", "pause.log")
"""The bindings that answer yes to a question. They are declared on y; the app's keymap
(`language_keymap`) puts them on the interface language's key."""

LANGUAGE_KEYS: dict[str, dict[str, str]] = {
    **dict.fromkeys(YES_BINDINGS, YES_KEYS),
    # The shift question: swap (omwisselen, inverser) or keep (behouden, garder) the times.
    "shift-question.swap": {"en": "s", "nl": "o", "fr": "i"},
    "shift-question.keep": {"en": "k", "nl": "b", "fr": "g"},
    # The privacy page: what my teamleader (teamleider, chef d'équipe) sees.
    "privacy.teamleader": {"en": "t", "nl": "t", "fr": "c"},
}
"""Binding id -> its key in each interface language, the first letter of the word it stands
for. Each binding is declared on its English key; the app's keymap (`language_keymap`) puts it
on the interface language's key, and keeps the English key working too."""


def language_key(binding_id: str, language: str | None = None) -> str:
    """The key of the binding `binding_id` in `language` (default: the interface language)."""
    keys = LANGUAGE_KEYS[binding_id]
    return keys.get(language or current_language(), keys["en"])


def yes_key(language: str | None = None) -> str:
    """The key that answers yes in `language` (default: the interface language)."""
    return language_key(YES_BINDINGS[0], language)


def language_keymap(language: str) -> dict[str, str]:
    """The app's keymap in `language` (binding id -> keys): a question is answered with the
    first letter of the language's word (yes with y, j or o), shown in the footer and the keys
    list, and with the English letter too, for whoever is used to it. English needs no
    change."""
    keymap: dict[str, str] = {}
    for binding_id, keys in LANGUAGE_KEYS.items():
        key, english = language_key(binding_id, language), keys["en"]
        if key != english:
            keymap[binding_id] = f"{key},{english}"
    return keymap


def footer_order(bindings: dict[str, ActiveBinding]) -> list[tuple[str, ActiveBinding]]:
    """Quit, help and keys first, then the screen's own keys: a dialog's answer (those of
    the interface language, yes, and its primary key, save) before the others and its Escape
    (cancel) right after its answer, then the app's other keys: a narrow bar leaves out its
    last keys, and a dialog's answer and its way out matter more than its less-used keys
    (the keys list, F10, names them all)."""

    # A dialog's Escape, unless another key does the same (a question's "n No" stays).
    actions = [active.binding.action for active in bindings.values() if active.binding.show]
    alone = {
        active.binding.action
        for active in bindings.values()
        if isinstance(active.node, ModalScreen) and actions.count(active.binding.action) == 1
    }

    def rank(item: tuple[str, ActiveBinding]) -> int:
        active = item[1]
        if active.binding.id in FOOTER_FIRST:
            return FOOTER_FIRST.index(active.binding.id)
        if active.binding.id in LANGUAGE_KEYS or (
            isinstance(active.node, Dialog) and active.binding.id in active.node.PRIMARY_KEYS
        ):
            # Declared first, as the buttons show them; a keymap puts its keys last.
            return len(FOOTER_FIRST)
        if active.binding.key == "escape" and active.binding.action in alone:
            return len(FOOTER_FIRST) + 1
        return len(FOOTER_FIRST) + 2 + (1 if isinstance(active.node, App) else 0)

    return sorted(bindings.items(), key=rank)  # stable: each group keeps Textual's order


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same bindings with description and tooltip in the current language, in the
    footer's order."""
    result: dict[str, ActiveBinding] = {}
    for key, active in footer_order(bindings):
        binding = active.binding
        description = _(binding.description) if binding.description else ""
        tooltip = _(active.tooltip) if active.tooltip else ""
        result[key] = active._replace(
            binding=replace(binding, description=description, tooltip=tooltip),
            tooltip=tooltip,
        )
    return result


FAILED = N_("Something went wrong: {reason}")
"""Said when a worker without a message of its own fails."""


class ToldFailures(Screen[ResultType]):
    """One place where any failure of the screen's workers is told to the person: the
    workers themselves just raise (they run with `exit_on_error=False`), and Textual reports
    the failure here as `Worker.StateChanged`."""

    FAILURES: ClassVar[dict[str, str]] = {}
    """Worker group -> what to tell the person when that worker fails (marked with N_,
    `{reason}` is the failure's first line)."""

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker.group, event.worker.error)

    def worker_failed(self, group: str, error: BaseException) -> None:
        """Tell the person in one translated line what did not happen, never a traceback;
        screens that must also undo a state (a save in progress) extend this."""
        text = _(self.FAILURES.get(group, FAILED)).format(reason=reason(error))
        self.notify(text, severity="error", timeout=10, markup=False)


class AppScreen(ToldFailures[None]):
    """A top-level screen of the app (a mode): translated bindings and palette commands."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    @property
    def service(self) -> Wellbeing | None:
        """The person's use cases, or None while the database is still being opened."""
        return cast("WellbeingApp", self.app).service

    def data_changed(self) -> None:
        """Tell every screen that check-ins were added or removed."""
        cast("WellbeingApp", self.app).data_version += 1

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette while it is shown."""
        return ()


class Dialog(ModalScreen[ResultType], ToldFailures[ResultType]):
    """A modal question with translated bindings; ctrl+q quits, F1 opens the help page over
    it and F10 the list of its keys, and closing either comes back to it as it was; ctrl+t
    switches the colours and leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_KEYS]

    PRIMARY_KEYS: ClassVar[tuple[str, ...]] = ()
    """Ids of the keys that give the dialog's answer (save, confirm): its key bar shows them
    first, right after quit, help and keys, and its Escape (cancel) after them."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this dialog adds to the command palette while it is shown."""
        return ()
