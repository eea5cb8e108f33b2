"""The Settings section for planned shifts and reminders.

Importing a schedule file and changing the reminders run in thread workers; a problem is
shown under the section, wrapped to its width, and nothing is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Switch

from wellbeing.i18n import _
from wellbeing.tui.failures import reason

if TYPE_CHECKING:
    from wellbeing.services import ScheduleImport, Wellbeing

# Day names a person may type, in English, Dutch and French, to the settings' weekday codes.
DAY_NAMES = {
    "mon": "mon", "monday": "mon", "ma": "mon", "maandag": "mon", "lun": "mon", "lundi": "mon",
    "tue": "tue", "tuesday": "tue", "di": "tue", "dinsdag": "tue", "mar": "tue", "mardi": "tue",
    "wed": "wed", "wednesday": "wed", "wo": "wed", "woensdag": "wed", "mer": "wed",
    "mercredi": "wed", "thu": "thu", "thursday": "thu", "do": "thu", "donderdag": "thu",
    "jeu": "thu", "jeudi": "thu", "fri": "fri", "friday": "fri", "vr": "fri", "vrijdag": "fri",
    "ven": "fri", "vendredi": "fri", "sat": "sat", "saturday": "sat", "za": "sat",
    "zaterdag": "sat", "sam": "sat", "samedi": "sat", "sun": "sun", "sunday": "sun", "zo": "sun",
    "zondag": "sun", "dim": "sun", "dimanche": "sun",
}  # fmt: skip
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


@dataclass(frozen=True)
class PlanSettingsView:
    agent_id: str
    reminders: bool
    remind_after: int
    remind_from: str
    remind_until: str
    days_off: tuple[str, ...]


def load_plan_settings() -> PlanSettingsView:
    from wellbeing.settings import Settings

    settings = Settings()
    return PlanSettingsView(
        agent_id=settings.wfm_agent_id or "",
        reminders=settings.reminders,
        remind_after=settings.remind_after_minutes,
        remind_from=settings.remind_from,
        remind_until=settings.remind_until,
        days_off=tuple(settings.days_off),
    )


def parse_days(text: str) -> list[str]:
    """'za, zo' or 'sat sun' into ['sat', 'sun']; an unknown name is refused."""
    days: list[str] = []
    for word in re.split(r"[\s,;]+", text.strip().lower()):
        if not word:
            continue
        day = DAY_NAMES.get(word.rstrip("."))
        if day is None:
            from wellbeing.domain.errors import InputError

            raise InputError(
                _("Days off"),
                _("{word!r} is not a day; use names such as sat, sun").format(word=word[:20]),
            )
        if day not in days:
            days.append(day)
    return days


def parse_clock_text(field: str, text: str) -> str:
    from wellbeing.domain.errors import InputError

    match = _CLOCK.match(text.strip())
    if not match:
        raise InputError(field, _("{text!r} is not a time; use HH:MM").format(text=text[:20]))
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class PlanSettings(Vertical):
    """Import a schedule file; reminders on or off, after how long, at which hours."""

    DEFAULT_CSS = """
    PlanSettings { height: auto; }
    PlanSettings Switch { border: none; height: 1; padding: 0; margin: 0 1; width: 8; }
    PlanSettings .plan-buttons { height: auto; margin: 0 0 0 23; }
    PlanSettings .plan-buttons Button { margin-right: 2; }
    PlanSettings #plan-result { width: 1fr; margin: 0 0 0 24; color: $text-success; }
    PlanSettings #plan-error { width: 1fr; margin: 0 0 0 24; color: $text-error; }
    """

    class Done(Message):
        def __init__(self, text: str, *, error: bool = False) -> None:
            super().__init__()
            self.text = text
            self.error = error

    def __init__(self, view: PlanSettingsView, **kwargs: object) -> None:
        # The widget's own keyword options (id, classes...), passed on as the caller gave them.
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        yield Label(_("Planned shifts and reminders"), classes="settings-heading")
        with Horizontal(classes="field-row"):
            yield Label(_("Schedule file"), classes="field-label")
            yield Input(
                placeholder=_(".ics, IEX export or CSV"),
                max_length=500,
                id="schedule-file",
                classes="field-input -wide",
            )
        with Horizontal(classes="field-row"):
            yield Label(_("Agent id (IEX)"), classes="field-label")
            yield Input(view.agent_id, max_length=64, id="agent-id", classes="field-input")
        with Horizontal(classes="plan-buttons"):
            yield Button(_("Import schedule"), id="import-schedule", compact=True)
        with Horizontal(classes="field-row -group-start"):
            yield Label(_("Reminders"), classes="field-label")
            yield Switch(view.reminders, animate=False, id="reminders")
        with Horizontal(classes="field-row"):
            yield Label(_("Remind after (min)"), classes="field-label")
            yield Input(
                str(view.remind_after),
                max_length=3,
                id="remind-after",
                classes="field-input -short",
            )
        with Horizontal(classes="field-row"):
            yield Label(_("Allowed from"), classes="field-label")
            yield Input(
                view.remind_from, max_length=5, id="remind-from", classes="field-input -short"
            )
        with Horizontal(classes="field-row"):
            yield Label(_("Allowed until"), classes="field-label")
            yield Input(
                view.remind_until, max_length=5, id="remind-until", classes="field-input -short"
            )
        with Horizontal(classes="field-row"):
            yield Label(_("Days off"), classes="field-label")
            yield Input(
                ", ".join(view.days_off),
                placeholder=_("e.g. sat, sun"),
                max_length=80,
                id="days-off",
                classes="field-input",
            )
        with Horizontal(classes="plan-buttons"):
            yield Button(_("Save reminders"), id="save-reminders", compact=True)
        yield Label(
            _(
                "Off unless you turn them on; never outside these hours or on your days off "
                "(your right to disconnect)."
            ),
            classes="settings-note",
        )
        yield Label("", id="plan-error", markup=False)
        yield Label("", id="plan-result", markup=False)

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    @on(Button.Pressed, "#import-schedule")
    def _import_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.import_schedule()

    @on(Button.Pressed, "#save-reminders")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.save_reminders()

    def import_schedule(self) -> None:
        """Import the schedule file named in the field (its button, or the Settings key)."""
        service = getattr(self.app, "service", None)
        if service is not None:
            self._import(service, self._value("schedule-file"), self._value("agent-id"))

    def save_reminders(self) -> None:
        """Save the reminders as typed (their button, or the Settings key)."""
        self._save(
            {
                "reminders": self.query_one("#reminders", Switch).value,
                "after": self._value("remind-after"),
                "from": self._value("remind-from"),
                "until": self._value("remind-until"),
                "days": self._value("days-off"),
            }
        )

    @on(Switch.Changed, "#reminders")
    def _switched(self, event: Switch.Changed) -> None:
        event.stop()
        if event.value != self.view.reminders:
            self._save({"reminders": event.value})

    @work(thread=True, group="plan-import", exit_on_error=False)
    def _import(self, service: Wellbeing, path: str, agent_id: str) -> None:
        from wellbeing.domain.errors import InputError
        from wellbeing.settings import save_settings

        agent = agent_id.strip() or None
        try:
            if not path.strip():
                raise InputError(_("Schedule file"), _("is empty; give the path of the file"))
            result = _import_file(service, path.strip(), agent)
            if agent:
                save_settings(wfm_agent_id=agent)
        except InputError as exc:
            self.post_message(self.Done(str(exc), error=True))
        except Exception as exc:
            self.post_message(
                self.Done(
                    _("The schedule was not imported: {reason}").format(reason=reason(exc)),
                    error=True,
                )
            )
        else:
            from wellbeing.domain.schedule import import_summary

            self.post_message(self.Done(import_summary(*result)))

    @work(thread=True, group="plan-reminders", exit_on_error=False)
    def _save(self, typed: dict[str, object]) -> None:
        from pydantic import ValidationError

        from wellbeing.domain.errors import InputError
        from wellbeing.domain.text_input import whole
        from wellbeing.settings import save_settings, settings_error

        changes: dict[str, object] = {"reminders": typed["reminders"]}
        try:
            if "after" in typed:
                field, after = _("Remind after (min)"), str(typed["after"])
                try:
                    changes["remind_after_minutes"] = whole(field, after, lo=5, hi=720)
                except InputError:
                    raise InputError(field, _("must be a whole number from 5 to 720")) from None
                changes["remind_from"] = parse_clock_text(_("Allowed from"), str(typed["from"]))
                changes["remind_until"] = parse_clock_text(_("Allowed until"), str(typed["until"]))
                changes["days_off"] = parse_days(str(typed["days"]))
            try:
                saved = save_settings(**changes)
            except ValidationError as exc:
                raise settings_error(exc) from None
        except InputError as exc:
            self.post_message(self.Done(str(exc), error=True))
        except Exception as exc:
            self.post_message(
                self.Done(
                    _("Your reminders were not saved: {reason}").format(reason=reason(exc)),
                    error=True,
                )
            )
        else:
            if saved.reminders:
                text = _("Reminders are on: {after} min after a planned shift, {start}-{until}.")
            else:
                text = _("Reminders are off.")
            self.post_message(
                self.Done(
                    text.format(
                        after=saved.remind_after_minutes,
                        start=saved.remind_from,
                        until=saved.remind_until,
                    )
                )
            )

    @on(Done)
    def _done(self, message: Done) -> None:
        message.stop()
        error, result = self.query_one("#plan-error", Label), self.query_one("#plan-result", Label)
        error.update(message.text if message.error else "")
        result.update("" if message.error else message.text)
        if not message.error:
            self.view = load_plan_settings()
            self.notify(message.text, timeout=6, markup=False)


def _import_file(service: Wellbeing, path: str, agent_id: str | None) -> ScheduleImport:
    from pathlib import Path

    from wellbeing.domain.schedule_files import read_limited

    return service.import_schedule(read_limited(path), Path(path).name, agent_id=agent_id)
