"""Field labels fit their column in every language, so none is cut off (nl "Persoonlijke
notitie", "Gebruikelijk beginuur")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wellbeing.i18n import LANGUAGES, translate
from wellbeing.tui.screens.settings import SCHEDULE_FIELDS
from wellbeing.tui.widgets.checkin_form import FIELD_SPECS

STYLES = Path(__file__).resolve().parents[2] / "wellbeing" / "tui" / "app.tcss"
OTHER_LABELS = ("Language", "Your data", "Rules in force", "Export to")


def label_room() -> int:
    """The label column's width minus its right padding, read from the stylesheet."""
    rule = re.search(r"\.field-label \{([^}]*)\}", STYLES.read_text())
    assert rule is not None
    width = int(re.search(r"width: (\d+);", rule[1])[1])
    padding = int(re.search(r"padding-right: (\d+);", rule[1])[1])
    return width - padding


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_label_fits_its_column(language: str) -> None:
    labels = [spec.label for spec in FIELD_SPECS] + [*SCHEDULE_FIELDS.values(), *OTHER_LABELS]
    too_long = [
        translate(label, language)
        for label in labels
        if len(translate(label, language)) > label_room()
    ]
    assert too_long == []
