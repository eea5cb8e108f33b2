"""How to read a team's table: the same words on the command line and in the app."""

from __future__ import annotations

from wellbeing.i18n import _

NO_FIGURE = "-"  # a figure a cell does not give


def table_legend(k: int) -> tuple[str, ...]:
    """One line per column of the team table, and one for the bands, with the cell's k."""
    return (
        _("People: the people who checked in that week."),
        _("Stress and energy: 0-10, each person's own mean first, then the mean of those."),
        _(
            "Breaks ok: of the shifts that needed a legal break, those where it was taken in "
            "time ({none}: no shift needed one, or fewer than {k} people worked one)."
        ).format(none=NO_FIGURE, k=k),
        _("Quick returns: shifts that began less than 11 hours after the previous one ended."),
        _("Orange/red: people whose overall level was orange or red that week."),
        _("Hours/person: hours worked per person who checked in."),
        _(
            "≤ and ≥: a figure near the end of its scale is shown as a band, so that a group "
            "that answered alike does not give away each person's answer."
        ),
    )
