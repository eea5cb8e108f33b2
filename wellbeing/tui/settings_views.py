"""What the settings and privacy screens show, read off the UI thread.

Paths are shown with the home folder written as ~, the way people recognise them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from wellbeing.i18n import current_language

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing
    from wellbeing.tui.widgets.plan_settings import PlanSettingsView

LANGUAGE_NAMES = (("Nederlands", "nl"), ("Français", "fr"), ("English", "en"))
"""Each language named in itself, so a person can find theirs whatever is shown now."""


@dataclass(frozen=True)
class SettingsView:
    language: str
    language_from_environment: str
    usual_start: str
    usual_end: str
    database: str
    rules_file: str  # "" for the built-in defaults
    k: int
    retention_months: int
    export_folder: str
    plan: PlanSettingsView | None = None


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path with the home folder as ~ (other paths and URLs unchanged)."""
    text = os.fspath(path)
    if "://" in text:
        return text
    home = str(Path.home().resolve())
    resolved = str(Path(text).expanduser().resolve())
    if resolved == home:
        return "~"
    if resolved.startswith(home + os.sep):
        return "~" + resolved[len(home) :]
    return text


def default_export_folder() -> Path:
    import platformdirs

    return platformdirs.user_documents_path()


def load_settings_view(service: Wellbeing) -> SettingsView:
    """The settings in force (environment over file), and where the data and rules are."""
    from wellbeing.services import organisation_k
    from wellbeing.settings import Settings
    from wellbeing.tui.widgets.plan_settings import load_plan_settings

    settings = Settings()
    rules = settings.rules_file
    return SettingsView(
        plan=load_plan_settings(),
        language=current_language(),
        language_from_environment=os.environ.get("WELLBEING_LANG", ""),
        usual_start=settings.usual_start or "",
        usual_end=settings.usual_end or "",
        database=shown_path(service.database_location()),
        # Empty for the defaults: the screen words them when drawn, in the language of then.
        rules_file=shown_path(rules) if rules else "",
        k=organisation_k(service.db),
        retention_months=settings.retention_months,
        export_folder=shown_path(default_export_folder()),
    )


def usual_schedule() -> tuple[time, time] | None:
    """The saved usual shift start and end, or None when unset or unreadable.

    Used to prefill the check-in form when there is no earlier check-in to copy.
    """
    from wellbeing.domain.errors import InputError
    from wellbeing.startup_settings import read_startup_settings
    from wellbeing.tui.form_parsing import parse_clock

    quick = read_startup_settings()  # without pydantic when the settings are plainly valid
    try:
        if quick is not None:
            start, end = quick.usual_start, quick.usual_end
        else:
            from wellbeing.settings import Settings

            settings = Settings()
            start, end = settings.usual_start, settings.usual_end
        if not start or not end:
            return None
        return parse_clock("usual_start", start), parse_clock("usual_end", end)
    except (InputError, OSError, ValueError):  # pydantic's ValidationError is a ValueError
        return None
